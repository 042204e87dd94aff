// A user's ReductionKernel as a reduction primitive (./reductions.ts's ReduceOp): the user's
// reduce_expr combines two partial results `a` and `b` (CUDA: a __device__ function placed after
// the prelude, like ./user-ops.ts; JS: an arrow function), starting from the user's identity.
import type { DType } from './dtype.js';
import { CupytsError } from './errors.js';
import type { ElementwiseOp } from './ops.js';
import type { ReduceOp } from './reductions.js';
import { needsGpuError, textHash } from './user-ops.js';

const cCompute = (d: DType) => (d.name === 'float16' ? 'float' : d.cType);

const NUMBER = /^[-+]?((\d+\.?\d*|\.\d+)(e[-+]?\d+)?|inf|infinity|nan)[fFlLuU]*$/i;

/** CuPy's identity (a C expression) as a value of `d`: numeric literals, true/false, inf and nan only. */
export function identityValue(op: string, text: string, d: DType): number | bigint | boolean {
  const s = text.trim();
  let value: number;
  if (s === 'true' || s === 'false') value = s === 'true' ? 1 : 0;
  else if (NUMBER.test(s)) {
    const body = s.replace(/[fFlLuU]+$/, '').toLowerCase();
    value = body.endsWith('inf') || body.endsWith('infinity') ? (body.startsWith('-') ? -Infinity : Infinity) : body.endsWith('nan') ? NaN : Number(body);
  } else {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: expected identity as a numeric literal, true/false, inf or nan, got '${text}'`);
  }
  if (d.name === 'bool') return value !== 0;
  if (d.kind === 'f') return value;
  if (!Number.isFinite(value)) throw new CupytsError('ERR_ARG', `${op}: expected an identity an integer reduce type can hold, got '${text}'`);
  const n = BigInt(Math.trunc(value));
  return d.itemsize === 8 ? n : Number(n);
}

/** The reduction of `reduceExpr` (CUDA) and `js` (an expression over a and b, for the CPU) in dtype `d`. */
export function userReduceOp(kernel: string, reduceExpr: string, js: string | undefined, identity: number | bigint | boolean, d: DType,
  placeholders: ReadonlyMap<string, DType>): ReduceOp {
  const hash = textHash([kernel, reduceExpr, js ?? '', d.name, ...[...placeholders].map(([k, v]) => `${k}=${v.name}`)].join('\u0000'));
  const name = `${kernel}_${hash}_reduce`;
  const fn = `cp_user_${name}`;
  const t = cCompute(d);
  const typedefs = [...placeholders].map(([letter, p]) => `typedef ${cCompute(p)} ${letter};`);
  const cudaDefinition = [
    `#ifndef ${fn}_defined`, `#define ${fn}_defined`, `// ${kernel}: reduce_expr`,
    `__device__ ${t} ${fn}(const ${t} a, const ${t} b) {`, ...typedefs, `return (${t})(`, reduceExpr, ');', '}', '#endif',
  ].join('\n');
  const big = d.name === 'int64' || d.name === 'uint64';
  const combine: ElementwiseOp = {
    name, arity: 2, ufunc: kernel,
    cuda: ([a, b]) => `${fn}(${a}, ${b})`,
    js: ([a, b]) => {
      if (js === undefined) throw needsGpuError(kernel);
      const result = d.name === 'bool' ? 'Boolean(r)' : big ? "(typeof r === 'bigint' ? r : BigInt(Math.trunc(Number(r))))" : 'Number(r)';
      return `((a, b) => { const r = (${js}); return ${result}; })(${a}, ${b})`;
    },
    user: { kernel, output: 'a', index: false, size: false, cudaDefinition },
  };
  return { name, numpyName: kernel, kind: 'fold', combine, identity: () => identity };
}
