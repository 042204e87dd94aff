// cp.cuda.Event and cp.cuda.get_elapsed_time (CuPy's): timing the work queued on the device, and
// ordering one stream after another. On a CUDA device an event is a driver event recorded on a
// stream (the current one by default: ./cuda-streams.ts), so record() marks the point after
// everything queued there so far (evaluate lazy arrays first: x.eval()); on the CPU backend,
// where every kernel runs when it is queued, it records the host clock.
import { CupytsError } from '../ir/errors.js';
import { currentRunner } from './context.js';
import { CudaRunner } from './cuda-runner.js';
import { Stream } from './cuda-streams.js';
import { declare, noArguments, positional, required, REJECT, signature, type ParamType } from './signature.js';

const dropped = new FinalizationRegistry<{ free: () => void }>((h) => h.free());

/** A point in the device's queue of work (CuPy's cupy.cuda.Event). */
export class Event {
  readonly #runner: CudaRunner | undefined;
  readonly #handle: bigint | undefined;
  #hostMs: number | undefined;
  #recorded = false;

  constructor() {
    noArguments('cuda.Event', arguments);
    const runner = currentRunner();
    if (runner instanceof CudaRunner) {
      this.#runner = runner;
      runner.device.makeCurrent();
      const handle = runner.device.addon.eventCreate();
      this.#handle = handle;
      dropped.register(this, { free: () => runner.device.addon.eventDestroy(handle) });
    }
  }

  /** record(stream=null): records the event after the work queued so far on `stream` (null: the current stream). */
  record(...args: [stream?: Stream | null]): void {
    const { stream } = RECORD.parse(args);
    if (stream) this.#sameDevice('Event.record', stream);
    if (this.#runner) this.#runner.device.addon.eventRecord(this.#handle!, stream?.cuda?.handle ?? this.#runner.device.stream);
    else this.#hostMs = performance.now();
    this.#recorded = true;
  }

  /** Whether the work before the event is done (true for an event never recorded, as CUDA says). */
  get done(): boolean {
    if (!this.#recorded || !this.#runner) return true;
    return this.#runner.device.addon.eventQuery(this.#handle!);
  }

  /** @internal Makes `stream` wait for this event (Stream.wait_event). */
  waitOn(op: string, stream: Stream): void {
    this.#mustBeRecorded(op);
    this.#sameDevice(op, stream);
    if (this.#runner && stream.cuda) this.#runner.device.addon.streamWaitEvent(stream.cuda.handle, this.#handle!);
  }

  #sameDevice(op: string, stream: Stream): void {
    if (stream.runner !== (this.#runner ?? stream.runner) || (!this.#runner && stream.cuda)) {
      throw new CupytsError('ERR_ARG', `${op}: expected a stream and an event of one device`);
    }
  }

  /** Waits until the work before the event has run. */
  synchronize(): void {
    noArguments('Event.synchronize', arguments);
    this.#mustBeRecorded('Event.synchronize');
    if (this.#runner) this.#runner.device.addon.eventSynchronize(this.#handle!);
  }

  #mustBeRecorded(op: string): void {
    if (!this.#recorded) throw new CupytsError('ERR_ARG', `${op}: expected a recorded event (call record() first)`);
  }

  /** @internal Milliseconds from `start` to this event (both recorded and done). */
  since(op: string, start: Event): number {
    start.#mustBeRecorded(op);
    this.#mustBeRecorded(op);
    if (this.#runner !== start.#runner) throw new CupytsError('ERR_ARG', `${op}: expected two events of one device`);
    if (this.#runner) {
      this.#runner.device.addon.eventSynchronize(this.#handle!);
      return this.#runner.device.addon.eventElapsedMs(start.#handle!, this.#handle!);
    }
    return this.#hostMs! - start.#hostMs!;
  }
}

const RECORD = signature('Event.record', [positional('stream', {
  expected: 'a cp.cuda.Stream or null',
  parse: (x: unknown) => (x === null || x instanceof Stream ? x : REJECT),
} as ParamType<Stream | null>, null)] as const);

const eventParam: ParamType<Event> = { expected: 'a cp.cuda.Event', parse: (x) => (x instanceof Event ? x : REJECT) };

/** get_elapsed_time(start_event, end_event): milliseconds between two recorded events (waits for the end event). */
export const get_elapsed_time = declare('get_elapsed_time', [required('start_event', eventParam), required('end_event', eventParam)] as const,
  ({ start_event, end_event }) => end_event.since('get_elapsed_time', start_event));
