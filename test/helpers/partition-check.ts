// NumPy's partition contract, checked line by line: the element at kth is the one NumPy's sort
// puts there, those before it are not greater, those after not smaller (NaN greatest, -0 equal to
// +0), and the line holds the input line's elements (the sorted lines agree); for argpartition,
// the positions are a permutation of the line's and the values they pick satisfy the same.
import { f16BitsToNumber, numpy, sizeOf, type HostArray } from './numpy-oracle.js';

type Scalar = number | bigint;

const valueAt = (h: HostArray, i: number): Scalar => {
  const x = h.data[i] as Scalar;
  return h.dtype === 'float16' ? f16BitsToNumber(x as number) : x;
};

/** NumPy's sort order: NaN last, -0 equal to +0. */
function compare(x: Scalar, y: Scalar): number {
  const xNaN = typeof x === 'number' && Number.isNaN(x), yNaN = typeof y === 'number' && Number.isNaN(y);
  if (xNaN || yNaN) return xNaN === yNaN ? 0 : xNaN ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Flat positions of each line along `axis` of `shape`. */
function lines(shape: readonly number[], axis: number): number[][] {
  const n = shape[axis];
  const stride = sizeOf(shape.slice(axis + 1));
  const out: number[][] = [];
  const outer = sizeOf(shape.slice(0, axis));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < stride; i++) out.push(Array.from({ length: n }, (_, r) => o * n * stride + r * stride + i));
  }
  return out;
}

export interface PartitionResult {
  /** The input, the kth (may be negative) and axis (may be negative; null: flattened). */
  input: HostArray;
  kth: number;
  axis: number | null;
  /** partition's result, or argpartition's (int64 positions along the axis). */
  values?: HostArray;
  indices?: HostArray;
}

export interface LabelledResult extends PartitionResult { label: string }

/** Where the results break the contract (empty: they hold), each message naming its label; NumPy sorts them all in one call. */
export function partitionFailures(results: readonly LabelledResult[]): string[] {
  const flat = (r: PartitionResult) => r.axis === null || r.input.shape.length === 0;
  const sorted = numpy(results.map((r) => ({ expr: `np.sort(a, axis=${flat(r) ? 'None' : r.axis})`, inputs: { a: r.input } })));
  return results.flatMap((r, i) => {
    const s = sorted[i];
    return s.ok ? lineFailures(r, s.value as HostArray) : [`${r.label}: numpy: ${s.error}`];
  });
}

function lineFailures(r: LabelledResult, want: HostArray): string[] {
  const label = r.label;
  const flat = r.axis === null || r.input.shape.length === 0;
  const shape = flat ? [sizeOf(r.input.shape)] : r.input.shape;
  const axis = flat ? 0 : (r.axis! + shape.length) % shape.length;
  const n = shape[axis];
  const k = r.kth < 0 ? r.kth + n : r.kth;
  const failures: string[] = [];
  for (const line of lines(shape, axis)) {
    let got: Scalar[];
    if (r.indices) {
      const pos = line.map((i) => Number(r.indices!.data[i]));
      if ([...pos].sort((x, y) => x - y).some((p, j) => p !== j)) { failures.push(`${label}: positions [${pos}] are not a permutation`); continue; }
      got = pos.map((p) => valueAt(r.input, line[p]));
    } else {
      got = line.map((i) => valueAt(r.values!, i));
    }
    const expected = line.map((i) => valueAt(want, i));
    const at = got[k];
    if (compare(at, expected[k]) !== 0) failures.push(`${label}: element ${k} is ${at}, a sort puts ${expected[k]} there`);
    if (got.slice(0, k).some((x) => compare(x, at) > 0)) failures.push(`${label}: an element before ${k} is greater than ${at}`);
    if (got.slice(k + 1).some((x) => compare(x, at) < 0)) failures.push(`${label}: an element after ${k} is smaller than ${at}`);
    if ([...got].sort(compare).some((x, j) => compare(x, expected[j]) !== 0)) failures.push(`${label}: not the input line's elements`);
  }
  return failures;
}
