// Joining, splitting and padding, declared with NumPy's signatures (signature.ts): hstack, vstack,
// dstack, column_stack, hsplit, vsplit, dsplit and pad take NumPy's positional forms
// and a trailing options object with NumPy's keyword names (`cp.hstack([a, b], {dtype:
// 'float32', casting: 'unsafe'})`, `cp.pad(x, 1, 'constant', {constant_values: 5})`). The bodies
// are those of joins.ts, splits.ts and pad.ts, which the library's own composites call directly.
import { isComplex } from '../ir/complex.js';
import { CupytsError, describe } from '../ir/errors.js';
import { arrayData, listOf } from './array-params.js';
import { NDArray, type Scalar } from './ndarray.js';
import * as J from './joins.js';
import * as t from './param-types.js';
import * as P from './pad.js';
import { declare, keyword, positional, required, REJECT, type ParamType } from './signature.js';
import * as S from './splits.js';

const tup = required('tup', listOf(arrayData, 'a list of arrays'));
const dtype = keyword('dtype', t.nullable(t.dtype), null);
const casting = keyword('casting', t.oneOf('no', 'equiv', 'safe', 'same_kind', 'unsafe'), 'same_kind');

/** hstack(tup, *, dtype=None, casting='same_kind'). */
export const hstack = declare('hstack', [tup, dtype, casting], (v) => J.hstack(v.tup, { dtype: v.dtype ?? undefined, casting: v.casting }));

/** vstack(tup, *, dtype=None, casting='same_kind'). */
export const vstack = declare('vstack', [tup, dtype, casting], (v) => J.vstack(v.tup, { dtype: v.dtype ?? undefined, casting: v.casting }));


/** dstack(tup). */
export const dstack = declare('dstack', [tup], (v) => J.dstack(v.tup));

/** column_stack(tup). */
export const column_stack = declare('column_stack', [tup], (v) => J.column_stack(v.tup));

const ary = required('ary', arrayData);

/** indices_or_sections: a number of sections, or where to cut: a list of integers, or an integer NDArray (0-d: a number of sections). */
export const sectionsParam: ParamType<number | readonly number[] | NDArray, S.Sections> = {
  expected: 'an integer, a list of integers or an integer NDArray',
  parse: (x, op, name) => (x instanceof NDArray ? x : t.axes.parse(x, op, name)),
};
const sections = required('indices_or_sections', sectionsParam);

/** hsplit(ary, indices_or_sections). */
export const hsplit = declare('hsplit', [ary, sections], (v) => S.hsplit(v.ary, v.indices_or_sections));

/** vsplit(ary, indices_or_sections). */
export const vsplit = declare('vsplit', [ary, sections], (v) => S.vsplit(v.ary, v.indices_or_sections));

/** dsplit(ary, indices_or_sections). */
export const dsplit = declare('dsplit', [ary, sections], (v) => S.dsplit(v.ary, v.indices_or_sections));

// ---- pad -------------------------------------------------------------------------------------------

/** Values per axis in NumPy's pair forms: a scalar, [before, after], or pairs per axis (checked by pad). */
function pairs<T>(expected: string, isItem: (x: unknown) => x is T): ParamType<P.PerAxisPairs<T>> {
  return { expected, parse: (x) => (isItem(x) || Array.isArray(x) ? x as P.PerAxisPairs<T> : REJECT) };
}

const isScalar = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

const PAIRS = '[before, after], or a list of [before, after] per axis';

/** NumPy's pad modes (all supported); a function (NumPy's callable mode) is not supported yet. */
const padMode: ParamType<P.NumpyPadMode, P.NumpyPadMode> = {
  expected: `one of ${P.NUMPY_PAD_MODES.map((m) => `'${m}'`).join(', ')}`,
  parse: (x) => {
    if (typeof x === 'function') throw new CupytsError('ERR_UNSUPPORTED', `pad: a function as mode is not supported yet (got ${describe(x)})`);
    return P.NUMPY_PAD_MODES.includes(x as P.NumpyPadMode) ? x as P.NumpyPadMode : REJECT;
  },
};

/** pad(array, pad_width, mode='constant', **kwargs): kwargs constant_values, end_values, stat_length, reflect_type as NumPy checks them per mode. */
export const pad = declare(
  'pad',
  [
    required('array', arrayData),
    required('pad_width', pairs(`a non-negative integer, ${PAIRS}`, t.isInteger)),
    positional('mode', padMode, 'constant'),
    keyword('constant_values', t.nullable(pairs(`a number, ${PAIRS}`, isScalar)), null, '0'),
    keyword('end_values', t.nullable(pairs(`a number, ${PAIRS}`, isScalar)), null, '0'),
    keyword('stat_length', t.nullable(pairs(`a non-negative integer (rounded), ${PAIRS}`, isNumber)), null),
    keyword('reflect_type', t.nullable(t.oneOf('even', 'odd')), null, "'even'"),
  ],
  (v) => P.pad(v.array, v.pad_width, v.mode, {
    constant_values: v.constant_values, end_values: v.end_values, stat_length: v.stat_length, reflect_type: v.reflect_type,
  }),
);
