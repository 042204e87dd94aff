// cp.cuda.Stream and the current stream (CuPy's cupy.cuda.Stream, get_current_stream). On a CUDA
// device a Stream is a driver stream (src/runtime/cuda-stream.ts); evaluation, launches, copies
// and readbacks queue on the current one. A scope that fits JS: cp.cuda.withStream(s, fn) makes
// `s` current for `fn` and for the async work it starts (it holds across awaits), and s.use()
// makes it current outside any scope, as CuPy's does. Lazy arrays run on the stream current when
// they are evaluated: call x.eval() inside the scope to queue their work there. An array computed
// on one stream and used on another is ordered by an event between them, never a race.
// On the CPU backend every kernel runs when it is queued, so streams are trivially ordered:
// the same calls work and wait for nothing.
import { CupytsError } from '../ir/errors.js';
import { currentScope, CudaStream, setGlobalStream, withCurrentStream } from '../runtime/cuda-stream.js';
import { currentRunner } from './context.js';
import { CudaRunner } from './cuda-runner.js';
import { Event } from './cuda-events.js';
import * as t from './param-types.js';
import { noArguments, positional, REJECT, required, signature, type ArgsOf, type ParamType } from './signature.js';

const STREAM_PARAMS = [positional('null', t.boolean, false), positional('non_blocking', t.boolean, false)] as const;
const STREAM = signature('cuda.Stream', STREAM_PARAMS);

const nullStreams = new WeakMap<object, Stream>();

/** A queue of device work (CuPy's cupy.cuda.Stream). */
export class Stream {
  /** @internal The driver stream (undefined on the CPU backend). */
  readonly cuda: CudaStream | undefined;
  /** Whether the stream has no implicit order with the legacy default stream. */
  readonly non_blocking: boolean;
  /** @internal The runner (CudaRunner or CpuRunner) whose device the stream belongs to. */
  readonly runner: object;
  readonly #isNull: boolean;

  /**
   * Stream(null=false, non_blocking=false): a new stream of the current device, or with null=true
   * the device's own stream (the one cupyts queues work on outside any scope; also Stream.null).
   */
  constructor(...args: ArgsOf<typeof STREAM_PARAMS>) {
    const v = STREAM.parse(args);
    const runner = currentRunner();
    this.runner = runner;
    this.non_blocking = v.non_blocking || v.null;
    this.#isNull = v.null;
    if (runner instanceof CudaRunner) this.cuda = v.null ? runner.device.defaultStream : new CudaStream(runner.device, v.non_blocking);
  }

  /** The current device's own stream (CuPy's cupy.cuda.Stream.null). */
  static get null(): Stream {
    const runner = currentRunner();
    let s = nullStreams.get(runner);
    if (!s) nullStreams.set(runner, (s = new Stream(true)));
    return s;
  }

  /** The driver handle (CUstream) as a bigint; 0n on the CPU backend. */
  get ptr(): bigint {
    return this.cuda?.handle ?? 0n;
  }

  /** Whether all work queued on the stream so far is done. */
  get done(): boolean {
    return this.cuda?.done() ?? true;
  }

  /** Blocks until the work queued on the stream so far is done. */
  synchronize(): void {
    noArguments('Stream.synchronize', arguments);
    this.cuda?.synchronize();
  }

  /** Resolves once the work queued so far is done, without blocking the event loop. */
  synchronizeAsync(): Promise<void> {
    noArguments('Stream.synchronizeAsync', arguments);
    return this.cuda?.doneAsync() ?? Promise.resolve();
  }

  /** record(event=null): records `event` (a new one if null) after the work queued so far; returns it. */
  record(...args: [event?: Event | null]): Event {
    const { event } = RECORD.parse(args);
    const e = event ?? new Event();
    e.record(this);
    return e;
  }

  /** wait_event(event): work queued on this stream from now on waits for the recorded event. */
  wait_event(...args: [event: Event]): void {
    const { event } = WAIT_EVENT.parse(args);
    event.waitOn('Stream.wait_event', this);
  }

  /** Makes this the current stream outside any withStream scope (CuPy's use()); returns it. */
  use(): this {
    noArguments('Stream.use', arguments);
    setGlobalStream(this.#isNull ? undefined : this);
    return this;
  }
}

const eventParam: ParamType<Event> = { expected: 'a cp.cuda.Event', parse: (x) => (x instanceof Event ? x : REJECT) };
const RECORD = signature('Stream.record', [positional('event', t.nullable(eventParam), null)] as const);
const WAIT_EVENT = signature('Stream.wait_event', [required('event', eventParam)] as const);

const streamParam: ParamType<Stream> = { expected: 'a cp.cuda.Stream', parse: (x) => (x instanceof Stream ? x : REJECT) };
const fnParam: ParamType<() => unknown> = { expected: 'a function', parse: (x) => (typeof x === 'function' ? (x as () => unknown) : REJECT) };
const WITH_STREAM = signature('cuda.withStream', [required('stream', streamParam), required('fn', fnParam)] as const);

/**
 * withStream(stream, fn): runs `fn` with `stream` as the current stream and returns what it
 * returns. The scope follows the async work `fn` starts, so `await` inside it stays on `stream`.
 */
export function withStream<T>(stream: Stream, fn: () => T): T {
  WITH_STREAM.parse(Array.from(arguments));
  if (stream.runner !== currentRunner()) {
    throw new CupytsError('ERR_ARG', 'cuda.withStream: expected a stream of the current backend\'s device, got one made for another');
  }
  return withCurrentStream(stream, fn);
}

/** get_current_stream(): the stream work is queued on now (Stream.null outside any scope). */
export function get_current_stream(): Stream {
  noArguments('get_current_stream', arguments);
  const s = currentScope();
  return s instanceof Stream && s.runner === currentRunner() ? s : Stream.null;
}
