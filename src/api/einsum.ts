// NumPy's einsum over explicit subscripts ('ij,jk->ik') or implicit ones ('ij,jk'), for any
// number of operands, contracted pairwise left to right. Each pairwise contraction becomes one
// batched matmul: the shared output letters are the batch, the shared summed letters are k, and
// each operand's own letters are m or n. Repeated letters in one operand take its diagonal (a
// strided view); letters only one operand has and the output lacks are summed first; a pair
// with nothing to sum is an elementwise product (lazy, fused with its consumers). An ellipsis
// ('...') is written out as letters first (./einsum-ellipsis.ts); NumPy's interleaved form
// einsum(op0, sublist0, …) is not supported. Declared with
// NumPy's signature: out, dtype, order and casting as NumPy; optimize (the contraction order)
// only as false, NumPy's default: cupyts contracts left to right.
import type { DType } from '../ir/dtype.js';
import { promoteSequence } from '../ir/promotion.js';
import { CupytsError } from '../ir/errors.js';
import { formatShape, sizeOf } from '../ir/shape.js';
import { arrayLike } from './array-params.js';
import { full } from './creation.js';
import { multiply } from './elementwise.js';
import { casting, castFor, checkCast, checkOrder } from './linalg.js';
import type { NDArray } from './ndarray.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { expandEllipsis, singleLetters } from './einsum-ellipsis.js';
import { matmulArrays } from './products.js';
import { declare, keyword, required, rest } from './signature.js';
import { contiguous, diagonalAxes, reshape, transpose } from './views.js';

const matmul = (a: NDArray, b: NDArray) => matmulArrays('einsum', a, b);

/** An array with one letter per axis. */
interface Labeled {
  array: NDArray;
  letters: string[];
}

function parse(subscripts: string, count: number): { inputs: string[][]; output: string[] } {
  const spec = subscripts.replace(/\s+/g, '');
  if (spec.includes('.')) throw new CupytsError('ERR_NOT_SUPPORTED', `einsum: expected subscripts without '...' (ellipsis is not supported), got '${subscripts}'`);
  const [lhs, rhs, extra] = spec.split('->');
  if (extra !== undefined) throw new CupytsError('ERR_ARG', `einsum: expected at most one '->', got '${subscripts}'`);
  const inputs = lhs.split(',').map((t) => [...t]);
  for (const letter of [...lhs.replace(/,/g, ''), ...(rhs ?? '')]) {
    if (!/[a-zA-Z]/.test(letter)) throw new CupytsError('ERR_ARG', `einsum: expected letters a-z, A-Z as subscripts, got '${letter}' in '${subscripts}'`);
  }
  if (inputs.length !== count) throw new CupytsError('ERR_ARG', `einsum: expected ${inputs.length} operands for '${subscripts}', got ${count}`);
  let output: string[];
  if (rhs === undefined) {
    output = singleLetters(inputs.flat());
  } else {
    output = [...rhs];
    if (new Set(output).size !== output.length) throw new CupytsError('ERR_ARG', `einsum: expected each output letter once, got '${rhs}'`);
    const known = new Set(inputs.flat());
    const stray = output.find((l) => !known.has(l));
    if (stray) throw new CupytsError('ERR_ARG', `einsum: expected output letters that appear in the inputs, got '${stray}'`);
  }
  return { inputs, output };
}

/** Takes the diagonal over repeated letters, so every letter names one axis. */
function distinctLetters(x: Labeled): Labeled {
  const unique = [...new Set(x.letters)];
  if (unique.length === x.letters.length) return x;
  const groups = unique.map((l) => x.letters.flatMap((m, j) => (m === l ? [j] : [])));
  for (const g of groups) {
    if (g.some((j) => x.array.shape[j] !== x.array.shape[g[0]])) {
      throw new CupytsError('ERR_SHAPE', `einsum: expected repeated subscript '${x.letters[g[0]]}' to have one size, got ${g.map((j) => x.array.shape[j]).join(' and ')}`);
    }
  }
  return { array: diagonalAxes(x.array, groups), letters: unique };
}

/** `x` with its axes in the order of `letters` (a view). */
function permuted(x: Labeled, letters: string[]): NDArray {
  return transpose(x.array, letters.map((l) => x.letters.indexOf(l)));
}

/** Sums `x` over every letter not in `keep` (a product with ones). */
function sumOut(x: Labeled, keep: Set<string>): Labeled {
  const kept = x.letters.filter((l) => keep.has(l));
  const summed = x.letters.filter((l) => !keep.has(l));
  if (summed.length === 0) return x;
  const keptShape = kept.map((l) => x.array.shape[x.letters.indexOf(l)]);
  const s = sizeOf(summed.map((l) => x.array.shape[x.letters.indexOf(l)]));
  const flat = reshape(permuted(x, [...kept, ...summed]), [sizeOf(keptShape), s]);
  const ones = full([s, 1], 1, { dtype: x.array.dtype });
  return { array: reshape(matmul(flat, ones), keptShape), letters: kept };
}

/** Contracts two operands, keeping the letters in `keep`. */
function contract(x0: Labeled, y0: Labeled, keep: Set<string>): Labeled {
  const inY = new Set(y0.letters);
  const inX = new Set(x0.letters);
  const x = sumOut(x0, new Set([...x0.letters].filter((l) => keep.has(l) || inY.has(l))));
  const y = sumOut(y0, new Set([...y0.letters].filter((l) => keep.has(l) || inX.has(l))));
  const size = (l: string) => (x.letters.includes(l) ? x.array.shape[x.letters.indexOf(l)] : y.array.shape[y.letters.indexOf(l)]);
  for (const l of x.letters) {
    if (inY.has(l) && size(l) !== y.array.shape[y.letters.indexOf(l)]) {
      throw new CupytsError('ERR_SHAPE', `einsum: expected subscript '${l}' to have one size, got ${size(l)} and ${y.array.shape[y.letters.indexOf(l)]}`);
    }
  }
  const batch = x.letters.filter((l) => y.letters.includes(l) && keep.has(l));
  const summed = x.letters.filter((l) => y.letters.includes(l) && !keep.has(l));
  const freeX = x.letters.filter((l) => !y.letters.includes(l));
  const freeY = y.letters.filter((l) => !x.letters.includes(l));
  const dims = (ls: string[]) => ls.map(size);
  const letters = [...batch, ...freeX, ...freeY];
  if (summed.length === 0) {
    // Nothing to sum: an elementwise product over broadcast axes.
    const xs = reshape(permuted(x, [...batch, ...freeX]), [...dims(batch), ...dims(freeX), ...freeY.map(() => 1)]);
    const ys = reshape(permuted(y, [...batch, ...freeY]), [...dims(batch), ...freeX.map(() => 1), ...dims(freeY)]);
    return { array: multiply(xs, ys), letters };
  }
  const [B, M, K, N] = [batch, freeX, summed, freeY].map((ls) => sizeOf(dims(ls)));
  const xs = reshape(permuted(x, [...batch, ...freeX, ...summed]), [B, M, K]);
  const ys = reshape(permuted(y, [...batch, ...summed, ...freeY]), [B, K, N]);
  return { array: reshape(matmul(xs, ys), dims(letters)), letters };
}

/** einsum('ij,jk->ik', a, b) over arrays already converted (and cast to one dtype). */
function contractAll(subscripts: string, arrays: NDArray[], dtype: DType | null): NDArray {
  const { inputs, output } = parse(subscripts, arrays.length);
  if (arrays.length === 0) throw new CupytsError('ERR_ARG', 'einsum: expected at least one operand, got none');
  const common = dtype ?? promoteSequence(arrays.map((a) => a.dtype));
  const labeled = arrays.map((a, i): Labeled => {
    if (inputs[i].length !== a.ndim) {
      throw new CupytsError('ERR_SHAPE', `einsum: expected operand ${i} to have ${inputs[i].length} dimensions for '${inputs[i].join('')}', got shape ${formatShape(a.shape)}`);
    }
    return distinctLetters({ array: a.dtype === common ? a : a.astype(common), letters: inputs[i] });
  });
  let acc = labeled[0];
  for (let i = 1; i < labeled.length; i++) {
    const later = new Set([...output, ...labeled.slice(i + 1).flatMap((l) => l.letters)]);
    acc = contract(acc, labeled[i], later);
  }
  acc = sumOut(acc, new Set(output));
  const result = permuted(acc, output);
  return result === acc.array ? result : contiguous(result);
}

/**
 * einsum(subscripts, *operands, out=None, dtype=None, order='K', casting='safe', optimize=False):
 * NumPy's einsum for explicit or implicit subscripts, with or without an ellipsis.
 */
export const einsum = declare(
  'einsum',
  [
    required('subscripts', t.string), rest('operands', arrayLike), keyword('out', outArray, null), keyword('dtype', t.nullable(t.dtype), null),
    keyword('order', t.order, 'K'), keyword('casting', casting, 'safe'), keyword('optimize', t.notSupported(false), null, 'false'),
  ],
  (v) => {
    checkOrder('einsum', v.order);
    const dtype = v.dtype;
    // Without dtype= the operands are cast to their common dtype, which the casting rule must allow too
    // (casting='no' refuses an int32 and a float64 operand, as NumPy's iterator does).
    if (dtype === null && v.operands.length > 0) {
      const common = promoteSequence(v.operands.map((a) => a.dtype));
      v.operands.forEach((a, i) => checkCast('einsum', `operand ${i}`, a, common, v.casting));
    }
    const arrays = dtype === null ? v.operands : v.operands.map((a, i) => castFor('einsum', `operand ${i}`, a, dtype, v.casting));
    const expanded = expandEllipsis(v.subscripts, arrays);
    return writeOut('einsum', v.out, contractAll(expanded.subscripts, expanded.arrays, dtype), { casting: v.casting, exactShape: true });
  },
);
