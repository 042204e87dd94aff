// x.real and x.imag as NumPy's views over the interleaved storage, on the current backend against
// NumPy: values for both complex dtypes over views (transposed, sliced, reversed, 0-d, empty);
// writes through them (fill, set, assignment to the attribute, through a view of a view) change x;
// arrays made before a write keep their values; fused kernels read parts of lazy complex data;
// reductions and products read them; real dtypes (x.real is x, x.imag read-only zeros); cp.real
// and cp.imag. Every kernel's CUDA source is compiled with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { setCublasNotice } from '../../src/api/gemm.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});
setCublasNotice(() => {});

/** Views are exact; arithmetic on them rounds (complex64 products in float32 or closer). */
const EXACT = { rtol: 0, atol: 0 };
const F32 = { rtol: 1e-5, atol: 1e-4 };
const F64 = { rtol: 1e-12, atol: 1e-11 };

function expectMatches(got: cp.NDArray, want: OracleResult, tol = EXACT): void {
  if (!want.ok) throw new Error(`NumPy: ${want.error}`);
  const expected = want.value as HostArray;
  expect(got.dtype.name).toBe(expected.dtype);
  expect(got.shape).toEqual(expected.shape);
  const cmp = compareArrays(toHost(got), expected, { signedZero: tol === EXACT, ...tol });
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

/** A Python expression that applies `statement` (over y, a copy of x) and gives y. */
const after = (statement: string) => `(lambda y: (exec(${JSON.stringify(statement)}, {'np': np, 'y': y, 'v': v}), y)[1])(x.copy())`;

const DTYPES: DTypeName[] = ['complex64', 'complex128'];

describe('x.real and x.imag read like NumPy', () => {
  for (const dtype of DTYPES) {
    const x = randomArray(dtype, [4, 6], 1, { special: true });
    const cases: Array<[string, (a: cp.NDArray) => cp.NDArray]> = [
      ['x.real', (a) => a.real],
      ['x.imag', (a) => a.imag],
      ['x.T.real', (a) => a.T.real],
      ['x.imag.T', (a) => a.imag.T],
      ['x[::2, ::-1].imag', (a) => a.get('::2, ::-1').imag],
      ['x.real[1:, ::3]', (a) => a.real.get('1:, ::3')],
      ['x.imag.reshape(3, 8)', (a) => a.imag.reshape(3, 8)],
      ['x[1, 2].real', (a) => a.get('1, 2').real],
      ['x[:0].imag', (a) => a.get(':0').imag],
      ['x[[0, 3, 1]]', (a) => a.get([[0, 3, 1]])],
      ['x.imag[[2, 0]]', (a) => a.imag.get([[2, 0]])],
      ['np.real(x)', (a) => cp.real(a)],
      ['np.imag(x)', (a) => cp.imag(a)],
      ['x.real * 2 + x.imag', (a) => a.real.mul(2).add(a.imag)],
      ['np.sum(x.imag, axis=0)', (a) => cp.sum(a.imag, { axis: 0 })],
      ['np.cumsum(x.real, axis=1)', (a) => cp.cumsum(a.real, { axis: 1 })],
      ['np.sort(x.imag, axis=-1)', (a) => cp.sort(a.imag, { axis: -1 })],
    ];
    const want = numpy(cases.map(([expr]) => ({ expr, inputs: { x } })));
    cases.forEach(([expr, run], i) => {
      it(`${dtype}: ${expr}`, () => {
        const got = run(toDevice(x));
        recordCuda(got);
        // Sums and scans add in the device's order: equal within rounding, not bit for bit.
        expectMatches(got, want[i], /sum/.test(expr) ? (dtype === 'complex64' ? F32 : F64) : EXACT);
      });
    });
  }

  it('parts of lazy complex data fuse into one kernel with their consumers', () => {
    const a = randomArray('complex64', [5, 7], 2);
    const b = randomArray('complex64', [5, 7], 3);
    const prod = toDevice(a).mul(toDevice(b));
    const got = prod.imag.mul(2).add(prod.real);
    expect(cp.explain(got).kernels).toHaveLength(1);
    recordCuda(got);
    expectMatches(got, numpy([{ expr: '(a * b).imag * np.float32(2) + (a * b).real', inputs: { a, b } }])[0], F32);
    const t = toDevice(a).mul(cp.complex(0, 1)).T.real;
    recordCuda(t);
    expectMatches(t, numpy([{ expr: '(a * 1j).T.real', inputs: { a } }])[0]);
  }, 120_000);

  it('products read the parts (copied contiguous first)', () => {
    const a = randomArray('complex128', [4, 3], 4);
    const b = randomArray('float64', [3, 5], 5);
    expectMatches(cp.matmul(toDevice(a).imag, toDevice(b)), numpy([{ expr: 'a.imag @ b', inputs: { a, b } }])[0], F64);
  }, 120_000);
});

describe('writes through x.real and x.imag change x', () => {
  for (const dtype of DTYPES) {
    const x = randomArray(dtype, [4, 6], 6);
    const v = randomArray(dtype === 'complex64' ? 'float32' : 'float64', [6], 7);
    const cases: Array<[string, (a: cp.NDArray, w: cp.NDArray) => void]> = [
      ['y.real.fill(5)', (a) => a.real.fill(5)],
      ['y.imag.fill(-0.0)', (a) => a.imag.fill(-0)],
      ['y.imag[::2] = v', (a, w) => a.imag.set('::2', w)],
      ['y.real = v', (a, w) => { a.real = w; }],
      ['y.imag = 3', (a) => { a.imag = 3; }],
      ['y.T.imag[1:3] = 7', (a) => a.T.imag.set('1:3', 7)],
      ['y[1:, ::-2].real[...] = v[:3]', (a, w) => a.get('1:, ::-2').real.set('...', w.get(':3'))],
      ['y.real[0] = y.imag[0]', (a) => a.real.set(0, a.imag.get(0))],
    ];
    const want = numpy(cases.map(([statement]) => ({ expr: after(statement), inputs: { x, v } })));
    cases.forEach(([statement, run], i) => {
      it(`${dtype}: ${statement}`, () => {
        const a = toDevice(x);
        run(a, toDevice(v));
        expectMatches(a, want[i]);
      });
    });
  }

  it('a view taken before the write sees it; a lazy array made before keeps the old values', () => {
    const x = randomArray('complex128', [3, 4], 8);
    const a = toDevice(x);
    const re = a.real;
    const before = a.mul(2);
    a.imag.fill(1);
    expectMatches(re, numpy([{ expr: 'x.real', inputs: { x } }])[0]);
    expectMatches(before, numpy([{ expr: 'x * 2', inputs: { x } }])[0]);
    expectMatches(a, numpy([{ expr: 'x.real + 1j', inputs: { x } }])[0]);
    a.real.set('...', a.imag.add(2)); // the value reads the storage it writes
    expectMatches(a, numpy([{ expr: '(3 + 1j) * np.ones_like(x)', inputs: { x } }])[0]);
  }, 120_000);

  it('a write through the part of lazy data computes it first, as other views', () => {
    const x = randomArray('complex64', [2, 5], 9);
    const a = toDevice(x).mul(cp.complex(0, 1));
    a.real.fill(0);
    expectMatches(a, numpy([{ expr: '(lambda y: (y.real.fill(0), y)[1])((x * 1j).astype(np.complex64))', inputs: { x } }])[0]);
  }, 120_000);
});

describe('layout', () => {
  it('the parts have the complex array\'s byte strides, as NumPy; a 0-d part writes through', () => {
    const a = toDevice(randomArray('complex64', [4, 6], 20));
    expect(a.real.strides).toEqual(a.strides);
    expect(a.T.imag.strides).toEqual(a.T.strides);
    expect(a.get('::2').imag.strides).toEqual([96, 8]);
    const z = cp.asarray(cp.complex(1, 2), { dtype: 'complex128' });
    z.real.fill(5);
    expect(z.item()).toEqual(cp.complex(5, 2));
    expect(z.imag.item()).toBe(2);
  });
});

describe('real dtypes', () => {
  const REAL: DTypeName[] = ['float32', 'int16', 'bool', 'int64'];
  const inputs = REAL.map((dtype, i) => randomArray(dtype, [3, 2], 10 + i));
  const want = numpy([
    ...inputs.flatMap((x) => [{ expr: 'x.imag', inputs: { x } }, { expr: 'np.imag(x)', inputs: { x } }]),
    { expr: 'np.imag(np.asarray(2.5))', inputs: {} },
    { expr: 'np.real(np.array([1+2j, -3+4j]))', inputs: {} },
    { expr: 'np.imag(np.asarray(1-2j))', inputs: {} },
  ]);

  REAL.forEach((dtype, i) => {
    it(`${dtype}: x.real is x; x.imag is read-only zeros of the same dtype`, () => {
      const a = toDevice(inputs[i]);
      expect(a.real).toBe(a);
      expect(cp.real(a)).toBe(a);
      expectMatches(a.imag, want[2 * i]);
      expectMatches(cp.imag(a), want[2 * i + 1]);
      expect(() => a.imag.fill(1)).toThrow(/read-only/);
      expect(() => { a.imag = 1; }).toThrow(/does not have imaginary part/);
    });
  });

  it('cp.real and cp.imag take array-likes', () => {
    const k = 2 * REAL.length;
    expectMatches(cp.imag(2.5), want[k]);
    expectMatches(cp.real([cp.complex(1, 2), cp.complex(-3, 4)]), want[k + 1]);
    expectMatches(cp.imag(cp.asarray(cp.complex(1, -2))), want[k + 2]);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every kernel these tests built', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBe(cudaSources.size);
  }, 600_000);
});
