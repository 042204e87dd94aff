// A generated bad-input sweep over the public API. Every exported function (and every NDArray
// and Generator method) is found by walking the module's exports, so a new function is swept
// as soon as it is exported; the one thing written by hand per function is what a valid call
// looks like (BASELINES). From that baseline each argument, each option and the array a method
// is called on is replaced in turn by wrong types, bad axes, out-of-range values, negative and
// huge sizes and disposed arrays. Each call must either throw a CupytsError whose message names
// the function, or succeed (NumPy accepts some of these) with a result of the baseline's kind
// that can be computed and printed; never a TypeError or RangeError from inside cupyts, and
// never a hang (a watchdog thread ends the process if one call runs past CALL_LIMIT_MS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { CupytsError, NDArray } from '../../src/index.js';
import { ELEMENTWISE_OPS } from '../../src/ir/ops.js';
import { startWatchdog, type Watchdog } from '../helpers/watchdog.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CALL_LIMIT_MS = 20_000;

// ---- arrays the baselines use (fresh for every call: some calls write into them) ----------------

const F = () => cp.asarray([[1.5, -2, 3], [4, 0.5, -6]], { dtype: 'float32' });
const I = () => cp.asarray([[1, 2, 3], [4, 5, 6]], { dtype: 'int32' });
const B = () => cp.asarray([[true, false, true], [false, true, true]]);
const V = () => cp.asarray([1, 2, 3], { dtype: 'float32' });
const SQ = () => cp.arange(9).reshape(3, 3).astype('float32');
const C3 = () => cp.arange(12).reshape(2, 3, 2).astype('float32');
const PD = () => cp.asarray([[4, 1], [1, 3]], { dtype: 'float32' });
const ONE = () => cp.asarray([2.5], { dtype: 'float32' });

function disposed(): NDArray {
  const a = F();
  a.dispose();
  return a;
}

/** The values each argument is replaced by: [what it is, a fresh value]. */
const BAD_VALUES: ReadonlyArray<[string, () => unknown]> = [
  ['a string', () => 'abc'],
  ['an empty string', () => ''],
  ['an object', () => ({ x: 1 })],
  ['null', () => null],
  ['undefined', () => undefined],
  ['a symbol', () => Symbol('bad')],
  ['a function', () => () => 1],
  ['a Map', () => new Map()],
  ['NaN', () => NaN],
  ['a bigint', () => 7n],
  ['true', () => true],
  ['-1', () => -1],
  ['-99', () => -99],
  ['99', () => 99],
  ['1.5', () => 1.5],
  ['1e18', () => 1e18],
  ['2**53', () => 2 ** 53],
  ['-1e18', () => -1e18],
  ['Infinity', () => Infinity],
  ['[0, 0] (a duplicate axis)', () => [0, 0]],
  ['[0, 99]', () => [0, 99]],
  ['[1.5]', () => [1.5]],
  ['a ragged list', () => [[1], [1, 2]]],
  ['a list with a hole', () => [1, , 3]],
  ['a list of strings', () => ['a', 'b']],
  ['an empty list', () => []],
  ['a 0-d array', () => cp.asarray(2.5)],
  ['an empty array', () => cp.zeros([0])],
  ['a disposed array', disposed],
];

/** What `this` of a method is replaced by. */
const BAD_SELVES: ReadonlyArray<[string, () => NDArray]> = [
  ['a disposed array', disposed],
  ['a 0-d array', () => cp.asarray(2.5, { dtype: 'float32' })],
  ['an empty array', () => cp.zeros([0], { dtype: 'float32' })],
];

// ---- valid calls: the one table written by hand ---------------------------------------------------

interface Baseline {
  /** Arguments of a valid call (fresh arrays on each call). */
  args: () => unknown[];
  /** For methods: the array (or Generator) it is called on. */
  self?: () => unknown;
  /** Names the function's errors may use besides its own (the function it forwards to). */
  names?: readonly string[];
}

const f = (args: () => unknown[], names?: readonly string[]): Baseline => ({ args, names });
const m = (self: () => unknown, args: () => unknown[], names?: readonly string[]): Baseline => ({ self, args, names });

/** Files the readers' valid calls read: a float32 .npy file and its raw elements. */
const FILES = mkdtempSync(join(tmpdir(), 'cupyts-sweep-'));
const NPY = join(FILES, 'a.npy');
const RAW = join(FILES, 'a.bin');
cp.save(NPY, cp.arange(4, { dtype: 'float32' }));
writeFileSync(RAW, new Uint8Array(Float32Array.of(1, 2, 3, 4).buffer));

const FUNCTIONS: Record<string, Baseline> = {
  ElementwiseKernel: f(() => ['T x', 'T y', 'y = x', 'copy_user', false, null, false, false, { js: 'y = x' }]),
  get_default_memory_pool: f(() => []),
  RawKernel: f(() => ['extern "C" __global__ void k(float* x) { x[0] = 1; }', 'k']),
  RawModule: f(() => [{ code: 'extern "C" __global__ void k(float* x) { x[0] = 1; }' }]),
  scalar: f(() => [3, 'int32']),
  'cuda.Event': f(() => []),
  'cuda.get_elapsed_time': f(() => {
    const [a, b] = [new cp.cuda.Event(), new cp.cuda.Event()];
    a.record();
    b.record();
    return [a, b];
  }),
  'cuda.Stream': f(() => []),
  'cuda.withStream': f(() => [new cp.cuda.Stream(), () => 1]),
  'cuda.get_current_stream': f(() => []),
  'cuda.Device': f(() => [0]),
  tidy: f(() => [() => 1]), // returns what fn returns: any function is a valid argument
  keep: f(() => [cp.arange(3)]),
  jit: f(() => [(x: NDArray) => x.add(1)]), // returns a function; its options are checked at the call
  ReductionKernel: f(() => ['T x', 'T y', 'x', 'a + b', 'y = a', '0', 'sum_user', null, { js: { map: 'x', reduce: 'a + b', post_map: 'y = a' } }]),
  'special.erf': f(() => [F()]),
  'special.erfc': f(() => [F()]),
  'special.erfinv': f(() => [F()]),
  'special.erfcinv': f(() => [F()]),
  'special.gammaln': f(() => [F()]),
  'special.digamma': f(() => [F()]),
  'special.psi': f(() => [F()], ['digamma']),
  'special.expit': f(() => [F()]),
  'special.logit': f(() => [F()]),
  'special.softmax': f(() => [F(), 0]),
  'special.log_softmax': f(() => [F(), -1]),
  'special.logsumexp': f(() => [F(), 0, true]),
  result_type: f(() => ['float32', F(), 2]),
  can_cast: f(() => ['int32', 'float64', 'same_kind']),
  promote_types: f(() => ['int8', 'uint8']),
  finfo: f(() => ['float32']),
  iinfo: f(() => ['int32']),
  divmod: f(() => [F(), F()]),
  load: f(() => [NPY]),
  loadAsync: f(() => [NPY]),
  fromfile: f(() => [RAW, 'float32', { count: 2 }]),
  fromfileAsync: f(() => [RAW, 'float32', { count: 2 }]),
  frombuffer: f(() => [new Uint8Array(8), 'float32']),
  fromTypedArray: f(() => [new Float32Array(6), [2, 3]]),
  asarray: f(() => [[1, 2, 3], 'float32', 'C', { copy: null }]),
  asanyarray: f(() => [[1, 2, 3], 'float32', 'C', { copy: null }]),
  ascontiguousarray: f(() => [[1, 2, 3], 'float32']),
  array: f(() => [[1, 2, 3], 'float32', { copy: true, order: 'K', ndmin: 1 }]),
  arange: f(() => [0, 5, 1, 'float32']),
  // retstep and sparse change what is returned, so they stay out of the baselines
  linspace: f(() => [0, 1, 5, { endpoint: true, dtype: 'float32', axis: 0 }]),
  eye: f(() => [3, 4, 1, 'float32', 'C']),
  identity: f(() => [3, 'float32'], ['eye']),
  full: f(() => [[2, 3], 1.5, 'float32', 'C']),
  zeros: f(() => [[2, 3], 'float32', 'C']),
  ones: f(() => [[2, 3], 'float32', 'C']),
  empty: f(() => [[2, 3], 'float32', 'C']),
  complex: f(() => [1.5, -2]),
  full_like: f(() => [F(), 2, 'int32', 'K', true, { shape: [3, 2] }]),
  zeros_like: f(() => [F(), 'int32', 'K', true, { shape: [3, 2] }]),
  ones_like: f(() => [F(), 'int32', 'K', true, { shape: [3, 2] }]),
  empty_like: f(() => [F(), 'int32', 'K', true, { shape: [3, 2] }]),
  clip: f(() => [F(), 0, 1], ['maximum', 'minimum']),
  round: f(() => [F(), 1], ['rint', 'multiply', 'divide']),
  nan_to_num: f(() => [F(), { nan: 0, posinf: 1, neginf: -1 }], ['where']),
  fix: f(() => [F(), cp.zeros([2, 3], { dtype: 'float32' })]),
  isposinf: f(() => [F(), cp.zeros([2, 3], { dtype: 'bool' })]),
  isneginf: f(() => [F(), { out: cp.zeros([2, 3], { dtype: 'int8' }) }]),
  isreal: f(() => [F()]),
  iscomplex: f(() => [F()]),
  real_if_close: f(() => [F().astype('complex64'), { tol: 1000 }]),
  ndim: f(() => [F()]),
  shape: f(() => [F()]),
  size: f(() => [F(), [0, 1]]),
  iscomplexobj: f(() => [F()]),
  isrealobj: f(() => [F()]),
  isscalar: f(() => [1.5]),
  isfortran: f(() => [F().T]),
  where: f(() => [B(), F(), 0]),
  broadcast_to: f(() => [V(), [2, 3]]),
  broadcast_arrays: f(() => [F(), V()]),
  reshape: f(() => [F(), [3, 2], 'F', { copy: true }], ['transpose']),
  ravel: f(() => [F(), { order: 'F' }], ['reshape', 'transpose']),
  flatten: f(() => [F(), 'K'], ['reshape', 'ravel', 'transpose', 'flip']),
  transpose: f(() => [F(), [1, 0]]),
  swapaxes: f(() => [F(), 0, 1], ['transpose']),
  moveaxis: f(() => [C3(), 0, 2], ['transpose']),
  expand_dims: f(() => [F(), 0]),
  squeeze: f(() => [F().reshape(1, 2, 3), 0]),
  atleast_1d: f(() => [F()], ['reshape']),
  atleast_2d: f(() => [F()], ['reshape']),
  atleast_3d: f(() => [F()], ['reshape']),
  flip: f(() => [F(), 0]),
  fliplr: f(() => [F()], ['flip']),
  flipud: f(() => [F()], ['flip']),
  diagonal: f(() => [SQ(), 0, 0, 1]),
  slice: f(() => [1, 5, 2]),
  sum: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64', out: null, initial: 0, where: true }]),
  prod: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64' }]),
  mean: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64', out: null, where: true }]),
  var: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64', ddof: 1 }]),
  std: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64', ddof: 1 }], ['var']),
  max: f(() => [F(), { axis: 0, keepdims: false, out: null, initial: 0, where: true }]),
  min: f(() => [F(), { axis: 0, keepdims: false }]),
  argmax: f(() => [F(), { axis: 0, keepdims: false, out: null }]),
  argmin: f(() => [F(), { axis: 0, keepdims: false }]),
  any: f(() => [F(), { axis: 0, keepdims: false, out: null, where: true }]),
  all: f(() => [F(), { axis: 0, keepdims: false }]),
  ptp: f(() => [F(), { axis: 0, keepdims: false }]),
  average: f(() => [F(), { axis: 1, weights: V(), keepdims: false }], ['mean']),
  count_nonzero: f(() => [F(), { axis: 0, keepdims: false }]),
  nansum: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64' }], ['sum']),
  nanprod: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64' }], ['prod']),
  nanmean: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64' }]),
  nanvar: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64', ddof: 1 }]),
  nanstd: f(() => [F(), { axis: 0, keepdims: false, dtype: 'float64', ddof: 1 }], ['nanvar']),
  nanmax: f(() => [F(), { axis: 0, keepdims: false }]),
  nanmin: f(() => [F(), { axis: 0, keepdims: false }]),
  nanargmax: f(() => [F(), { axis: 0, keepdims: false }]),
  nanargmin: f(() => [F(), { axis: 0, keepdims: false }]),
  cumsum: f(() => [F(), { axis: 1, dtype: 'float64', out: null }]),
  cumprod: f(() => [F(), { axis: 1, dtype: 'float64' }]),
  nancumsum: f(() => [F(), { axis: 1, dtype: 'float64' }]),
  nancumprod: f(() => [F(), { axis: 1, dtype: 'float64' }]),
  explain: f(() => [F().add(1)]),
  eval: f(() => [F().add(1)]),
  currentBackend: f(() => []),
  useBackend: f(() => ['cpu']),
  runtimeInfo: f(() => []),
  toDType: f(() => ['float32'], ['dtype']),
  matmul: f(() => [F(), F().T, { dtype: 'float64', casting: 'same_kind', order: 'K' }]),
  dot: f(() => [F(), F().T], ['matmul']),
  vdot: f(() => [F(), F()], ['matmul']),
  vecdot: f(() => [F(), V(), null, { dtype: 'float64', casting: 'same_kind', order: 'K', axis: -1 }], ['sum']),
  matvec: f(() => [F(), V(), null, { dtype: 'float64', casting: 'same_kind', order: 'K' }], ['matmul']),
  vecmat: f(() => [V().get(':2'), F(), null, { dtype: 'float64', casting: 'same_kind', order: 'K' }], ['matmul']),
  inner: f(() => [F(), F()], ['tensordot']),
  outer: f(() => [V(), V()], ['multiply']),
  tensordot: f(() => [F(), F().T, 1]),
  trace: f(() => [SQ(), 0, 0, 1, { dtype: 'float64' }]),
  einsum: f(() => ['ij,jk->ik', F(), F().T, { dtype: 'float64', casting: 'safe', order: 'K' }]),
  nonzero: f(() => [F()]),
  argwhere: f(() => [F()]),
  flatnonzero: f(() => [F()]),
  take: f(() => [F(), [0, 2], 1, { out: cp.zeros([2, 2], { dtype: 'float32' }), mode: 'raise' }]),
  take_along_axis: f(() => [F(), cp.asarray([[0], [2]]), 1]),
  put: f(() => [F(), [0, 2], 5, 'raise']),
  put_along_axis: f(() => [F(), cp.asarray([[0], [2]]), 5, 1]),
  compress: f(() => [[true, false], F(), 0, { out: cp.zeros([1, 3], { dtype: 'float32' }) }], ['take']),
  repeat: f(() => [F(), 2, { axis: 0 }], ['take']),
  'add.at': f(() => [F(), [0, 1], 1]),
  'add.reduce': f(() => [F(), 0, { keepdims: true }]),
  'add.accumulate': f(() => [F(), 1]),
  'add.outer': f(() => [V(), V(), { dtype: 'float64' }]),
  concatenate: f(() => [[F(), F()], 0, { dtype: 'float64' }]),
  stack: f(() => [[F(), F()], 0, { dtype: 'float64' }]),
  hstack: f(() => [[F(), F()], { dtype: 'float64', casting: 'safe' }]),
  vstack: f(() => [[F(), F()], { dtype: 'float64', casting: 'same_kind' }]),
  dstack: f(() => [[F(), F()]]),
  column_stack: f(() => [[F(), F()]]),
  split: f(() => [F(), 3, 1]),
  array_split: f(() => [F(), 2, 1]),
  hsplit: f(() => [F(), 3]),
  vsplit: f(() => [F(), 2]),
  dsplit: f(() => [C3(), 2]),
  tile: f(() => [F(), [2, 1]]),
  roll: f(() => [F(), 1, 0]),
  rot90: f(() => [F(), 1, { axes: [0, 1] }]),
  pad: f(() => [F(), 1, 'constant', { constant_values: 0 }]),
  diag: f(() => [V(), 1]),
  tri: f(() => [3, 4, 0, 'float32']),
  tril: f(() => [F(), 0]),
  triu: f(() => [F(), 0]),
  meshgrid: f(() => [V(), V(), { indexing: 'ij', sparse: false, copy: true }]),
  indices: f(() => [[2, 3], { dtype: 'int32' }]),
  'random.seed': f(() => [42]),
  'random.rand': f(() => [2, 3, { dtype: 'float32' }]),
  'random.randn': f(() => [2, 3, { dtype: 'float32' }]),
  'random.randint': f(() => [0, 10, [3], 'int32']),
  'random.random': f(() => [[3], 'float32']),
  'random.uniform': f(() => [0, 1, [3], 'float32']),
  'random.normal': f(() => [0, 1, [3], { dtype: 'float32' }]),
  'random.standard_normal': f(() => [[3], { dtype: 'float32' }]),
  'random.exponential': f(() => [1, [3], { dtype: 'float32' }]),
  'random.choice': f(() => [V(), [3], { replace: true, p: null }]),
  'random.permutation': f(() => [5]),
  'random.shuffle': f(() => [F()]),
  'random.default_rng': f(() => [42]),
  'random.Generator': f(() => [42]),
  'random.bytes': f(() => [4]),
  'random.get_state': f(() => []),
  'random.set_state': f(() => [cp.random.get_state()]),
  'random.standard_exponential': f(() => [[3], 'float32']),
  'random.standard_gamma': f(() => [0.5, [3], 'float32']),
  'random.standard_cauchy': f(() => [[3], { dtype: 'float32' }]),
  'random.standard_t': f(() => [3, [3], { dtype: 'float32' }]),
  'random.lognormal': f(() => [0, 1, [3], { dtype: 'float32' }]),
  'random.laplace': f(() => [0, 1, [3], { dtype: 'float32' }]),
  'random.logistic': f(() => [0, 1, [3], { dtype: 'float32' }]),
  'random.gumbel': f(() => [0, 1, [3], { dtype: 'float32' }]),
  'random.weibull': f(() => [2, [3], { dtype: 'float32' }]),
  'random.pareto': f(() => [2, [3], { dtype: 'float32' }]),
  'random.power': f(() => [2, [3], { dtype: 'float32' }]),
  'random.rayleigh': f(() => [1, [3], { dtype: 'float32' }]),
  'random.wald': f(() => [1, 2, [3], { dtype: 'float32' }]),
  'random.triangular': f(() => [0, 1, 2, [3], { dtype: 'float32' }]),
  'random.gamma': f(() => [2, 1, [3], { dtype: 'float32' }]),
  'random.chisquare': f(() => [2, [3], { dtype: 'float32' }]),
  'random.f': f(() => [2, 3, [3], { dtype: 'float32' }]),
  'random.beta': f(() => [2, 3, [3], { dtype: 'float32' }]),
  'random.noncentral_chisquare': f(() => [2, 1, [3], { dtype: 'float32' }]),
  'random.noncentral_f': f(() => [2, 3, 1, [3], { dtype: 'float32' }]),
  'random.vonmises': f(() => [0, 1, [3], { dtype: 'float32' }]),
  'random.dirichlet': f(() => [[1, 2], [3], { dtype: 'float32' }]),
  'random.poisson': f(() => [3, [3]]),
  'random.binomial': f(() => [10, 0.5, [3]]),
  'random.negative_binomial': f(() => [3, 0.5, [3]]),
  'random.geometric': f(() => [0.5, [3]]),
  'random.logseries': f(() => [0.5, [3]]),
  'random.zipf': f(() => [2, [3]]),
  'random.hypergeometric': f(() => [5, 5, 3, [3]]),
  'random.multinomial': f(() => [5, [0.5, 0.5], [3]]),
  'random.multivariate_normal': f(() => [[0, 0], [[1, 0], [0, 1]], [3], 'warn', 1e-8, { method: 'svd', dtype: 'float32' }]),
  'linalg.norm': f(() => [F(), 2, 1, false]),
  'linalg.vector_norm': f(() => [F(), { axis: 1, keepdims: false, ord: 3 }]),
  'linalg.matrix_norm': f(() => [F(), { keepdims: false, ord: 1 }]),
  'linalg.vecdot': f(() => [F(), V(), { axis: -1 }]),
  'linalg.matmul': f(() => [F(), F().T]),
  'linalg.outer': f(() => [V(), V()]),
  'linalg.tensordot': f(() => [F(), F().T, { axes: 1 }]),
  'linalg.trace': f(() => [SQ(), { offset: 0, dtype: 'float64' }]),
  'linalg.diagonal': f(() => [SQ(), { offset: 1 }]),
  'linalg.cross': f(() => [F(), V(), { axis: -1 }]),
  'fft.fftfreq': f(() => [8, 0.5]),
  'fft.rfftfreq': f(() => [8, { d: 0.5 }]),
  'fft.fftshift': f(() => [C3(), [0, 2]]),
  'fft.ifftshift': f(() => [C3(), { axes: -1 }]),
  'fft.fft': f(() => [F(), 4, -1, 'ortho']),
  'fft.ifft': f(() => [F(), { n: 4, axis: 0, norm: 'forward' }]),
  'fft.fft2': f(() => [C3(), [2, 3], [0, 1], 'backward']),
  'fft.ifft2': f(() => [F(), { s: [2, 4], axes: [-2, -1], out: null }]),
  'fft.fftn': f(() => [C3(), null, [0, 2]]),
  'fft.ifftn': f(() => [F(), { norm: 'ortho' }]),
  'fft.rfft': f(() => [F(), 4, 0]),
  'fft.irfft': f(() => [F(), { n: 4 }]),
  'fft.rfft2': f(() => [F(), [2, 4]]),
  'fft.irfft2': f(() => [C3(), { axes: [0, 1] }]),
  'fft.rfftn': f(() => [C3(), [2, 3, 4]]),
  'fft.irfftn': f(() => [C3(), { s: [2, 4], axes: [1, 2] }]),
  'fft.hfft': f(() => [V(), 4]),
  'fft.ihfft': f(() => [F(), { axis: 0, norm: 'ortho' }]),
  'linalg.solve': f(() => [PD(), V().get(':2')]),
  'linalg.inv': f(() => [PD()]),
  'linalg.det': f(() => [PD()]),
  'linalg.slogdet': f(() => [PD()]),
  'linalg.cholesky': f(() => [PD(), { upper: false }]),
  'linalg.qr': f(() => [F(), 'reduced']),
  'linalg.svd': f(() => [F(), true, true, false]),
  'linalg.svdvals': f(() => [F()]),
  'linalg.eigh': f(() => [PD(), 'L']),
  'linalg.eigvalsh': f(() => [PD(), 'U']),
  'linalg.eig': f(() => [SQ()]),
  'linalg.eigvals': f(() => [SQ()]),
  'linalg.lstsq': f(() => [F().T, V().get(':3'), null]),
  'linalg.pinv': f(() => [F(), null, false, { rtol: null }]),
  'linalg.matrix_rank': f(() => [F(), null, false, { rtol: null }]),
  'linalg.cond': f(() => [PD(), 1]),
  'linalg.matrix_power': f(() => [PD(), -2]),
  'linalg.multi_dot': f(() => [[F(), F().T, PD()]]),
  'linalg.tensorsolve': f(() => [PD(), V().get(':2'), null]),
  'linalg.tensorinv': f(() => [PD(), 1]),
  // comparison.ts, calculus.ts, signals.ts, statistics-extra.ts
  isclose: f(() => [F(), V(), 1e-5, 1e-8, false]),
  allclose: f(() => [F(), V(), 1e-5, 1e-8, false]),
  array_equal: f(() => [F(), F(), false]),
  array_equiv: f(() => [F(), V()]),
  diff: f(() => [F(), 1, 1, 0, cp.asarray([[1], [2]], { dtype: 'float32' })]),
  ediff1d: f(() => [F(), V(), ONE()]),
  gradient: f(() => [F(), 1.0, 2.0, { axis: [0, 1], edge_order: 1 }]),
  cross: f(() => [F(), V(), -1, -1, -1]),
  trapezoid: f(() => [F(), V(), 1.0, -1]),
  kron: f(() => [F(), I()]),
  convolve: f(() => [V(), ONE(), 'full']),
  correlate: f(() => [V(), ONE(), 'valid']),
  interp: f(() => [cp.asarray([0.5, 1.5, 4]), V(), V(), 0, 10, null]),
  cov: f(() => [F(), F(), true, false, 1, [1, 2, 1], V(), { dtype: 'float64' }]),
  corrcoef: f(() => [F(), F(), true, { dtype: 'float64' }]),
  // creation-extra.ts
  copy: f(() => [F(), 'K']),
  logspace: f(() => [0, 2, 5, true, 10, 'float32', 0]),
  geomspace: f(() => [1, 100, 5, true, 'float32', 0]),
  resize: f(() => [F(), [3, 4]]),
  // the extra argument goes to func1d (here x.mul), whose own errors name multiply
  apply_along_axis: f(() => [(x: NDArray, k: number) => x.mul(k), 1, F(), 2], ['multiply']),
  // index-helpers.ts
  tril_indices: f(() => [3, 0, 4]),
  triu_indices: f(() => [3, 0, 4]),
  tril_indices_from: f(() => [SQ(), 0]),
  triu_indices_from: f(() => [SQ(), 0]),
  diag_indices: f(() => [3, 2]),
  diag_indices_from: f(() => [SQ()], ['diag_indices']),
  unravel_index: f(() => [[1, 5], [2, 3], 'C']),
  ravel_multi_index: f(() => [[[0, 1], [2, 0]], [2, 3], 'raise', 'C']),
  ix_: f(() => [[0, 1], [1, 2]]),
  select: f(() => [[B(), cp.logical_not(B())], [F(), I()], 0]),
  choose: f(() => [cp.asarray([[0, 1, 0], [1, 0, 1]]), [F(), I()], 'raise']),
  extract: f(() => [B(), F()]),
  // masked-writes.ts (in place: a fresh array on every call)
  fill_diagonal: f(() => [SQ(), 5, false]),
  putmask: f(() => [F(), B(), [7, 8]]),
  place: f(() => [F(), B(), [7, 8]]),
  // insert-delete.ts
  append: f(() => [F(), F(), 0]),
  insert: f(() => [F(), 1, 5, 1]),
  delete: f(() => [F(), 1, 1]),
  // sorting.ts, searching.ts, order-statistics.ts, unique.ts, sets.ts, histograms.ts
  sort: f(() => [F(), -1, 'stable']),
  argsort: f(() => [F(), 0, null, null, { stable: true }]),
  lexsort: f(() => [[V(), V()], -1], ['take_along_axis']),
  partition: f(() => [F(), 1, -1]),
  argpartition: f(() => [F(), [0, 1], 0]),
  sort_complex: f(() => [F()], ['take_along_axis', 'astype']),
  searchsorted: f(() => [V(), F(), 'left'], ['concatenate', 'take']),
  median: f(() => [F(), 0, null, false, true]),
  nanmedian: f(() => [F(), [0, 1]]),
  quantile: f(() => [F(), 0.3, 1, null, false, 'linear', true]),
  nanquantile: f(() => [F(), [0.1, 0.9], 0, { method: 'midpoint' }]),
  percentile: f(() => [F(), 30, 1]),
  nanpercentile: f(() => [F(), [10, 90], null, { method: 'lower' }]),
  unique: f(() => [F(), true, true, true, null, { equal_nan: false }], ['concatenate', 'take']),
  unique_values: f(() => [F()], ['unique', 'concatenate']),
  unique_counts: f(() => [F()], ['unique', 'concatenate']),
  unique_inverse: f(() => [F()], ['unique', 'concatenate']),
  unique_all: f(() => [F()], ['unique', 'concatenate']),
  isin: f(() => [F(), V(), false, true], ['searchsorted']),
  intersect1d: f(() => [F(), V(), false], ['unique', 'concatenate']),
  union1d: f(() => [F(), V()], ['unique', 'concatenate']),
  setdiff1d: f(() => [F(), V()], ['unique', 'isin', 'searchsorted', 'concatenate']),
  setxor1d: f(() => [F(), V()], ['unique', 'concatenate']),
  bincount: f(() => [cp.asarray([0, 2, 2, 5]), cp.asarray([1, 2, 3, 4]), 7], ['add.at']),
  digitize: f(() => [F(), V(), false], ['searchsorted']),
  histogram: f(() => [F(), 4, [-3, 3], false, F()]),
  histogram2d: f(() => [V(), V(), 3, [[0, 4], [0, 4]], true, V()], ['histogramdd']),
  histogramdd: f(() => [F().T, [2, 3], null, false]),
};

const gen = () => cp.random.default_rng(7);
const GENERATOR_METHODS: Record<string, Baseline> = {
  random: m(gen, () => [[3], 'float32', { out: null }]),
  uniform: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  standard_normal: m(gen, () => [[3], 'float32']),
  normal: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  exponential: m(gen, () => [1, [3], { dtype: 'float32' }]),
  integers: m(gen, () => [0, 10, [3], 'int32', { endpoint: false }]),
  choice: m(gen, () => [F(), [2], { replace: false, p: null, axis: 1, shuffle: true }]),
  permutation: m(gen, () => [F(), 1]),
  shuffle: m(gen, () => [F(), { axis: -1 }]),
  standard_exponential: m(gen, () => [[3], 'float32']),
  standard_gamma: m(gen, () => [0.5, [3], 'float32']),
  standard_cauchy: m(gen, () => [[3], { dtype: 'float32' }]),
  standard_t: m(gen, () => [3, [3], { dtype: 'float32' }]),
  lognormal: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  laplace: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  logistic: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  gumbel: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  weibull: m(gen, () => [2, [3], { dtype: 'float32' }]),
  pareto: m(gen, () => [2, [3], { dtype: 'float32' }]),
  power: m(gen, () => [2, [3], { dtype: 'float32' }]),
  rayleigh: m(gen, () => [1, [3], { dtype: 'float32' }]),
  wald: m(gen, () => [1, 2, [3], { dtype: 'float32' }]),
  triangular: m(gen, () => [0, 1, 2, [3], { dtype: 'float32' }]),
  gamma: m(gen, () => [2, 1, [3], { dtype: 'float32' }]),
  chisquare: m(gen, () => [2, [3], { dtype: 'float32' }]),
  f: m(gen, () => [2, 3, [3], { dtype: 'float32' }]),
  beta: m(gen, () => [2, 3, [3], { dtype: 'float32' }]),
  noncentral_chisquare: m(gen, () => [2, 1, [3], { dtype: 'float32' }]),
  noncentral_f: m(gen, () => [2, 3, 1, [3], { dtype: 'float32' }]),
  vonmises: m(gen, () => [0, 1, [3], { dtype: 'float32' }]),
  dirichlet: m(gen, () => [[1, 2], [3], { dtype: 'float32' }]),
  poisson: m(gen, () => [3, [3]]),
  binomial: m(gen, () => [10, 0.5, [3]]),
  negative_binomial: m(gen, () => [3, 0.5, [3]]),
  geometric: m(gen, () => [0.5, [3]]),
  logseries: m(gen, () => [0.5, [3]]),
  zipf: m(gen, () => [2, [3]]),
  hypergeometric: m(gen, () => [5, 5, 3, [3]]),
  multinomial: m(gen, () => [5, [0.5, 0.5], [3]]),
  multivariate_normal: m(gen, () => [[0, 0], [[1, 0], [0, 1]], [3], 'warn', 1e-8, { method: 'svd', dtype: 'float32' }]),
  multivariate_hypergeometric: m(gen, () => [[2, 3], 3, [3], 'marginals']),
  permuted: m(gen, () => [F(), 1, null]),
  bytes: m(gen, () => [4]),
  spawn: m(gen, () => [2]),
  getState: m(gen, () => []),
  bit_generator: m(gen, () => []),
  setState: m(gen, () => [{ bit_generator: 'Philox', key: 1n, counter: 0n, children: 0n }]),
};

const METHODS: Record<string, Baseline> = {
  disposed: m(F, () => []),
  toTypedArray: m(F, () => []),
  shape: m(F, () => []),
  dtype: m(F, () => []),
  ndim: m(F, () => []),
  size: m(F, () => []),
  nbytes: m(F, () => []),
  T: m(F, () => [], ['transpose']),
  astype: m(F, () => ['int32']),
  eval: m(F, () => []),
  dispose: m(F, () => []),
  dataSync: m(F, () => []),
  data: m(F, () => []),
  toArraySync: m(F, () => []),
  toArray: m(F, () => []),
  item: m(ONE, () => []),
  toString: m(F, () => []),
  repr: m(F, () => []),
  get: m(F, () => ['0, 1:']),
  set: m(F, () => ['0, 1:', 5]),
  reshape: m(F, () => [3, 2, { order: 'F', copy: null }], ['transpose']),
  ravel: m(F, () => ['F'], ['reshape', 'transpose']),
  flatten: m(F, () => [{ order: 'A' }], ['reshape', 'ravel']),
  transpose: m(F, () => [1, 0]),
  swapaxes: m(F, () => [0, 1], ['transpose']),
  squeeze: m(() => F().reshape(1, 2, 3), () => [0]),
  diagonal: m(SQ, () => [1, 0, 1]),
  take: m(F, () => [[0, 2], 1, { mode: 'wrap' }]),
  repeat: m(F, () => [2, { axis: 0 }], ['take']),
  nonzero: m(F, () => []),
  put: m(F, () => [[0, 2], 5, { mode: 'clip' }]),
  compress: m(F, () => [[true, false], 0, { out: null }], ['take']),
  sum: m(F, () => [{ axis: 0, keepdims: true, dtype: 'float64', out: null, initial: 0, where: true }]),
  prod: m(F, () => [{ axis: 0, keepdims: true, dtype: 'float64' }]),
  mean: m(F, () => [{ axis: 0, keepdims: true, dtype: 'float64' }]),
  var: m(F, () => [{ axis: 0, keepdims: true, dtype: 'float64', ddof: 1 }]),
  std: m(F, () => [{ axis: 0, keepdims: true, dtype: 'float64', ddof: 1 }], ['var']),
  max: m(F, () => [{ axis: 0, keepdims: true, out: null, initial: 0, where: true }]),
  min: m(F, () => [{ axis: 0, keepdims: true }]),
  argmax: m(F, () => [{ axis: 0, keepdims: true }]),
  argmin: m(F, () => [{ axis: 0, keepdims: true }]),
  any: m(F, () => [{ axis: 0, keepdims: true }]),
  all: m(F, () => [{ axis: 0, keepdims: true }]),
  ptp: m(F, () => [{ axis: 0, keepdims: true }]),
  cumsum: m(F, () => [{ axis: 1, dtype: 'float64' }]),
  cumprod: m(F, () => [{ axis: 1, dtype: 'float64' }]),
  // ndarray-sort-methods.ts (sort in place: F is a fresh array on every call)
  sort: m(F, () => [0, 'mergesort']),
  argsort: m(F, () => [0, null, null, { stable: true }]),
  partition: m(F, () => [1, -1, 'introselect']),
  argpartition: m(F, () => [0, 0]),
  // ndarray-extra-methods.ts
  copy: m(F, () => ['C']),
  fill: m(F, () => [5]),
  clip: m(F, () => [0, 1], ['maximum', 'minimum']),
  round: m(F, () => [1], ['rint', 'multiply', 'divide']),
  dot: m(F, () => [F().T], ['matmul']),
  trace: m(SQ, () => [0, 0, 1, { dtype: 'float64' }]),
  choose: m(() => cp.asarray([[0, 1, 0], [1, 0, 1]]), () => [[F(), I()], 'raise']),
  tolist: m(F, () => []),
  tolistAsync: m(F, () => []),
  tobytes: m(F, () => []),
  itemsize: m(F, () => []),
  strides: m(F, () => []),
  mT: m(F, () => [], ['swapaxes', 'transpose']),
  real: m(F, () => []),
  imag: m(F, () => []),
  device: m(F, () => []),
  to: m(F, () => [0]),
};

/** Exports that are not functions to call with arguments. */
const NOT_SWEPT: Record<string, string> = {
  NDArray: 'the array class: its constructor takes an internal graph node (arrays come from the functions)',
  CupytsError: 'the error class',
  NpzFile: 'the class load() returns for an .npz file',
  'NDArray#node': 'the internal graph node (not user API)',
  // Writers: a bad value in place of the path ('abc', '') would write files into the working
  // folder; test/ops/file-io.test.ts checks their bad arguments in a temporary folder.
  save: 'writes a file', saveAsync: 'writes a file', savez: 'writes a file', savezAsync: 'writes a file',
  savez_compressed: 'writes a file', savez_compressedAsync: 'writes a file',
  'NDArray#tofile': 'writes a file', 'NDArray#tofileAsync': 'writes a file',
};

// ---- the elementwise table's functions and methods: baselines generated from the op table ------

/** A valid call of table op `name` with `arity` arrays: the first of float, int and bool arrays it accepts. */
function elementwiseBaseline(arity: number, call: (args: NDArray[]) => unknown): () => unknown[] {
  for (const make of [F, I, B]) {
    try {
      call(Array.from({ length: arity }, make));
      return () => Array.from({ length: arity }, make);
    } catch (err) {
      if (!(err instanceof CupytsError)) throw err;
    }
  }
  throw new Error(`no float, int or bool array is valid for arity ${arity}`);
}

// ---- what is swept ---------------------------------------------------------------------------------

interface Target {
  /** 'sum', 'random.rand', 'NDArray#sum', 'Generator#integers'. */
  label: string;
  /** Calls it: on `self` for methods. */
  call: (self: unknown, args: unknown[]) => unknown;
  baseline: Baseline;
  /** Names its error messages may start with. */
  names: Set<string>;
}

const isClass = (fn: Function) => /^class\b/.test(Function.prototype.toString.call(fn));

/** Every function of a module namespace, by export path (a function exported twice appears under both names). */
function exportedFunctions(ns: object, prefix = ''): Array<[string, Function]> {
  const out: Array<[string, Function]> = [];
  for (const [key, value] of Object.entries(ns)) {
    if (typeof value === 'function') {
      out.push([prefix + key, value]);
      for (const [k, v] of Object.entries(value)) if (typeof v === 'function') out.push([`${prefix}${key}.${k}`, v]);
      // ufunc methods are not enumerable (NumPy's are the ufunc class's); add's are swept for all of them
      if (prefix === '' && key === 'add') for (const k of ['reduce', 'accumulate', 'outer', 'at']) out.push([`add.${k}`, Reflect.get(value, k)]);
    } else if (prefix === '' && value && typeof value === 'object' && Object.getPrototypeOf(value) === null) {
      out.push(...exportedFunctions(value, `${key}.`)); // a namespace: cp.random, cp.linalg
    }
  }
  return out;
}

/** Methods and getters of a class prototype. */
function protoMembers(proto: object): Array<[string, 'method' | 'getter']> {
  return Object.getOwnPropertyNames(proto)
    .filter((k) => k !== 'constructor')
    .map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!.get ? 'getter' : 'method']);
}

const OP_NAMES = new Map<string, string[]>();
for (const op of ELEMENTWISE_OPS) {
  const all = [op.name, ...(op.aliases ?? []), ...(op.methods ?? [])];
  for (const n of all) OP_NAMES.set(n, [...new Set([...(OP_NAMES.get(n) ?? []), op.name, ...(op.aliases ?? [])])]);
}

function targets(): { list: Target[]; missing: string[] } {
  const list: Target[] = [];
  const missing: string[] = [];
  const exported = exportedFunctions(cp);
  // A function object exported under several names (max/amax, zeros_like/zerosLike) may report as any of them.
  const namesOf = new Map<Function, Set<string>>();
  for (const [path, fn] of exported) {
    const short = path.split('.').at(-1)!;
    namesOf.set(fn, new Set([...(namesOf.get(fn) ?? []), short, path]));
  }
  const elementwise = new Map(ELEMENTWISE_OPS.flatMap((op) => [op.name, ...(op.aliases ?? [])].map((n) => [n, op.arity])));
  for (const [path, fn] of exported) {
    if (NOT_SWEPT[path]) continue;
    const names = new Set([...namesOf.get(fn)!, ...(OP_NAMES.get(path) ?? [])]);
    const construct = isClass(fn);
    const call = construct
      ? (_: unknown, args: unknown[]) => Reflect.construct(fn, args)
      : (_: unknown, args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args);
    let baseline = FUNCTIONS[path] ?? [...names].map((n) => FUNCTIONS[n]).find(Boolean);
    if (!baseline && elementwise.has(path)) baseline = { args: elementwiseBaseline(elementwise.get(path)!, (a) => call(undefined, a)) };
    if (!baseline) {
      missing.push(path);
      continue;
    }
    (baseline.names ?? []).forEach((n) => names.add(n));
    list.push({ label: path, call, baseline, names });
  }
  const methodTargets = (className: string, proto: object, table: Record<string, Baseline>, self: () => unknown) => {
    for (const [name, kind] of protoMembers(proto)) {
      if (NOT_SWEPT[`${className}#${name}`]) continue;
      const call = kind === 'getter'
        ? (s: unknown) => Reflect.get(proto, name, s)
        : (s: unknown, args: unknown[]) => (Reflect.get(proto, name) as (...a: unknown[]) => unknown).apply(s, args);
      const names = new Set([name, ...(OP_NAMES.get(name) ?? [])]);
      let baseline = table[name];
      if (!baseline && OP_NAMES.has(name)) {
        const arity = ELEMENTWISE_OPS.find((op) => op.methods?.includes(name))!.arity;
        const args = elementwiseBaseline(arity, (a) => call(a[0], a.slice(1)));
        // the first generated array is `this`
        baseline = { self: () => args()[0], args: () => args().slice(1) };
      }
      if (!baseline) {
        missing.push(`${className}#${name}`);
        continue;
      }
      (baseline.names ?? []).forEach((n) => names.add(n));
      list.push({ label: `${className}#${name}`, call, baseline: { self, ...baseline }, names });
    }
  };
  methodTargets('NDArray', NDArray.prototype, METHODS, F);
  methodTargets('Generator', cp.random.Generator.prototype, GENERATOR_METHODS, gen);
  return { list, missing };
}

// ---- one call and what it must do ---------------------------------------------------------------

type Kind = 'array' | 'arrays' | 'void' | 'promise' | 'other';

function kindOf(x: unknown): Kind {
  if (x instanceof NDArray) return 'array';
  if (Array.isArray(x) && x.length > 0 && x.every((y) => y instanceof NDArray)) return 'arrays';
  if (x === undefined) return 'void';
  if (x instanceof Promise) return 'promise';
  return 'other';
}

interface Case {
  target: Target;
  /** What was replaced, for messages: "argument 1 = a string", "option axis = 99", "this = a disposed array". */
  what: string;
  self: () => unknown;
  args: () => unknown[];
}

function casesOf(target: Target): Case[] {
  const { baseline } = target;
  const self = baseline.self ?? (() => undefined);
  const cases: Case[] = [{ target, what: 'no arguments', self, args: () => [] }];
  const count = baseline.args().length;
  for (let i = 0; i < count; i++) {
    for (const [name, bad] of BAD_VALUES) {
      cases.push({ target, what: `argument ${i} = ${name}`, self, args: () => baseline.args().map((a, k) => (k === i ? bad() : a)) });
    }
    const sample = baseline.args()[i];
    if (sample && typeof sample === 'object' && Object.getPrototypeOf(sample) === Object.prototype) {
      for (const key of Object.keys(sample)) {
        for (const [name, bad] of BAD_VALUES) {
          cases.push({
            target, what: `argument ${i} option ${key} = ${name}`, self,
            args: () => baseline.args().map((a, k) => (k === i ? { ...(a as object), [key]: bad() } : a)),
          });
        }
      }
    }
  }
  if (baseline.self && baseline.self() instanceof NDArray) {
    for (const [name, bad] of BAD_SELVES) cases.push({ target, what: `this = ${name}`, self: bad, args: baseline.args });
  }
  return cases;
}

type Outcome =
  | { kind: 'threw'; code: string }
  | { kind: 'returned'; result: Kind; evalError?: string };

function startsWithName(message: string, names: Set<string>): boolean {
  const head = /^([\w.]+(?:\s[\w.]+)?):/.exec(message)?.[1];
  return head !== undefined && (names.has(head) || names.has(head.split('.').at(-1)!));
}

/** Computes and prints a successful result (a bad input accepted at the call may fail only here). */
function settle(result: unknown): void {
  const arrays = result instanceof NDArray ? [result] : Array.isArray(result) ? result.filter((r) => r instanceof NDArray) : [];
  for (const a of arrays as NDArray[]) {
    expect(a.shape.every((d) => Number.isSafeInteger(d) && d >= 0), `shape ${a.shape}`).toBe(true);
    a.toString();
  }
}

/** Runs one case; returns what happened, or a description of the fault. */
function run(c: Case, baselineKind: Kind, watchdog: Watchdog): Outcome | { fault: string } {
  const label = `${c.target.label} with ${c.what}`;
  watchdog.enter(label);
  let result: unknown;
  try {
    result = c.target.call(c.self(), c.args());
  } catch (err) {
    if (!(err instanceof CupytsError)) return { fault: `threw ${(err as Error)?.name ?? typeof err}: ${String((err as Error)?.message ?? err).split('\n')[0]}` };
    if (!startsWithName(err.message, c.target.names)) return { fault: `a CupytsError that does not name ${[...c.target.names].join('/')}: ${err.message.split('\n')[0]}` };
    return { kind: 'threw', code: err.code };
  }
  const kind = kindOf(result);
  if (kind === 'promise') {
    (result as Promise<unknown>).catch(() => undefined); // async readbacks: checked by their sync twins
  } else if (kind !== baselineKind && !(baselineKind === 'arrays' && Array.isArray(result))) {
    return { fault: `returned ${kind} where a valid call returns ${baselineKind}` };
  }
  try {
    settle(result);
  } catch (err) {
    if (!(err instanceof CupytsError)) return { fault: `accepted, then its result threw ${(err as Error)?.name}: ${String((err as Error)?.message).split('\n')[0]}` };
    return { kind: 'returned', result: kind, evalError: err.code };
  }
  return { kind: 'returned', result: kind };
}

// ---- the sweep -------------------------------------------------------------------------------------

const { list, missing } = targets();
const stats = { calls: 0, threw: 0, returned: 0, failedLater: 0, functions: list.length };
let watchdog: Watchdog;
let backend: ReturnType<typeof cp.currentBackend>;

beforeAll(() => {
  backend = cp.currentBackend();
  cp.useBackend('cpu');
  watchdog = startWatchdog(CALL_LIMIT_MS);
});

afterAll(async () => {
  await watchdog.stop();
  cp.useBackend(backend);
  console.log(`bad-input sweep: ${stats.calls} calls over ${stats.functions} functions and methods: ${stats.threw} CupytsErrors at the call, ` +
    `${stats.returned} accepted (${stats.failedLater} of them a CupytsError when computed)`);
});

describe('bad-input sweep', () => {
  it('has a valid baseline call for every exported function and method', () => {
    expect(missing, 'add a valid call for these to BASELINES in test/faults/bad-input.test.ts').toEqual([]);
    const unused = [...Object.keys(FUNCTIONS), ...Object.keys(METHODS).map((k) => `NDArray#${k}`), ...Object.keys(GENERATOR_METHODS).map((k) => `Generator#${k}`)]
      .filter((k) => !list.some((t) => t.label === k || (t.label.split('.').at(-1) === k)));
    expect(unused, 'baselines for functions that are no longer exported').toEqual([]);
  });

  it.each(list.map((t) => [t.label, t] as const))('%s', (_, target) => {
    watchdog.enter(`${target.label} (baseline)`);
    const result = target.call(target.baseline.self?.(), target.baseline.args());
    settle(result);
    const baselineKind = kindOf(result);
    const faults: string[] = [];
    for (const c of casesOf(target)) {
      stats.calls++;
      const outcome = run(c, baselineKind, watchdog);
      if ('fault' in outcome) faults.push(`${c.what}: ${outcome.fault}`);
      else if (outcome.kind === 'threw') stats.threw++;
      else {
        stats.returned++;
        if (outcome.evalError) stats.failedLater++;
      }
    }
    expect(faults).toEqual([]);
  });
});
