// NumPy's distributions beyond uniform and normal, declared once: each entry is the parameter
// list of NumPy's Generator method (less `self`; float samplers also take CuPy's keyword
// `dtype`) and the sampler it calls. The Generator (random.ts) installs one method per entry and
// cp.random (random-module.ts) one legacy function per entry, on its module-level stream.
import { DTYPES, type DType } from '../ir/dtype.js';
import { checkRandomDType } from '../ir/random.js';
import { arrayLike } from './array-params.js';
import type { NDArray } from './ndarray.js';
import * as C from './random-continuous.js';
import * as X from './random-discrete.js';
import * as G from './random-gamma.js';
import * as M from './random-multivariate.js';
import * as N from './random-mvnormal.js';
import * as t from './param-types.js';
import { distributionParam, floatDType, floatDTypeKeyword, size } from './random-params.js';
import { withParamChecks } from './random-param-checks.js';
import type { Sampling } from './random-sampling.js';
import type { RandomStream } from './random-stream.js';
import { declare, keyword, positional, required, signature, type DeclaredFunction, type Signature, type Param, type ParamKind, type ValuesOf } from './signature.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyParam = Param<string, any, any, ParamKind>;

interface Entry<Ps extends readonly AnyParam[]> {
  readonly params: Ps;
  readonly sample: (s: Sampling, v: ValuesOf<Ps>) => NDArray;
  readonly unsupported: readonly string[];
}

function entry<const Ps extends readonly AnyParam[]>(
  params: Ps, sample: (s: Sampling, v: ValuesOf<Ps>) => NDArray, unsupported: readonly string[] = [],
): Entry<Ps> {
  return { params, sample, unsupported };
}

const p = <N extends string>(name: N) => required(name, distributionParam);
const pd = <N extends string>(name: N, value: number) => positional(name, distributionParam, value);
const dt = floatDTypeKeyword;

export const DISTRIBUTIONS = {
  standard_exponential: entry([size, floatDType], (s) => C.standardExponential(s), ['method', 'out']),
  standard_gamma: entry([p('shape'), size, floatDType], (s, v) => G.standardGamma(s, v.shape), ['out']),
  standard_cauchy: entry([size, dt], (s) => C.standardCauchy(s)),
  standard_t: entry([p('df'), size, dt], (s, v) => G.standardT(s, v.df)),
  lognormal: entry([pd('mean', 0), pd('sigma', 1), size, dt], (s, v) => C.lognormal(s, v.mean, v.sigma)),
  laplace: entry([pd('loc', 0), pd('scale', 1), size, dt], (s, v) => C.laplace(s, v.loc, v.scale)),
  logistic: entry([pd('loc', 0), pd('scale', 1), size, dt], (s, v) => C.logistic(s, v.loc, v.scale)),
  gumbel: entry([pd('loc', 0), pd('scale', 1), size, dt], (s, v) => C.gumbel(s, v.loc, v.scale)),
  weibull: entry([p('a'), size, dt], (s, v) => C.weibull(s, v.a)),
  pareto: entry([p('a'), size, dt], (s, v) => C.pareto(s, v.a)),
  power: entry([p('a'), size, dt], (s, v) => C.powerDistribution(s, v.a)),
  rayleigh: entry([pd('scale', 1), size, dt], (s, v) => C.rayleigh(s, v.scale)),
  wald: entry([p('mean'), p('scale'), size, dt], (s, v) => C.wald(s, v.mean, v.scale)),
  triangular: entry([p('left'), p('mode'), p('right'), size, dt], (s, v) => C.triangular(s, v.left, v.mode, v.right)),
  gamma: entry([p('shape'), pd('scale', 1), size, dt], (s, v) => G.gamma(s, v.shape, v.scale)),
  chisquare: entry([p('df'), size, dt], (s, v) => G.chisquare(s, v.df)),
  f: entry([p('dfnum'), p('dfden'), size, dt], (s, v) => G.fDistribution(s, v.dfnum, v.dfden)),
  beta: entry([p('a'), p('b'), size, dt], (s, v) => G.beta(s, v.a, v.b)),
  noncentral_chisquare: entry([p('df'), p('nonc'), size, dt], (s, v) => M.noncentralChisquare(s, v.df, v.nonc)),
  noncentral_f: entry([p('dfnum'), p('dfden'), p('nonc'), size, dt], (s, v) => M.noncentralF(s, v.dfnum, v.dfden, v.nonc)),
  vonmises: entry([p('mu'), p('kappa'), size, dt], (s, v) => M.vonmises(s, v.mu, v.kappa)),
  dirichlet: entry([required('alpha', arrayLike), size, dt], (s, v) => M.dirichlet(s, v.alpha)),
  poisson: entry([pd('lam', 1), size], (s, v) => X.poisson(s, v.lam)),
  binomial: entry([p('n'), p('p'), size], (s, v) => X.binomial(s, v.n, v.p)),
  negative_binomial: entry([p('n'), p('p'), size], (s, v) => X.negativeBinomial(s, v.n, v.p)),
  geometric: entry([p('p'), size], (s, v) => X.geometric(s, v.p)),
  logseries: entry([p('p'), size], (s, v) => X.logseries(s, v.p)),
  zipf: entry([p('a'), size], (s, v) => X.zipf(s, v.a)),
  hypergeometric: entry([p('ngood'), p('nbad'), p('nsample'), size], (s, v) => M.hypergeometric(s, v.ngood, v.nbad, v.nsample)),
  multinomial: entry([p('n'), required('pvals', arrayLike), size], (s, v) => M.multinomial(s, v.n, v.pvals)),
  multivariate_normal: entry([
    required('mean', arrayLike), required('cov', arrayLike), size, positional('check_valid', t.oneOf('warn', 'raise', 'ignore'), 'warn'),
    positional('tol', t.number, 1e-8), keyword('method', t.oneOf('svd', 'eigh', 'cholesky'), 'svd'), dt,
  ], (s, v) => N.multivariateNormal(s, v.mean, v.cov, v.check_valid, v.tol, v.method)),
  multivariate_hypergeometric: entry([
    required('colors', arrayLike), required('nsample', t.count), size, positional('method', t.oneOf('marginals', 'count'), 'marginals'),
  ], (s, v) => N.multivariateHypergeometric(s, v.colors, v.nsample)),
} as const;

export type DistributionName = keyof typeof DISTRIBUTIONS;
type Table = typeof DISTRIBUTIONS;
export type DistributionFunction<K extends DistributionName> = DeclaredFunction<Table[K]['params'], NDArray>;

/** The result dtype of a call: its dtype argument, else float64 (int64 for the discrete distributions). */
function dtypeOf(op: string, values: Record<string, unknown>, params: readonly AnyParam[]): DType {
  if (!params.some((q) => q.name === 'dtype')) return DTYPES.int64;
  const dtype = values.dtype as DType;
  checkRandomDType(op, 'uniform', dtype);
  return dtype;
}

/** The parsed arguments `values` of distribution `name` sampled from `stream`. */
export function sampleDistribution(name: DistributionName, stream: RandomStream, values: unknown): NDArray {
  const e = DISTRIBUTIONS[name] as unknown as Entry<readonly AnyParam[]>;
  const v = values as Record<string, unknown>;
  const s: Sampling = { op: name, stream, size: (v.size as number[] | null) ?? null, dtype: dtypeOf(name, v, e.params), checks: [] };
  return withParamChecks(e.sample(s, values as ValuesOf<readonly AnyParam[]>), s.checks);
}

/** The signature of distribution `name`. */
export function distributionSignature<K extends DistributionName>(name: K): Signature<Table[K]['params']> {
  const e = DISTRIBUTIONS[name];
  return signature(name, e.params, { unsupported: e.unsupported }) as Signature<Table[K]['params']>;
}

/** A declared function for distribution `name`, drawing from the stream `streamOf()` returns. */
export function distributionFunction<K extends DistributionName>(name: K, streamOf: () => RandomStream): DistributionFunction<K> {
  const e = DISTRIBUTIONS[name] as unknown as Entry<readonly AnyParam[]>;
  return declare(name, e.params, (values) => sampleDistribution(name, streamOf(), values), { unsupported: e.unsupported }) as unknown as DistributionFunction<K>;
}
