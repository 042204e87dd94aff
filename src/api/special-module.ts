// The cp.special namespace (SciPy's scipy.special): elementwise functions from the op table, ufunc
// objects as in SciPy (they fuse like any ufunc, on both backends), and the axis functions of special.ts.
import { unaryUfunc } from './ufunc.js';

export const erf = unaryUfunc('erf'), erfc = unaryUfunc('erfc'), erfinv = unaryUfunc('erfinv'), erfcinv = unaryUfunc('erfcinv');
export const gammaln = unaryUfunc('gammaln'), digamma = unaryUfunc('digamma'), psi = digamma;
export const expit = unaryUfunc('expit'), logit = unaryUfunc('logit');
export { softmax, log_softmax, logsumexp } from './special.js';
