// cp.cuda: CuPy's cupy.cuda namespace: events (./cuda-events.ts), streams and the current stream
// (./cuda-streams.ts), devices (./cuda-device-api.ts) and NCCL (./nccl-module.ts).
export { Event, get_elapsed_time } from './cuda-events.js';
export { get_current_stream, Stream, withStream } from './cuda-streams.js';
export { Device, runtime, type DeviceObject } from './cuda-device-api.js';
export * as nccl from './nccl-module.js';
