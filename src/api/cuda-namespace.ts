// cp.cuda: CuPy's cupy.cuda namespace, so far its events (./cuda-events.ts).
export { Event, get_elapsed_time } from './cuda-events.js';
