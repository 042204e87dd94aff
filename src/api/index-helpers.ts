// NumPy's index helpers: tril_indices, triu_indices, diag_indices (and their *_from forms),
// unravel_index, ravel_multi_index, ix_, select, choose and extract.
//
// Index sets that depend only on shapes (the triangles, the diagonal) are computed on the host
// and uploaded as int64 arrays, as NumPy's intp. The arithmetic of unravel_index,
// ravel_multi_index, select and choose is lazy elementwise ops (fused into one kernel with
// whatever reads the result); where NumPy raises for an index out of range, the check is one
// small reduction read back at the call.
import { firstTrueFrom, flatTrueIndices } from './compaction.js';
import { markInRange } from './index-range.js';
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError, describe as describeValue } from '../ir/errors.js';
import { broadcastNode } from '../ir/graph.js';
import { canCast, resultType, type Operand } from '../ir/promotion.js';
import { broadcastShapes, contiguousStrides, formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { checkHostIndex, hostIndex } from './advanced-indexing.js';
import { arrayLike, arrayOrScalar, isArrayArg, listOf, scalarArray, type ArrayArg } from './array-params.js';
import { currentRunner } from './context.js';
import { basicView } from './indexing.js';
import { NDArray, type Scalar } from './ndarray.js';
import { flatnonzero, nonzero } from './nonzero.js';
import { applyNamed, asDtype, toArray, where } from './operands.js';
import * as t from './param-types.js';
import { any } from './reductions.js';
import { outArray, writeOut } from './out-param.js';
import { declare, keyword, positional, REJECT, required, rest, type ParamType } from './signature.js';
import { take } from './take.js';
import { ravel, reshape } from './views.js';

const int64 = DTYPES.int64;

// ---- triangles and diagonals ----

/** Row and column indices of the elements of an n×m matrix for which `keep(i, j)` holds, in C order. */
function matrixIndices(n: number, m: number, keep: (i: number, j: number) => boolean): NDArray[] {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (keep(i, j)) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const runner = currentRunner();
  return [hostIndex(runner, [rows.length], rows), hostIndex(runner, [cols.length], cols)];
}

/** NumPy's tril_indices(n, k=0, m=None): indices of the lower triangle (j <= i + k) of an n×m matrix. */
export const tril_indices = declare(
  'tril_indices',
  [required('n', t.int), positional('k', t.int, 0), positional('m', t.nullable(t.int), null)],
  ({ n, k, m }) => matrixIndices(Math.max(n, 0), Math.max(m ?? n, 0), (i, j) => j <= i + k),
);

/** NumPy's triu_indices(n, k=0, m=None): indices of the upper triangle (j >= i + k) of an n×m matrix. */
export const triu_indices = declare(
  'triu_indices',
  [required('n', t.int), positional('k', t.int, 0), positional('m', t.nullable(t.int), null)],
  ({ n, k, m }) => matrixIndices(Math.max(n, 0), Math.max(m ?? n, 0), (i, j) => j >= i + k),
);

function matrixShape(op: string, arr: NDArray): [number, number] {
  if (arr.ndim !== 2) throw new CupytsError('ERR_SHAPE', `${op}: input array must be 2-d, got ${arr.ndim} dimensions`);
  return [arr.shape[0], arr.shape[1]];
}

/** NumPy's tril_indices_from(arr, k=0). */
export const tril_indices_from = declare(
  'tril_indices_from',
  [required('arr', arrayLike), positional('k', t.int, 0)],
  ({ arr, k }) => {
    const [n, m] = matrixShape('tril_indices_from', arr);
    return matrixIndices(n, m, (i, j) => j <= i + k);
  },
);

/** NumPy's triu_indices_from(arr, k=0). */
export const triu_indices_from = declare(
  'triu_indices_from',
  [required('arr', arrayLike), positional('k', t.int, 0)],
  ({ arr, k }) => {
    const [n, m] = matrixShape('triu_indices_from', arr);
    return matrixIndices(n, m, (i, j) => j >= i + k);
  },
);

/** NumPy's diag_indices(n, ndim=2): `ndim` copies of arange(n), indexing the main diagonal. */
export const diag_indices = declare(
  'diag_indices',
  [required('n', t.count), positional('ndim', t.count, 2)],
  ({ n, ndim }) => {
    const idx = hostIndex(currentRunner(), [n], Array.from({ length: n }, (_, i) => i));
    return Array.from({ length: ndim }, () => idx);
  },
);

/** NumPy's diag_indices_from(arr): the main diagonal of an array whose dimensions are all equal. */
export const diag_indices_from = declare('diag_indices_from', [required('arr', arrayLike)], ({ arr }) => {
  if (arr.ndim < 2) throw new CupytsError('ERR_SHAPE', `diag_indices_from: input array must be at least 2-d, got ${arr.ndim} dimensions`);
  if (!arr.shape.every((d) => d === arr.shape[0])) throw new CupytsError('ERR_SHAPE', 'diag_indices_from: All dimensions of input must be of equal length');
  return diag_indices(arr.shape[0], arr.ndim);
});

// ---- flat and multi-dimensional indices ----

/** An index array as int64; NumPy refuses dtypes that do not cast to intp by `casting` (choose: 'safe', else 'same_kind'). */
function intIndices(op: string, a: NDArray, casting: 'safe' | 'same_kind' = 'same_kind'): NDArray {
  if (!canCast(a.dtype, int64, casting)) throw new CupytsError('ERR_DTYPE', `${op}: only int indices permitted, got ${a.dtype.name}`);
  return a.dtype === int64 ? a : a.astype(int64);
}

/** The first element of `a` (int64) outside [0, size), read back; undefined where there is none. */
function firstOutside(a: NDArray, size: number): bigint | undefined {
  const bad = applyNamed('logical_or', [applyNamed('less', [a, 0]), applyNamed('greater_equal', [a, size])]);
  if (!(any(bad).item() as boolean)) return undefined;
  const values = a.dataSync() as BigInt64Array;
  return values.find((v) => v < 0n || v >= BigInt(size));
}

const order = t.oneOf('C', 'F');

function stridesOf(dims: readonly number[], ord: 'C' | 'F'): number[] {
  if (ord === 'C') return contiguousStrides(dims);
  return contiguousStrides([...dims].reverse()).reverse();
}

/** NumPy's unravel_index(indices, shape, order='C'): flat indices as a list of coordinate arrays. */
export const unravel_index = declare(
  'unravel_index',
  [required('indices', arrayLike), required('shape', t.shape), positional('order', order, 'C')],
  ({ indices, shape, order: ord }) => {
    const idx = intIndices('unravel_index', indices);
    const size = sizeOf(shape);
    const bad = firstOutside(idx, size);
    if (bad !== undefined) throw new CupytsError('ERR_INDEX', `unravel_index: index ${bad} is out of bounds for array with size ${size}`);
    return stridesOf(shape, ord).map((stride, k) => applyNamed('remainder', [applyNamed('floor_divide', [idx, stride]), Math.max(shape[k], 1)]));
  },
);

type ClipMode = 'raise' | 'wrap' | 'clip';
const CLIP_MODES: readonly ClipMode[] = ['raise', 'wrap', 'clip'];
const isClipMode = (x: unknown): x is ClipMode => CLIP_MODES.includes(x as ClipMode);

/** A mode, or a list of modes (one per dimension). */
const modes: ParamType<ClipMode | readonly ClipMode[], ClipMode | ClipMode[]> = {
  expected: "one of 'raise', 'wrap', 'clip', or a list of them",
  parse: (x) => (isClipMode(x) ? x : t.isListOf(x, isClipMode) ? [...x] : REJECT),
};

const multiIndex: ParamType<ArrayArg | readonly ArrayArg[], ArrayArg> = {
  expected: 'a list of index arrays, or an array of them',
  parse: (x) => (isArrayArg(x) ? x : REJECT),
};

/** multi_index as one index array per dimension: an NDArray's rows, or the items of a JS list. */
function indexRows(op: string, multi: ArrayArg): NDArray[] {
  if (multi instanceof NDArray) {
    if (multi.ndim === 0) throw new CupytsError('ERR_ARG', `${op}: expected multi_index to be a sequence of index arrays, got a 0-d array`);
    return Array.from({ length: multi.shape[0] }, (_, i) => basicView(op, multi, [{ kind: 'int', value: i }]));
  }
  if (!Array.isArray(multi)) throw new CupytsError('ERR_ARG', `${op}: expected multi_index to be a sequence of index arrays, got ${describeValue(multi)}`);
  return (multi as unknown[]).map((m) => {
    if (!isArrayArg(m)) throw new CupytsError('ERR_ARG', `${op}: expected multi_index to hold index arrays, got ${describeValue(m)}`);
    return toArray(op, m);
  });
}

/** NumPy's ravel_multi_index(multi_index, dims, mode='raise', order='C'): coordinates as flat indices. */
export const ravel_multi_index = declare(
  'ravel_multi_index',
  [
    required('multi_index', multiIndex),
    required('dims', t.shape),
    positional('mode', modes, 'raise' as ClipMode | ClipMode[]),
    positional('order', order, 'C'),
  ],
  ({ multi_index, dims, mode, order: ord }) => {
    const op = 'ravel_multi_index';
    const rows = indexRows(op, multi_index).map((r) => intIndices(op, r));
    if (rows.length !== dims.length) throw new CupytsError('ERR_ARG', `${op}: parameter multi_index must be a sequence of length ${dims.length}, got ${rows.length}`);
    const perDim = typeof mode === 'string' ? dims.map(() => mode) : mode;
    if (perDim.length !== dims.length) throw new CupytsError('ERR_ARG', `${op}: expected ${dims.length} modes (one per dimension), got ${perDim.length}`);
    const shape = broadcastShapes(op, ...rows.map((r) => r.shape));
    const strides = stridesOf(dims, ord);
    let flat: NDArray | undefined;
    rows.forEach((r, k) => {
      let c = r;
      if (perDim[k] === 'wrap') c = applyNamed('remainder', [c, Math.max(dims[k], 1)]);
      else if (perDim[k] === 'clip') c = applyNamed('minimum', [applyNamed('maximum', [c, 0]), Math.max(dims[k] - 1, 0)]);
      else if (firstOutside(c, dims[k]) !== undefined) throw new CupytsError('ERR_INDEX', `${op}: invalid entry in coordinates array`);
      const term = applyNamed('multiply', [c, strides[k]]);
      flat = flat === undefined ? term : applyNamed('add', [flat, term]);
    });
    if (flat === undefined) return reshape(hostIndex(currentRunner(), [1], [0]), []);
    return sameShape(flat.shape, shape) ? flat : new NDArray(broadcastNode(flat.node, shape), flat.runner);
  },
);

/** NumPy's ix_(*args): 1-D sequences as open-mesh index arrays (booleans as their nonzero indices). */
export const ix_ = declare('ix_', [rest('args', arrayLike)], ({ args }) => {
  const nd = args.length;
  return args.map((a, k) => {
    let x = a;
    if (x.ndim !== 1) throw new CupytsError('ERR_SHAPE', `ix_: Cross index must be 1 dimensional, got ${x.ndim} dimensions (argument ${k})`);
    if (x.size === 0 && x.dtype.kind === 'f') x = x.astype(int64); // an empty list: no index, intp as NumPy
    if (x.dtype === DTYPES.bool) x = nonzero(x)[0];
    return reshape(x, Array.from({ length: nd }, (_, j) => (j === k ? x.size : 1)));
  });
});

// ---- choosing elements ----

const operandOf = (x: NDArray | Scalar): Operand => (x instanceof NDArray ? x.dtype : x);

/** `x` as an array of `dtype` (JS scalars converted as NumPy's setitem does). */
function asDType(op: string, x: NDArray | Scalar, dtype: DType): NDArray {
  if (x instanceof NDArray) return asDtype(x, dtype);
  return scalarArray(op, x, dtype);
}

/** `x` broadcast to `shape` (a new lazy array; its readers see a full array). */
function spread(x: NDArray, shape: readonly number[]): NDArray {
  return sameShape(x.shape, shape) ? x : new NDArray(broadcastNode(x.node, shape), x.runner);
}

const arrayList = listOf(arrayOrScalar, 'a list of arrays or scalars');

/** NumPy's select(condlist, choicelist, default=0): from the first choice whose condition holds. */
export const select = declare(
  'select',
  [required('condlist', arrayList), required('choicelist', arrayList), positional('default', arrayOrScalar, 0 as NDArray | Scalar)],
  ({ condlist, choicelist, default: fallback }) => {
    if (condlist.length !== choicelist.length) {
      throw new CupytsError('ERR_ARG', `select: list of cases must be same length as list of conditions, got ${choicelist.length} and ${condlist.length}`);
    }
    if (condlist.length === 0) throw new CupytsError('ERR_ARG', 'select: select with an empty condition list is not possible');
    const dtype = resultType('select', ...choicelist.map(operandOf), operandOf(fallback));
    const conds = condlist.map((c, i) => {
      const a = toArray('select', c);
      if (a.dtype !== DTYPES.bool) throw new CupytsError('ERR_DTYPE', `select: invalid entry ${i} in condlist: should be boolean ndarray, got ${a.dtype.name}`);
      return a;
    });
    const choices = choicelist.map((c) => asDType('select', c, dtype));
    const initial = asDType('select', fallback, dtype);
    const shape = broadcastShapes('select', ...conds.map((c) => c.shape), ...choices.map((c) => c.shape), initial.shape);
    let result = initial;
    for (let i = conds.length - 1; i >= 0; i--) result = where(conds[i], choices[i], result);
    return spread(result, shape).astype(dtype);
  },
);

/** The choices of choose: a list of arrays or scalars, or an array whose first axis lists them. */
const choiceArrays: ParamType<ArrayArg | readonly ArrayArg[], Array<NDArray | Scalar>> = {
  expected: 'a list of arrays or scalars, or an array',
  parse: (x, op, name) => {
    if (x instanceof NDArray) return x.ndim === 0 ? REJECT : Array.from({ length: x.shape[0] }, (_, i) => basicView(op, x, [{ kind: 'int', value: i }]));
    if (Array.isArray(x) && x.some((v) => v instanceof NDArray || Array.isArray(v) || ArrayBuffer.isView(v))) return arrayList.parse(x, op, name);
    return isArrayArg(x) ? choiceArrays.parse(toArray(op, x), op, name) : REJECT;
  },
};

/**
 * NumPy's choose(a, choices, out=None, mode='raise'): choices[a[i]][i], broadcasting a and the
 * choices. `mode` stays the third positional argument (as cupyts has taken it); out, by keyword,
 * must have the result's shape, and takes it cast unsafely, as NumPy's.
 */
export const choose = declare(
  'choose',
  [required('a', arrayLike), required('choices', choiceArrays), positional('mode', t.oneOf(...CLIP_MODES), 'raise'), keyword('out', outArray, null)],
  ({ a, choices, mode, out }) => {
    const n = choices.length;
    if (n === 0) throw new CupytsError('ERR_ARG', 'choose: expected at least one choice, got none');
    let idx = intIndices('choose', a, 'safe');
    const dtype = resultType('choose', ...choices.map(operandOf));
    const arrays = choices.map((c) => asDType('choose', c, dtype));
    const shape = broadcastShapes('choose', idx.shape, ...arrays.map((c) => c.shape));
    if (out !== null && !sameShape(out.shape, shape)) {
      throw new CupytsError('ERR_SHAPE', `choose: invalid shape for output array (expected ${formatShape(shape)}, got ${formatShape(out.shape)})`);
    }
    if (mode === 'wrap') idx = applyNamed('remainder', [idx, n]);
    else if (mode === 'clip') idx = applyNamed('minimum', [applyNamed('maximum', [idx, 0]), n - 1]);
    else if (firstOutside(idx, n) !== undefined) throw new CupytsError('ERR_INDEX', 'choose: invalid entry in choice array');
    let result = arrays[n - 1];
    for (let k = n - 2; k >= 0; k--) result = where(applyNamed('equal', [idx, k]), arrays[k], result);
    return writeOut('choose', out, spread(result, shape).astype(dtype), { casting: 'unsafe' });
  },
);

/** NumPy's extract(condition, arr): the elements of ravel(arr) where ravel(condition) is nonzero. */
export const extract = declare('extract', [required('condition', arrayLike), required('arr', arrayLike)], ({ condition, arr }) => {
  const flat = ravel(arr);
  // The positions are found on the device (only their count is read back). A condition longer
  // than arr is an index error where it is true past arr's end, as in NumPy (a second readback,
  // only then).
  const picked = flatTrueIndices(condition);
  const beyond = firstTrueFrom(condition, flat.size);
  if (beyond !== undefined) checkHostIndex('extract', beyond, 0, flat.size);
  return take(flat, markInRange(picked));
});
