// A user's ElementwiseKernel as ops of the elementwise table's shape (./ops.ts), so that it joins
// the lazy graph as a map node and fuses with its neighbours like any table op. One op per output:
// each computes the user's whole body and returns its output (outputs computed together share
// one kernel). The body becomes a __device__ function (CUDA; its definition goes after the prelude
// of each kernel that calls it, src/codegen/generate.ts) or an arrow function called in place (JS),
// whose parameters carry the user's names:
//   CUDA: `__device__ float cp_user_k_<hash>(const float x, float z) { typedef float T; <operation>; return z; }`
//   JS:   `((x, z, ...) => { <js>; return z; })(v1, 0, ...)`
// Its node inputs are the user's inputs, then (where `out` arrays were given) each output's prior
// value, then the element's C-order index `i` (int64, where the code reads `i`), then the size
// (where it reads `_ind.size()`).
import type { DType } from './dtype.js';
import { CupytsError } from './errors.js';
import type { ElementwiseOp } from './ops.js';
import type { UserParam } from './user-params.js';

export interface UserElementwiseSource {
  readonly name: string;
  readonly inParams: readonly UserParam[];
  readonly outParams: readonly UserParam[];
  /** CUDA statements that assign the outputs. */
  readonly operation: string;
  /** JavaScript statements that assign the outputs (the CPU backend), if given. */
  readonly js?: string;
  /** CUDA code placed before the kernel (CuPy's preamble: helper functions, constants), if given. */
  readonly preamble?: string;
}

/** The dtypes of one call, and which extra inputs the ops take. */
export interface UserLoop {
  readonly inputs: readonly DType[];
  readonly outputs: readonly DType[];
  readonly placeholders: ReadonlyMap<string, DType>;
  /** The outputs' prior values are inputs (out arrays were given). */
  readonly priorOutputs: boolean;
}

const SIZE_CALL = /\b_ind\s*\.\s*size\s*\(\s*\)/g;

/** What a body reads besides its parameters: the index `i`, the size `_ind.size()`. */
export function bodyUses(code: string): { index: boolean; size: boolean; otherInd: boolean } {
  const withoutSize = code.replace(SIZE_CALL, '');
  return { index: /(?<![.\w$])i(?![\w$])/.test(code), size: SIZE_CALL.test(code), otherInd: /\b_ind\b/.test(withoutSize) };
}

const cCompute = (d: DType) => (d.name === 'float16' ? 'float' : d.cType);

function jsZero(d: DType): string {
  if (d.name === 'bool') return 'false';
  return d.name === 'int64' || d.name === 'uint64' ? '0n' : '0';
}

/** A JS result brought to its dtype's representation (a number for a bigint dtype becomes a bigint). */
function jsResult(d: DType, x: string): string {
  if (d.name === 'bool') return `Boolean(${x})`;
  if (d.name === 'int64' || d.name === 'uint64') return `(typeof ${x} === 'bigint' ? ${x} : BigInt(Math.trunc(Number(${x}))))`;
  return `Number(${x})`;
}

/** A 32-bit FNV-1a hash in hex: user ops' names carry it, so kernel keys differ with the code. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The error of a kernel without a JS body on the CPU backend. */
export function needsGpuError(op: string): CupytsError {
  return new CupytsError('ERR_UNSUPPORTED',
    `${op}: this kernel needs a GPU (the CPU backend runs a user kernel only from the JavaScript body given as the 'js' option)`);
}

/** The ops computing each output of `src` for one call's dtypes. */
export function userElementwiseOps(src: UserElementwiseSource, loop: UserLoop): ElementwiseOp[] {
  const uses = bodyUses(src.operation);
  const jsUses = src.js === undefined ? { index: false, size: false } : bodyUses(src.js);
  const index = uses.index || jsUses.index;
  const size = uses.size || jsUses.size;
  const nIn = src.inParams.length;
  const arity = nIn + (loop.priorOutputs ? src.outParams.length : 0) + (index ? 1 : 0) + (size ? 1 : 0);
  const cudaBody = src.operation.replace(SIZE_CALL, '_ind_size');
  const usings = [...loop.placeholders].map(([letter, d]) => `typedef ${cCompute(d)} ${letter};`);
  const identity = [
    src.name, src.inParams.map((p) => `${p.ctype} ${p.name}`).join(','), src.outParams.map((p) => `${p.ctype} ${p.name}`).join(','),
    loop.inputs.map((d) => d.name).join(','), loop.outputs.map((d) => d.name).join(','), String(loop.priorOutputs), src.operation, src.js ?? '', src.preamble ?? '',
  ].join('\u0000');
  const hash = textHash(identity);
  return src.outParams.map((out, k) => {
    const outDtype = loop.outputs[k];
    const name = `${src.name}_${hash}${src.outParams.length > 1 ? `_${out.name}` : ''}`;
    const fn = `cp_user_${name}`;
    const params: string[] = [];
    src.inParams.forEach((p, j) => params.push(`const ${cCompute(loop.inputs[j])} ${p.name}`));
    src.outParams.forEach((p, j) => params.push(`${cCompute(loop.outputs[j])} ${p.name}`));
    if (index) params.push('const long long i');
    if (size) params.push('const long long _ind_size');
    const cudaDefinition = [
      `#ifndef ${fn.toUpperCase()}_DEFINED`, `#define ${fn.toUpperCase()}_DEFINED`,
      `// ${src.name}: output ${out.name}`,
      `__device__ ${cCompute(outDtype)} ${fn}(${params.join(', ')}) {`,
      ...usings, cudaBody, ';', `return ${out.name};`, '}', '#endif',
    ].join('\n');
    const cuda = (args: readonly string[]): string => {
      const values = args.slice(0, nIn);
      src.outParams.forEach((_, j) => values.push(loop.priorOutputs ? args[nIn + j] : `(${cCompute(loop.outputs[j])})0`));
      values.push(...args.slice(nIn + (loop.priorOutputs ? src.outParams.length : 0)));
      return `${fn}(${values.join(', ')})`;
    };
    const js = (args: readonly string[]): string => {
      if (src.js === undefined) throw needsGpuError(src.name);
      const params: string[] = [];
      const values: string[] = [];
      src.inParams.forEach((p, j) => { params.push(p.name); values.push(args[j]); });
      src.outParams.forEach((p, j) => { params.push(p.name); values.push(loop.priorOutputs ? args[nIn + j] : jsZero(loop.outputs[j])); });
      let next = nIn + (loop.priorOutputs ? src.outParams.length : 0);
      if (index) { params.push('i'); values.push(`Number(${args[next++]})`); }
      if (size) { params.push('_ind'); values.push(`{ size: () => Number(${args[next++]}) }`); }
      return `((${params.join(', ')}) => { ${src.js}; return ${jsResult(outDtype, out.name)}; })(${values.join(', ')})`;
    };
    return { name, arity, ufunc: src.name, cuda, js, user: { kernel: src.name, output: out.name, index, size, cudaDefinition, ...(src.preamble ? { cudaPreamble: src.preamble } : {}) } };
  });
}
