// Which device an array lives on, and copies between devices: x.device (a cp.cuda.Device),
// x.to(device) (./ndarray-device-methods.ts), and asarray(x, {device}). A copy between two CUDA devices stages through host
// memory for now (peer-to-peer copies are future work; see the README); a copy to the device the
// array is on returns the array itself, as PyTorch's x.to does.
import { CupytsError } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { currentBackend } from '../runtime/backend.js';
import { runnerOfDevice } from './context.js';
import { DeviceObject, deviceCount } from './cuda-device-api.js';
import { NDArray, readStored, usable } from './ndarray.js';
import type { Runner } from './runners.js';
import { REJECT, type ParamType } from './signature.js';

/** A device argument: a cp.cuda.Device, or its id. */
export const deviceArg: ParamType<DeviceObject | number, number> = {
  expected: 'a cp.cuda.Device or a device id',
  parse: (x) => (x instanceof DeviceObject ? x.id : typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : REJECT),
};

/** asarray's device=None keyword: a device (or its id) to put the array on, or null for where it is. */
export const deviceKeyword: ParamType<DeviceObject | number | null, number | null> = {
  expected: 'a cp.cuda.Device, a device id or null',
  parse: (x, op, name) => (x === null ? null : deviceArg.parse(x, op, name)),
};

/** The ordinal of the device a runner stands for (a CUDA device's, or a virtual CPU device's). */
export function runnerOrdinal(runner: Runner): number {
  const r = runner as { ordinal?: number; device?: { ordinal: number } };
  return r.device?.ordinal ?? r.ordinal ?? 0;
}

/** `x` on device `id` of the current backend: x itself where it is there already, else a copy. */
export function toDevice(op: string, x: NDArray, id: number): NDArray {
  usable(op, x);
  const n = deviceCount();
  if (id >= n) throw new CupytsError('ERR_NO_DEVICE', `${op}: expected a device id in [0, ${n}), got ${id}`);
  const target = runnerOfDevice(currentBackend(), id);
  if (target === x.runner) return x;
  const stored = readStored(x, op);
  return new NDArray(sourceNode(x.shape, x.dtype, target.upload(x.dtype, stored)), target);
}
