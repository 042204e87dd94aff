// NDArray: a lazy array. It holds a graph node (shape and dtype known at once) and the runner
// that will evaluate it; data is computed at a readback or an explicit eval(). After dispose()
// it holds nothing: any use throws ERR_DISPOSED (see dispose).
import type { Complex } from '../ir/complex.js';
import { INSPECT, type DType, type DTypeLike } from '../ir/dtype.js';
import { canCast } from '../ir/promotion.js';
import { CupytsError } from '../ir/errors.js';
import { castNode, type Node } from '../ir/graph.js';
import { contiguousStrides, formatShape, sameShape, sizeOf, type Shape } from '../ir/shape.js';
import { currentRunner } from './context.js';
import { evaluate, evaluateAsync } from './evaluate.js';
import { formatArray, reprArray } from './format.js';
import { loadElement, publicData, type StoredArray } from './host-data.js';
import * as t from './param-types.js';
import { releaseNode } from './release.js';
import { noArguments, positional, required, signature, type ArgsOf } from './signature.js';
import { trackArray } from './tidy.js';
import { traceCut, traceDispose } from './jit-trace.js';
import type { Runner, Storage } from './runners.js';

export type Scalar = number | bigint | boolean | Complex;
export type NestedArray = Scalar | NestedArray[];


/** a.astype(dtype, order='K', casting='unsafe', subok=True, copy=True). */
const ASTYPE_PARAMS = [
  required('dtype', t.dtype), positional('order', t.resultOrder, 'K'), positional('casting', t.casting, 'unsafe'),
  positional('subok', t.boolean, true), positional('copy', t.boolean, true),
] as const;
const ASTYPE = signature('astype', ASTYPE_PARAMS);
export class NDArray {
  readonly runner: Runner;
  #node: Node | undefined;
  /** What the array was, once disposed (its shape and dtype stay readable). */
  #was: { shape: Shape; dtype: DType } | undefined;

  constructor(node: Node, runner: Runner = currentRunner()) {
    node.wrapped = true;
    this.#node = node;
    this.runner = runner;
    trackArray(this);
  }

  /** The array's graph node; throws ERR_DISPOSED once the array is disposed. */
  get node(): Node {
    return this.#node ?? disposedError('NDArray', this);
  }

  /** Whether dispose() was called. */
  get disposed(): boolean {
    return this.#node === undefined;
  }


  get shape(): number[] {
    return [...(this.#node ?? this.#was!).shape];
  }
  get dtype(): DType {
    return (this.#node ?? this.#was!).dtype;
  }
  get ndim(): number {
    return (this.#node ?? this.#was!).shape.length;
  }
  get size(): number {
    return sizeOf((this.#node ?? this.#was!).shape);
  }
  get nbytes(): number {
    return this.size * this.dtype.itemsize;
  }

  /** A copy converted to `dtype` (lazy, fused with its neighbours). */
  astype(...args: ArgsOf<typeof ASTYPE_PARAMS>): NDArray {
    const v = ASTYPE.parse(args);
    const to = v.dtype;
    usable('astype', this);
    if (!canCast(this.dtype, to, v.casting)) {
      throw new CupytsError('ERR_DTYPE', `astype: cannot cast array data from ${this.dtype.name} to ${to.name} according to the rule '${v.casting}'`);
    }
    if (!v.copy && to === this.dtype) return this;
    return new NDArray(castNode(this.node, to), this.runner);
  }

  /** Computes this array now (queues its kernels); returns this. */
  eval(): this {
    noArguments('eval', arguments);
    evaluate(this.runner, [usable('eval', this).node]);
    return this;
  }

  /**
   * Releases the array. From then on any use of it (a read, an op, a view, a write, eval) throws a
   * CupytsError with code ERR_DISPOSED naming the op; its shape and dtype stay readable.
   * Arrays made from it before stay valid: lazy ones keep the data they need, and so do its
   * views, as NumPy views keep their base's memory. Its memory is freed at once where nothing
   * else may use it (no view of it, no lazy array reading it); otherwise with the last of those
   * (a view's dispose(), or the collector). Disposing a view lets go of the memory it shares and
   * leaves its base alone. Disposing twice does nothing.
   */
  dispose(): void {
    noArguments('dispose', arguments);
    const node = this.#node;
    if (!node) return;
    this.#was = { shape: node.shape, dtype: node.dtype };
    this.#node = undefined;
    traceDispose(node);
    releaseNode(node);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Elements as a TypedArray of the dtype (float16 → Float32Array, int64 → BigInt64Array, bool → Uint8Array). */
  dataSync(): StoredArray {
    noArguments('dataSync', arguments);
    return publicData(this.dtype, readStored(this, 'dataSync'));
  }

  async data(): Promise<StoredArray> {
    noArguments('data', arguments);
    return publicData(this.dtype, await readStoredAsync(this, 'data'));
  }

  /** Nested JS arrays like NumPy's tolist(): bool → boolean, int64/uint64 → bigint. */
  toArraySync(): NestedArray {
    noArguments('toArraySync', arguments);
    return nest(this.dtype, readStored(this, 'toArraySync'), this.shape);
  }

  async toArray(): Promise<NestedArray> {
    noArguments('toArray', arguments);
    return nest(this.dtype, await readStoredAsync(this, 'toArray'), this.shape);
  }

  /** The one element of a size-1 array. */
  item(): Scalar {
    usable('item', this);
    if (this.size !== 1) throw new CupytsError('ERR_ARG', `item: expected an array of size 1, got size ${this.size}`);
    return loadElement(this.dtype, readStored(this, 'item'), 0);
  }

  /** Like NumPy's str(a) (evaluates the array). */
  toString(): string {
    noArguments('toString', arguments);
    const stored = readStored(this, 'toString');
    return formatArray(Array.from({ length: this.size }, (_, i) => loadElement(this.dtype, stored, i)), this.shape, this.dtype.name);
  }

  /** Like NumPy's repr(a). */
  repr(): string {
    noArguments('repr', arguments);
    const stored = readStored(this, 'repr');
    return reprArray(Array.from({ length: this.size }, (_, i) => loadElement(this.dtype, stored, i)), this.shape, this.dtype.name);
  }

  /**
   * What console.log and util.inspect print: NumPy's repr (computing a lazy array first, as
   * NumPy shows values). An array that cannot be read (disposed, or poisoned by a failed kernel)
   * prints why instead of throwing out of console.log.
   */
  [INSPECT](): string {
    try {
      return this.repr();
    } catch (err) {
      const why = String((err as Error)?.message ?? err).split('\n')[0];
      return `array(<not readable: ${why}>, shape=${formatShape(this.shape)}, dtype=${this.dtype.name})`;
    }
  }
}

function disposedError(op: string, a: NDArray): never {
  throw new CupytsError('ERR_DISPOSED', `${op}: expected an array that is not disposed, got a disposed array (${a.dtype.name}, shape ${formatShape(a.shape)}); after dispose() an array cannot be read, computed with, viewed or written`);
}

/** `a`, for op `op` to use: throws ERR_DISPOSED naming `op` where `a` is disposed. */
export function usable<T extends NDArray>(op: string, a: T): T {
  if (a.disposed) disposedError(op, a);
  return a;
}

/** The stored elements of `a`, C-contiguous (evaluating first); `op` names the read in errors. */
export function readStored(a: NDArray, op: string): StoredArray {
  evaluate(a.runner, [usable(op, a).node]);
  traceCut(`a host readback (${op})`);
  const storage = contiguousStorage(op, a);
  try {
    return a.runner.read(storage, a.dtype, a.size);
  } finally {
    freeCopy(a, storage);
  }
}

export async function readStoredAsync(a: NDArray, op: string): Promise<StoredArray> {
  // Cut before the first await: a trace is open only while fn runs (synchronously), so a cut
  // taken after it would find none, and the launch list would drop the readback.
  traceCut(`a host readback (${op})`);
  await evaluateAsync(a.runner, [usable(op, a).node]);
  const storage = contiguousStorage(op, a);
  try {
    return await a.runner.readAsync(storage, a.dtype, a.size);
  } finally {
    freeCopy(a, storage);
  }
}

/** Frees a contiguous copy made for one readback (nothing else holds it) at once, not when collected. */
function freeCopy(a: NDArray, storage: Storage): void {
  if (storage !== a.node.realized?.storage) storage.dispose();
}

/** The storage of an evaluated array, copied to a contiguous buffer first where it is a view. */
export function contiguousStorage(op: string, a: NDArray): Storage {
  const r = a.node.realized;
  if (!r?.storage || (r.storage as Storage).disposed) throw new CupytsError('ERR_INTERNAL', `${op}: the memory of an array that is not disposed was freed`);
  const contiguous = r.offset === 0 && sameShape(r.strides, contiguousStrides(a.node.shape));
  if (contiguous || a.size <= 1) {
    if (a.size === 1 && r.offset !== 0) return a.astype(a.dtype).eval().node.realized!.storage as Storage;
    return r.storage as Storage;
  }
  return a.astype(a.dtype).eval().node.realized!.storage as Storage;
}

function nest(dtype: DType, data: StoredArray, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return loadElement(dtype, data, 0);
  let i = 0;
  const build = (axis: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let k = 0; k < shape[axis]; k++) out.push(axis === shape.length - 1 ? loadElement(dtype, data, i++) : build(axis + 1));
    return out;
  };
  return build(0);
}
