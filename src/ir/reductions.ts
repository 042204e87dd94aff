// The reduction table: every reduction and scan primitive is declared here once, with how two
// partial results combine (an elementwise op of the op table, so CUDA and JS read the same
// expression) and its identity. Everything NumPy layers on top (mean, var, nan-functions, ptp,
// average, count_nonzero) is composed from these in src/api/reductions.ts.
import type { DType } from './dtype.js';
import { elementwiseOp, keepingFirst, type ElementwiseOp } from './ops.js';

export interface ReduceOp {
  /** The primitive's name (used in kernel names and keys). */
  readonly name: string;
  /** NumPy's name for error messages ("zero-size array to reduction operation maximum"). */
  readonly numpyName: string;
  /** 'fold': combine values; 'arg': keep the index of the winning value (argmax, argmin). */
  readonly kind: 'fold' | 'arg';
  /** The elementwise op that combines two partial results (for 'arg': compares values). */
  readonly combine: ElementwiseOp;
  /** The identity as a value of `dtype`; undefined where NumPy has none (an empty max is an error). */
  readonly identity: (dtype: DType) => number | bigint | boolean | undefined;
  /** 'arg' ops: true where a NaN wins (argmax) rather than being skipped (nanargmax). */
  readonly nanWins?: boolean;
}

function intRange(d: DType): [bigint, bigint] {
  const bits = BigInt(d.itemsize * 8);
  return d.kind === 'u' ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

/** The lowest (`low`) or highest value of a dtype, as its JS representation. */
export function extreme(d: DType, low: boolean): number | bigint | boolean {
  if (d.name === 'bool') return !low;
  if (d.kind === 'f' || d.kind === 'c') return low ? -Infinity : Infinity; // complex: (∓inf, 0)
  const [lo, hi] = intRange(d);
  const v = low ? lo : hi;
  return d.itemsize === 8 ? v : Number(v);
}

const zeroOf = (d: DType) => (d.name === 'bool' ? false : d.itemsize === 8 && d.kind !== 'f' ? 0n : 0);
const oneOf = (d: DType) => (d.name === 'bool' ? true : d.itemsize === 8 && d.kind !== 'f' ? 1n : 1);
const op = (name: string) => elementwiseOp(name)!;

export const REDUCE_OPS = {
  sum: { name: 'sum', numpyName: 'add', kind: 'fold', combine: op('add'), identity: zeroOf },
  prod: { name: 'prod', numpyName: 'multiply', kind: 'fold', combine: op('multiply'), identity: oneOf },
  // (a tie keeps the earlier value: keepingFirst; elementwise maximum keeps NumPy's second)
  max: { name: 'max', numpyName: 'maximum', kind: 'fold', combine: keepingFirst('maximum'), identity: () => undefined },
  min: { name: 'min', numpyName: 'minimum', kind: 'fold', combine: keepingFirst('minimum'), identity: () => undefined },
  // NaN-ignoring extrema: NaN is fmax's identity, so an all-NaN slice gives NaN as NumPy does.
  nanmax: { name: 'nanmax', numpyName: 'fmax', kind: 'fold', combine: op('fmax'), identity: () => undefined },
  nanmin: { name: 'nanmin', numpyName: 'fmin', kind: 'fold', combine: op('fmin'), identity: () => undefined },
  any: { name: 'any', numpyName: 'logical_or', kind: 'fold', combine: op('logical_or'), identity: () => false },
  all: { name: 'all', numpyName: 'logical_and', kind: 'fold', combine: op('logical_and'), identity: () => true },
  argmax: { name: 'argmax', numpyName: 'argmax', kind: 'arg', combine: op('greater'), identity: () => undefined, nanWins: true },
  argmin: { name: 'argmin', numpyName: 'argmin', kind: 'arg', combine: op('less'), identity: () => undefined, nanWins: true },
  nanargmax: { name: 'nanargmax', numpyName: 'nanargmax', kind: 'arg', combine: op('greater'), identity: () => undefined, nanWins: false },
  nanargmin: { name: 'nanargmin', numpyName: 'nanargmin', kind: 'arg', combine: op('less'), identity: () => undefined, nanWins: false },
} as const satisfies Record<string, ReduceOp>;

export type ReduceOpName = keyof typeof REDUCE_OPS;

/**
 * The value a kernel starts each accumulator from. Ops without a NumPy identity still need a
 * start value for the slices that are not empty: the extreme that loses every comparison, or NaN
 * for the NaN-ignoring ones (fmax(NaN, x) = x).
 */
export function startValue(o: ReduceOp, d: DType): number | bigint | boolean {
  const id = o.identity(d);
  if (id !== undefined) return id;
  const nanIgnoring = o.name === 'nanmax' || o.name === 'nanmin';
  if ((d.kind === 'f' || d.kind === 'c') && nanIgnoring) return NaN; // complex: (NaN, 0)
  const low = o.name === 'max' || o.name === 'nanmax' || o.name === 'argmax' || o.name === 'nanargmax';
  return extreme(d, low);
}

/** The scan primitives (cumsum, cumprod; the nan-variants replace NaN first). */
export const SCAN_OPS = {
  cumsum: REDUCE_OPS.sum,
  cumprod: REDUCE_OPS.prod,
} as const;
export type ScanOpName = keyof typeof SCAN_OPS;
