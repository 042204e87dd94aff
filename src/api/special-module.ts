// The cp.special namespace (SciPy's scipy.special): elementwise functions from the op table (they
// fuse like any ufunc, on both backends) and the axis functions of special.ts.
import { elementwiseOp } from '../ir/ops.js';
import type { NDArray } from './ndarray.js';
import { applyOp, type ArrayOrScalar } from './operands.js';

const fn1 = (name: string): ((x: ArrayOrScalar) => NDArray) => {
  const op = elementwiseOp(name)!;
  return (...x: [ArrayOrScalar]) => applyOp(op, x);
};

export const erf = fn1('erf'), erfc = fn1('erfc'), erfinv = fn1('erfinv'), erfcinv = fn1('erfcinv');
export const gammaln = fn1('gammaln'), digamma = fn1('digamma'), psi = digamma;
export const expit = fn1('expit'), logit = fn1('logit');
export { softmax, log_softmax, logsumexp } from './special.js';
