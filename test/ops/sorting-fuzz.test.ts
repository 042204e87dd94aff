// A differential fuzzer of sorting, searching, sets, order statistics and histograms, frozen:
// fixed-seed cases (every dtype, ties, NaN, ±0, ±inf, empty and 1-sized dimensions, negative axes,
// lazy producers and strided views as inputs) against NumPy on the CPU's schedule and on a GPU's
// (run by the CPU's code, the runner reporting kind 'cuda'); then one case per bug it found.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import {
  compareArrays, f16BitsToNumber, mulberry32, numpy, numpyOne, numberToF16Bits, randomArray, type DTypeName, type HostArray,
} from '../helpers/numpy-oracle.js';
import { partitionFailures, type LabelledResult } from '../helpers/partition-check.js';
import { onSchedule } from '../helpers/schedule.js';

setBackendNotice(() => {});

type Arrays = Record<string, cp.NDArray>;
interface Case {
  label: string;
  inputs: Record<string, HostArray>;
  expr: string;
  run: (x: Arrays) => cp.NDArray | cp.NDArray[];
  /** Computed floats: within tolerance (else bit for bit, -0 apart from +0). */
  approx?: boolean;
  /** Checked against NumPy's partition contract instead of one answer. */
  partition?: { kth: number; axis: number | null; arg: boolean };
}

const ALL: DTypeName[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64'];
const FLOATS: DTypeName[] = ['float16', 'float32', 'float64'];

/** Many ties: floats rounded to halves (NaN, ±inf, ±0 mixed in), integers in [-4, 4] or over their range. */
function data(dtype: DTypeName, shape: number[], seed: number, wide = false): HostArray {
  const range = wide || dtype === 'bool' ? { special: true } : { low: dtype.startsWith('u') ? 0 : -4, high: 4, special: true };
  const h = randomArray(dtype, shape, seed, range);
  if (FLOATS.includes(dtype) && !wide) {
    const d = h.data as unknown as number[];
    for (let i = 0; i < h.data.length; i++) {
      const v = dtype === 'float16' ? f16BitsToNumber(d[i]) : d[i];
      const r = Number.isFinite(v) && v !== 0 ? Math.round(v * 2) / 2 : v;
      d[i] = dtype === 'float16' ? numberToF16Bits(r) : r;
    }
  }
  return h;
}

/** The input as a lazy expression or a non-contiguous view (k: 0 as is, 1 lazy, 2 transposed, 3 reversed, 4 every other reversed). */
function view(name: string, dtype: DTypeName, ndim: number, k: number): { js: (x: Arrays) => cp.NDArray; py: string } {
  const s = (step: number) => [cp.slice(null, null, step), ...Array.from({ length: ndim - 1 }, () => cp.slice())];
  switch (ndim === 0 ? 0 : k % 5) {
    case 1: return dtype === 'bool'
      ? { js: (x) => cp.logical_or(x[name], false), py: `np.logical_or(${name}, False)` }
      : { js: (x) => cp.multiply(x[name], 1), py: `np.multiply(${name}, 1)` };
    case 2: return { js: (x) => cp.transpose(x[name]), py: `np.transpose(${name})` };
    case 3: return { js: (x) => x[name].get(s(-1)), py: `${name}[::-1]` };
    case 4: return { js: (x) => x[name].get(s(-2)), py: `${name}[::-2]` };
    default: return { js: (x) => x[name], py: name };
  }
}

const py = (v: unknown): string => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : Array.isArray(v) ? `(${v.map(py).join(', ')},)` : typeof v === 'string' ? `'${v}'` : String(v));
const SHAPES = [[7], [0], [1], [5, 4], [3, 0], [1, 6], [3, 4, 2], [2, 1, 5], [33], [4, 9]];

function cases(): Record<string, Case[]> {
  const rand = mulberry32(2024);
  const ri = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  let seed = 9100;
  const out: Record<string, Case[]> = { sort: [], partition: [], lexsort: [], searchsorted: [], unique: [], sets: [], stats: [], histogram: [], counts: [] };

  for (let i = 0; i < 16; i++) {
    const dtype = ALL[i % ALL.length];
    const shape = SHAPES[i % SHAPES.length];
    const a = data(dtype, shape, seed++, i % 4 === 3);
    const v = view('a', dtype, shape.length, i);
    const axis = i % 5 === 4 ? null : -1 - (i % shape.length);
    const kind = pick([undefined, 'quicksort', 'mergesort', 'heapsort', 'stable'] as const);
    const f = i % 2 ? 'argsort' : 'sort';
    out.sort.push({
      label: `${f} ${dtype} [${shape}] axis ${axis} kind ${kind}`, inputs: { a }, expr: `np.${f}(${v.py}, axis=${py(axis)}, kind='stable')`,
      run: (x) => (f === 'sort' ? cp.sort(v.js(x), axis, kind) : cp.argsort(v.js(x), { axis, kind })),
    });
  }
  for (let i = 0; i < 4; i++) {
    const dtype = pick(ALL);
    const a = data(dtype, [4, 6], seed++);
    out.sort.push({
      label: `x.sort(${i - 2}) of a view, ${dtype}`, inputs: { a }, expr: `(lambda b: (b[::-1, ::2].sort(axis=${i % 2 - 2}, kind='stable'), b)[1])(a.copy())`,
      run: (x) => { const b = x.a.copy(); b.get([cp.slice(null, null, -1), cp.slice(null, null, 2)]).sort(i % 2 - 2); return b; },
    });
  }

  for (let i = 0; i < 10; i++) {
    const dtype = ALL[(i * 5) % ALL.length];
    const shape = [[9], [4, 7], [3, 2, 5], [1], [6, 1]][i % 5];
    const a = data(dtype, shape, seed++);
    const axis = i % 4 === 3 ? null : -1 - (i % shape.length);
    const n = axis === null ? shape.reduce((p, q) => p * q, 1) : shape[(axis + shape.length) % shape.length];
    const kth = ri(-n, n - 1);
    const arg = i % 2 === 1;
    out.partition.push({ label: `${arg ? 'arg' : ''}partition ${dtype} [${shape}] kth ${kth} axis ${axis}`, inputs: { a }, expr: 'a', run: (x) => (arg ? cp.argpartition(x.a, kth, axis) : cp.partition(x.a, kth, axis)), partition: { kth, axis, arg } });
  }

  for (let i = 0; i < 6; i++) {
    const shape = i % 2 ? [3, 8] : [11];
    const keys = Array.from({ length: 1 + (i % 3) }, () => data(pick(ALL), shape, seed++));
    const inputs = Object.fromEntries(keys.map((k, j) => [`k${j}`, k]));
    const axis = i % 4 === 3 ? 0 : -1;
    out.lexsort.push({ label: `lexsort ${keys.map((k) => k.dtype)} [${shape}] axis ${axis}`, inputs, expr: `np.lexsort([${keys.map((_, j) => `k${j}`)}], axis=${axis})`, run: (x) => cp.lexsort(keys.map((_, j) => x[`k${j}`]), axis) });
  }

  for (let i = 0; i < 10; i++) {
    const dtype = ALL[(i * 7) % ALL.length];
    const t = data(dtype, [i === 0 ? 0 : ri(1, 12)], seed++);
    const q = data(i % 3 ? dtype : pick(ALL), [[5], [2, 3], []][i % 3], seed++);
    const side = pick(['left', 'right'] as const);
    if (i % 2) {
      out.searchsorted.push({ label: `searchsorted ${dtype} with sorter, ${q.dtype} queries, ${side}`, inputs: { t, q }, expr: `np.searchsorted(t, q, side='${side}', sorter=np.argsort(t, kind='stable'))`, run: (x) => cp.searchsorted(x.t, x.q, side, cp.argsort(x.t)) });
    } else {
      out.searchsorted.push({ label: `searchsorted sorted ${dtype}, reversed view, ${q.dtype} queries, ${side}`, inputs: { t, q }, expr: `np.searchsorted(np.sort(t)[::-1][::-1], q, side='${side}')`, run: (x) => cp.searchsorted(cp.flip(cp.flip(cp.sort(x.t))), x.q, side) });
    }
  }

  for (let i = 0; i < 12; i++) {
    const dtype = ALL[(i * 5 + 1) % ALL.length];
    const shape = [[12], [3, 4], [4, 1, 3], [0], [5, 2]][i % 5];
    const a = data(dtype, shape, seed++);
    const v = view('a', dtype, shape.length, i);
    const [ri_, rv, rc] = [i % 2 === 0, i % 3 === 0, i % 4 < 2];
    const keep = [0, ...(ri_ ? [1] : []), ...(rv ? [2] : []), ...(rc ? [3] : [])];
    const axis = i % 3 === 2 && !FLOATS.includes(dtype) ? -1 : null;
    const expr = `(lambda r: r[0] if ${keep.length} == 1 else tuple(r[j] for j in ${py(keep)}))(np.unique(${v.py}, True, True, True, axis=${py(axis)}))`;
    out.unique.push({ label: `unique ${dtype} [${shape}] axis ${axis} returns ${keep}`, inputs: { a }, expr, run: (x) => cp.unique(v.js(x), ri_, rv, rc, axis) });
  }
  {
    const a = data('float32', [3, 4], seed++);
    out.unique.push({ label: 'unique_all float32', inputs: { a }, expr: '(lambda r: (r[0], r[1], r[2].reshape(a.shape), r[3]))(np.unique(a, True, True, True, equal_nan=False))', run: (x) => cp.unique_all(x.a) });
    out.unique.push({ label: 'unique_counts float32', inputs: { a }, expr: 'np.unique(a, return_counts=True, equal_nan=False)', run: (x) => cp.unique_counts(x.a) });
  }

  for (let i = 0; i < 10; i++) {
    const f = (['isin', 'intersect1d', 'union1d', 'setdiff1d', 'setxor1d'] as const)[i % 5];
    const d1 = ALL[(i * 3) % ALL.length];
    const d2 = i % 3 ? d1 : ALL[(i * 3 + 4) % ALL.length];
    const a = data(d1, i % 2 ? [3, 4] : [9], seed++);
    const b = data(d2, [i === 5 ? 0 : 6], seed++);
    const v = view('a', d1, a.shape.length, i);
    const inputs = { a, b };
    if (f === 'isin') out.sets.push({ label: `isin ${d1} ${d2} invert ${i > 4}`, inputs, expr: `np.isin(${v.py}, b, invert=${py(i > 4)})`, run: (x) => cp.isin(v.js(x), x.b, false, i > 4) });
    else if (f === 'intersect1d') out.sets.push({ label: `intersect1d ${d1} ${d2} return_indices`, inputs, expr: `np.intersect1d(${v.py}, b, return_indices=True)`, run: (x) => cp.intersect1d(v.js(x), x.b, false, true) });
    // approx: union1d, setdiff1d and setxor1d sort with NumPy's unstable quicksort, whose choice between
    // -0 and 0 for their run depends on the host's SIMD sort (this machine's float16 union1d took -0)
    else out.sets.push({ label: `${f} ${d1} ${d2}`, inputs, approx: true, expr: `np.${f}(${v.py}, b)`, run: (x) => cp[f](v.js(x), x.b) });
  }

  const METHODS = ['linear', 'lower', 'higher', 'nearest', 'midpoint', 'inverted_cdf', 'averaged_inverted_cdf', 'closest_observation', 'interpolated_inverted_cdf', 'hazen', 'weibull', 'median_unbiased', 'normal_unbiased'] as const;
  for (let i = 0; i < 14; i++) {
    const dtype = i % 4 === 3 ? (['int16', 'uint8', 'int64'] as const)[i % 3] : FLOATS[i % 3];
    const shape = [[7], [4, 5], [3, 2, 4], [1, 6]][i % 4];
    const a = data(dtype, shape, seed++);
    const v = view('a', dtype, shape.length, i);
    const axis = i % 3 === 0 ? null : i % 3 === 1 ? -1 : shape.length > 1 ? [0, -1] : 0;
    const keepdims = i % 2 === 1;
    const f = (['median', 'nanmedian', 'quantile', 'nanquantile', 'percentile', 'nanpercentile'] as const)[i % 6];
    if (f.endsWith('median')) {
      out.stats.push({ label: `${f} ${dtype} [${shape}] axis ${axis}`, inputs: { a }, approx: true, expr: `np.${f}(${v.py}, axis=${py(axis)}, keepdims=${py(keepdims)})`, run: (x) => cp[f as 'median'](v.js(x), axis, null, false, keepdims) });
    } else {
      const method = METHODS[i % METHODS.length];
      const scale = f.includes('percentile') ? 100 : 1;
      const q = i % 2 ? [0.1 * scale, 0.5 * scale, 1 * scale] : 0.3 * scale;
      const qpy = Array.isArray(q) ? `np.array([${q}], float)` : `float(${q})`;
      out.stats.push({ label: `${f} ${dtype} [${shape}] axis ${axis} ${method}`, inputs: { a }, approx: true, expr: `np.${f}(${v.py}, ${qpy}, axis=${py(axis)}, keepdims=${py(keepdims)}, method='${method}')`, run: (x) => cp[f as 'quantile'](v.js(x), q, { axis, keepdims, method }) });
    }
  }

  for (let i = 0; i < 8; i++) {
    const dtype = (['float64', 'float32', 'int32', 'float16', 'uint8', 'int64'] as const)[i % 6];
    const a = randomArray(dtype, i % 2 ? [4, 5] : [13], seed++, { low: dtype === 'uint8' ? 0 : -3, high: 3 });
    const w = data('float64', a.shape, seed++, false);
    for (let j = 0; j < w.data.length; j++) if (!Number.isFinite(w.data[j] as number)) (w.data as Float64Array)[j] = 1;
    const e = { dtype: 'float64' as const, shape: [4], data: Float64Array.from([-2, -0.5, 0.5, 2.5]) };
    const bins = i % 3 === 2 ? null : i % 3 === 0 ? 5 : 3;
    const range = i % 4 === 1 ? [-1, 1] : null;
    const density = i % 2 === 0;
    const useW = i % 3 === 1;
    const binsPy = bins === null ? 'e' : String(bins);
    out.histogram.push({
      label: `histogram ${dtype} bins ${bins ?? 'edges'} range ${range} density ${density} weights ${useW}`, inputs: { a, e, w }, approx: true,
      expr: `np.histogram(a, ${binsPy}, range=${range ? `(${range})` : 'None'}, density=${py(density)}, weights=${useW ? 'w' : 'None'})`,
      run: (x) => cp.histogram(x.a, bins ?? x.e, range, density, useW ? x.w : null),
    });
  }
  {
    const hx = randomArray('float64', [15], seed++, { low: -2, high: 2 });
    const hy = randomArray('float64', [15], seed++, { low: 0, high: 3 });
    out.histogram.push({ label: 'histogram2d float64 bins [3, 4]', inputs: { hx, hy }, approx: true, expr: 'np.histogram2d(hx, hy, [3, 4])', run: (x) => cp.histogram2d(x.hx, x.hy, [3, 4]) });
    out.histogram.push({ label: 'histogramdd float64 (15, 2) bins 3 range', inputs: { hx, hy }, approx: true, expr: '(lambda r: (r[0], *r[1]))(np.histogramdd(np.stack([hx, hy], 1), 3, range=[(-1, 1), None]))', run: (x) => cp.histogramdd(cp.stack([x.hx, x.hy], 1), 3, [[-1, 1], null]) });
  }

  for (let i = 0; i < 8; i++) {
    const dtype = (['int8', 'uint16', 'int64', 'bool', 'uint64', 'int32'] as const)[i % 6];
    const a = randomArray(dtype, [i === 0 ? 0 : 12], seed++, dtype === 'bool' ? {} : { low: 0, high: 6 });
    const w = randomArray('float32', a.shape, seed++, { low: -2, high: 2 });
    const minlength = i % 3 === 0 ? 9 : 0;
    const useW = i % 2 === 1;
    out.counts.push({ label: `bincount ${dtype} weights ${useW} minlength ${minlength}`, inputs: { a, w }, approx: true, expr: `np.bincount(a.astype(np.int64)${useW ? ', weights=w' : ''}, minlength=${minlength})`, run: (x) => cp.bincount(x.a, useW ? x.w : null, minlength) });
  }
  for (let i = 0; i < 6; i++) {
    const dtype = (['float64', 'int32', 'float16', 'uint8'] as const)[i % 4];
    const a = data(dtype, [[9], [3, 3]][i % 2], seed++);
    const edges = { dtype: 'float64' as const, shape: [5], data: Float64Array.from(i % 3 === 2 ? [3, 1, 1, 0, -2] : [-2, 0, 1, 1, 3]) };
    const right = i % 2 === 0;
    out.counts.push({ label: `digitize ${dtype} right ${right} edges ${edges.data[0] > 0 ? 'decreasing' : 'increasing'}`, inputs: { a, e: edges }, expr: `np.digitize(a, e, right=${py(right)})`, run: (x) => cp.digitize(x.a, x.e, right) });
  }
  return out;
}

const CASES = cases();

function checkAll(list: readonly Case[], gpu: boolean): void {
  const failures: string[] = [];
  const answers = numpy(list.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  const partitions: LabelledResult[] = [];
  onSchedule(gpu, () => {
    list.forEach((c, i) => {
      let got: cp.NDArray | cp.NDArray[];
      try {
        const arrays = Object.fromEntries(Object.entries(c.inputs).map(([k, h]) => [k, toDevice(h)]));
        got = c.run(arrays);
        recordCuda(...(Array.isArray(got) ? got : [got]));
      } catch (err) {
        failures.push(`${c.label}: threw ${(err as Error).message}`);
        return;
      }
      if (c.partition) {
        const r = toHost(got as cp.NDArray);
        partitions.push({ label: c.label, input: c.inputs.a, kth: c.partition.kth, axis: c.partition.axis, ...(c.partition.arg ? { indices: r } : { values: r }) });
        return;
      }
      const want = answers[i];
      if (!want.ok) { failures.push(`${c.label}: NumPy raised ${want.error}`); return; }
      const gots = Array.isArray(got) ? got : [got];
      const wants = Array.isArray(want.value) ? want.value : [want.value];
      if (gots.length !== wants.length) { failures.push(`${c.label}: ${gots.length} arrays, NumPy gave ${wants.length}`); return; }
      gots.forEach((g, k) => {
        const cmp = compareArrays(toHost(g), wants[k], { signedZero: !c.approx });
        if (!cmp.ok) failures.push(`${c.label} [${k}]: ${cmp.message}`);
      });
    });
  });
  if (partitions.length) failures.push(...partitionFailures(partitions));
  expect(failures.join('\n')).toBe('');
}

describe('fixed-seed cases against NumPy', () => {
  for (const gpu of [false, true]) {
    for (const [group, list] of Object.entries(CASES)) {
      it(`${group}: ${list.length} cases (${gpu ? 'GPU' : 'CPU'} schedule)`, () => checkAll(list, gpu));
    }
  }

  it('bad input is a CupytsError (bad kind/method, 2-D searchsorted table, negative bincount, non-increasing bins)', () => {
    const m = toDevice(randomArray('float64', [3, 4], 5));
    const bad: Array<[string, () => unknown]> = [
      ['sort kind', () => cp.sort(m, -1, 'bogus' as never).dataSync()],
      ['argsort kind', () => cp.argsort(m, 0, 'introsort' as never).dataSync()],
      ['quantile method', () => cp.quantile(m, 0.5, { method: 'bogus' as never }).dataSync()],
      ['searchsorted 2-D table', () => cp.searchsorted(m, 1).dataSync()],
      ['bincount negative', () => cp.bincount(cp.array([0, 3, -1, 2], { dtype: 'int32' })).dataSync()],
      ['histogram decreasing edges', () => cp.histogram(m, cp.array([0, 3, 1, 2]))[0].dataSync()],
      ['digitize non-monotonic bins', () => cp.digitize(m, cp.array([0, 3, 1, 2])).dataSync()],
      ['partition kth out of range', () => cp.partition(m, 9).dataSync()],
      ['percentile over 100', () => cp.percentile(m, 101).dataSync()],
    ];
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        for (const [label, f] of bad) expect(f, label).toThrow(cp.CupytsError);
      });
    }
  });
});

/** The cupyts result against NumPy's, on both schedules. */
function expectBoth(run: () => cp.NDArray | cp.NDArray[], expr: string, inputs: Record<string, HostArray> = {}): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const wants = Array.isArray(want.value) ? want.value : [want.value];
  for (const gpu of [false, true]) {
    onSchedule(gpu, () => {
      const got = run();
      const gots = Array.isArray(got) ? got : [got];
      expect(gots.length).toBe(wants.length);
      gots.forEach((g, k) => {
        const cmp = compareArrays(toHost(g), wants[k]);
        expect(cmp.ok ? '' : `${gpu ? 'GPU' : 'CPU'} schedule [${k}]: ${cmp.message}`).toBe('');
      });
    });
  }
}

describe('bugs found by the fuzzer', () => {
  it('searchsorted of a Python int outside the table dtype compares its value (no ERR_OVERFLOW)', () => {
    expectBoth(() => cp.searchsorted(cp.array([0, 1, 2], { dtype: 'uint8' }), -1), 'np.searchsorted(np.array([0, 1, 2], np.uint8), -1)');
    expectBoth(() => cp.searchsorted(cp.array([0, 1, 2], { dtype: 'int8' }), 1000, 'right'), "np.searchsorted(np.array([0, 1, 2], np.int8), 1000, side='right')");
    expectBoth(() => cp.searchsorted(cp.array([0n, 5n], { dtype: 'uint64' }), -1), 'np.searchsorted(np.array([0, 5], np.uint64), -1)');
  });

  it('nanquantile/nanpercentile over an empty axis give NaN (as nanmedian does), not ERR_INDEX', () => {
    expectBoth(() => cp.nanquantile(cp.zeros([0]), 0.5), 'np.nanquantile(np.zeros(0), 0.5)');
    expectBoth(() => cp.nanpercentile(cp.zeros([2, 0]), 50, { axis: 1 }), 'np.nanpercentile(np.zeros((2, 0)), 50, axis=1)');
  });

  it('lexsort of many keys and unique(axis) of wide rows do not overflow the stack', () => {
    // lexsort chains one take_along_axis per key; the compiler's recursive walks (regions, groups)
    // overflow at ~3000 keys: a RangeError, not a CupytsError; unique(axis=0) lexsorts every column.
    expectBoth(() => cp.lexsort(cp.zeros([3000, 2])), 'np.lexsort(np.zeros((3000, 2)))');
    expectBoth(() => cp.unique(cp.zeros([2, 3000]), false, false, false, 0), 'np.unique(np.zeros((2, 3000)), axis=0)');
  });

  it('histogram with more bins than the data range can hold is a CupytsError (NumPy: Too many bins for data range)', () => {
    expect(numpyOne('np.histogram(np.array([1e17]), 4)', {}).ok).toBe(false);
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => expect(() => cp.histogram(cp.array([1e17]), 4)[0].dataSync()).toThrow(cp.CupytsError));
    }
  });
});
