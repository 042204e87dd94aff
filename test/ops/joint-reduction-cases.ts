// Programs whose reductions pair up into one pass (src/ir/reduce-pairs.ts): var/std/standardize
// (the mean with the sum of squared deviations) and softmax/logsumexp (the maximum with the sum of
// exponentials), written as users write them, over dtypes, axes, keepdims, views and NaN/Inf rows,
// each with its NumPy expression. Shared by the CPU test (test/ops/joint-reductions.test.ts) and
// the device test (test/gpu/joint-reductions.test.ts).
import * as cp from '../../src/index.js';
import type { DTypeName, HostArray } from '../helpers/numpy-oracle.js';
import { randomArray } from '../helpers/numpy-oracle.js';
import { toDevice } from '../helpers/arrays.js';

export interface JointCase {
  label: string;
  input: HostArray;
  /** The program over the uploaded input. */
  run: (a: cp.NDArray) => cp.NDArray;
  /** NumPy's expression over `a`. */
  numpy: string;
}

type Axis = number | number[] | null;
const pyAxis = (axis: Axis) => (axis === null ? 'None' : Array.isArray(axis) ? `(${axis.join(', ')})` : String(axis));

/** The programs, as users write them, and NumPy's forms. */
// `viaFloat32`: of float16 data cupyts computes in float32 and rounds the result back (mean's and
// var's accumulator, sum's), where NumPy's var sums float16 squares in float16 (a 40x1100 var
// overflows to inf there): the oracle is NumPy's program over float32, rounded to float16.
export const PROGRAMS: Record<string, { run: (a: cp.NDArray, axis: Axis, keepdims: boolean) => cp.NDArray; numpy: (ax: string, kd: string) => string; floatOnly?: boolean; viaFloat32?: boolean }> = {
  var: { viaFloat32: true, run: (a, axis, keepdims) => cp.var(a, { axis, keepdims }), numpy: (ax, kd) => `np.var(a, axis=${ax}, keepdims=${kd})` },
  std_ddof1: { viaFloat32: true, run: (a, axis, keepdims) => cp.std(a, { axis, keepdims, ddof: 1 }), numpy: (ax, kd) => `np.std(a, axis=${ax}, keepdims=${kd}, ddof=1)` },
  mean_and_var: {
    viaFloat32: true,
    run: (a, axis, keepdims) => cp.stack([cp.mean(a, { axis, keepdims }), cp.var(a, { axis, keepdims })]),
    numpy: (ax, kd) => `np.stack([np.mean(a, axis=${ax}, keepdims=${kd}), np.var(a, axis=${ax}, keepdims=${kd})])`,
  },
  // float16: the deviation and the quotient round to float16, the std is computed in float32 (as above).
  standardize: {
    run: (a, axis) => a.sub(cp.mean(a, { axis, keepdims: true })).div(cp.std(a, { axis, keepdims: true })),
    numpy: (ax) => `(a - a.mean(axis=${ax}, keepdims=True)) / (a.std(axis=${ax}, keepdims=True, dtype=np.float32).astype(np.float16) if a.dtype == np.float16 else a.std(axis=${ax}, keepdims=True))`,
  },
  user_variance: {
    run: (a, axis, keepdims) => { const d = a.sub(cp.mean(a, { axis, keepdims: true })); return cp.mean(d.mul(d), { axis, keepdims }); },
    numpy: (ax, kd) => `np.mean((a - a.mean(axis=${ax}, keepdims=True)) * (a - a.mean(axis=${ax}, keepdims=True)), axis=${ax}, keepdims=${kd})`,
    floatOnly: true,
  },
  softmax: {
    run: (a, axis) => { const e = cp.exp(a.sub(cp.max(a, { axis, keepdims: true }))); return e.div(cp.sum(e, { axis, keepdims: true })); },
    numpy: (ax) => `np.exp(a - a.max(axis=${ax}, keepdims=True)) / np.exp(a - a.max(axis=${ax}, keepdims=True)).sum(axis=${ax}, keepdims=True)`,
    floatOnly: true,
  },
  logsumexp: {
    viaFloat32: true,
    run: (a, axis, keepdims) => cp.log(cp.sum(cp.exp(a.sub(cp.max(a, { axis, keepdims: true }))), { axis, keepdims })).add(cp.max(a, { axis, keepdims })),
    numpy: (ax, kd) => `np.log(np.exp(a - a.max(axis=${ax}, keepdims=True)).sum(axis=${ax}, keepdims=${kd})) + a.max(axis=${ax}, keepdims=${kd})`,
    floatOnly: true,
  },
};

function add(out: JointCase[], name: string, label: string, input: HostArray, axis: Axis, keepdims = false, view?: { run: (a: cp.NDArray) => cp.NDArray; py: string }): void {
  const p = PROGRAMS[name];
  const kd = keepdims ? 'True' : 'False';
  const expr = p.numpy(pyAxis(axis), kd);
  const numpy = p.viaFloat32 && input.dtype === 'float16' ? `(lambda a: ${expr})(a.astype(np.float32)).astype(np.float16)` : expr;
  out.push({
    label: `${name} ${label} axis=${pyAxis(axis)}${keepdims ? ' keepdims' : ''}${view ? ` of ${view.py}` : ''}`,
    input,
    run: (a) => p.run(view ? view.run(a) : a, axis, keepdims),
    numpy: view ? `(lambda a: ${numpy})(${view.py})` : numpy,
  });
}

/** Rows with NaN, ±inf, all -inf and [inf, 1]-like rows, n elements each (n ≥ 8). */
export function specialRows(dtype: DTypeName, n: number, seed: number): HostArray {
  const rows = 9;
  const h = randomArray(dtype, [rows, n], seed, { low: -3, high: 3 });
  const set = (r: number, c: number, v: number) => { (h.data as Float32Array | Float64Array)[r * n + c] = v; };
  set(1, Math.floor(n / 2), NaN);
  set(2, 5, Infinity);
  for (let c = 0; c < n; c++) set(3, c, -Infinity);
  set(4, 0, -Infinity); set(4, n - 1, -Infinity); set(4, Math.floor(n / 3), -Infinity);
  set(5, 1, Infinity); set(5, n - 2, Infinity);
  set(6, 0, Infinity);
  for (let c = 1; c < n; c++) set(6, c, 1);
  set(7, 2, -Infinity); set(7, 3, Infinity);
  set(8, n - 1, NaN); set(8, 0, Infinity);
  return h;
}

export function jointCases(): JointCase[] {
  const out: JointCase[] = [];
  const dtypes: DTypeName[] = ['float16', 'float32', 'float64'];
  dtypes.forEach((dtype, i) => {
    const flat = randomArray(dtype, [3000], 10 + i, { low: -3, high: 3 });
    const wide = randomArray(dtype, [40, 1100], 20 + i, { low: -3, high: 3 });
    const tall = randomArray(dtype, [1100, 40], 30 + i, { low: -3, high: 3 });
    const cube = randomArray(dtype, [6, 5, 300], 40 + i, { low: -3, high: 3 });
    for (const name of Object.keys(PROGRAMS)) {
      add(out, name, `${dtype} 3000`, flat, 0);
      add(out, name, `${dtype} 3000`, flat, null);
      for (const axis of [1, -1, 0, -2]) add(out, name, `${dtype} 40x1100`, wide, axis, axis === -1);
      add(out, name, `${dtype} 1100x40`, tall, 0, true);
      add(out, name, `${dtype} 40x1100`, wide, null);
      add(out, name, `${dtype} 6x5x300`, cube, [0, 2]);
      add(out, name, `${dtype} 6x5x300`, cube, -1, true);
      add(out, name, `${dtype} 40x1100`, wide, 0, false, { run: (a) => a.T, py: 'a.T' });
      add(out, name, `${dtype} 6x5x300`, cube, 1, false, { run: (a) => a.get(':, ::2, ::3'), py: 'a[:, ::2, ::3]' });
    }
  });
  // Integers: var and std accumulate in float64.
  const ints = randomArray('int32', [40, 1100], 50);
  for (const name of Object.keys(PROGRAMS).filter((n) => !PROGRAMS[n].floatOnly)) for (const axis of [1, 0]) add(out, name, 'int32 40x1100', ints, axis);
  // NaN and infinities, along rows (axis 1) and down columns (axis 0 of the transpose).
  for (const dtype of ['float32', 'float64'] as DTypeName[]) {
    for (const n of [8, 1500]) {
      const h = specialRows(dtype, n, n);
      for (const name of Object.keys(PROGRAMS)) {
        add(out, name, `${dtype} special rows of ${n}`, h, 1);
        add(out, name, `${dtype} special rows of ${n}`, h, 0, false, { run: (a) => a.T, py: 'a.T' });
      }
    }
    const pair = { dtype, shape: [1, 2], data: dtype === 'float32' ? Float32Array.of(Infinity, 1) : Float64Array.of(Infinity, 1) } as HostArray;
    add(out, 'softmax', `${dtype} [inf, 1]`, pair, 1);
    add(out, 'logsumexp', `${dtype} [inf, 1]`, pair, 1);
  }
  return out;
}

export { toDevice };
