// cp.ElementwiseKernel with raw parameters (CuPy's `raw T x`): the body reads a raw array at any
// index it computes (`x[i - 1]`, `x[x.size() - 1 - i]`), not at the element's own position, so
// such a kernel cannot be a map node of the fused graph (a fused kernel reads every input at the
// element it computes). It runs at the call, as a kernel of its own, like CuPy's:
//   - its elementwise inputs broadcast to the loop shape (the elementwise arrays and outputs give
//     it; raw arrays take no part, as in CuPy), each read at the element's C-order index `i`;
//   - each raw input as a C-contiguous array of its parameter's type, indexed by C-order flat index,
//     with `x.size()` its element count; raw inputs are read-only here (raw outputs: not yet);
//   - `_ind.size()` the loop size.
// CUDA: one generated grid-stride kernel, compiled through the runner's source-kernel cache. The
// CPU backend runs the `js` body per element: a raw array is its typed array (with size()),
// int64/uint64 values BigInts, bool booleans, other dtypes numbers. float16 parameters compute
// as float32 (as the fused path does); complex parameters are not supported here yet.
import { CUDA_PRELUDE } from '../codegen/cuda-prelude.js';
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sizeOf, type Shape } from '../ir/shape.js';
import { needsGpuError, textHash, type UserElementwiseSource } from '../ir/user-ops.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { assign } from './assign.js';
import { CudaRunner } from './cuda-runner.js';
import { viewStored } from './host-data.js';
import { copyOf, uninitialized } from './join-parts.js';
import { inheritFaults } from './kernel-faults.js';
import { NDArray, type Scalar } from './ndarray.js';
import { broadcastTo } from './operands.js';
import { typedArg } from './raw-kernel.js';
import type { Runner, Storage } from './runners.js';
import { contiguous } from './views.js';

const SIZE_CALL = /\b_ind\s*\.\s*size\s*\(\s*\)/g;
const BLOCK = 256;

/** The dtype a parameter computes in: float16 as float32; complex refused. */
function computeDtype(op: string, d: DType): DType {
  if (d.kind === 'c') throw new CupytsError('ERR_UNSUPPORTED', `${op}: complex parameters in a kernel with raw parameters are not supported yet`);
  return d.name === 'float16' ? DTYPES.float32 : d;
}

/** One argument as the kernel reads it: computed data (offset in elements) or a scalar value. */
type Operand = { kind: 'data'; array: NDArray; offset: number; size: number } | { kind: 'scalar'; value: number | bigint | boolean };

function dataOperand(a: NDArray, d: DType): Operand {
  const c = contiguous(a.dtype === d ? a : a.astype(d));
  return { kind: 'data', array: c, offset: c.node.realized!.offset, size: c.size };
}

export interface RawCall {
  src: UserElementwiseSource;
  types: { inputs: DType[]; outputs: DType[]; placeholders: Map<string, DType> };
  ins: ReadonlyArray<NDArray | Scalar>;
  outs: readonly NDArray[];
  shape: Shape;
  runner: Runner;
  scalarAs: (x: Scalar, d: DType) => number | bigint | boolean;
}

/** Runs one call of a kernel with raw parameters; returns its outputs (the `out` arrays where given). */
export function runRawKernel(call: RawCall): NDArray[] {
  const { src, types, ins, outs, shape, runner } = call;
  const op = src.name;
  if (src.outParams.some((p) => p.raw)) throw new CupytsError('ERR_UNSUPPORTED', `${op}: raw output parameters are not supported yet (use cp.RawKernel)`);
  if (runner.kind === 'cpu' && src.js === undefined) throw needsGpuError(op);
  const inTypes = types.inputs.map((d) => computeDtype(op, d));
  const outTypes = types.outputs.map((d) => computeDtype(op, d));
  const operands: Operand[] = ins.map((a, j) => {
    const p = src.inParams[j];
    if (!(a instanceof NDArray)) {
      if (p.raw) throw new CupytsError('ERR_ARG', `${op}: expected raw parameter ${p.name} to be an NDArray, got a scalar`);
      return { kind: 'scalar', value: call.scalarAs(a, inTypes[j]) };
    }
    return dataOperand(p.raw ? a : broadcastTo(a, shape), inTypes[j]);
  });
  // Each output starts as its `out` array's values (a copy the kernel updates), else zeros.
  const results = outTypes.map((d, k) => (outs.length ? copyOf(outs[k].astype(d)) : uninitialized(op, shape, d, runner)).eval());
  const n = sizeOf(shape);
  if (n > 0) {
    if (runner instanceof CudaRunner) launchCuda(call, operands, inTypes, outTypes, results, n);
    else runJs(call, operands, inTypes, outTypes, results, n);
  }
  const typed = results.map((r, k) => (r.dtype === types.outputs[k] ? r : r.astype(types.outputs[k])));
  return outs.length ? outs.map((o, k) => { assign(op, o, typed[k]); return o; }) : typed;
}

/** The CUDA source of a call's kernel (pure: the tests compile it with NVRTC). */
export function rawKernelSource(src: UserElementwiseSource, inTypes: readonly DType[], outTypes: readonly DType[], placeholders: ReadonlyMap<string, DType>, priorOutputs: boolean): { name: string; source: string } {
  const params: string[] = [];
  const prologue: string[] = [];
  src.inParams.forEach((p, j) => {
    const c = inTypes[j].cType;
    if (p.raw) {
      params.push(`const ${c}* __restrict__ raw_${p.name}`, `const long long raw_${p.name}_size`);
      prologue.push(`const cp_raw_array<${c}> ${p.name} = { raw_${p.name}, raw_${p.name}_size };`);
    } else {
      params.push(`const ${c}* __restrict__ in_${p.name}`);
    }
  });
  src.outParams.forEach((p, j) => params.push(`${outTypes[j].cType}* __restrict__ out_${p.name}`));
  params.push('const long long _ind_size');
  const reads = src.inParams.map((p, j) => (p.raw ? '' : `    const ${inTypes[j].cType} ${p.name} = in_${p.name}[i];`)).filter((l) => l);
  const outs = src.outParams.map((p, j) => `    ${outTypes[j].cType} ${p.name} = ${priorOutputs ? `out_${p.name}[i]` : `(${outTypes[j].cType})0`};`);
  const stores = src.outParams.map((p) => `    out_${p.name}[i] = ${p.name};`);
  const typedefs = [...placeholders].map(([letter, d]) => `typedef ${computeDtype(src.name, d).cType} ${letter};`);
  const body = [
    CUDA_PRELUDE, // the helpers a fused user body may call (cp_abs, ...) are there for this body too
    ...(src.preamble ? [src.preamble] : []),
    '#ifndef CP_RAW_ARRAY_DEFINED', '#define CP_RAW_ARRAY_DEFINED',
    'template <typename T> struct cp_raw_array {',
    '  const T* data_;', '  long long size_;',
    '  __device__ const T& operator[](long long k) const { return data_[k]; }',
    '  __device__ long long size() const { return size_; }',
    '};', '#endif',
    `extern "C" __global__ void NAME(${params.join(', ')}) {`,
    ...typedefs.map((t) => `  ${t}`),
    ...prologue.map((l) => `  ${l}`),
    '  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < _ind_size; i += (long long)gridDim.x * blockDim.x) {',
    ...reads, ...outs,
    '    {', src.operation.replace(SIZE_CALL, '_ind_size'), ';', '    }',
    ...stores,
    '  }', '}',
  ].join('\n');
  const name = `${src.name}_raw_${inTypes.map((d) => d.name).join('_')}_${textHash(body)}`;
  return { name, source: body.replace('void NAME(', `void ${name}(`) };
}

function launchCuda(call: RawCall, operands: Operand[], inTypes: DType[], outTypes: DType[], results: NDArray[], n: number): void {
  const runner = call.runner as CudaRunner;
  const { name, source } = rawKernelSource(call.src, inTypes, outTypes, call.types.placeholders, call.outs.length > 0);
  const kernel = runner.sourceKernel(name, source);
  const types: string[] = [];
  const values: Array<number | bigint> = [];
  const read: object[] = [];
  operands.forEach((o, j) => {
    if (o.kind === 'scalar') {
      const [t, v] = typedArg({ value: o.value, dtype: inTypes[j] });
      types.push(t);
      values.push(v);
      return;
    }
    const storage = o.array.node.realized!.storage as CudaBuffer;
    read.push(storage);
    types.push('p');
    values.push(storage.readPtr + o.offset * inTypes[j].itemsize);
    if (call.src.inParams[j].raw) { types.push('l'); values.push(BigInt(o.size)); }
  });
  const written = results.map((r) => r.node.realized!.storage as CudaBuffer);
  written.forEach((s) => { types.push('p'); values.push(s.ptr); });
  types.push('l');
  values.push(BigInt(n));
  const grid = Math.min(Math.ceil(n / BLOCK), 1 << 20);
  kernel.launch([grid, 1, 1], [BLOCK, 1, 1], types.join(''), values);
  written.forEach((s) => inheritFaults(s, read));
}

/** A value read from stored data as the JS body sees it. */
function jsValue(d: DType, x: number | bigint): number | bigint | boolean {
  return d.name === 'bool' ? x !== 0 : x;
}

/** A JS result stored into an array of dtype `d` (C's conversions: integers truncate). */
function jsStore(d: DType, x: unknown): number | bigint {
  if (d.name === 'bool') return x ? 1 : 0;
  if (d.name === 'int64' || d.name === 'uint64') {
    const b = typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
    return d.name === 'int64' ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b);
  }
  return Number(x);
}

function hostData(a: NDArray, d: DType): ArrayLike<number | bigint> & { [k: number]: number | bigint } {
  return viewStored(d, (a.node.realized!.storage as CpuBuffer).data) as unknown as ArrayLike<number | bigint> & { [k: number]: number | bigint };
}

function runJs(call: RawCall, operands: Operand[], inTypes: DType[], outTypes: DType[], results: NDArray[], n: number): void {
  const { src } = call;
  const outNames = src.outParams.map((p) => p.name);
  const names = [...src.inParams.map((p) => p.name), ...outNames];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the user's JS body (the CPU backend's form of the kernel)
  const body = new Function(...names, 'i', '_ind', `${src.js};\nreturn [${outNames.join(', ')}];`) as (...args: unknown[]) => unknown[];
  const args: unknown[] = new Array(names.length + 2);
  const element: Array<((k: number) => unknown) | undefined> = operands.map((o, j) => {
    const d = inTypes[j];
    if (o.kind === 'scalar') {
      args[j] = o.value;
      return undefined;
    }
    const data = hostData(o.array, d);
    if (src.inParams[j].raw) {
      const values: ArrayLike<unknown> = d.name === 'bool'
        ? Array.from({ length: o.size }, (_, k) => data[o.offset + k] !== 0)
        : (data as unknown as { subarray(a: number, b: number): ArrayLike<unknown> }).subarray(o.offset, o.offset + o.size);
      args[j] = Object.assign(values, { size: () => o.size });
      return undefined;
    }
    return (k) => jsValue(d, data[o.offset + k]);
  });
  const outData = results.map((r, k) => hostData(r, outTypes[k]));
  const prior = call.outs.length > 0;
  const nIn = src.inParams.length;
  args[names.length + 1] = { size: () => n };
  for (let k = 0; k < n; k++) {
    element.forEach((read, j) => { if (read) args[j] = read(k); });
    outData.forEach((data, m) => { args[nIn + m] = prior ? jsValue(outTypes[m], data[k]) : outTypes[m].name === 'bool' ? false : outTypes[m].itemsize === 8 && outTypes[m].kind !== 'f' ? 0n : 0; });
    args[names.length] = k;
    const got = body(...args);
    outData.forEach((data, m) => { data[k] = jsStore(outTypes[m], got[m]); });
  }
  results.forEach((r) => inheritFaults(r.node.realized!.storage as Storage, operands.flatMap((o) => (o.kind === 'data' ? [o.array.node.realized!.storage as object] : []))));
}
