// NaN and infinity (in either part of a complex entry) through numpy.linalg, against NumPy on the
// current backend, shared by test/ops/linalg-nonfinite.test.ts and test/gpu/linalg-nonfinite.test.ts.
// Where NumPy raises LinAlgError (the SVD of a matrix holding NaN; lstsq of any non-finite
// matrix; eigvals), cupyts must raise a CupytsError 'ERR_LINALG' with NumPy's message at the read;
// elsewhere the values must agree, NaN for NaN. Stacks put the non-finite entry in one matrix only,
// so the others' results are checked as well.
import { expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { toDevice, toHost } from './arrays.js';
import type { LinalgDType } from './linalg-stacked-cases.js';
import { compareArrays, numpy, randomArray, type HostArray } from './numpy-oracle.js';

interface NonFiniteCase {
  label: string;
  expr: string;
  run: (a: cp.NDArray) => cp.NDArray | cp.NDArray[];
  /** Only NaN entries: NumPy's answer to an infinity depends on where LAPACK meets it. */
  nanOnly?: boolean;
}

const CASES: NonFiniteCase[] = [
  { label: 'svd: s', expr: 'np.linalg.svd(a)[1]', run: (a) => (cp.linalg.svd(a) as cp.NDArray[])[1] },
  { label: 'svdvals', expr: 'np.linalg.svdvals(a)', run: (a) => cp.linalg.svdvals(a) },
  { label: 'pinv', expr: 'np.linalg.pinv(a)', run: (a) => cp.linalg.pinv(a) },
  { label: 'matrix_rank', expr: 'np.linalg.matrix_rank(a)', run: (a) => cp.linalg.matrix_rank(a) },
  { label: 'cond', expr: 'np.linalg.cond(a)', run: (a) => cp.linalg.cond(a) },
  { label: 'cond p=1', expr: 'np.linalg.cond(a, 1)', run: (a) => cp.linalg.cond(a, 1) },
  { label: 'norm ord=2', expr: 'np.linalg.norm(a, 2, (-2, -1))', run: (a) => cp.linalg.norm(a, 2, [-2, -1]) },
  { label: "norm ord='nuc'", expr: "np.linalg.norm(a, 'nuc', (-2, -1))", run: (a) => cp.linalg.norm(a, 'nuc', [-2, -1]) },
  { label: 'lstsq of the first matrix: x', expr: 'np.linalg.lstsq(a.reshape(-1, 3, 3)[0], np.ones(3))[0]', run: (a) => cp.linalg.lstsq(cp.reshape(a, [-1, 3, 3]).get(0), cp.ones([3]))[0] },
  { label: 'eigvals', expr: 'np.linalg.eigvals(a)', run: (a) => cp.linalg.eigvals(a) },
  { label: 'det', expr: 'np.linalg.det(a)', run: (a) => cp.linalg.det(a) },
  // the entry at [1, 2] is in the upper triangle: read with UPLO='U', not with 'L'
  { label: "eigvalsh UPLO='U'", expr: "np.linalg.eigvalsh(a, UPLO='U')", run: (a) => cp.linalg.eigvalsh(a, 'U'), nanOnly: true },
  { label: "eigvalsh UPLO='L' (the entry unread)", expr: "np.linalg.eigvalsh(a, UPLO='L')", run: (a) => cp.linalg.eigvalsh(a, 'L') },
];

/** A (stack..., 3, 3) random matrix of `dtype` with `value` at [..., 1, 2] of the last matrix (in the imaginary part with `imaginary`). */
function withEntry(dtype: LinalgDType, stack: number[], value: number, imaginary: boolean, seed: number): HostArray {
  const h = randomArray(dtype, [...stack, 3, 3], seed, { low: -1, high: 1 });
  const complex = dtype === 'complex64' || dtype === 'complex128';
  const at = h.data.length / (complex ? 2 : 1) - 9 + 5;
  (h.data as Float64Array)[complex ? 2 * at + (imaginary ? 1 : 0) : at] = value;
  return h;
}

/** One test per case and kind of entry for `dtype` on the current backend. */
export function checkNonFinite(dtype: LinalgDType): void {
  const complex = dtype === 'complex64' || dtype === 'complex128';
  const entries: Array<[string, number, boolean]> = [['NaN', NaN, false], ['inf', Infinity, false], ['-inf', -Infinity, false]];
  if (complex) entries.push(['NaN imaginary', NaN, true], ['inf imaginary', Infinity, true]);
  const all = entries.flatMap(([label, value, imaginary], i) => [[], [2]].map((stack) => ({ label: `${label}${stack.length ? ' in a stack' : ''}`, a: withEntry(dtype, stack, value, imaginary, 900 + i) })));
  const jobs = all.flatMap((input) => CASES.filter((c) => !c.nanOnly || input.label.startsWith('NaN')).map((c) => ({ input, c })));
  const want = numpy(jobs.map(({ input, c }) => ({ expr: c.expr, inputs: { a: input.a } })));
  const tol = dtype === 'float32' || dtype === 'complex64' ? { rtol: 1e-3, atol: 1e-3 } : { rtol: 1e-9, atol: 1e-9 };
  jobs.forEach(({ input, c }, i) => {
    it(`${c.label}, ${input.label}`, () => {
      const w = want[i];
      const read = () => {
        const got = c.run(toDevice(input.a));
        return (Array.isArray(got) ? got : [got]).map((g) => toHost(g));
      };
      if (!w.ok) {
        const message = w.error.replace(/^LinAlgError: /, '');
        expect(w.error).toMatch(/^LinAlgError: /);
        let thrown: unknown;
        try {
          read();
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(cp.CupytsError);
        expect((thrown as cp.CupytsError).code).toBe('ERR_LINALG');
        expect((thrown as Error).message).toContain(message);
        return;
      }
      const gots = read();
      const wants = (Array.isArray(w.value) ? w.value : [w.value]) as HostArray[];
      gots.forEach((g, j) => {
        const cmp = compareArrays(g, wants[j], tol);
        expect(cmp.ok ? '' : `output ${j}: ${cmp.message}`).toBe('');
      });
    });
  });
}
