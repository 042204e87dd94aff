// Scans (cumsum, cumprod, nancumsum, nancumprod) against NumPy on the current backend, over the
// shapes that pick each CUDA geometry (ir/scan-geometry.ts): 1-D lines from empty to 2^16+3,
// 2-D along each axis, a 3-D middle axis, transposed and strided inputs, fused producers, and
// every dtype NumPy promotes (bool and small ints scan as int64). Each case also checks the
// geometry the plan chose, and every CUDA kernel built here is compiled with NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import type { ScanGeometry } from '../../src/ir/scan-geometry.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type CompareOptions, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

/** Summing scans: the CPU path adds in order like NumPy, so float tolerances stay tight. */
function tolerance(dtype: string): CompareOptions | undefined {
  if (dtype === 'float16') return { rtol: 1e-2, atol: 0.5 };
  if (dtype === 'float32') return { rtol: 1e-5, atol: 1e-3 };
  if (dtype === 'float64') return { rtol: 1e-12, atol: 1e-9 };
  return undefined;
}

function scanGeometry(a: cp.NDArray): ScanGeometry['kind'] {
  const plans = explainPlans([a.node]).map((p) => p.plan).filter((p) => p.kind === 'scan');
  expect(plans.length).toBe(1);
  return plans[0].kind === 'scan' ? plans[0].geometry.kind : 'thread';
}

interface Case {
  label: string;
  run: () => cp.NDArray;
  py: string;
  inputs: Record<string, HostArray>;
  geometry?: ScanGeometry['kind'];
  tol?: CompareOptions;
}

function runCases(cases: Case[]): void {
  const want = numpy(cases.map((c) => ({ expr: `np.asarray(${c.py})`, inputs: c.inputs })));
  cases.forEach((c, i) => it(c.label, () => {
    const w = want[i];
    if (!w.ok) throw new Error(`NumPy: ${w.error}`);
    const result = c.run();
    recordCuda(result);
    if (c.geometry) expect(scanGeometry(result)).toBe(c.geometry);
    const cmp = compareArrays(toHost(result), w.value as HostArray, c.tol);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  }));
}

describe('1-D scans of every length class', () => {
  const cases: Case[] = [];
  const sizes: Array<[number, ScanGeometry['kind']]> = [[0, 'thread'], [1, 'thread'], [2, 'thread'], [1000, 'warp'], [2 ** 16 + 3, 'rows']];
  sizes.forEach(([n, geometry], k) => {
    for (const dtype of ['float32', 'float64', 'int32', 'int64'] as DTypeName[]) {
      const a = randomArray(dtype, [n], 100 + 10 * k + dtype.length);
      cases.push({ label: `cumsum ${dtype} n=${n}`, run: () => cp.cumsum(toDevice(a)), py: 'np.cumsum(a)', inputs: { a }, geometry, tol: tolerance(dtype) });
    }
    const p = randomArray('float64', [n], 200 + k, { low: 0.999, high: 1.001 });
    cases.push({ label: `cumprod float64 n=${n}`, run: () => cp.cumprod(toDevice(p)), py: 'np.cumprod(p)', inputs: { p }, geometry, tol: { rtol: 1e-9, atol: 1e-12 } });
    const s = randomArray('float32', [n], 300 + k, { special: true, low: -1, high: 1 });
    cases.push({ label: `nancumsum float32 with NaN/inf n=${n}`, run: () => cp.nancumsum(toDevice(s)), py: 'np.nancumsum(s)', inputs: { s }, geometry, tol: tolerance('float32') });
  });
  runCases(cases);
});

describe('scans along each axis of 2-D and 3-D arrays', () => {
  const tall = randomArray('float32', [3000, 40], 1);
  const wide = randomArray('float32', [40, 3000], 2);
  const narrow = randomArray('float64', [5000, 3], 3);
  const rows = randomArray('float32', [64, 100], 4);
  const tiny = randomArray('int32', [50, 4], 5);
  const cube = randomArray('float64', [6, 500, 40], 6);
  const longCols = randomArray('float32', [9000, 33], 7);
  const cases: Case[] = [
    { label: '(3000, 40) axis 0: adjacent lines (columns)', run: () => cp.cumsum(toDevice(tall), { axis: 0 }), py: 'np.cumsum(t, axis=0)', inputs: { t: tall }, geometry: 'columns', tol: tolerance('float32') },
    { label: '(3000, 40) axis 1: short rows (warp)', run: () => cp.cumsum(toDevice(tall), { axis: 1 }), py: 'np.cumsum(t, axis=1)', inputs: { t: tall }, geometry: 'warp', tol: tolerance('float32') },
    { label: '(40, 3000) axis 1: long rows (rows)', run: () => cp.cumsum(toDevice(wide), { axis: 1 }), py: 'np.cumsum(w, axis=1)', inputs: { w: wide }, geometry: 'rows', tol: tolerance('float32') },
    { label: '(40, 3000) axis 0: 3000 adjacent lines of 40 (columns)', run: () => cp.cumsum(toDevice(wide), { axis: 0 }), py: 'np.cumsum(w, axis=0)', inputs: { w: wide }, geometry: 'columns', tol: tolerance('float32') },
    { label: '(5000, 3) axis 0: three strided long lines (rows)', run: () => cp.cumsum(toDevice(narrow), { axis: 0 }), py: 'np.cumsum(n, axis=0)', inputs: { n: narrow }, geometry: 'rows', tol: tolerance('float64') },
    { label: '(64, 100) axis -1 (warp groups of 32)', run: () => cp.cumsum(toDevice(rows), { axis: -1 }), py: 'np.cumsum(r, axis=-1)', inputs: { r: rows }, geometry: 'warp', tol: tolerance('float32') },
    { label: '(64, 100) axis 0 (columns)', run: () => cp.nancumsum(toDevice(rows), { axis: 0 }), py: 'np.nancumsum(r, axis=0)', inputs: { r: rows }, geometry: 'columns', tol: tolerance('float32') },
    { label: '(50, 4) axis 1: lines of 4 (thread)', run: () => cp.cumsum(toDevice(tiny), { axis: 1 }), py: 'np.cumsum(i, axis=1)', inputs: { i: tiny }, geometry: 'thread' },
    { label: '(6, 500, 40) middle axis (columns)', run: () => cp.cumsum(toDevice(cube), { axis: 1 }), py: 'np.cumsum(c, axis=1)', inputs: { c: cube }, geometry: 'columns', tol: tolerance('float64') },
    { label: '(6, 500, 40) axis 0 (columns)', run: () => cp.cumsum(toDevice(cube), { axis: 0 }), py: 'np.cumsum(c, axis=0)', inputs: { c: cube }, geometry: 'columns', tol: tolerance('float64') },
    { label: '(6, 500, 40) axis 2 (warp)', run: () => cp.cumprod(toDevice(cube).mul(0.01).add(1), { axis: 2 }), py: 'np.cumprod(c * 0.01 + 1, axis=2)', inputs: { c: cube }, geometry: 'warp', tol: tolerance('float64') },
    { label: '(9000, 33) axis 0: long adjacent lines, chained column tiles', run: () => cp.cumsum(toDevice(longCols), { axis: 0 }), py: 'np.cumsum(l, axis=0)', inputs: { l: longCols }, geometry: 'columns', tol: { rtol: 1e-5, atol: 5e-3 } },
    { label: 'axis=None of a 2-D array (flattened)', run: () => cp.cumsum(toDevice(rows)), py: 'np.cumsum(r)', inputs: { r: rows }, geometry: 'rows', tol: tolerance('float32') },
  ];
  runCases(cases);
});

describe('scans of transposed, strided and fused inputs', () => {
  const m = randomArray('float32', [300, 2500], 11);
  const q = randomArray('float64', [700, 64], 12);
  const cases: Case[] = [
    { label: 'transposed input, scan along its rows', run: () => cp.cumsum(toDevice(m).T, { axis: 1 }), py: 'np.cumsum(m.T, axis=1)', inputs: { m }, tol: tolerance('float32') },
    { label: 'transposed input, scan along its columns', run: () => cp.cumsum(toDevice(m).T, { axis: 0 }), py: 'np.cumsum(m.T, axis=0)', inputs: { m }, tol: tolerance('float32') },
    { label: 'strided view [::2, ::3] along axis 1', run: () => cp.cumsum(toDevice(m).get('::2, ::3'), { axis: 1 }), py: 'np.cumsum(m[::2, ::3], axis=1)', inputs: { m }, tol: tolerance('float32') },
    { label: 'strided view [1::3, ::2] along axis 0', run: () => cp.cumsum(toDevice(m).get('1::3, ::2'), { axis: 0 }), py: 'np.cumsum(m[1::3, ::2], axis=0)', inputs: { m }, tol: tolerance('float32') },
    { label: 'reversed view along the axis', run: () => cp.cumsum(toDevice(q).get('::-1, :'), { axis: 0 }), py: 'np.cumsum(q[::-1, :], axis=0)', inputs: { q }, tol: tolerance('float64') },
    { label: 'fused producer cumsum(x*2+1) 1-D', run: () => cp.cumsum(toDevice(m).mul(2).add(1)), py: 'np.cumsum(m * 2 + 1)', inputs: { m }, geometry: 'rows', tol: { rtol: 1e-4, atol: 1 } },
    { label: 'fused producer along rows', run: () => cp.cumsum(toDevice(m).mul(2).add(1), { axis: 1 }), py: 'np.cumsum(m * 2 + 1, axis=1)', inputs: { m }, geometry: 'rows', tol: tolerance('float32') },
    { label: 'fused two-input producer along columns (broadcast row)', run: () => cp.cumsum(toDevice(q).sub(toDevice(q).get('0:1, :')), { axis: 0 }), py: 'np.cumsum(q - q[0:1, :], axis=0)', inputs: { q }, geometry: 'columns', tol: tolerance('float64') },
    { label: 'float32 input scanned as float64 (cast fused)', run: () => cp.cumsum(toDevice(m), { axis: 1, dtype: 'float64' }), py: 'np.cumsum(m, axis=1, dtype=np.float64)', inputs: { m }, geometry: 'rows', tol: tolerance('float64') },
  ];
  runCases(cases);
});

describe('scans of every dtype', () => {
  const cases: Case[] = [];
  const dtypes: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
  dtypes.forEach((dtype, k) => {
    const shapes: Array<[number[], number]> = [[[5000], 0], [[2100, 40], 0], [[40, 300], 1]];
    for (const [shape, axis] of shapes) {
      const float16 = dtype === 'float16';
      const a = randomArray(dtype, shape, 500 + k, float16 ? { low: -1, high: 1 } : {});
      cases.push({ label: `cumsum ${dtype} ${JSON.stringify(shape)} axis ${axis}`, run: () => cp.cumsum(toDevice(a), { axis }), py: `np.cumsum(a, axis=${axis})`, inputs: { a }, tol: tolerance(dtype) });
    }
    const small = randomArray(dtype, [3000, 40], 600 + k, dtype.startsWith('float') ? { low: 0.99, high: 1.01 } : {});
    cases.push({ label: `cumprod ${dtype} along columns`, run: () => cp.cumprod(toDevice(small), { axis: 0 }), py: 'np.cumprod(a, axis=0)', inputs: { a: small }, tol: dtype === 'float16' ? { rtol: 5e-2, atol: 0.5 } : tolerance(dtype) });
  });
  const i8 = randomArray('int8', [4500], 700);
  const b = randomArray('bool', [3000, 40], 701);
  cases.push(
    { label: 'cumsum int8 with dtype=int8 wraps', run: () => cp.cumsum(toDevice(i8), { dtype: 'int8' }), py: 'np.cumsum(a, dtype=np.int8)', inputs: { a: i8 }, geometry: 'rows' },
    { label: 'cumsum bool with dtype=bool (logical or)', run: () => cp.cumsum(toDevice(b), { axis: 0, dtype: 'bool' }), py: 'np.cumsum(a, axis=0, dtype=np.bool_)', inputs: { a: b }, geometry: 'columns' },
    { label: 'cumprod bool with dtype=bool along rows (logical and)', run: () => cp.cumprod(toDevice(b), { axis: 1, dtype: 'bool' }), py: 'np.cumprod(a, axis=1, dtype=np.bool_)', inputs: { a: b }, geometry: 'warp' },
    { label: 'nancumprod float32 with NaN along rows', run: () => cp.nancumprod(toDevice(randomArray('float32', [3, 3000], 702, { special: true, low: 0.999, high: 1.001 })), { axis: 1 }),
      py: 'np.nancumprod(a, axis=1)', inputs: { a: randomArray('float32', [3, 3000], 702, { special: true, low: 0.999, high: 1.001 }) }, geometry: 'rows', tol: { rtol: 1e-4, atol: 1e-6 } },
  );
  runCases(cases);
});

describe('complex scans in every geometry', () => {
  // Complex values scan through the same kernels: shuffles, look-back status and identities part by part.
  const cases: Case[] = [];
  const tol = (d: DTypeName) => (d === 'complex64' ? { rtol: 1e-4, atol: 2e-3 } : { rtol: 1e-11, atol: 1e-9 });
  (['complex64', 'complex128'] as DTypeName[]).forEach((dtype, k) => {
    const shapes: Array<[number[], number, ScanGeometry['kind']]> = [
      [[0], 0, 'thread'], [[1000], 0, 'warp'], [[2 ** 16 + 3], 0, 'rows'], [[3000, 40], 0, 'columns'],
      [[3000, 40], 1, 'warp'], [[40, 3000], 1, 'rows'], [[9000, 33], 0, 'columns'], [[50, 4], 1, 'thread'],
    ];
    shapes.forEach(([shape, axis, geometry], j) => {
      const a = randomArray(dtype, shape, 800 + 20 * k + j, { low: -1, high: 1 });
      const at = `${dtype} ${JSON.stringify(shape)} axis ${axis}`;
      cases.push(
        { label: `cumsum ${at}`, run: () => cp.cumsum(toDevice(a), { axis }), py: `np.cumsum(a, axis=${axis})`, inputs: { a }, geometry, tol: tol(dtype) },
        { label: `cumprod of 1 + a/1000 ${at}`, run: () => cp.cumprod(toDevice(a).mul(0.001).add(1), { axis }), py: `np.cumprod(a * 0.001 + 1, axis=${axis})`, inputs: { a }, geometry, tol: tol(dtype) },
      );
    });
    const s = randomArray(dtype, [4, 3000], 900 + k, { special: true, low: -1, high: 1 });
    cases.push({ label: `nancumsum ${dtype} with NaN/inf along rows`, run: () => cp.nancumsum(toDevice(s), { axis: 1 }), py: 'np.nancumsum(s, axis=1)', inputs: { s }, geometry: 'rows', tol: tol(dtype) });
  });
  runCases(cases);
});

describe('scan identities: the first element is kept exactly, as NumPy (which starts each line from it)', () => {
  // A sum starts from -0.0 (-0 + x is x for every x; +0 + -0 is +0), a complex product from the
  // line's first element ((1+0j)·(inf+0j) is inf+nanj): cumsum of -0.0 is -0.0, cumprod of inf+0j is inf+0j.
  const shapes: Array<[number[], number, ScanGeometry['kind']]> = [
    [[1], 0, 'thread'], [[50, 4], 1, 'thread'], [[1000], 0, 'warp'], [[2 ** 16 + 3], 0, 'rows'], [[3000, 40], 0, 'columns'], [[40, 3000], 1, 'rows'],
  ];
  const negativeZero = (x: number) => Object.is(x, -0);
  for (const dtype of ['float16', 'float32', 'float64', 'complex64', 'complex128'] as const) {
    shapes.forEach(([shape, axis, geometry]) => it(`cumsum and nancumsum of -0.0, ${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => {
      const zeros = dtype.startsWith('complex') ? cp.full(shape, { re: -0.0, im: -0.0 }, dtype) : cp.full(shape, -0.0, dtype);
      for (const result of [cp.cumsum(zeros, { axis }), cp.nancumsum(zeros, { axis })]) {
        recordCuda(result);
        expect(scanGeometry(result)).toBe(geometry);
        const data = Array.from(result.dataSync() as ArrayLike<number>);
        expect(data.length).toBe(zeros.size * (dtype.startsWith('complex') ? 2 : 1));
        expect(data.filter((x) => !negativeZero(x)).length).toBe(0);
      }
    }));
  }
  for (const dtype of ['complex64', 'complex128'] as const) {
    shapes.forEach(([shape, axis, geometry]) => it(`cumprod and nancumprod keep a first element of inf+0j, ${dtype} ${JSON.stringify(shape)} axis ${axis}`, () => {
      // Lines along `axis` whose first element is inf+0j (the rest 2+1j); NumPy's first result is inf+0j.
      const index = Array.from({ length: shape.length }, (_, d) => (d === axis ? '0' : ':')).join(', ');
      const x = cp.full(shape, { re: 2, im: 1 }, dtype);
      x.set(index, { re: Infinity, im: 0 });
      for (const result of [cp.cumprod(x, { axis }), cp.nancumprod(x, { axis })]) {
        recordCuda(result);
        expect(scanGeometry(result)).toBe(geometry);
        const first = result.get(index).dataSync() as ArrayLike<number>;
        for (let i = 0; i < first.length; i += 2) expect([first[i], first[i + 1]]).toEqual([Infinity, 0]);
      }
    }));
  }
  it("complex cumprod multiplies by 1+0j where the data has it, as NumPy (signed zeros of the products)", () => {
    // NumPy: cumprod([1+0j, -0-1j]) is [1+0j, 0-1j]; cumprod([-0-1j, 1+0j]) is [-0-1j, 0-1j].
    const parts = (a: cp.NDArray) => Array.from(a.dataSync() as Float64Array).map((x) => (Object.is(x, -0) ? '-0' : String(x)));
    expect(parts(cp.cumprod(cp.asarray([{ re: 1, im: 0 }, { re: -0, im: -1 }], 'complex128')))).toEqual(['1', '0', '0', '-1']);
    expect(parts(cp.cumprod(cp.asarray([{ re: -0, im: -1 }, { re: 1, im: 0 }], 'complex128')))).toEqual(['-0', '-1', '0', '-1']);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 40);
