// NDArray's device attribute and method: x.device (a cp.cuda.Device) and x.to(device), from
// ./device-placement.ts.
import { target } from './array-params.js';
import { DeviceObject } from './cuda-device-api.js';
import { deviceArg, runnerOrdinal, toDevice } from './device-placement.js';
import { NDArray } from './ndarray.js';
import { declare, required } from './signature.js';

declare module './ndarray.js' {
  interface NDArray {
    /** The device the array lives on (CuPy's ndarray.device). */
    readonly device: DeviceObject;
    /** to(device): the array on `device` (a cp.cuda.Device or an id): itself if it is there, else a copy. */
    to(device: DeviceObject | number): NDArray;
  }
}

Object.defineProperty(NDArray.prototype, 'device', {
  get(this: NDArray) { return new DeviceObject(runnerOrdinal(this.runner)); },
  configurable: true,
});

/** x.to(device) as a declared function (the method's one signature). */
const toMethod = declare('to', [required('a', target), required('device', deviceArg)] as const, ({ a, device }) => toDevice('to', a, device));

Object.defineProperty(NDArray.prototype, 'to', {
  value(this: NDArray, ...args: [device: DeviceObject | number]) { return toMethod(this, ...args); },
  writable: true,
  configurable: true,
});
