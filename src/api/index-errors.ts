// Errors that kernels find: an index array on the device (possibly lazy) is only known inside
// the kernel that reads it. Such a kernel takes error flags of its own launch and writes the id
// of the first failing "site" there (0: no error); the error then goes with the data that launch
// wrote, and a readback of that data throws the site's message (./kernel-faults.ts). Sites are
// interned by message, so the table stays as small as the set of distinct messages.
import { CupytsError } from '../ir/errors.js';

const idOf = new Map<string, number>();
const messages: string[] = [''];

/** The error site id for `message` (stable for the process). */
export function indexSite(message: string): number {
  let id = idOf.get(message);
  if (id === undefined) {
    id = messages.length;
    messages.push(message);
    idOf.set(message, id);
  }
  return id;
}

/** The error a kernel reported through site `id`. */
export function kernelIndexError(id: number): CupytsError {
  return new CupytsError('ERR_INDEX', messages[id] ?? `an index was out of bounds (found by the kernel, site ${id})`);
}
