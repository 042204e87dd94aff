// numpy.linalg's eig and eigvals for general (non-symmetric) square matrices, with NumPy 2.5's
// result types: always complex (complex64 for float32 and complex64 input, complex128 for
// float64, complex128, integer and bool), never cast back to real where the imaginary parts happen to be zero (NumPy up to 2.4
// did that, a dtype that depends on the values; 2.5 and CuPy return complex). eig returns
// [eigenvalues, eigenvectors] (NumPy's EigResult in its order); the vectors are the columns,
// normalized as LAPACK's geev normalizes them (unit 2-norm, the largest component of a complex
// vector real). The eigenvalues come in the solver's order (LAPACK's on the CPU, cuSOLVER's on
// the GPU): conjugate pairs adjacent, the one with positive imaginary part first.
// A matrix holding NaN or infinity raises NumPy's LinAlgError ("Array must not contain infs or
// NaNs") at the first read of a result; the solver then runs on zeros in its place.
import { complexOf, type DType } from '../ir/dtype.js';
import { makeComplex } from '../ir/complex.js';
import { CupytsError } from '../ir/errors.js';
import { sizeOf } from '../ir/shape.js';
import { arrayLike } from './array-params.js';
import { imag } from './complex-api.js';
import { full, zeros } from './creation.js';
import { add, greater, isfinite, less, logical_not, multiply, negative } from './elementwise.js';
import { where } from './operands.js';
import { concatenate } from './joins.js';
import { eigBatch, raiseWhereFlagged } from './linalg-factor.js';
import { asBatch, asLinalg, checkStackedSquare, stackShape, unbatch } from './linalg-inputs.js';
import type { NDArray } from './ndarray.js';
import * as R from './reductions.js';
import { declare, required } from './signature.js';
import { expand_dims } from './views.js';
import { CudaRunner } from './cuda-runner.js';

const a = required('a', arrayLike);

/** eig's input: float32, float64, complex64 or complex128 (integers and bool in float64). */
function eigInput(op: string, x: NDArray): NDArray {
  const A = asLinalg(op, x);
  checkStackedSquare(op, A);
  return A;
}

/** The batch (batch, n, n) with each matrix that holds NaN or infinity replaced by zeros, reading flags that raise LinAlgError. */
function finiteOrRaise(op: string, batch: NDArray): NDArray {
  const bad = logical_not(R.all(isfinite(batch), { axis: [-2, -1] }));
  const flags = raiseWhereFlagged(bad, () => new CupytsError('ERR_LINALG', `${op}: Array must not contain infs or NaNs (LinAlgError)`));
  return where(expand_dims(flags, [-2, -1]), 0, batch);
}

/** Complex eigenvectors (batch, n, n) from geev's packed real ones and the eigenvalues `w` (batch, n). */
function unpackVectors(vr: NDArray, w: NDArray, dtype: DType): NDArray {
  const [batch, n] = vr.shape;
  const wi = expand_dims(imag(w), -2);
  const zero = zeros([batch, n, 1], { dtype: vr.dtype });
  // Column j - 1 and j + 1 beside column j (zeros past the ends).
  const left = concatenate([zero, vr.get(`...,:${n - 1}`)], -1);
  const right = concatenate([vr.get('...,1:'), zero], -1);
  const first = greater(wi, 0);
  const second = less(wi, 0);
  const re = where(second, left, vr);
  const im = where(first, right, where(second, negative(vr), 0));
  return add(re, multiply(im, makeComplex(0, 1))).astype(dtype);
}

/**
 * Whether a real matrix is solved on the GPU as a complex one (four times the arithmetic): the real
 * Xgeev returned CUSOLVER_STATUS_INTERNAL_ERROR for every float64 matrix on the H200 (session 9)
 * when called with a null VL of ld 1 (it now gets VR's buffer, as CuPy passes it); where the real
 * call still fails it is set, and the complex form (which passed the same tests) takes over.
 * CUPYTS_GEEV_REAL=complex starts with the complex form.
 */
let realAsComplex = process.env.CUPYTS_GEEV_REAL === 'complex';

/** The solver's eigenvalues (and packed vectors) of A, and the array it solved (A, or A as complex). */
function solveEig(op: string, A: NDArray, vectors: boolean): { input: NDArray; r: ReturnType<typeof eigBatch> } {
  const ctype = complexOf(A.dtype);
  const onGpuReal = A.dtype.kind !== 'c' && A.runner instanceof CudaRunner;
  if (onGpuReal && !realAsComplex) {
    try {
      return { input: A, r: eigBatch(op, finiteOrRaise(op, asBatch(A)), vectors) };
    } catch (err) {
      if (!String((err as { call?: string }).call ?? '').startsWith('cusolverDnXgeev')) throw err;
      realAsComplex = true;
    }
  }
  // The eigenvalues of the complex form are the same up to rounding (a conjugate pair's members
  // need not be exact conjugates); the dtypes are NumPy's.
  const input = onGpuReal ? A.astype(ctype) : A;
  return { input, r: eigBatch(op, finiteOrRaise(op, asBatch(input)), vectors) };
}

function eigArrays(op: string, x: NDArray, vectors: boolean): { w: NDArray; v?: NDArray } {
  const A = eigInput(op, x);
  const n = A.shape[A.ndim - 1];
  const stack = stackShape(A);
  const ctype = complexOf(A.dtype);
  if (sizeOf(stack) * n === 0) return { w: full([...stack, n], 0, { dtype: ctype }), v: full(A.shape, 0, { dtype: ctype }) };
  const { input, r } = solveEig(op, A, vectors);
  const w = unbatch(r.w, stack);
  if (!r.vr) return { w };
  return { w, v: unbatch(input.dtype.kind === 'c' ? r.vr : unpackVectors(r.vr, r.w, ctype), stack) };
}

/** eig(a): [eigenvalues, right eigenvectors as columns] of general square matrices, complex (NumPy 2.5). */
export const eig = declare('linalg.eig', [a], (v): [NDArray, NDArray] => {
  const r = eigArrays('linalg.eig', v.a, true);
  return [r.w, r.v!];
});

/** eigvals(a): the eigenvalues of general square matrices, complex (NumPy 2.5). */
export const eigvals = declare('linalg.eigvals', [a], (v) => eigArrays('linalg.eigvals', v.a, false).w);
