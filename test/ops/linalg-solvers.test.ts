// cp.linalg's solvers and decompositions on the CPU backend against NumPy (test/helpers/
// linalg-cases.ts: stacks, broadcast stacks, views, 0x0, 1x1, empty stacks, float32 and float64,
// integer inputs), LinAlgError for singular and non-positive-definite inputs raised at the read,
// and bad arguments raised at the call.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkCases, linalgCases } from '../helpers/linalg-cases.js';

setBackendNotice(() => {});

for (const dtype of ['float64', 'float32'] as const) {
  describe(`cp.linalg ${dtype} against NumPy`, () => checkCases(linalgCases(dtype), dtype));
}

describe('LinAlgError at the read', () => {
  const singular = () => cp.array([[1, 2], [2, 4]]);
  it('solve of a singular matrix raises at the read, and so does what is computed from it', () => {
    const x = cp.linalg.solve(singular(), cp.array([1, 2]));
    expect(() => x.toArraySync()).toThrow(/linalg\.solve: Singular matrix \(LinAlgError\)/);
    expect(() => cp.add(x, 1).toArraySync()).toThrow(/linalg\.solve: Singular matrix \(LinAlgError\)/);
    try {
      x.toArraySync();
    } catch (err) {
      expect((err as cp.CupytsError).code).toBe('ERR_LINALG');
    }
  });
  it('inv of one singular matrix in a stack raises', () => {
    const a = cp.stack([cp.eye(2), singular().astype('float64')]);
    expect(() => cp.linalg.inv(a).toArraySync()).toThrow(/Singular matrix/);
  });
  it('cholesky of a matrix that is not positive definite raises', () => {
    const a = cp.array([[1, 2], [2, 1]]);
    expect(() => cp.linalg.cholesky(a).toArraySync()).toThrow(/linalg\.cholesky: Matrix is not positive definite \(LinAlgError\)/);
    expect(() => cp.linalg.cholesky(a, { upper: true }).toArraySync()).toThrow(/not positive definite/);
  });
  it('det of a singular matrix is 0, not an error', () => {
    expect(Math.abs(cp.linalg.det(singular()).item() as number)).toBe(0);
  });
  it('a good matrix next to a bad one does not leak the error to unrelated arrays', () => {
    cp.linalg.solve(singular(), cp.array([1, 2]));
    expect(cp.linalg.solve(cp.eye(2), cp.array([1, 2])).toArraySync()).toEqual([1, 2]);
  });
});

describe('bad arguments raise at the call', () => {
  it.each<[string, () => unknown, RegExp, string]>([
    ['solve of a 1-D a', () => cp.linalg.solve(cp.ones([3]), cp.ones([3])), /linalg\.solve: expected a of at least two dimensions/, 'ERR_SHAPE'],
    ['solve of a non-square a', () => cp.linalg.solve(cp.ones([2, 3]), cp.ones([2])), /linalg\.solve: expected the last two dimensions of a to be square/, 'ERR_SHAPE'],
    ['solve with mismatched b', () => cp.linalg.solve(cp.eye(3), cp.ones([2])), /linalg\.solve: expected b of shape/, 'ERR_SHAPE'],
    ['solve with unbroadcastable stacks', () => cp.linalg.solve(cp.ones([2, 3, 3]), cp.ones([4, 3, 1])), /linalg\.solve/, 'ERR_SHAPE'],
    ['inv of float16', () => cp.linalg.inv(cp.eye(2, { dtype: 'float16' })), /linalg\.inv: array type float16 is unsupported/, 'ERR_DTYPE'],
    ['det of a non-square stack', () => cp.linalg.det(cp.ones([2, 2, 3])), /linalg\.det: expected the last two dimensions/, 'ERR_SHAPE'],
    ['cholesky upper not a boolean', () => cp.linalg.cholesky(cp.eye(2), { upper: 1 as never }), /linalg\.cholesky: expected upper to be a boolean/, 'ERR_ARG'],
    ['qr mode unknown', () => cp.linalg.qr(cp.eye(2), 'full' as never), /linalg\.qr: expected mode/, 'ERR_ARG'],
    ["qr mode 'raw'", () => cp.linalg.qr(cp.eye(2), 'raw'), /linalg\.qr: mode 'raw'/, 'ERR_UNSUPPORTED'],
    ['svd of a 1-D array', () => cp.linalg.svd(cp.ones([3])), /linalg\.svd: expected a of at least two dimensions/, 'ERR_SHAPE'],
    ['svd unknown option', () => cp.linalg.svd(cp.eye(2), { full: true } as never), /linalg\.svd: unknown option 'full'/, 'ERR_ARG'],
    ['eigh UPLO lower case', () => cp.linalg.eigh(cp.eye(2), 'l' as never), /linalg\.eigh: expected UPLO/, 'ERR_ARG'],
    ['eigvalsh non-square', () => cp.linalg.eigvalsh(cp.ones([2, 3])), /linalg\.eigvalsh: expected the last two dimensions/, 'ERR_SHAPE'],
    ['lstsq of a stack', () => cp.linalg.lstsq(cp.ones([2, 3, 3]), cp.ones([2, 3])), /linalg\.lstsq: expected a 2-D a/, 'ERR_LINALG'],
    ['lstsq rows mismatch', () => cp.linalg.lstsq(cp.ones([3, 2]), cp.ones([4])), /linalg\.lstsq: expected b with 3 rows/, 'ERR_LINALG'],
    ['pinv rcond and rtol', () => cp.linalg.pinv(cp.eye(2), 1e-10, { rtol: 1e-3 }), /linalg\.pinv: expected rcond or rtol, not both/, 'ERR_ARG'],
    ['matrix_rank tol and rtol', () => cp.linalg.matrix_rank(cp.eye(2), 0.1, { rtol: 0.1 }), /linalg\.matrix_rank: expected tol or rtol, not both/, 'ERR_ARG'],
    ['cond of an empty matrix', () => cp.linalg.cond(cp.ones([0, 0])), /linalg\.cond: cond is not defined on empty arrays/, 'ERR_LINALG'],
    ['cond p=3', () => cp.linalg.cond(cp.eye(2), 3 as never), /linalg\.cond: expected p/, 'ERR_ARG'],
    ['cond p=1 non-square', () => cp.linalg.cond(cp.ones([2, 3]), 1), /linalg\.cond: expected the last two dimensions of x to be square/, 'ERR_SHAPE'],
    ['matrix_power non-integer', () => cp.linalg.matrix_power(cp.eye(2), 1.5), /linalg\.matrix_power: expected n to be an integer/, 'ERR_ARG'],
    ['matrix_power non-square', () => cp.linalg.matrix_power(cp.ones([2, 3]), 2), /linalg\.matrix_power: expected the last two dimensions/, 'ERR_SHAPE'],
    ['multi_dot of one array', () => cp.linalg.multi_dot([cp.eye(2)]), /linalg\.multi_dot: expected at least two arrays/, 'ERR_ARG'],
    ['multi_dot 3-D', () => cp.linalg.multi_dot([cp.eye(2), cp.ones([2, 2, 2])]), /linalg\.multi_dot: expected arrays\[1\] to be 2-D/, 'ERR_SHAPE'],
    ['tensorsolve shapes', () => cp.linalg.tensorsolve(cp.ones([2, 3]), cp.ones([2])), /linalg\.tensorsolve: expected prod/, 'ERR_LINALG'],
    ['tensorinv ind 0', () => cp.linalg.tensorinv(cp.eye(2), 0), /linalg\.tensorinv: expected ind > 0/, 'ERR_ARG'],
    ['tensorinv shapes', () => cp.linalg.tensorinv(cp.ones([2, 3]), 1), /linalg\.tensorinv: expected prod/, 'ERR_LINALG'],
    ['an extra argument', () => cp.linalg.inv(cp.eye(2), 1 as never), /linalg\.inv/, 'ERR_ARG'],
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

describe('the signatures', () => {
  it('positional and keyword forms agree', () => {
    const a = cp.array([[2, 1], [1, 3]]);
    const svals = (x: unknown) => (x as cp.NDArray).toArraySync();
    expect(svals(cp.linalg.svd(a, false, false))).toEqual(svals(cp.linalg.svd(a, { full_matrices: false, compute_uv: false })));
    expect(cp.linalg.eigvalsh(a, 'U').toArraySync()).toEqual(cp.linalg.eigvalsh(a, { UPLO: 'U' }).toArraySync());
    expect(cp.linalg.pinv(a, null, true).toArraySync()).toEqual(cp.linalg.pinv(a, { hermitian: true }).toArraySync());
  });
  it('lstsq returns rank as a number', () => {
    expect(cp.linalg.lstsq(cp.array([[1, 0], [0, 1], [1, 1]]), cp.array([1, 2, 3]))[2]).toBe(2);
  });
  it('svd, lstsq and pinv made inside cp.tidy read after it returns (their NaN screens outlive the arrays tidy disposes)', () => {
    const a = cp.add(cp.arange(60, { dtype: 'float64' }).reshape(20, 3).divide(7), cp.eye(20, 3)).eval();
    const b = cp.linspace(-1, 1, 20);
    const calls = () => {
      const [u, s, vh] = cp.linalg.svd(a.subtract(cp.mean(a, 0)), { full_matrices: false }) as cp.NDArray[];
      return [u, s, vh, cp.linalg.lstsq(a, b)[0] as cp.NDArray, cp.linalg.pinv(a)];
    };
    const want = calls().map((x) => x.toArraySync());
    for (let k = 0; k < 3; k++) expect(cp.tidy(calls).map((x) => x.toArraySync())).toEqual(want);
    const bad = a.copy();
    bad.set('3, 2', NaN);
    const [s] = cp.tidy(() => [cp.linalg.svd(bad, { compute_uv: false }) as cp.NDArray]);
    expect(() => s.toArraySync()).toThrow(/linalg\.svd: SVD did not converge/);
  });
  it('lstsq of a tall a (QR first) with NaN or infinity raises LinAlgError as NumPy', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = cp.add(cp.arange(60, { dtype: 'float64' }).reshape(20, 3), cp.eye(20, 3)).eval();
      a.set('7, 1', bad);
      expect(() => cp.linalg.lstsq(a, cp.ones([20]))).toThrow(/linalg\.lstsq: SVD did not converge in Linear Least Squares/);
    }
  });
});
