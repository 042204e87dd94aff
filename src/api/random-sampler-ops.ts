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
import { CUDA_SAMPLERS, JS_SAMPLERS } from './random-sampler-source.js';
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

function samplerOp(name: SamplerName): ElementwiseOp {
  const arity = SAMPLERS[name].length + 1;
  return {
    name: `rand_${name}`,
    arity,
    ufunc: `rand_${name}`,
    cuda: (args) => `cp_sample_${name}(${args.join(', ')})`,
    js: (args) => `$sample${camel(name)}(${args.join(', ')})`,
    user: { kernel: `rand_${name}`, output: 'x', index: false, size: false, cudaDefinition: CUDA_SAMPLERS, jsDefinition: JS_SAMPLERS },
  };
}

const OPS = new Map<SamplerName, ElementwiseOp>();

function opOf(name: SamplerName): ElementwiseOp {
  let op = OPS.get(name);
  if (!op) OPS.set(name, (op = samplerOp(name)));
  return op;
}

/**
 * `name`'s samples of `shape` (float64; NaN for an invalid parameter element) from the call's
 * stream: one uint64 draw seeds each element's loop. Parameters are checked by the caller.
 */
export function samplerDraw(s: Sampling, name: SamplerName, params: readonly Param[], shape: number[]): NDArray {
  const f64 = DTYPES.float64;
  const seed = drawFrom(s.stream, s.op, 'integers', shape, DTYPES.uint64, { low: 0n, span: 2n ** 64n - 1n });
  const inputs: Node[] = params.map((p) => {
    if (typeof p === 'number') return scalarNode(p, f64);
    const a = p.dtype === f64 ? p : p.astype(f64);
    return (sameShape(a.shape, shape) ? a : broadcast_to(a, shape)).node;
  });
  inputs.push(seed.node);
  const dtypes = [...params.map(() => f64), DTYPES.uint64];
  return new NDArray(mapNode(opOf(name), inputs, shape, f64, f64, dtypes), seed.runner);
}
