// Rearranging elements, NumPy's tile, roll and rot90. rot90 is a view (flips and a transpose);
// tile is one broadcast copy; roll writes the input's pieces (two per rolled axis) into a new
// array, one kernel per piece.
import { CupytsError, argError } from '../ir/errors.js';
import { broadcastNode } from '../ir/graph.js';
import { checkArraySize } from '../ir/shape.js';
import { assign } from './assign.js';
import { checkAxis } from './array-params.js';
import { alongAxis, uninitialized, copyOf, toArray, type ArrayLike } from './join-parts.js';
import { NDArray } from './ndarray.js';
import { isInteger } from './param-types.js';
import { flip, ravel, reshape, transpose } from './views.js';

/** NumPy's tile: `A` repeated `reps` times along each axis (reps and A's shape right-aligned). */
export function tile(A: ArrayLike, reps: number | readonly number[]): NDArray {
  const a = toArray('tile', A);
  const list = typeof reps === 'number' ? [reps] : Array.isArray(reps) ? Array.from(reps) : undefined; // a hole reads as undefined
  if (!list || !list.every((r) => Number.isSafeInteger(r) && r >= 0)) {
    throw argError('tile', 'a non-negative integer number of repetitions or a list of them', reps);
  }
  const ndim = Math.max(a.ndim, list.length);
  const times = [...new Array<number>(ndim - list.length).fill(1), ...list];
  const shape = [...new Array<number>(ndim - a.ndim).fill(1), ...a.shape];
  checkArraySize('tile', shape.map((d, j) => d * times[j]), a.dtype.itemsize);
  if (times.every((r) => r === 1)) return copyOf(reshape(a, shape));
  // shape (1, s0, 1, s1, ...) broadcast to (r0, s0, r1, s1, ...), then merged pairwise.
  const spaced = reshape(a, shape.flatMap((d) => [1, d]));
  const repeated = new NDArray(broadcastNode(spaced.node, shape.flatMap((d, j) => [times[j], d])), a.runner);
  return reshape(repeated, shape.map((d, j) => d * times[j]));
}

/** One integer or a list of them (a shift), as a list. */
function integers(op: string, name: string, x: unknown): number[] {
  const list: unknown[] = typeof x === 'number' ? [x] : Array.isArray(x) ? Array.from(x) : [x]; // a hole reads as undefined
  if (!list.every(isInteger)) throw argError(op, `an integer ${name} or a list of them`, x);
  return list as number[];
}

/** Shifts per axis from NumPy's broadcast of `shift` against `axis` (a repeated axis adds up). */
function shiftsPerAxis(shift: number | readonly number[], axis: number | readonly number[], ndim: number): Map<number, number> {
  const shifts = integers('roll', 'shift', shift);
  if (typeof axis !== 'number' && !Array.isArray(axis)) throw argError('roll', 'an integer axis, a list of them or null', axis);
  const axes = (typeof axis === 'number' ? [axis] : Array.from(axis)).map((j) => checkAxis('roll', j, ndim));
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new CupytsError('ERR_ARG', `roll: expected shift and axis of one length (or either a single number), got ${shifts.length} shifts and ${axes.length} axes`);
  }
  const total = new Map<number, number>();
  const n = Math.max(shifts.length, axes.length);
  for (let i = 0; i < n; i++) {
    const j = axes[axes.length === 1 ? 0 : i];
    total.set(j, (total.get(j) ?? 0) + shifts[shifts.length === 1 ? 0 : i]);
  }
  return total;
}

interface Piece { from: number; to: number; count: number }

/** NumPy's roll: elements shifted along axes, those pushed off one end coming in at the other. */
export function roll(A: ArrayLike, shift: number | readonly number[], axis: number | readonly number[] | null = null): NDArray {
  const a = toArray('roll', A);
  if (axis === null) {
    const shifts = integers('roll', 'shift', shift);
    return reshape(roll(ravel(a), shifts.reduce((x, y) => x + y, 0), 0), a.shape);
  }
  const perAxis = shiftsPerAxis(shift, axis, a.ndim);
  // Along axis j of length n, a shift s (mod n) moves a[0:n-s] to out[s:n] and a[n-s:n] to out[0:s].
  const rolled: Array<{ axis: number; pieces: Piece[] }> = [];
  for (const [j, s] of perAxis) {
    const n = a.shape[j];
    const k = n === 0 ? 0 : ((s % n) + n) % n;
    if (k !== 0) rolled.push({ axis: j, pieces: [{ from: 0, to: k, count: n - k }, { from: n - k, to: 0, count: k }] });
  }
  if (rolled.length === 0 || a.size === 0) return copyOf(a);
  const out = uninitialized('roll', a.shape, a.dtype, a.runner);
  const write = (i: number, source: NDArray, target: NDArray): void => {
    if (i === rolled.length) {
      assign('roll', target, source);
      return;
    }
    const { axis: j, pieces } = rolled[i];
    for (const p of pieces) write(i + 1, alongAxis(source, j, p.from, p.count), alongAxis(target, j, p.to, p.count));
  };
  write(0, a, out);
  return out;
}

/** NumPy's rot90: `m` rotated by 90° k times in the plane of `axes`, from the first axis towards the second (a view). */
export function rot90(m: ArrayLike, k = 1, axes: readonly number[] = [0, 1]): NDArray {
  const a = toArray('rot90', m);
  const pair = Array.isArray(axes) ? Array.from(axes) : []; // a hole reads as undefined
  if (pair.length !== 2 || !pair.every((j) => Number.isInteger(j))) {
    throw argError('rot90', 'axes as a list of 2 integers', axes);
  }
  const [p, q] = pair;
  if (p === q || Math.abs(p - q) === a.ndim) throw new CupytsError('ERR_AXIS', `rot90: expected two different axes, got [${p}, ${q}] for an array of ${a.ndim} dimensions`);
  if (p >= a.ndim || p < -a.ndim || q >= a.ndim || q < -a.ndim) {
    throw new CupytsError('ERR_AXIS', `rot90: axes [${p}, ${q}] out of range for array of ndim=${a.ndim}`);
  }
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return a;
  if (turns === 2) return flip(a, [p, q]);
  const i = checkAxis('rot90', p, a.ndim);
  const j = checkAxis('rot90', q, a.ndim);
  const perm = a.shape.map((_, x) => (x === i ? j : x === j ? i : x));
  return turns === 1 ? transpose(flip(a, j), perm) : flip(transpose(a, perm), j);
}
