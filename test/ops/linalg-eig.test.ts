// cp.linalg.eig and eigvals on the CPU backend against NumPy (test/helpers/linalg-eig-cases.ts:
// real and complex inputs; random, symmetric, Hermitian, complex-pair, repeated, defective, ill-conditioned and triangular matrices,
// stacks, views, 1x1), NumPy 2.5's complex result types, empty inputs, LinAlgError for NaN and
// infinity raised at the read, and bad arguments raised at the call.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkEigCases, complexEigCases, eigCases } from '../helpers/linalg-eig-cases.js';
import { cudaSources, recordCuda } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

for (const dtype of ['float64', 'float32'] as const) {
  describe(`cp.linalg.eig ${dtype} against NumPy`, () => checkEigCases(eigCases(dtype), dtype));
}
for (const dtype of ['complex128', 'complex64'] as const) {
  describe(`cp.linalg.eig ${dtype} against NumPy`, () => checkEigCases(complexEigCases(dtype), dtype));
}

describe('result types and empty inputs', () => {
  it('integer and bool inputs compute in float64 and give complex128', () => {
    const [w, v] = cp.linalg.eig(cp.array([[2, 0], [0, 3]], { dtype: 'int32' }));
    expect(w.dtype.name).toBe('complex128');
    expect(v.dtype.name).toBe('complex128');
    expect(cp.linalg.eigvals(cp.eye(2, { dtype: 'bool' })).dtype.name).toBe('complex128');
  });
  it('all-real eigenvalues still come back complex (NumPy 2.5)', () => {
    const w = cp.linalg.eigvals(cp.array([[2, 0], [0, 3]], { dtype: 'float32' }));
    expect(w.dtype.name).toBe('complex64');
    expect(w.tolist()).toEqual([cp.complex(2, 0), cp.complex(3, 0)]);
  });
  it.each([[[0, 0]], [[2, 0, 0]], [[0, 3, 3]]])('shape %j gives empty complex results', (shape) => {
    const a = cp.zeros(shape);
    const [w, v] = cp.linalg.eig(a);
    expect(w.shape).toEqual(shape.slice(0, -1));
    expect(v.shape).toEqual(shape);
    expect(w.dtype.name).toBe('complex128');
    expect(cp.linalg.eigvals(cp.zeros(shape, { dtype: 'float32' })).dtype.name).toBe('complex64');
  });
});

describe('LinAlgError at the read', () => {
  it.each([['NaN', NaN], ['inf', Infinity], ['-inf', -Infinity]])('a matrix holding %s raises, as NumPy', (_, bad) => {
    const a = cp.array([[1, 2], [3, bad]]);
    const [w, v] = cp.linalg.eig(a);
    expect(() => w.toArraySync()).toThrow(/linalg\.eig: Array must not contain infs or NaNs \(LinAlgError\)/);
    expect(() => v.toArraySync()).toThrow(/Array must not contain infs or NaNs/);
    expect(() => cp.abs(w).toArraySync()).toThrow(/Array must not contain infs or NaNs/);
    expect(() => cp.linalg.eigvals(a).toArraySync()).toThrow(/linalg\.eigvals: Array must not contain infs or NaNs/);
    try {
      w.toArraySync();
    } catch (err) {
      expect((err as cp.CupytsError).code).toBe('ERR_LINALG');
    }
  });
  it('a complex matrix with NaN in an imaginary part raises', () => {
    const a = cp.array([[cp.complex(1, NaN), cp.complex(0, 0)], [cp.complex(0, 0), cp.complex(1, 0)]]);
    expect(() => cp.linalg.eigvals(a).toArraySync()).toThrow(/linalg\.eigvals: Array must not contain infs or NaNs/);
  });
  it('NaN in one matrix of a stack raises for the stack; a clean stack does not', () => {
    const stack = cp.stack([cp.eye(2), cp.array([[NaN, 0], [0, 1]])]);
    expect(() => cp.linalg.eigvals(stack).toArraySync()).toThrow(/Array must not contain infs or NaNs/);
    expect(cp.linalg.eigvals(cp.stack([cp.eye(2), cp.eye(2)])).shape).toEqual([2, 2]);
    expect(() => cp.linalg.eigvals(cp.stack([cp.eye(2), cp.eye(2)])).toArraySync()).not.toThrow();
  });
});

describe('bad arguments raise at the call', () => {
  it.each<[string, () => unknown, RegExp, string]>([
    ['eig of a 1-D array', () => cp.linalg.eig(cp.ones([3])), /linalg\.eig: expected a of at least two dimensions/, 'ERR_SHAPE'],
    ['eig of a non-square array', () => cp.linalg.eig(cp.ones([2, 3])), /linalg\.eig: expected the last two dimensions of a to be square/, 'ERR_SHAPE'],
    ['eigvals of a non-square stack', () => cp.linalg.eigvals(cp.ones([2, 2, 3])), /linalg\.eigvals: expected the last two dimensions/, 'ERR_SHAPE'],
    ['eig of float16', () => cp.linalg.eig(cp.eye(2, { dtype: 'float16' })), /linalg\.eig: array type float16 is unsupported/, 'ERR_DTYPE'],
    ['eig with an extra argument', () => cp.linalg.eig(cp.eye(2), 1 as never), /linalg\.eig/, 'ERR_ARG'],
  ])('%s', (_, call, message, code) => {
    let thrown: unknown;
    try {
      call();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(cp.CupytsError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as cp.CupytsError).code).toBe(code);
  });
});

describe('the CUDA kernels of eig compile with NVRTC', () => {
  it.skipIf(!HAS_NVRTC)('unpacking the real solver\'s vectors (float32, float64) and the finite check', () => {
    cudaSources.clear();
    for (const dtype of ['float32', 'float64'] as const) {
      const a = cp.array([[1, 2, 0], [-2, 1, 0], [0, 0, 3]], { dtype });
      const [w, v] = cp.linalg.eig(a);
      recordCuda(w, v, cp.logical_not(cp.all(cp.isfinite(a), { axis: [-2, -1] })), cp.where(cp.array([true]), 0, a));
    }
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(1);
  }, 600_000);
});
