// The cp.random namespace: default_rng and Generator, and NumPy's legacy module functions (seed,
// rand, randn, randint, random, …) drawing from one module-level stream, declared with NumPy's
// signatures (and CuPy's dtype parameter, positional after size as in cupy.random). Without a
// call to seed(), that stream is seeded from OS entropy on first use.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { arrayLike, target } from './array-params.js';
import * as t from './param-types.js';
import * as D from './random-draws.js';
import { choiceFrom, permutationOf, shuffleInPlace } from './random-host.js';
import { distributionParam, floatDType, integerBound, population, randomState, seedValue, size } from './random-params.js';
import { newStream, stateOf, streamFromState, type RandomStream } from './random-stream.js';
import { distributionFunction } from './random-distributions.js';
import { randomBytes } from './random-permuted.js';
import { declare, keyword, positional, required, rest } from './signature.js';

export { default_rng, Generator, type Population } from './random.js';

let global: RandomStream | undefined;
const stream = (): RandomStream => (global ??= newStream(null));

/** seed(seed=None): restarts the module-level stream (the same seed, the same numbers); none: OS entropy. */
export const seed = declare('seed', [positional('seed', t.nullable(seedValue), null)], (v) => {
  global = newStream(v.seed);
});

/**
 * get_state(): the module-level stream's state (NumPy's legacy get_state, in the form of
 * Generator.getState: { bit_generator: 'Philox', key, counter, children }); set_state(state)
 * resumes the module functions from it exactly.
 */
export const get_state = declare('get_state', [], () => stateOf(stream()));

/** set_state(state): resume the module-level stream from a state get_state() (or a Generator's getState()) returned. */
export const set_state = declare('set_state', [required('state', randomState)], (v) => {
  global = streamFromState(v.state);
});

const dims = rest('dimensions', t.count);
const dtypeKeyword = keyword('dtype', t.dtype, DTYPES.float64);

/** rand(d0, d1, …, *, dtype=float64): uniform floats in [0, 1) of that shape. */
export const rand = declare('rand', [dims, dtypeKeyword], (v) => D.uniformFloats('rand', stream(), v.dimensions, v.dtype));

/** randn(d0, d1, …, *, dtype=float64): standard normal floats of that shape. */
export const randn = declare('randn', [dims, dtypeKeyword], (v) => D.standardNormal('randn', stream(), v.dimensions, v.dtype));

/** randint(low, high=None, size=None, dtype=int64): integers in [low, high), or [0, low). */
export const randint = declare(
  'randint',
  [required('low', integerBound), positional('high', t.nullable(integerBound), null), size, positional('dtype', t.dtype, DTYPES.int64)],
  (v) => D.integers('randint', stream(), v.low, v.high, v.size, v.dtype, false),
);

/** random(size=None, dtype=float64): uniform floats in [0, 1). random_sample is the same function. */
export const random = declare('random', [size, floatDType], (v) => D.uniformFloats('random', stream(), v.size, v.dtype));
export const random_sample = random;

/** uniform(low=0, high=1, size=None, dtype=float64). */
export const uniform = declare(
  'uniform',
  [positional('low', distributionParam, 0), positional('high', distributionParam, 1), size, floatDType],
  (v) => D.uniform('uniform', stream(), v.low, v.high, v.size, v.dtype),
);

/** normal(loc=0, scale=1, size=None, dtype=float64). */
export const normal = declare(
  'normal',
  [positional('loc', distributionParam, 0), positional('scale', distributionParam, 1), size, floatDType],
  (v) => D.normal('normal', stream(), v.loc, v.scale, v.size, v.dtype),
);

/** standard_normal(size=None, dtype=float64). */
export const standard_normal = declare('standard_normal', [size, floatDType], (v) => D.standardNormal('standard_normal', stream(), v.size, v.dtype));

/** exponential(scale=1, size=None, dtype=float64). */
export const exponential = declare(
  'exponential',
  [positional('scale', distributionParam, 1), size, floatDType],
  (v) => D.exponential('exponential', stream(), v.scale, v.size, v.dtype),
);

/** choice(a, size=None, replace=True, p=None): a sample of arange(a) (a an int) or of the 1-D array a. */
export const choice = declare(
  'choice',
  [required('a', population), size, positional('replace', t.boolean, true), positional('p', t.nullable(arrayLike), null)],
  (v) => {
    if (typeof v.a !== 'bigint' && v.a.ndim > 1) throw new CupytsError('ERR_ARG', `choice: expected a to be an integer or a 1-D array, got a ${v.a.ndim}-D array`);
    return choiceFrom('choice', stream(), { ...v, axis: 0 });
  },
);

/** permutation(x): arange(x) shuffled (x an int), or a shuffled copy of x along its first axis. */
export const permutation = declare('permutation', [required('x', population)], (v) => permutationOf('permutation', stream(), v.x, 0));

/** shuffle(x): x reordered along its first axis, in place. */
export const shuffle = declare('shuffle', [required('x', target)], (v) => shuffleInPlace('shuffle', stream(), v.x, 0));

// NumPy's other legacy distributions, on the module-level stream (signatures: random-distributions.ts).
export const standard_exponential = distributionFunction('standard_exponential', stream);
export const standard_gamma = distributionFunction('standard_gamma', stream);
export const standard_cauchy = distributionFunction('standard_cauchy', stream);
export const standard_t = distributionFunction('standard_t', stream);
export const lognormal = distributionFunction('lognormal', stream);
export const laplace = distributionFunction('laplace', stream);
export const logistic = distributionFunction('logistic', stream);
export const gumbel = distributionFunction('gumbel', stream);
export const weibull = distributionFunction('weibull', stream);
export const pareto = distributionFunction('pareto', stream);
export const power = distributionFunction('power', stream);
export const rayleigh = distributionFunction('rayleigh', stream);
export const wald = distributionFunction('wald', stream);
export const triangular = distributionFunction('triangular', stream);
export const gamma = distributionFunction('gamma', stream);
export const chisquare = distributionFunction('chisquare', stream);
export const f = distributionFunction('f', stream);
export const beta = distributionFunction('beta', stream);
export const noncentral_chisquare = distributionFunction('noncentral_chisquare', stream);
export const noncentral_f = distributionFunction('noncentral_f', stream);
export const vonmises = distributionFunction('vonmises', stream);
export const dirichlet = distributionFunction('dirichlet', stream);
export const poisson = distributionFunction('poisson', stream);
export const binomial = distributionFunction('binomial', stream);
export const negative_binomial = distributionFunction('negative_binomial', stream);
export const geometric = distributionFunction('geometric', stream);
export const logseries = distributionFunction('logseries', stream);
export const zipf = distributionFunction('zipf', stream);
export const hypergeometric = distributionFunction('hypergeometric', stream);
export const multinomial = distributionFunction('multinomial', stream);
export const multivariate_normal = distributionFunction('multivariate_normal', stream);

/** bytes(length): `length` random bytes from the module stream. */
export const bytes = declare('bytes', [required('length', t.count)], (v) => randomBytes('bytes', stream(), v.length));
