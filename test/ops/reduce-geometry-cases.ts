// The grid of reductions the geometry tests run (test/ops/reduce-geometry.test.ts against NumPy on
// the current backend, test/gpu/reduce-geometry.test.ts GPU against CPU): shapes from empty and
// 1-element extents to few-long and many-short rows, every axis, contiguous, transposed and
// broadcast inputs, and the multi-phase programs (var, softmax, logsumexp). Sizes are small, but
// large enough that every geometry of src/ir/reduce-geometry.ts is planned at least once.
import * as cp from '../../src/index.js';
import { toDevice } from '../helpers/arrays.js';
import { randomArray, type CompareOptions, type HostArray } from '../helpers/numpy-oracle.js';

export interface GeometryCase {
  label: string;
  /** Builds the result from the inputs on the current backend. */
  run: (inputs: Record<string, cp.NDArray>) => cp.NDArray;
  /** The same in NumPy over the input names. */
  expr: string;
  inputs: Record<string, HostArray>;
  tol: CompareOptions;
}

type Axis = number | null;
interface Op {
  name: string;
  run: (x: cp.NDArray, axis: Axis) => cp.NDArray;
  py: (x: string, axis: Axis) => string;
  /** Needs a non-empty reduced extent (NumPy raises or warns otherwise). */
  nonEmpty: boolean;
  /** Only on the small shapes (several phases: the big shapes keep the grid quick). */
  small?: boolean;
}

const ax = (axis: Axis) => (axis === null ? {} : { axis });
const pyAx = (axis: Axis) => (axis === null ? 'None' : String(axis));

const softmax = (x: cp.NDArray, axis: Axis) => {
  const e = x.sub(x.max({ ...ax(axis), keepdims: true })).exp();
  return e.div(e.sum({ ...ax(axis), keepdims: true }));
};
const logsumexp = (x: cp.NDArray, axis: Axis) => {
  const m = x.max({ ...ax(axis), keepdims: true });
  return x.sub(m).exp().sum({ ...ax(axis), keepdims: true }).log().add(m);
};

export const OPS: Op[] = [
  { name: 'sum', run: (x, a) => x.sum(ax(a)), py: (x, a) => `np.sum(${x}, axis=${pyAx(a)})`, nonEmpty: false },
  { name: 'mean', run: (x, a) => x.mean(ax(a)), py: (x, a) => `np.mean(${x}, axis=${pyAx(a)})`, nonEmpty: true },
  { name: 'max', run: (x, a) => x.max(ax(a)), py: (x, a) => `np.max(${x}, axis=${pyAx(a)})`, nonEmpty: true },
  { name: 'argmax', run: (x, a) => x.argmax(ax(a)), py: (x, a) => `np.argmax(${x}, axis=${pyAx(a)})`, nonEmpty: true },
  { name: 'var', run: (x, a) => x.var(ax(a)), py: (x, a) => `np.var(${x}, axis=${pyAx(a)})`, nonEmpty: true, small: true },
  {
    name: 'softmax', run: softmax, nonEmpty: true, small: true,
    py: (x, a) => `np.exp(${x} - ${x}.max(axis=${pyAx(a)}, keepdims=True)) / np.exp(${x} - ${x}.max(axis=${pyAx(a)}, keepdims=True)).sum(axis=${pyAx(a)}, keepdims=True)`,
  },
  {
    name: 'logsumexp', run: logsumexp, nonEmpty: true, small: true,
    py: (x, a) => `np.log(np.exp(${x} - ${x}.max(axis=${pyAx(a)}, keepdims=True)).sum(axis=${pyAx(a)}, keepdims=True)) + ${x}.max(axis=${pyAx(a)}, keepdims=True)`,
  },
];

/** (rows, cols): empty and 1-element extents, short and long rows, few and many outputs. */
export const SMALL_SHAPES: Array<[number, number]> = [
  [0, 5], [5, 0], [1, 1], [1, 9], [9, 1], [3, 70], [70, 3], [64, 64], [33, 300], [300, 33], [40, 1100], [1100, 40],
];
/** Shapes that reach the split and many-output geometries. */
export const LARGE_SHAPES: Array<[number, number]> = [[3, 9000], [9000, 3], [6000, 8], [8, 6000], [4200, 40], [8200, 300]];

const TOL: CompareOptions = { rtol: 2e-5, atol: 2e-4 };
/** The CPU path sums in order in float32, NumPy pairwise: the difference grows with the extent. */
const sumTolerance = (reduced: number): CompareOptions => ({ rtol: 2e-5, atol: 2e-4 + 3e-7 * reduced });

let seed = 7100;
const data = (shape: number[]) => randomArray('float32', shape, seed++, { low: -3, high: 3 });

/** Each op over each axis of a contiguous (rows, cols) array and of a transposed view of that shape. */
function matrixCases(shapes: Array<[number, number]>, ops: Op[]): GeometryCase[] {
  const cases: GeometryCase[] = [];
  for (const [rows, cols] of shapes) {
    const a = data([rows, cols]);
    const t = data([cols, rows]);
    for (const layout of ['contiguous', 'transposed'] as const) {
      const inputs: Record<string, HostArray> = layout === 'contiguous' ? { a } : { t };
      const name = layout === 'contiguous' ? 'a' : 't.T';
      const view = (x: Record<string, cp.NDArray>) => (layout === 'contiguous' ? x.a : x.t.T);
      for (const axis of [0, 1, -1, null] as Axis[]) {
        const reduced = axis === null ? rows * cols : axis === 0 ? rows : cols;
        for (const op of ops) {
          if (op.nonEmpty && reduced === 0) continue;
          if (axis === -1 && op.name !== 'sum' && op.name !== 'softmax') continue;
          cases.push({
            label: `${op.name} over axis ${pyAx(axis)} of ${layout} (${rows}, ${cols})`,
            run: (x) => op.run(view(x), axis), expr: `np.asarray(${op.py(name, axis)})`, inputs, tol: sumTolerance(reduced),
          });
        }
      }
    }
  }
  return cases;
}

/** Very many very short rows: a thread per output. */
function manyShortRowCases(): GeometryCase[] {
  const a = data([300_000, 4]);
  return [
    { label: 'sum of (300000, 4) rows', run: (v) => v.a.sum(1), expr: 'np.asarray(np.sum(a, axis=1))', inputs: { a }, tol: TOL },
    { label: 'argmax of (300000, 4) rows', run: (v) => v.a.argmax({ axis: 1 }), expr: 'np.asarray(np.argmax(a, axis=1))', inputs: { a }, tol: TOL },
    {
      label: 'softmax of (300000, 4) rows', run: (v) => softmax(v.a, 1), inputs: { a }, tol: TOL,
      expr: 'np.asarray(np.exp(a - a.max(axis=1, keepdims=True)) / np.exp(a - a.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))',
    },
  ];
}

/** Many short columns: more outputs and fewer lanes per column block (a thread per output at 4 rows). */
function manyShortColumnCases(): GeometryCase[] {
  const a = data([4, 300_000]);
  const b = data([16, 40_000]);
  return [
    { label: 'sum over axis 0 of (4, 300000): a thread per column', run: (v) => v.a.sum(0), expr: 'np.asarray(np.sum(a, axis=0))', inputs: { a }, tol: TOL },
    { label: 'mean over axis 0 of (16, 40000): 8 lanes × 64 columns', run: (v) => v.b.mean(0), expr: 'np.asarray(np.mean(b, axis=0))', inputs: { b }, tol: TOL },
    { label: 'argmax over axis 0 of (16, 40000)', run: (v) => v.b.argmax({ axis: 0 }), expr: 'np.asarray(np.argmax(b, axis=0))', inputs: { b }, tol: TOL },
  ];
}

/** Broadcast-reduces: pairwise squared distances and a per-row bias along the reduced axis. */
function broadcastCases(): GeometryCase[] {
  const cases: GeometryCase[] = [];
  for (const [n, m, k] of [[0, 4, 8], [5, 0, 8], [4, 5, 0], [1, 1, 1], [3, 4, 5], [40, 30, 64], [7, 300, 3], [200, 150, 16], [9, 11, 1500]]) {
    const x = data([n, k]);
    const y = data([m, k]);
    cases.push({
      label: `pairwise squared distances (${n}, ${k}) × (${m}, ${k})`,
      run: (v) => v.x.reshape([n, 1, k]).sub(v.y.reshape([1, m, k])).square().sum(-1),
      expr: `np.asarray(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1))`, inputs: { x, y }, tol: { rtol: 2e-5, atol: 1e-3 },
    });
    if (n > 0 && m > 0 && k > 0) {
      const yt = data([k, m]);
      cases.push({
        label: `pairwise dot products with a transposed view (${n}, ${k}) × (${k}, ${m}).T`,
        run: (v) => cp.expand_dims(v.x, 1).mul(cp.expand_dims(v.yt.T, 0)).sum(-1),
        expr: 'np.asarray((x[:, None, :] * yt.T[None, :, :]).sum(-1))', inputs: { x, yt }, tol: { rtol: 2e-5, atol: 1e-3 },
      });
    }
  }
  for (const [rows, cols] of [[6, 50], [3000, 5], [40, 9000]]) {
    const a = data([rows, cols]);
    const b = data([rows, 1]);
    cases.push({
      label: `softmax of (${rows}, ${cols}) rows plus a per-row bias`,
      run: (v) => softmax(v.a.add(v.b), -1),
      expr: 'np.asarray(np.exp((a + b) - (a + b).max(axis=-1, keepdims=True)) / np.exp((a + b) - (a + b).max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True))',
      inputs: { a, b }, tol: TOL,
    });
  }
  return cases;
}

/** Column statistics feeding a broadcast, and a reduction over a difference with a transposed view. */
function programCases(): GeometryCase[] {
  const cases: GeometryCase[] = [];
  for (const [rows, cols] of [[1, 4], [50, 7], [700, 40], [5000, 8]]) {
    const a = data([rows, cols]);
    cases.push({
      label: `standardize columns of (${rows}, ${cols})`,
      run: (v) => v.a.sub(v.a.mean(0)).div(v.a.std(0).add(1)),
      expr: 'np.asarray((a - a.mean(0)) / (a.std(0) + np.float32(1)))', inputs: { a }, tol: TOL,
    });
  }
  for (const n of [1, 17, 130]) {
    const s = data([n, n]);
    for (const axis of [null, 0, 1] as Axis[]) {
      cases.push({
        label: `((A - A.T)**2).sum(axis=${pyAx(axis)}) of (${n}, ${n})`,
        run: (v) => v.s.sub(v.s.T).square().sum(ax(axis)),
        expr: `np.asarray(((s - s.T) ** 2).sum(axis=${pyAx(axis)}))`, inputs: { s }, tol: { rtol: 2e-5, atol: 1e-3 },
      });
    }
  }
  return cases;
}

export function geometryCases(): GeometryCase[] {
  seed = 7100;
  return [
    ...matrixCases(SMALL_SHAPES, OPS),
    ...matrixCases(LARGE_SHAPES, OPS.filter((o) => ['sum', 'argmax', 'softmax'].includes(o.name))),
    ...manyShortRowCases(),
    ...manyShortColumnCases(),
    ...broadcastCases(),
    ...programCases(),
  ];
}

/** The inputs of a case on the current backend. */
export function upload(c: GeometryCase): Record<string, cp.NDArray> {
  return Object.fromEntries(Object.entries(c.inputs).map(([k, h]) => [k, toDevice(h)]));
}
