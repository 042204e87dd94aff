// cp.ReductionKernel: CuPy's user-defined reduction, built from three lazy nodes so that it runs
// through the reduction code generator (axis, keepdims, every geometry) and fuses like any
// reduction: map_expr as a user elementwise op over the broadcast inputs (src/ir/user-ops.ts),
// reduce_expr as a reduction primitive with the user's identity (src/ir/user-reduce.ts), and
// post_map_expr as a user elementwise op over the reduced value `a`.
//
//   const l2 = cp.ReductionKernel('T x', 'T y', 'x * x', 'a + b', 'y = sqrt(a)', '0', 'l2norm',
//     { js: { map: 'x * x', reduce: 'a + b', post_map: 'y = Math.sqrt(a)' } });
//   l2(x, { axis: 1, keepdims: true })
//
// map_expr and reduce_expr are expressions, post_map_expr statements, as in CuPy; the CUDA code
// sees the placeholders and `_type_reduce` as typedefs. The CPU backend runs the optional `js`
// bodies (same forms, JavaScript; values as in ElementwiseKernel's js body).
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { mapNode, reduceNode, scalarNode, type Node } from '../ir/graph.js';
import type { ElementwiseOp } from '../ir/ops.js';
import type { ReduceOp } from '../ir/reductions.js';
import { broadcastShapes, formatShape, sameShape } from '../ir/shape.js';
import { bodyUses, needsGpuError, userElementwiseOps } from '../ir/user-ops.js';
import { decideTypes, type UserParam } from '../ir/user-params.js';
import { identityValue, userReduceOp } from '../ir/user-reduce.js';
import { arrayOrScalar } from './array-params.js';
import { assign } from './assign.js';
import { kernelNameType, kernelParams, runnerOf, scalarAs, scalarDefaultDtype } from './elementwise-kernel.js';
import { NDArray, type Scalar } from './ndarray.js';
import { outArray } from './out-param.js';
import * as t from './param-types.js';
import { normalizeAxes } from './reductions.js';
import { declare, isOptionsObject, keyword, positional, required, rest, REJECT, type ParamType } from './signature.js';

/** The CPU backend's bodies of a ReductionKernel. */
export interface ReductionJs {
  map: string;
  reduce: string;
  post_map: string;
}

const JS_KEYS = ['map', 'reduce', 'post_map'] as const;

const reductionJs: ParamType<ReductionJs> = {
  expected: "an object { map, reduce, post_map } of JavaScript strings",
  parse: (x) => {
    if (!isOptionsObject(x)) return REJECT;
    const keys = Object.keys(x);
    if (keys.length !== 3 || !JS_KEYS.every((k) => typeof x[k] === 'string')) return REJECT;
    return { map: x.map as string, reduce: x.reduce as string, post_map: x.post_map as string };
  },
};

interface Compiled {
  /** The dtype the reduction runs in. */
  red: DType;
  map: ElementwiseOp;
  reduce: ReduceOp;
  post: ElementwiseOp;
}

interface Definition {
  name: string;
  inParams: UserParam[];
  out: UserParam;
  mapExpr: string;
  reduceExpr: string;
  postMap: string;
  identity: string;
  reduceType: string | null;
  js: ReductionJs | null;
  /** CUDA code placed before the kernel ('' for none). */
  preamble: string;
}

/** The reduce dtype: reduce_type (a dtype name or a placeholder), by default the output's type. */
function reduceDtype(d: Definition, placeholders: ReadonlyMap<string, DType>, outDtype: DType): DType {
  const rt = d.reduceType;
  if (rt === null) return outDtype;
  if (Object.hasOwn(DTYPES, rt)) return DTYPES[rt as keyof typeof DTYPES];
  const p = placeholders.get(rt);
  if (!p) throw new CupytsError('ERR_DTYPE', `${d.name}: cannot decide reduce_type ${rt} from the arguments`);
  return p;
}

function compile(d: Definition, inputs: DType[], outDtype: DType, placeholders: Map<string, DType>): Compiled {
  const red = reduceDtype(d, placeholders, outDtype);
  const typedefs = new Map([...placeholders, ['_type_reduce', red]]);
  const mapped: UserParam = { name: '_cp_mapped', dtype: red, ctype: red.name, raw: false };
  const [map] = userElementwiseOps({
    name: d.name, inParams: d.inParams, outParams: [mapped], operation: `_cp_mapped = (${d.mapExpr})`,
    ...(d.js ? { js: `_cp_mapped = (${d.js.map})` } : {}), ...(d.preamble ? { preamble: d.preamble } : {}),
  }, { inputs, outputs: [red], placeholders: typedefs, priorOutputs: false });
  const reduce = userReduceOp(d.name, d.reduceExpr, d.js?.reduce, identityValue(d.name, d.identity, red), red, typedefs);
  const a: UserParam = { name: 'a', dtype: red, ctype: red.name, raw: false };
  const [post] = userElementwiseOps({
    name: d.name, inParams: [a], outParams: [d.out], operation: d.postMap, ...(d.js ? { js: d.js.post_map } : {}), ...(d.preamble ? { preamble: d.preamble } : {}),
  }, { inputs: [red], outputs: [outDtype], placeholders: typedefs, priorOutputs: false });
  return { red, map, reduce, post };
}

function makeCall(d: Definition) {
  const nin = d.inParams.length;
  const cache = new Map<string, Compiled>();
  return declare(d.name, [
    rest('args', arrayOrScalar), keyword('out', outArray, null), keyword('axis', t.nullable(t.axes), null), keyword('keepdims', t.boolean, false),
  ], ({ args, out: outOption, axis, keepdims }): NDArray => {
    if (args.length !== nin && args.length !== nin + 1) throw new CupytsError('ERR_ARG', `${d.name}: expected ${nin} input${nin === 1 ? '' : 's'} (then optionally the output), got ${args.length} arguments`);
    if (args.length > nin && outOption !== null) throw new CupytsError('ERR_ARG', `${d.name}: got the output both positionally and as out=`);
    const positionalOut = args[nin];
    if (positionalOut !== undefined && !(positionalOut instanceof NDArray)) throw new CupytsError('ERR_ARG', `${d.name}: expected the output to be an NDArray, got ${describe(positionalOut)}`);
    const out = positionalOut ?? outOption;
    const ins = args.slice(0, nin);
    const arrays = ins.filter((a): a is NDArray => a instanceof NDArray);
    if (arrays.length === 0) throw new CupytsError('ERR_ARG', `${d.name}: expected at least one array input (the loop size is undecided)`);
    const runner = runnerOf(d.name, out ? [...arrays, out] : arrays);
    if (runner.kind === 'cpu' && d.js === null) throw needsGpuError(d.name);
    const types = decideTypes(d.name, d.inParams, [d.out], ins.map((a) => (a instanceof NDArray ? a.dtype : undefined)), [out?.dtype],
      (k) => scalarDefaultDtype(ins[k] as Scalar));
    const key = `${types.inputs.join(',')}|${types.outputs[0]}`;
    let compiled = cache.get(key);
    if (!compiled) cache.set(key, (compiled = compile(d, types.inputs, types.outputs[0], types.placeholders)));
    const shape = broadcastShapes(d.name, ...arrays.map((a) => a.shape));
    const axes = normalizeAxes(d.name, shape.length, axis);
    const inputs: Node[] = ins.map((a, k) => (a instanceof NDArray ? a.node : scalarNode(scalarAs(a, types.inputs[k]), types.inputs[k])));
    const { red } = compiled;
    const mapped = mapNode(compiled.map, inputs, shape, types.inputs[0], red, types.inputs);
    const reduced = reduceNode(compiled.reduce, mapped, axes, keepdims, red);
    const result = new NDArray(mapNode(compiled.post, [reduced], reduced.shape, red, types.outputs[0]), runner);
    if (!out) return result;
    if (!sameShape(out.shape, result.shape)) throw new CupytsError('ERR_SHAPE', `${d.name}: expected out of shape ${formatShape(result.shape)}, got ${formatShape(out.shape)}`);
    assign(d.name, out, result);
    return out;
  }, { unsupported: ['stream', 'reduce_dims'] });
}


/** reduce_type: a dtype name or a one-letter placeholder. */
const reduceTypeParam: ParamType<string | null> = {
  expected: 'a dtype name or a one-letter type placeholder, or null',
  parse: (x) => (x === null || (typeof x === 'string' && (/^[A-Za-z]$/.test(x) || Object.hasOwn(DTYPES, x))) ? x : REJECT),
};

const PARAMS = [
  required('in_params', t.string), required('out_params', t.string), required('map_expr', t.string), required('reduce_expr', t.string),
  required('post_map_expr', t.string), required('identity', t.string), positional('name', kernelNameType, 'reduce_kernel'),
  positional('reduce_type', reduceTypeParam, null), positional('reduce_dims', t.boolean, true), positional('preamble', t.nullable(t.string), null),
  keyword('js', t.nullable(reductionJs), null),
] as const;

/** A ReductionKernel: call it with its inputs (then optionally the output) and {out, axis, keepdims}. */
export type ReductionKernelFn = ((...args: Array<ArrayArgOrOptions>) => NDArray) & { readonly kernelName: string; readonly nin: number };
type ArrayArgOrOptions = NDArray | Scalar | ArrayLike<unknown> | { out?: NDArray | null; axis?: number | readonly number[] | null; keepdims?: boolean };

/**
 * cp.ReductionKernel(in_params, out_params, map_expr, reduce_expr, post_map_expr, identity,
 * name='reduce_kernel', reduce_type=null, reduce_dims=true, preamble='', {js}): CuPy's user reduction
 * (one output; identity a numeric literal). `preamble` is CUDA code placed before the kernel (helpers
 * the expressions call); `reduce_dims` is accepted (results do not depend on it); `options` is not
 * supported yet.
 */
export const ReductionKernel = declare('ReductionKernel', PARAMS, (v): ReductionKernelFn => {
  const op = 'ReductionKernel';
  const { inParams, outParams } = kernelParams(op, v.in_params, v.out_params, false);
  if (outParams.length !== 1) throw new CupytsError('ERR_UNSUPPORTED', `${op}: expected exactly one output parameter, got ${outParams.length}`);
  const bodies = [v.map_expr, v.reduce_expr, v.post_map_expr, ...(v.js ? JS_KEYS.map((k) => v.js![k]) : [])];
  if (bodies.some((b) => { const u = bodyUses(b); return u.index || u.size || u.otherInd; })) {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: the expressions may not read i or _ind (not supported yet)`);
  }
  identityValue(op, v.identity, DTYPES.float64); // a bad identity fails here, not at the first call
  const call = makeCall({
    name: v.name, inParams, out: outParams[0], mapExpr: v.map_expr, reduceExpr: v.reduce_expr, postMap: v.post_map_expr,
    identity: v.identity, reduceType: v.reduce_type, js: v.js, preamble: v.preamble ?? '',
  });
  Object.defineProperty(call, 'kernelName', { value: v.name, enumerable: true });
  Object.defineProperty(call, 'nin', { value: inParams.length, enumerable: true });
  return call as unknown as ReductionKernelFn;
}, { unsupported: ['options'] });
