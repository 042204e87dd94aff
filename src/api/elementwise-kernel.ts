// cp.ElementwiseKernel: CuPy's user-defined elementwise kernel, as a node of the lazy graph. Its
// ops (src/ir/user-ops.ts) are map nodes like any table op, so a user kernel fuses with the
// elementwise ops before and after it and with a following reduction (cp.explain shows it inside
// the fused kernel), which CuPy cannot do.
//
//   const k = cp.ElementwiseKernel('T x, T y', 'T z', 'z = x * y + 1', 'fma1', { js: 'z = x * y + 1' });
//   k(a, b)            // a new array
//   k(a, b, out)       // written into `out` (its prior value is the output's initial value)
//
// Parameters use CuPy's syntax (src/ir/user-params.ts); the body reads its parameters by name, `i`
// (the element's C-order index, as CuPy's `i`) and `_ind.size()` (the element count). The CUDA body
// sees placeholder types as C typedefs (float16 is computed as float). The CPU backend runs the
// optional `js` body instead: JavaScript statements over the same names, with int64/uint64 values
// as BigInt, bool as boolean, every other dtype as number; without it, the CPU backend raises
// ERR_UNSUPPORTED at the call (the kernel needs a GPU). A kernel with raw parameters (`raw T x`,
// read at any index the body computes; `raw T y` among the outputs, written at any index) runs at
// the call as a kernel of its own instead of joining the graph (./elementwise-kernel-raw.ts). As
// in CuPy, raw arrays take no part in the loop shape, a raw output may have any shape, and a
// kernel with a raw output is given its outputs, or size= (the raw output is then (size,)).
import { DTYPES, truthOf, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { mapNode, scalarNode, sourceNode, type Node } from '../ir/graph.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { broadcastShapes, formatShape, sameShape, sizeOf, type Shape } from '../ir/shape.js';
import { bodyUses, needsGpuError, userElementwiseOps, type UserElementwiseSource } from '../ir/user-ops.js';
import { checkUniqueNames, decideTypes, parseUserParams, type UserParam } from '../ir/user-params.js';
import { arrayOrScalar, type ArrayArg } from './array-params.js';
import { assign } from './assign.js';
import { runRawKernel } from './elementwise-kernel-raw.js';
import { currentRunner } from './context.js';
import { NDArray, type Scalar } from './ndarray.js';
import { runnerMismatch } from './operands.js';
import * as t from './param-types.js';
import type { Runner } from './runners.js';
import { declare, keyword, positional, required, rest, REJECT, type ParamType } from './signature.js';

/** NumPy's dtype for a JS scalar where nothing else decides its placeholder (Python int → int64, float → float64). */
export function scalarDefaultDtype(x: Scalar): DType {
  if (typeof x === 'boolean') return DTYPES.bool;
  if (typeof x === 'bigint' || Number.isInteger(x)) return DTYPES.int64;
  return DTYPES.float64;
}

/** A JS scalar as a value of parameter dtype `d` (C's conversion: floats truncate toward zero for integers). */
export function scalarAs(x: Scalar, d: DType): number | bigint | boolean {
  if (d.name === 'bool') return truthOf(x);
  if (d.kind === 'f') return Number(x);
  const n = typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
  return d.itemsize === 8 ? BigInt[d.kind === 'u' ? 'asUintN' : 'asIntN'](64, n) : Number(BigInt[d.kind === 'u' ? 'asUintN' : 'asIntN'](d.itemsize * 8, n));
}

/** What a kernel call returns: one array, a list (several outputs, or return_tuple), or nothing (no_return). */
export type KernelResult = NDArray | NDArray[] | undefined;

export interface KernelCallOptions {
  /** The element count, for a kernel whose arguments are all scalars (CuPy's `size`). */
  size?: number | null;
}

/** A compiled-on-demand user kernel: call it with its inputs, then optionally its outputs. */
export type ElementwiseKernelFn<R extends KernelResult = NDArray> = ((...args: Array<ArrayArg | KernelCallOptions>) => R) & {
  readonly kernelName: string;
  readonly in_params: readonly UserParam[];
  readonly out_params: readonly UserParam[];
  readonly nin: number;
  readonly nout: number;
  readonly nargs: number;
  readonly operation: string;
};

const CALL_UNSUPPORTED = ['block_size', 'stream'];

/** The ops of one call's dtypes, made once per kernel and dtypes (their identity keys the plan cache). */
class OpCache {
  readonly #ops = new Map<string, ElementwiseOp[]>();
  get(src: UserElementwiseSource, inputs: DType[], outputs: DType[], placeholders: Map<string, DType>, priorOutputs: boolean): ElementwiseOp[] {
    const key = `${inputs.join(',')}|${outputs.join(',')}|${priorOutputs}`;
    let ops = this.#ops.get(key);
    if (!ops) this.#ops.set(key, (ops = userElementwiseOps(src, { inputs, outputs, placeholders, priorOutputs })));
    return ops;
  }
}

export function runnerOf(op: string, arrays: readonly NDArray[]): Runner {
  const runner = arrays[0]?.runner ?? currentRunner();
  for (const a of arrays) {
    if (a.runner !== runner) throw runnerMismatch(op, [runner, a.runner]);
  }
  return runner;
}

/** The index array 0, 1, …, size-1 (int64) laid out as `shape`: the body's `i`. */
function indexNode(runner: Runner, shape: Shape): Node {
  const n = sizeOf(shape);
  const data = new BigInt64Array(n);
  for (let k = 0; k < n; k++) data[k] = BigInt(k);
  return sourceNode(shape, DTYPES.int64, runner.upload(DTYPES.int64, data));
}

interface KernelSettings {
  src: UserElementwiseSource;
  noReturn: boolean;
  returnTuple: boolean;
}

function makeCall(settings: KernelSettings) {
  const { src, noReturn, returnTuple } = settings;
  const name = src.name;
  const nin = src.inParams.length;
  const nout = src.outParams.length;
  const cache = new OpCache();
  const uses = bodyUses(src.operation);
  const jsUses = src.js === undefined ? uses : bodyUses(src.js);
  const hasRaw = [...src.inParams, ...src.outParams].some((p) => p.raw);
  return declare(name, [rest('args', arrayOrScalar), keyword('size', t.nullable(t.count), null)], ({ args, size }): KernelResult => {
    if (args.length !== nin && args.length !== nin + nout) {
      throw new CupytsError('ERR_ARG', `${name}: expected ${nin} input${nin === 1 ? '' : 's'}${nout ? ` (then optionally ${nout} output${nout === 1 ? '' : 's'})` : ''}, got ${args.length} arguments`);
    }
    const ins = args.slice(0, nin);
    const outs = args.slice(nin).map((o, k) => {
      if (!(o instanceof NDArray)) throw new CupytsError('ERR_ARG', `${name}: expected output ${src.outParams[k].name} to be an NDArray, got a scalar`);
      return o;
    });
    const arrays = [...ins, ...outs].filter((a): a is NDArray => a instanceof NDArray);
    const runner = runnerOf(name, arrays);
    if (runner.kind === 'cpu' && src.js === undefined) throw needsGpuError(name);
    const types = decideTypes(name, src.inParams, src.outParams,
      ins.map((a) => (a instanceof NDArray ? a.dtype : undefined)), outs.map((o) => o.dtype), (k) => scalarDefaultDtype(ins[k] as Scalar));
    // Raw arrays take no part in the loop shape (CuPy's rule): the elementwise arrays and outputs give it.
    const shaping = hasRaw ? [...ins.filter((a, k) => a instanceof NDArray && !src.inParams[k].raw) as NDArray[], ...outs.filter((_, k) => !src.outParams[k].raw)] : arrays;
    const rawOut = src.outParams.find((p) => p.raw);
    if (rawOut && outs.length === 0 && size === null) {
      throw new CupytsError('ERR_ARG', `${name}: expected the output arrays or size= (the size of raw output ${rawOut.name} is undecided), got neither`);
    }
    let shape: Shape;
    if (size !== null) {
      if (shaping.length) throw new CupytsError('ERR_ARG', `${name}: expected size only where no argument is an array (the arrays give the shape), got size=${size}`);
      shape = [size];
    } else if (shaping.length === 0) {
      throw new CupytsError('ERR_ARG', `${name}: expected an ${hasRaw ? 'elementwise (not raw) ' : ''}array argument or size= (the loop size is undecided)`);
    } else {
      shape = broadcastShapes(name, ...shaping.map((a) => a.shape));
      for (const [k, o] of outs.entries()) {
        if (!src.outParams[k].raw && !sameShape(o.shape, shape)) throw new CupytsError('ERR_SHAPE', `${name}: expected output ${src.outParams[k].name} of shape ${formatShape(shape)}, got ${formatShape(o.shape)}`);
      }
    }
    if (hasRaw) {
      const returned = runRawKernel({ src, types, ins, outs, shape, runner, scalarAs });
      if (noReturn) return undefined;
      return returned.length === 1 && !returnTuple ? returned[0] : returned;
    }
    const priorOutputs = outs.length > 0;
    const ops = cache.get(src, types.inputs, types.outputs, types.placeholders, priorOutputs);
    const inputs: Node[] = ins.map((a, k) => (a instanceof NDArray ? a.node : scalarNode(scalarAs(a, types.inputs[k]), types.inputs[k])));
    const inputDtypes: DType[] = [...types.inputs];
    if (priorOutputs) { inputs.push(...outs.map((o) => o.node)); inputDtypes.push(...types.outputs); }
    if (uses.index || jsUses.index) { inputs.push(indexNode(runner, shape)); inputDtypes.push(DTYPES.int64); }
    if (uses.size || jsUses.size) { inputs.push(scalarNode(sizeOf(shape), DTYPES.int64)); inputDtypes.push(DTYPES.int64); }
    const results = ops.map((op, k) => new NDArray(mapNode(op, inputs, shape, inputDtypes[0] ?? types.outputs[k], types.outputs[k], inputDtypes), runner));
    const returned = outs.length ? outs.map((o, k) => { assign(name, o, results[k]); return o; }) : results;
    if (noReturn) return undefined;
    return returned.length === 1 && !returnTuple ? returned[0] : returned;
  }, { unsupported: CALL_UNSUPPORTED });
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A kernel name (CuPy's `name`): an identifier, part of the generated kernel's name. */
export const kernelNameType: ParamType<string> = {
  expected: 'an identifier (letters, digits and _)',
  parse: (x) => (typeof x === 'string' && IDENTIFIER.test(x) ? x : REJECT),
};

/** The parsed parameter lists of a kernel, checked: distinct names, and raw parameters only where `allowRaw`. */
export function kernelParams(op: string, inText: string, outText: string, allowRaw: boolean): { inParams: UserParam[]; outParams: UserParam[] } {
  const inParams = parseUserParams(op, 'in_params', inText);
  const outParams = parseUserParams(op, 'out_params', outText);
  checkUniqueNames(op, [...inParams, ...outParams]);
  if (!allowRaw && [...inParams, ...outParams].some((p) => p.raw)) {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: raw parameters are not supported yet (pass the array as an input, or use cp.RawKernel)`);
  }
  return { inParams, outParams };
}

const PARAMS = [
  required('in_params', t.string), required('out_params', t.string), required('operation', t.string),
  positional('name', kernelNameType, 'kernel'), positional('reduce_dims', t.boolean, true),
  positional('preamble', t.nullable(t.string), null), positional('no_return', t.boolean, false), positional('return_tuple', t.boolean, false),
  keyword('js', t.nullable(t.string), null),
] as const;

/**
 * cp.ElementwiseKernel(in_params, out_params, operation, name='kernel', reduce_dims=true, preamble=null,
 * no_return=false, return_tuple=false, {js}): a user elementwise kernel (CuPy's), called as
 * kernel(...inputs, ...outputs?, {size}). `preamble` is CUDA code placed before the kernel (helper
 * functions the body calls; the CPU backend runs the `js` body without it). `reduce_dims` is accepted (cupyts always merges dimensions;
 * results do not depend on it); `js` is the CPU backend's body.
 */
const declared = declare('ElementwiseKernel', PARAMS, (v) => {
  const op = 'ElementwiseKernel';
  const { inParams, outParams } = kernelParams(op, v.in_params, v.out_params, true);
  if (outParams.length === 0) throw new CupytsError('ERR_ARG', `${op}: expected at least one output parameter, got out_params '${v.out_params}'`);
  const bad = [v.operation, v.js ?? ''].map(bodyUses).find((u) => u.otherInd);
  if (bad) throw new CupytsError('ERR_UNSUPPORTED', `${op}: the body may read _ind only as _ind.size() (other _ind members are not supported yet)`);
  const src: UserElementwiseSource = { name: v.name, inParams, outParams, operation: v.operation, ...(v.js !== null ? { js: v.js } : {}), ...(v.preamble ? { preamble: v.preamble } : {}) };
  const call = makeCall({ src, noReturn: v.no_return, returnTuple: v.return_tuple });
  const fields = { kernelName: v.name, in_params: inParams, out_params: outParams, nin: inParams.length, nout: outParams.length, nargs: inParams.length + outParams.length, operation: v.operation };
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(call, key, { value, enumerable: true });
  return call as unknown as ElementwiseKernelFn<KernelResult>;
}, { unsupported: ['options', 'loop_prep', 'after_loop'] });

type Declared = typeof declared;
/** The declared factory; `R` is what calls return (NDArray by default; NDArray[] for several outputs or return_tuple). */
export const ElementwiseKernel = declared as unknown as (<R extends KernelResult = NDArray>(...args: Parameters<Declared>) => ElementwiseKernelFn<R>) & { readonly signature: Declared['signature'] };
