// Errors that kernels find: an index array on the device (possibly lazy) is only known inside
// the kernel that reads it. Such a kernel takes error flags of its own launch and writes the id
// of the first failing "site" there (0: no error); the error then goes with the data that launch
// wrote, and a readback of that data throws the site's message (./kernel-faults.ts). Sites are
// interned by message, so the table stays as small as the set of distinct messages.
import { CupytsError } from '../ir/errors.js';

const idOf = new Map<string, number>();
const messages: string[] = [''];
const codes: string[] = [''];

/**
 * The error site id for `message` (stable for the process). `code` is the error's code: ERR_INDEX
 * for an index, ERR_ARG for a value NumPy rejects that only the kernel sees (an element of a
 * cp.random parameter array, ./random-param-checks.ts).
 */
export function indexSite(message: string, code = 'ERR_INDEX'): number {
  const key = `${code}\u0000${message}`;
  let id = idOf.get(key);
  if (id === undefined) {
    id = messages.length;
    messages.push(message);
    codes.push(code);
    idOf.set(key, id);
  }
  return id;
}

/** The error a kernel reported through site `id`. */
export function kernelIndexError(id: number): CupytsError {
  return new CupytsError(codes[id] ?? 'ERR_INDEX', messages[id] ?? `an index was out of bounds (found by the kernel, site ${id})`);
}
