// cp.random's sampler loops as lazy graph nodes: one elementwise op per sampler (a map node like
// a user ElementwiseKernel's, src/ir/user-ops.ts), whose inputs are the distribution's float64
// parameters and a uint64 draw, each element's seed. The op calls a function of
// random-sampler-source.ts that loops over its element's own Philox blocks; its definitions go
// into each kernel that calls it, so a sampler fuses with what consumes it (one kernel), and a
// rejection sampler compiles to one loop, not to a graph of every attempt.
import { DTYPES } from '../ir/dtype.js';
import { mapNode, scalarNode, type Node } from '../ir/graph.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { sameShape } from '../ir/shape.js';
import { broadcast_to } from './broadcast-api.js';
import { NDArray } from './ndarray.js';
import { JS_RANDOM_PRELUDE } from '../codegen/js-random.js';
import { CUDA_SAMPLERS, JS_SAMPLERS, PREPARED_FIELDS, preparedEntries, type PreparedSampler } from './random-sampler-source.js';
import type { Param, Sampling } from './random-sampling.js';
import { drawFrom } from './random-stream.js';

/** Each sampler's parameters, in order (cp_sample_<name> in CUDA, $sample<Name> in JS, then the seed). */
const SAMPLERS = {
  gamma: ['k'],
  poisson: ['lam'],
  binomial: ['n', 'p'],
  negative_binomial: ['n', 'p'],
  zipf: ['a'],
  hypergeometric: ['ngood', 'nbad', 'nsample'],
} as const;

export type SamplerName = keyof typeof SAMPLERS;

const camel = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The op of `name`'s sampler: from its parameters (suffix ''), or from the constants of scalar
 * ones (a prepared entry's suffix, random-sampler-source.ts's preparedEntries).
 */
function samplerOp(name: SamplerName, suffix: string, arity: number): ElementwiseOp {
  const op = `rand_${name}${suffix}`;
  return {
    name: op,
    arity,
    ufunc: op,
    cuda: (args) => `cp_sample_${name}${suffix}(${args.join(', ')})`,
    js: (args) => `$sample${camel(name + suffix)}(${args.join(', ')})`,
    user: { kernel: op, output: 'x', index: false, size: false, cudaDefinition: CUDA_SAMPLERS, jsDefinition: JS_SAMPLERS, loops: true },
  };
}

const OPS = new Map<string, ElementwiseOp>();

function opOf(name: SamplerName, suffix: string, arity: number): ElementwiseOp {
  const key = `${name}${suffix}`;
  let op = OPS.get(key);
  if (!op) OPS.set(key, (op = samplerOp(name, suffix, arity)));
  return op;
}

type PrepFunction = (...params: number[]) => Record<string, number | boolean>;
let hostPrep: Record<PreparedSampler, PrepFunction> | undefined;

/**
 * The prepared entry and its arguments for scalar parameters: the constants from the JS prep
 * function the CPU backend runs per element (so both backends sample from the same constants),
 * and the entry of the method they choose.
 */
function preparedCall(name: PreparedSampler, params: readonly number[]): { suffix: string; constants: number[] } {
  hostPrep ??= new Function(`${JS_RANDOM_PRELUDE}\n${JS_SAMPLERS}\nreturn { gamma: $smpGammaPrep, poisson: $smpPoissonPrep, binomial: $smpBinomialPrep };`)() as Record<PreparedSampler, PrepFunction>;
  const c = hostPrep[name](...params);
  const entries = preparedEntries(name);
  const entry = entries.length === 1 || c.modal ? entries[0] : entries[1];
  return { suffix: entry.suffix, constants: entry.args.map((f) => Number(c[f])) };
}

/**
 * `name`'s samples of `shape` (float64; NaN for an invalid parameter element) from the call's
 * stream: one uint64 draw seeds each element's loop. Parameters are checked by the caller. Gamma,
 * Poisson and binomial with scalar parameters take their constants from the host (PREPARED_FIELDS).
 */
export function samplerDraw(s: Sampling, name: SamplerName, params: readonly Param[], shape: number[]): NDArray {
  const f64 = DTYPES.float64;
  const seed = drawFrom(s.stream, s.op, 'integers', shape, DTYPES.uint64, { low: 0n, span: 2n ** 64n - 1n });
  const prepared = name in PREPARED_FIELDS && params.every((p) => typeof p === 'number') ? preparedCall(name as PreparedSampler, params as number[]) : undefined;
  const inputs: Node[] = prepared
    ? prepared.constants.map((c) => scalarNode(c, f64))
    : params.map((p) => {
      if (typeof p === 'number') return scalarNode(p, f64);
      const a = p.dtype === f64 ? p : p.astype(f64);
      return (sameShape(a.shape, shape) ? a : broadcast_to(a, shape)).node;
    });
  inputs.push(seed.node);
  const dtypes = [...inputs.slice(0, -1).map(() => f64), DTYPES.uint64];
  return new NDArray(mapNode(opOf(name, prepared?.suffix ?? '', inputs.length), inputs, shape, f64, f64, dtypes), seed.runner);
}
