// Splitting an array into pieces, NumPy's split, array_split, hsplit, vsplit and dsplit. Every
// piece is a view of the input (nothing is copied), as in NumPy.
import { CupytsError, argError } from '../ir/errors.js';
import { sliceRange } from './index-parse.js';
import { alongAxis, toArray, type ArrayLike } from './join-parts.js';
import { NDArray, usable } from './ndarray.js';
import { checkAxis } from './array-params.js';

/** A number of equal (or near-equal) sections, or the indices where the axis is cut (a list, or an integer NDArray: 0-d a number, 1-D indices). */
export type Sections = number | readonly number[] | NDArray;

/** The most pieces a split can return: the length limit of a JS array. */
const MAX_SECTIONS = 2 ** 32 - 1;

function checkSections(op: string, sections: unknown): number | number[] {
  if (sections instanceof NDArray) {
    const a = usable(op, sections);
    if (a.ndim === 1 && a.size === 0) return [];
    if ((a.dtype.kind !== 'i' && a.dtype.kind !== 'u') || a.ndim > 1) {
      throw new CupytsError('ERR_ARG', `${op}: expected indices_or_sections as an NDArray to be 0-d or 1-D of integers, got ${a.ndim}-d ${a.dtype.name}`);
    }
    const values = Array.from(a.dataSync() as globalThis.ArrayLike<number | bigint>, Number);
    return a.ndim === 0 ? checkSections(op, values[0]) as number : values;
  }
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0) throw argError(op, 'a positive integer number of sections or a list of indices', sections);
    if (sections > MAX_SECTIONS) throw argError(op, `at most 2^32 - 1 sections (a JS array's limit)`, sections);
    return sections;
  }
  const list = Array.isArray(sections) ? Array.from(sections) : undefined; // a hole reads as undefined
  if (!list || !list.every((i) => typeof i === 'number' && Number.isInteger(i))) {
    throw argError(op, 'a positive integer number of sections or a list of integer indices', sections);
  }
  return list as number[];
}

/** Pieces between cut points, with Python's slice rules (negative counts from the end, clamped). */
function piecesAt(op: string, a: NDArray, axis: number, cuts: readonly number[]): NDArray[] {
  const length = a.shape[axis];
  const bounds: Array<number | null> = [0, ...cuts, null];
  return Array.from({ length: cuts.length + 1 }, (_, i) => {
    const r = sliceRange(op, { start: bounds[i], stop: bounds[i + 1], step: 1 }, length);
    return alongAxis(a, axis, r.start, r.count);
  });
}

function splitAs(op: string, ary: ArrayLike, sections: Sections, axis: number, equal: boolean): NDArray[] {
  const a = toArray(op, ary);
  const along = checkAxis(op, axis, a.ndim);
  const count = checkSections(op, sections);
  if (typeof count !== 'number') return piecesAt(op, a, along, count);
  const length = a.shape[along];
  if (equal && length % count !== 0) {
    throw new CupytsError('ERR_SHAPE', `${op}: array split does not result in an equal division (an axis of length ${length} into ${count} sections)`);
  }
  // NumPy's array_split: the first length % count pieces get one element more.
  const each = Math.floor(length / count);
  const extra = length % count;
  const cuts: number[] = [];
  for (let i = 1, at = 0; i < count; i++) cuts.push((at += each + (i <= extra ? 1 : 0)));
  return piecesAt(op, a, along, cuts);
}

/** NumPy's split: `sections` equal pieces (an error where the axis does not divide), or pieces between indices. */
export function split(ary: ArrayLike, sections: Sections, axis = 0): NDArray[] {
  return splitAs('split', ary, sections, axis, true);
}

/** NumPy's array_split: like split, but `sections` need not divide the axis. */
export function array_split(ary: ArrayLike, sections: Sections, axis = 0): NDArray[] {
  return splitAs('array_split', ary, sections, axis, false);
}

function atLeast(op: string, a: NDArray, ndim: number): NDArray {
  if (a.ndim < ndim) throw new CupytsError('ERR_SHAPE', `${op}: expected an array of ${ndim} or more dimensions, got ${a.ndim}`);
  return a;
}

/** NumPy's hsplit: split along the second axis (the first for 1-D arrays). */
export function hsplit(ary: ArrayLike, sections: Sections): NDArray[] {
  const a = atLeast('hsplit', toArray('hsplit', ary), 1);
  return splitAs('hsplit', a, sections, a.ndim > 1 ? 1 : 0, true);
}

/** NumPy's vsplit: split along the first axis of an array of 2 or more dimensions. */
export function vsplit(ary: ArrayLike, sections: Sections): NDArray[] {
  return splitAs('vsplit', atLeast('vsplit', toArray('vsplit', ary), 2), sections, 0, true);
}

/** NumPy's dsplit: split along the third axis of an array of 3 or more dimensions. */
export function dsplit(ary: ArrayLike, sections: Sections): NDArray[] {
  return splitAs('dsplit', atLeast('dsplit', toArray('dsplit', ary), 3), sections, 2, true);
}
