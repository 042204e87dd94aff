// The axis-taking manipulation functions, declared with NumPy's signatures (signature.ts), so the
// axis goes positionally or in the options object alike: `cp.concatenate([a, b], 1)` and
// `cp.concatenate([a, b], {axis: 1})`, `cp.squeeze(x, 0)` and `cp.squeeze(x, {axis: 0})`. The
// bodies are those of joins.ts, views.ts, splits.ts, rearrange.ts and take.ts, which the
// library's own composites call directly.
import { arrayData, arrayLike, listOf } from './array-params.js';
import { sectionsParam } from './join-split-api.js';
import * as J from './joins.js';
import * as t from './param-types.js';
import * as Rr from './rearrange.js';
import { outArray } from './out-param.js';
import { declare, keyword, positional, required } from './signature.js';
import * as S from './splits.js';
import * as T from './take.js';
import * as V from './views.js';

const arrays = required('arrays', listOf(arrayData, 'a list of arrays'));
const out = positional('out', outArray, null);
const dtype = keyword('dtype', t.nullable(t.dtype), null);
const casting = keyword('casting', t.oneOf('no', 'equiv', 'safe', 'same_kind', 'unsafe'), 'same_kind');
const a = required('a', arrayData);

/** concatenate(arrays, /, axis=0, out=None, *, dtype=None, casting='same_kind'): out (of the result's shape) is written and returned. */
export const concatenate = declare('concatenate', [arrays, positional('axis', t.nullable(t.axis), 0), out, dtype, casting],
  (v) => J.concatenate(v.arrays, v.axis, { dtype: v.dtype ?? undefined, casting: v.casting, out: v.out }));

/** stack(arrays, axis=0, out=None, *, dtype=None, casting='same_kind'): out (of the result's shape) is written and returned. */
export const stack = declare('stack', [arrays, positional('axis', t.axis, 0), out, dtype, casting],
  (v) => J.stack(v.arrays, v.axis, { dtype: v.dtype ?? undefined, casting: v.casting, out: v.out }));

/** squeeze(a, axis=None). */
export const squeeze = declare('squeeze', [a, positional('axis', t.nullable(t.axes), null)], (v) => V.ownView(v.a, V.squeeze(v.a, v.axis)));

/** expand_dims(a, axis). */
export const expand_dims = declare('expand_dims', [a, required('axis', t.axes)], (v) => V.expand_dims(v.a, v.axis));

/** flip(m, axis=None). */
export const flip = declare('flip', [required('m', arrayData), positional('axis', t.nullable(t.axes), null)], (v) => V.flip(v.m, v.axis));

/** transpose(a, axes=None). */
export const transpose = declare('transpose', [a, positional('axes', t.nullable(listOf(t.axis, 'a list of integer axes')), null)], (v) => V.ownView(v.a, V.transpose(v.a, v.axes)));

/** swapaxes(a, axis1, axis2). */
export const swapaxes = declare('swapaxes', [a, required('axis1', t.axis), required('axis2', t.axis)], (v) => V.ownView(v.a, V.swapaxes(v.a, v.axis1, v.axis2)));

/** moveaxis(a, source, destination). */
export const moveaxis = declare('moveaxis', [a, required('source', t.axes), required('destination', t.axes)], (v) => V.ownView(v.a, V.moveaxis(v.a, v.source, v.destination)));

/** roll(a, shift, axis=None). */
export const roll = declare('roll', [a, required('shift', t.axes), positional('axis', t.nullable(t.axes), null)], (v) => Rr.roll(v.a, v.shift, v.axis));

const sections = required('indices_or_sections', sectionsParam);

/** split(ary, indices_or_sections, axis=0). */
export const split = declare('split', [required('ary', arrayData), sections, positional('axis', t.axis, 0)], (v) => S.split(v.ary, v.indices_or_sections, v.axis));

/** array_split(ary, indices_or_sections, axis=0). */
export const array_split = declare('array_split', [required('ary', arrayData), sections, positional('axis', t.axis, 0)], (v) => S.array_split(v.ary, v.indices_or_sections, v.axis));

/** take_along_axis(arr, indices, axis=-1). */
export const take_along_axis = declare('take_along_axis', [required('arr', arrayLike), required('indices', arrayData), positional('axis', t.nullable(t.axis), -1)],
  (v) => T.take_along_axis(v.arr, v.indices as T.IndicesArg as never, v.axis));
