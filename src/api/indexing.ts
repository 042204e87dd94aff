// Basic indexing, NumPy's a[index] with integers, slices, newaxis and ellipsis: one view of `a`
// (an affine movement, so it fuses into whatever reads it). Indices that are arrays (advanced
// indexing) go to ./advanced-indexing.ts.
import { CupytsError } from '../ir/errors.js';
import { advancedGet } from './advanced-indexing.js';
import { parseIndex, sliceRange, type Index, type ParsedItem } from './index-parse.js';
import { usable, type NDArray } from './ndarray.js';
import { axisMovement, viewOf } from './views.js';

/** The input axes each item uses (ellipsis: whatever the others leave; bool arrays: their ndim). */
export function expandEllipsis(op: string, items: readonly ParsedItem[], ndim: number, used: (item: ParsedItem) => number): ParsedItem[] {
  const consumed = items.reduce((n, item) => n + used(item), 0);
  if (consumed > ndim) {
    throw new CupytsError('ERR_INDEX', `${op}: too many indices for array: array is ${ndim}-dimensional, but ${consumed} were indexed`);
  }
  const fill: ParsedItem[] = Array.from({ length: ndim - consumed }, () => ({ kind: 'slice', start: null, stop: null, step: null }));
  const at = items.findIndex((i) => i.kind === 'ellipsis');
  return at < 0 ? [...items, ...fill] : [...items.slice(0, at), ...fill, ...items.slice(at + 1)];
}

/** An integer index checked against an axis of `size` (negative counts from the end). */
export function checkIndex(op: string, value: number, axis: number, size: number): number {
  if (value < -size || value >= size) throw new CupytsError('ERR_INDEX', `${op}: index ${value} is out of bounds for axis ${axis} with size ${size}`);
  return value < 0 ? value + size : value;
}

/** `a` indexed by items with no arrays among them: one view. */
export function basicView(op: string, a: NDArray, parsed: readonly ParsedItem[]): NDArray {
  usable(op, a);
  const items = expandEllipsis(op, parsed, a.ndim, (i) => (i.kind === 'int' || i.kind === 'slice' ? 1 : 0));
  const shape: number[] = [];
  const source: number[] = [];
  const step: number[] = [];
  const base = a.shape.map(() => 0);
  let j = 0;
  for (const item of items) {
    if (item.kind === 'newaxis') {
      shape.push(1);
      source.push(-1);
      step.push(0);
    } else if (item.kind === 'int') {
      base[j] = checkIndex(op, item.value, j, a.shape[j]);
      j++;
    } else if (item.kind === 'slice') {
      const r = sliceRange(op, item, a.shape[j]);
      shape.push(r.count);
      source.push(j);
      step.push(r.step);
      base[j] = r.count > 0 ? r.start : 0;
      j++;
    }
  }
  const identity = shape.length === a.ndim && source.every((s, k) => s === k) && step.every((s) => s === 1) && shape.every((d, k) => d === a.shape[k]);
  return identity ? a : viewOf(a, axisMovement(a.shape, shape, source, step, base));
}

/** NumPy's a[index]. */
export function getItem(a: NDArray, index: Index): NDArray {
  const items = parseIndex('get', index);
  if (items.some((i) => i.kind === 'array')) return advancedGet(a, items);
  return basicView('get', a, items);
}
