// NDArray: a lazy array. It holds a graph node (shape and dtype known at once) and the runner
// that will evaluate it; data is computed at a readback or an explicit eval().
import { INSPECT, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { castNode, type Node } from '../ir/graph.js';
import { contiguousStrides, formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { currentRunner } from './context.js';
import { evaluate, evaluateAsync } from './evaluate.js';
import { formatArray, reprArray } from './format.js';
import { loadElement, publicData, type StoredArray } from './host-data.js';
import type { Runner, Storage } from './runners.js';

export type Scalar = number | bigint | boolean;
export type NestedArray = Scalar | NestedArray[];

export class NDArray {
  readonly node: Node;
  readonly runner: Runner;

  constructor(node: Node, runner: Runner = currentRunner()) {
    this.node = node;
    this.runner = runner;
  }

  get shape(): number[] {
    return [...this.node.shape];
  }
  get dtype(): DType {
    return this.node.dtype;
  }
  get ndim(): number {
    return this.node.shape.length;
  }
  get size(): number {
    return sizeOf(this.node.shape);
  }
  get nbytes(): number {
    return this.size * this.dtype.itemsize;
  }

  /** A copy converted to `dtype` (lazy, fused with its neighbours). */
  astype(dtype: DTypeLike): NDArray {
    return new NDArray(castNode(this.node, toDType(dtype, 'astype')), this.runner);
  }

  /** Computes this array now (queues its kernels); returns this. */
  eval(): this {
    evaluate(this.runner, [this.node]);
    return this;
  }

  /**
   * Frees the device memory of a computed array at once; the array cannot be read afterwards.
   * A view owns no memory: disposing it leaves the data it views alone.
   */
  dispose(): void {
    const r = this.node.realized;
    if (r?.storage && !r.alias) (r.storage as Storage).dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** The stored elements, C-contiguous (evaluating first). */
  #stored(): StoredArray {
    this.eval();
    return this.runner.read(contiguousStorage(this), this.dtype, this.size);
  }

  async #storedAsync(): Promise<StoredArray> {
    await evaluateAsync(this.runner, [this.node]);
    return this.runner.readAsync(contiguousStorage(this), this.dtype, this.size);
  }

  /** Elements as a TypedArray of the dtype (float16 → Float32Array, int64 → BigInt64Array, bool → Uint8Array). */
  dataSync(): StoredArray {
    return publicData(this.dtype, this.#stored());
  }

  async data(): Promise<StoredArray> {
    return publicData(this.dtype, await this.#storedAsync());
  }

  /** Nested JS arrays like NumPy's tolist(): bool → boolean, int64/uint64 → bigint. */
  toArraySync(): NestedArray {
    return nest(this.dtype, this.#stored(), this.node.shape);
  }

  async toArray(): Promise<NestedArray> {
    return nest(this.dtype, await this.#storedAsync(), this.node.shape);
  }

  /** The one element of a size-1 array. */
  item(): Scalar {
    if (this.size !== 1) throw new CupytsError('ERR_ARG', `item: expected an array of size 1, got size ${this.size}`);
    return loadElement(this.dtype, this.#stored(), 0);
  }

  /** Like NumPy's str(a) (evaluates the array). */
  toString(): string {
    const stored = this.#stored();
    return formatArray(Array.from({ length: stored.length }, (_, i) => loadElement(this.dtype, stored, i)), this.node.shape, this.dtype.name);
  }

  /** Like NumPy's repr(a). */
  repr(): string {
    const stored = this.#stored();
    return reprArray(Array.from({ length: stored.length }, (_, i) => loadElement(this.dtype, stored, i)), this.node.shape, this.dtype.name);
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
      return `array(<not readable: ${why}>, shape=${formatShape(this.node.shape)}, dtype=${this.dtype.name})`;
    }
  }
}

/** The storage of an evaluated array, copied to a contiguous buffer first where it is a view. */
function contiguousStorage(a: NDArray): Storage {
  const r = a.node.realized;
  if (!r?.storage) throw new CupytsError('ERR_DISPOSED', 'readback: the array was disposed');
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
