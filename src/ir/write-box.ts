// Where a write lands in its storage, for a write by renaming (src/api/assign-rename.ts): a view
// that is a box of a row-major layout of the storage's elements, and the strided views that cover
// the rest of the storage (its complement), which the renamed write copies over unchanged.
//
// Dimensions of size 1 are dropped first (their position is in the offset), so `u[5, 1:-1]` is a
// 1-D box of the flat storage and `u[1:-1, 1:-1]` a 2-D box of its rows; a box whose innermost
// stride is not 1 (a column) gets an innermost dimension of 1. The complement of a box
// of shape s, starts a and strides st (row-major: st[j-1] a multiple of st[j], st[last] = 1) is:
// the flat elements before its first row and after its last (rows of st[0] elements), then,
// within those rows, for each inner dimension j, the parts before a[j] and past a[j] + s[j] with
// the dimensions before j inside the box and those after it whole. At most 2·(dims) views.
// Where the part before and the part after have the same length (a centred box: heat's
// u[1:-1, 1:-1]), the two are one view with a dimension of 2 that steps from one to the other,
// so a centred box of d dimensions has d + 1 complement views, each one copy kernel.
import type { Strided } from './movement.js';

/**
 * A box of shape `shape` at `offset` with `strides` in a row-major layout (last stride 1, each
 * stride a whole multiple of the next, at least the box's extent): each inner dimension's extent
 * in the layout (its outer neighbour's stride over its own; dims[0] is 0, the rows are not bounded
 * here) and where the box starts along each (starts[0] in rows of strides[0] elements); undefined
 * where the layout is not such a box. ./frame-plan.ts reads the same layouts.
 */
export function rowMajorBox(shape: readonly number[], strides: readonly number[], offset: number): { dims: number[]; starts: number[] } | undefined {
  const nd = shape.length;
  if (nd === 0 || strides[nd - 1] !== 1 || strides.some((st) => st <= 0)) return undefined;
  const dims = strides.map((st, j) => (j === 0 ? 0 : strides[j - 1] / st));
  if (dims.some((d, j) => j > 0 && (!Number.isInteger(d) || d < shape[j]))) return undefined;
  const starts = strides.map((st, j) => (j === 0 ? Math.floor(offset / st) : Math.floor(offset / st) % dims[j]));
  if (starts.reduce((acc, a, j) => acc + a * strides[j], 0) !== offset) return undefined;
  if (starts.some((a, j) => j > 0 && a + shape[j] > dims[j])) return undefined;
  return { dims, starts };
}

/** The views of a storage of `elements` elements outside `target`, or undefined where `target` is not a box of a row-major layout. */
export function complementOfBox(target: Strided, elements: number): Strided[] | undefined {
  const kept = target.shape.map((d, j) => j).filter((j) => target.shape[j] !== 1);
  if (target.shape.some((d) => d === 0)) return undefined;
  const shape = kept.map((j) => target.shape[j]);
  const strides = kept.map((j) => target.strides[j]);
  // Runs of one element (a column, a single element): an innermost dimension of 1 of stride 1.
  if (strides.length === 0 || strides[strides.length - 1] !== 1) {
    shape.push(1);
    strides.push(1);
  }
  const nd = shape.length;
  const box = rowMajorBox(shape, strides, target.offset);
  if (!box) return undefined;
  const { dims, starts } = box;
  const rowsEnd = (starts[0] + shape[0]) * strides[0];
  if (rowsEnd > elements) return undefined; // the last row runs past the storage: not a whole row
  const out: Strided[] = [];
  // The parts [0, before) and [past, past + after) of a dimension of stride `step`, with the
  // dimensions `outer` outside it and `inner` inside (shapes and strides), starting at `base`.
  const parts = (base: number, step: number, before: number, past: number, after: number, outer: [number[], number[]], inner: [number[], number[]]) => {
    const view = (dimsOf: number[], stridesOf: number[], offset: number) =>
      out.push({ shape: [...outer[0], ...dimsOf, ...inner[0]], strides: [...outer[1], ...stridesOf, ...inner[1]], offset });
    if (before > 0 && before === after) view([2, before], [past * step, step], base);
    else {
      if (before > 0) view([before], [step], base);
      if (after > 0) view([after], [step], base + past * step);
    }
  };
  parts(0, 1, starts[0] * strides[0], rowsEnd, elements - rowsEnd, [[], []], [[], []]);
  for (let j = 1; j < nd; j++) {
    const base = starts.slice(0, j).reduce((acc, a, i) => acc + a * strides[i], 0);
    const past = starts[j] + shape[j];
    parts(base, strides[j], starts[j], past, dims[j] - past, [shape.slice(0, j), strides.slice(0, j)], [dims.slice(j + 1), strides.slice(j + 1)]);
  }
  return out;
}
