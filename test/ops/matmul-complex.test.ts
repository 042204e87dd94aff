// Complex products on the current backend (the CPU path here; cuBLAS cgemm/zgemm on the GPU
// machine, see test/gpu/matmul-complex.test.ts) against NumPy: matmul over complex64/complex128
// and mixed real/complex operands (NumPy 2 promotion), 1-D, 2-D, batched, broadcast and empty
// shapes, transposed views read without a copy, vdot's conjugated first argument, dot, inner,
// outer, tensordot and einsum. The generated complex matmul kernels are compiled with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { generateMatmulCuda } from '../../src/codegen/matmul.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { setCublasNotice } from '../../src/api/gemm.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray, type OracleCase, type OracleResult, type Tolerance } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});
setCublasNotice(() => {});

/** Sums of k complex products: complex64 rounds each part to float32. */
function tolerance(dtype: DTypeName): Partial<Tolerance> {
  if (dtype === 'complex64' || dtype === 'float32') return { rtol: 1e-4, atol: 1e-3 };
  return { rtol: 1e-12, atol: 1e-11 };
}

function expectMatches(got: cp.NDArray, want: OracleResult, tol = tolerance(got.dtype.name as DTypeName)): void {
  if (!want.ok) throw new Error(`NumPy: ${want.error}`);
  const expected = want.value as HostArray;
  expect(got.dtype.name).toBe(expected.dtype);
  expect(got.shape).toEqual(expected.shape);
  const cmp = compareArrays(toHost(got), expected, tol);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

const SHAPES: Array<[number[], number[]]> = [
  [[3, 4], [4, 5]], [[5], [5]], [[5], [5, 3]], [[2, 5], [5]], [[2, 3, 4], [4, 5]], [[3, 4], [2, 4, 6]],
  [[2, 1, 3, 4], [5, 4, 2]], [[2, 3, 4], [2, 4, 3]], [[3, 0], [0, 4]], [[0, 3], [3, 4]], [[2, 0, 3], [3, 2]], [[1, 1], [1, 1]],
  [[33, 70], [70, 17]],
];

const PAIRS: Array<[DTypeName, DTypeName]> = [
  ['complex64', 'complex64'], ['complex128', 'complex128'], ['float32', 'complex64'], ['complex64', 'float64'],
  ['int32', 'complex64'], ['complex128', 'float32'], ['complex64', 'complex128'],
];

describe('complex matmul against NumPy', () => {
  const cases = PAIRS.flatMap(([da, db], i) => SHAPES.map(([sa, sb], j) => ({
    da, db, a: randomArray(da, sa, 300 * i + j, { low: -3, high: 3 }), b: randomArray(db, sb, 300 * i + j + 150, { low: -3, high: 3 }),
  })));
  const want = numpy(cases.map((c) => ({ expr: 'np.matmul(a, b)', inputs: { a: c.a, b: c.b } })));
  cases.forEach((c, i) => {
    it(`${c.da} ${JSON.stringify(c.a.shape)} @ ${c.db} ${JSON.stringify(c.b.shape)}`, () => {
      expectMatches(cp.matmul(toDevice(c.a), toDevice(c.b)), want[i]);
    });
  });

  for (const dtype of ['complex64', 'complex128', 'float32', 'float64'] as DTypeName[]) {
    const a = randomArray(dtype, [6, 5], 11);
    const b = randomArray(dtype, [7, 6], 12);
    const s = randomArray(dtype, [3, 4, 5], 13);
    const t = randomArray(dtype, [3, 6, 5], 14);
    const u = randomArray(dtype, [3, 7, 4], 15);
    const want2 = numpy([
      { expr: 'a.T @ b.T', inputs: { a, b } },
      { expr: 'b @ a', inputs: { a, b } },
      { expr: 'np.swapaxes(s, -1, -2) @ np.swapaxes(u, -1, -2)', inputs: { s, u } },
      { expr: 's @ np.swapaxes(t, -1, -2)', inputs: { s, t } },
      { expr: 'a.T @ a', inputs: { a } },
    ]);
    it(`${dtype}: reads transposed views as they are stored (a.T @ b, a @ b.T, batched swapaxes)`, () => {
      const [A, B, S, T, U] = [a, b, s, t, u].map(toDevice);
      expectMatches(cp.matmul(A.T, B.T), want2[0]);
      expectMatches(cp.matmul(B, A), want2[1]);
      expectMatches(cp.matmul(cp.swapaxes(S, -1, -2), cp.swapaxes(U, -1, -2)), want2[2]);
      expectMatches(cp.matmul(S, cp.swapaxes(T, -1, -2)), want2[3]);
      expectMatches(cp.matmul(A.T, A), want2[4]);
    });
  }

  it('reads strided and sliced views (copied first)', () => {
    const a = randomArray('complex128', [8, 6], 21);
    const b = randomArray('complex128', [6, 10], 22);
    const want2 = numpy([{ expr: 'a[::2, ::-1] @ b[:, 1::3]', inputs: { a, b } }]);
    expectMatches(cp.matmul(toDevice(a).get('::2, ::-1'), toDevice(b).get(':, 1::3')), want2[0]);
  }, 120_000);

  it('takes lazy complex inputs and fuses its consumers', () => {
    const a = randomArray('complex64', [5, 4], 31);
    const b = randomArray('complex64', [4, 3], 32);
    const got = cp.matmul(cp.conj(toDevice(a)).mul(2), toDevice(b)).add(cp.complex(1, -1));
    expectMatches(got, numpy([{ expr: 'np.matmul(np.conj(a) * np.float32(2), b) + (1-1j)', inputs: { a, b } }])[0]);
  }, 120_000);

  it('matmul with dtype= and out=', () => {
    const a = randomArray('float32', [3, 4], 41);
    const b = randomArray('float32', [4, 2], 42);
    const got = cp.matmul(toDevice(a), toDevice(b), { dtype: 'complex64' });
    expectMatches(got, numpy([{ expr: 'np.matmul(a, b, dtype=np.complex64)', inputs: { a, b } }])[0]);
    const out = cp.zeros([3, 2], { dtype: 'complex128' });
    cp.matmul(toDevice(a), toDevice(b), out);
    // NumPy computes in float32 and casts: float32 rounding of a sum of 4 products.
    expectMatches(out, numpy([{ expr: 'np.matmul(a, b).astype(np.complex128)', inputs: { a, b } }])[0], tolerance('float32'));
  }, 120_000);
});

describe('vdot, dot, inner, outer, tensordot, einsum, vecdot, matvec and vecmat over complex', () => {
  const c64 = (shape: number[], seed: number) => randomArray('complex64', shape, seed, { low: -2, high: 2 });
  const c128 = (shape: number[], seed: number) => randomArray('complex128', shape, seed, { low: -2, high: 2 });
  const f64 = (shape: number[], seed: number) => randomArray('float64', shape, seed, { low: -2, high: 2 });

  const cases: Array<{ name: string; expr: string; inputs: Record<string, HostArray>; run: (x: Record<string, cp.NDArray>) => cp.NDArray }> = [
    { name: 'vdot conjugates its first argument (1-D)', expr: 'np.vdot(a, b)', inputs: { a: c128([7], 1), b: c128([7], 2) }, run: (x) => cp.vdot(x.a, x.b) },
    { name: 'vdot of 2-D arrays (flattened)', expr: 'np.vdot(a, b)', inputs: { a: c64([3, 4], 3), b: c64([4, 3], 4) }, run: (x) => cp.vdot(x.a, x.b) },
    { name: 'vdot of a transposed view', expr: 'np.vdot(a.T, b)', inputs: { a: c128([3, 4], 5), b: c128([4, 3], 6) }, run: (x) => cp.vdot(x.a.T, x.b) },
    { name: 'vdot real, complex', expr: 'np.vdot(a, b)', inputs: { a: f64([5], 7), b: c64([5], 8) }, run: (x) => cp.vdot(x.a, x.b) },
    { name: 'vdot complex, real', expr: 'np.vdot(a, b)', inputs: { a: c64([5], 9), b: f64([5], 10) }, run: (x) => cp.vdot(x.a, x.b) },
    { name: 'vdot of empty arrays', expr: 'np.vdot(a, b)', inputs: { a: c64([0], 11), b: c64([0], 12) }, run: (x) => cp.vdot(x.a, x.b) },
    { name: 'dot 2-D', expr: 'np.dot(a, b)', inputs: { a: c128([4, 3], 13), b: c128([3, 5], 14) }, run: (x) => cp.dot(x.a, x.b) },
    { name: 'dot 1-D (no conjugate)', expr: 'np.dot(a, b)', inputs: { a: c128([6], 15), b: c128([6], 16) }, run: (x) => cp.dot(x.a, x.b) },
    { name: 'dot N-D', expr: 'np.dot(a, b)', inputs: { a: c64([2, 3, 4], 17), b: c64([5, 4, 2], 18) }, run: (x) => cp.dot(x.a, x.b) },
    { name: 'dot 0-d', expr: 'np.dot(a, b)', inputs: { a: c64([], 19), b: c64([3], 20) }, run: (x) => cp.dot(x.a, x.b) },
    { name: 'inner', expr: 'np.inner(a, b)', inputs: { a: c128([2, 4], 21), b: f64([3, 4], 22) }, run: (x) => cp.inner(x.a, x.b) },
    { name: 'outer', expr: 'np.outer(a, b)', inputs: { a: c64([4], 23), b: c128([3], 24) }, run: (x) => cp.outer(x.a, x.b) },
    { name: 'tensordot', expr: 'np.tensordot(a, b, axes=([1, 0], [0, 1]))', inputs: { a: c128([3, 4, 5], 25), b: c128([4, 3, 2], 26) },
      run: (x) => cp.tensordot(x.a, x.b, [[1, 0], [0, 1]]) },
    { name: 'einsum batched matmul', expr: "np.einsum('bij,bjk->bik', a, b)", inputs: { a: c64([2, 3, 4], 27), b: c64([2, 4, 5], 28) },
      run: (x) => cp.einsum('bij,bjk->bik', x.a, x.b) },
    { name: 'einsum trace and sum', expr: "np.einsum('ii,j->j', a, b)", inputs: { a: c128([4, 4], 29), b: c128([3], 30) },
      run: (x) => cp.einsum('ii,j->j', x.a, x.b) },
    { name: 'vecdot conjugates x1', expr: 'np.vecdot(a, b)', inputs: { a: c128([3, 5], 33), b: c128([5], 34) }, run: (x) => cp.vecdot(x.a, x.b) },
    { name: 'vecdot axis=0, mixed', expr: 'np.vecdot(a, b, axis=0)', inputs: { a: c64([4, 3], 35), b: f64([4, 1], 36) },
      run: (x) => cp.vecdot(x.a, x.b, { axis: 0 }) },
    { name: 'vecdot real x1', expr: 'np.vecdot(a, b)', inputs: { a: f64([2, 1, 6], 37), b: c64([3, 6], 38) }, run: (x) => cp.vecdot(x.a, x.b) },
    { name: 'vecdot empty', expr: 'np.vecdot(a, b)', inputs: { a: c64([2, 0], 39), b: c64([0], 40) }, run: (x) => cp.vecdot(x.a, x.b) },
    { name: 'matvec', expr: 'np.matvec(a, b)', inputs: { a: c128([2, 3, 4], 41), b: c128([4], 42) }, run: (x) => cp.matvec(x.a, x.b) },
    { name: 'matvec broadcast', expr: 'np.matvec(a, b)', inputs: { a: c64([3, 4], 43), b: f64([5, 4], 44) }, run: (x) => cp.matvec(x.a, x.b) },
    { name: 'vecmat conjugates x1', expr: 'np.vecmat(a, b)', inputs: { a: c128([2, 3], 45), b: c128([3, 4], 46) }, run: (x) => cp.vecmat(x.a, x.b) },
    { name: 'vecmat batched', expr: 'np.vecmat(a, b)', inputs: { a: c64([3], 47), b: c64([2, 3, 5], 48) }, run: (x) => cp.vecmat(x.a, x.b) },
    { name: 'vecmat transposed matrices', expr: 'np.vecmat(a, np.swapaxes(b, -1, -2))', inputs: { a: c128([2, 4], 49), b: c128([2, 3, 4], 50) },
      run: (x) => cp.vecmat(x.a, cp.swapaxes(x.b, -1, -2)) },
    { name: 'einsum mixed dtypes', expr: "np.einsum('ij,j', a, b)", inputs: { a: f64([3, 4], 31), b: c64([4], 32) },
      run: (x) => cp.einsum('ij,j', x.a, x.b) },
  ];
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => {
    it(c.name, () => {
      const arrays = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toDevice(v)]));
      expectMatches(c.run(arrays), want[i]);
    });
  });
});

describe('vecdot, matvec and vecmat over real dtypes', () => {
  const cases = (['float32', 'int8', 'bool', 'int64'] as DTypeName[]).map((dtype, i) => ({
    dtype, a: randomArray(dtype, [3, 4], 60 + i), b: randomArray(dtype, [4], 70 + i), m: randomArray(dtype, [4, 2], 80 + i),
  }));
  const want = numpy(cases.flatMap((c): OracleCase[] => [
    { expr: 'np.vecdot(a, b)', inputs: { a: c.a, b: c.b } },
    { expr: 'np.matvec(a, b)', inputs: { a: c.a, b: c.b } },
    { expr: 'np.vecmat(b, m)', inputs: { b: c.b, m: c.m } },
  ]));
  cases.forEach((c, i) => {
    it(c.dtype, () => {
      const [a, b, m] = [c.a, c.b, c.m].map(toDevice);
      expectMatches(cp.vecdot(a, b), want[3 * i]);
      expectMatches(cp.matvec(a, b), want[3 * i + 1]);
      expectMatches(cp.vecmat(b, m), want[3 * i + 2]);
    });
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles the generated complex matmul kernels', () => {
    const { kernels } = compileAll(['complex64', 'complex128'].map((d) => generateMatmulCuda(DTYPES[d as 'complex64']).source));
    expect(kernels).toBe(2);
  }, 600_000);
});
