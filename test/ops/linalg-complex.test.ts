// cp.linalg on complex64 and complex128 input on the CPU backend against NumPy
// (test/helpers/linalg-complex-cases.ts: solve, inv, det, slogdet, cholesky of Hermitian
// matrices, tensorsolve, tensorinv, norms), LinAlgError at the read, and the functions that do not
// take complex input yet refusing it by name (ERR_UNSUPPORTED), never returning a wrong value.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkCases } from '../helpers/linalg-cases.js';
import { complexLinalgCases } from '../helpers/linalg-complex-cases.js';

setBackendNotice(() => {});

for (const dtype of ['complex128', 'complex64'] as const) {
  describe(`cp.linalg ${dtype} against NumPy`, () => checkCases(complexLinalgCases(dtype), dtype));
}

describe('complex LinAlgError at the read', () => {
  const z = (re: number, im: number) => cp.complex(re, im);
  it('solve and inv of a singular complex matrix raise', () => {
    const a = cp.array([[z(1, 1), z(2, -1)], [z(2, 2), z(4, -2)]]);
    expect(() => cp.linalg.solve(a, cp.array([1, 2])).toArraySync()).toThrow(/linalg\.solve: Singular matrix \(LinAlgError\)/);
    expect(() => cp.linalg.inv(a).toArraySync()).toThrow(/linalg\.inv: Singular matrix/);
  });
  it('cholesky of a Hermitian matrix that is not positive definite raises', () => {
    const a = cp.array([[z(1, 0), z(2, 1)], [z(2, -1), z(1, 0)]]);
    expect(() => cp.linalg.cholesky(a).toArraySync()).toThrow(/linalg\.cholesky: Matrix is not positive definite/);
  });
});

describe('functions without complex input yet refuse it by name', () => {
  const a = () => cp.eye(3, { dtype: 'complex128' });
  it.each<[string, () => unknown, RegExp]>([
    ['qr', () => cp.linalg.qr(a()), /linalg\.qr: complex128 input is not supported yet/],
    ['svd', () => cp.linalg.svd(a()), /linalg\.svd: complex128 input is not supported yet/],
    ['svdvals', () => cp.linalg.svdvals(cp.eye(2, { dtype: 'complex64' })), /linalg\.svdvals: complex64 input/],
    ['eigh', () => cp.linalg.eigh(a()), /linalg\.eigh: complex128 input/],
    ['eigvalsh', () => cp.linalg.eigvalsh(a()), /linalg\.eigvalsh: complex128 input/],
    ['eig', () => cp.linalg.eig(a()), /linalg\.eig: complex128 input/],
    ['eigvals', () => cp.linalg.eigvals(a()), /linalg\.eigvals: complex128 input/],
    ['lstsq', () => cp.linalg.lstsq(a(), cp.ones([3])), /linalg\.lstsq: complex128 input/],
    ['pinv', () => cp.linalg.pinv(a()), /linalg\.pinv: complex128 input/],
    ['matrix_rank', () => cp.linalg.matrix_rank(a()), /linalg\.matrix_rank: complex128 input/],
    ['cond', () => cp.linalg.cond(a()), /linalg\.cond: complex128 input/],
    ['norm ord=2 of a matrix', () => cp.linalg.norm(a(), 2), /linalg\.norm: the matrix norm ord=2 of complex128 input is not supported yet/],
    ["norm 'nuc'", () => cp.linalg.norm(a(), 'nuc'), /linalg\.norm: the matrix norm ord='nuc' of complex128/],
    ['matrix_norm ord=-2', () => cp.linalg.matrix_norm(a(), { ord: -2 }), /linalg\.matrix_norm: the matrix norm ord=-2 of complex128/],
  ])('%s', (_, call, message) => {
    let thrown: unknown;
    try {
      call();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(cp.CupytsError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as cp.CupytsError).code).toBe('ERR_UNSUPPORTED');
  });
});
