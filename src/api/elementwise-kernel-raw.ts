// cp.ElementwiseKernel with raw parameters (CuPy's `raw T x`): the body reads a raw array at any
// index it computes (`x[i - 1]`, `x[x.size() - 1 - i]`), not at the element's own position, so
// such a kernel cannot be a map node of the fused graph (a fused kernel reads every input at the
// element it computes). It runs at the call, as a kernel of its own, like CuPy's:
//   - its elementwise inputs broadcast to the loop shape (the elementwise arrays and outputs give
//     it; raw arrays take no part, as in CuPy), each read at the element's C-order index `i`;
//   - each raw input as a C-contiguous array of its parameter's type, indexed by C-order flat index,
//     with `x.size()` its element count, read-only;
//   - each raw output (`raw T y`) likewise, written at the indices the body chooses (`y[k] = v`):
//     a C-contiguous working copy of the `out` array given (its prior values; any shape, as CuPy
//     allows), or, where no outputs are given and size= is, zeros of shape (size,) (CuPy leaves
//     those uninitialized); the copy is assigned back to `out` after the kernel. Elements written
//     by two threads race, as in CuPy;
//   - `_ind.size()` the loop size.
// CUDA: one generated grid-stride kernel, compiled through the runner's source-kernel cache. The
// CPU backend runs the `js` body per element: a raw array is its typed array (with size()),
// int64/uint64 values BigInts, bool booleans, other dtypes numbers (a raw bool or 64-bit integer
// output converts what the body stores as C does). float16 parameters compute
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
import { cpuStored } from './host-data.js';
import { blank, copyOf, uninitialized } from './join-parts.js';
import { traceCut } from './jit-trace.js';
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
  // Each output starts as a contiguous copy of its `out` array (the kernel updates it); without
  // `out`, an elementwise output is written whole, a raw one starts as zeros. The kernel runs at
  // the call, over those buffers: a cp.jit launch list cannot replay it.
  traceCut(`${op}: an ElementwiseKernel with raw parameters runs at the call`);
  const results = outTypes.map((d, k) => {
    if (outs.length) return copyOf(outs[k].astype(d)).eval();
    return (src.outParams[k].raw ? copyOf(blank(op, shape, d, runner)) : uninitialized(op, shape, d, runner)).eval();
  });
  const n = sizeOf(shape);
  if (n > 0) {
    if (runner instanceof CudaRunner) launchCuda(call, operands, inTypes, outTypes, results, n);
    else runJs(call, operands, inTypes, outTypes, results, n);
  }
  const typed = results.map((r, k) => (r.dtype === types.outputs[k] ? r : r.astype(types.outputs[k])));
  return outs.length ? outs.map((o, k) => { assign(op, o, typed[k]); return o; }) : typed;
}

/** The CUDA source of a call's kernel (pure: the tests compile it with NVRTC). */
export function rawKernelSource(src: UserElementwiseSource, inTypes: readonly DType[], outTypes: readonly DType[], placeholders: ReadonlyMap<string, DType>, priorOutputs: boolean, scalarInputs: readonly boolean[] = []): { name: string; source: string } {
  const params: string[] = [];
  const prologue: string[] = [];
  src.inParams.forEach((p, j) => {
    const c = inTypes[j].cType;
    if (p.raw) {
      params.push(`const ${c}* __restrict__ raw_${p.name}`, `const long long raw_${p.name}_size`);
      prologue.push(`const cp_raw_array<const ${c}> ${p.name} = { raw_${p.name}, raw_${p.name}_size };`);
    } else {
      // A JS scalar argument is passed by value; an array is read at each element.
      params.push(scalarInputs[j] ? `const ${c} in_${p.name}` : `const ${c}* __restrict__ in_${p.name}`);
    }
  });
  src.outParams.forEach((p, j) => {
    const c = outTypes[j].cType;
    params.push(`${c}* __restrict__ out_${p.name}`);
    if (!p.raw) return;
    params.push(`const long long out_${p.name}_size`);
    prologue.push(`const cp_raw_array<${c}> ${p.name} = { out_${p.name}, out_${p.name}_size };`);
  });
  params.push('const long long _ind_size');
  const reads = src.inParams.map((p, j) => (p.raw ? '' : `    const ${inTypes[j].cType} ${p.name} = in_${p.name}${scalarInputs[j] ? '' : '[i]'};`)).filter((l) => l);
  const elementwiseOuts = src.outParams.map((p, j) => ({ p, c: outTypes[j].cType })).filter(({ p }) => !p.raw);
  const outs = elementwiseOuts.map(({ p, c }) => `    ${c} ${p.name} = ${priorOutputs ? `out_${p.name}[i]` : `(${c})0`};`);
  const stores = elementwiseOuts.map(({ p }) => `    out_${p.name}[i] = ${p.name};`);
  const typedefs = [...placeholders].map(([letter, d]) => `typedef ${computeDtype(src.name, d).cType} ${letter};`);
  const body = [
    CUDA_PRELUDE, // the helpers a fused user body may call (cp_abs, ...) are there for this body too
    ...(src.preamble ? [src.preamble] : []),
    '#ifndef CP_RAW_ARRAY_DEFINED', '#define CP_RAW_ARRAY_DEFINED',
    // T: const for a raw input, writable for a raw output
    'template <typename T> struct cp_raw_array {',
    '  T* data_;', '  long long size_;',
    '  __device__ T& operator[](long long k) const { return data_[k]; }',
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
  const { name, source } = rawKernelSource(call.src, inTypes, outTypes, call.types.placeholders, call.outs.length > 0, operands.map((o) => o.kind === 'scalar'));
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
  written.forEach((s, k) => {
    types.push('p');
    values.push(s.ptr);
    if (call.src.outParams[k].raw) { types.push('l'); values.push(BigInt(results[k].size)); }
  });
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

type HostElements = ArrayLike<number | bigint> & { [k: number]: number | bigint; subarray(a: number, b: number): HostElements };

/**
 * A raw array as the JS body sees it, with size(): the typed array itself; for bool (and a 64-bit
 * integer output) a view that reads booleans and stores what the body writes as C converts it.
 */
function rawArg(d: DType, data: HostElements, offset: number, size: number, output: boolean): unknown {
  const view = data.subarray(offset, offset + size);
  const sized = () => size;
  const converts = d.name === 'bool' || (output && d.itemsize === 8 && d.kind !== 'f');
  if (!converts) return Object.assign(view, { size: sized });
  const isIndex = (k: string | symbol): k is string => typeof k === 'string' && String(Number(k)) === k;
  return new Proxy(view, {
    get: (t, k) => (k === 'size' ? sized : isIndex(k) ? jsValue(d, t[Number(k)]) : Reflect.get(t, k)),
    set: (t, k, v) => {
      if (!isIndex(k)) return Reflect.set(t, k, v);
      const at = Number(k);
      if (at >= 0 && at < size) t[at] = jsStore(d, v);
      return true;
    },
  });
}

function hostData(a: NDArray, d: DType): HostElements {
  return cpuStored(d, a.node.realized!.storage as CpuBuffer) as unknown as HostElements;
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
      args[j] = rawArg(d, data, o.offset, o.size, false);
      return undefined;
    }
    return (k) => jsValue(d, data[o.offset + k]);
  });
  const nIn = src.inParams.length;
  // The elementwise outputs, read and stored per element; raw ones are arguments the body writes.
  const elementwise: Array<{ m: number; data: HostElements; d: DType }> = [];
  results.forEach((r, m) => {
    const data = hostData(r, outTypes[m]);
    if (src.outParams[m].raw) args[nIn + m] = rawArg(outTypes[m], data, 0, r.size, true);
    else elementwise.push({ m, data, d: outTypes[m] });
  });
  const prior = call.outs.length > 0;
  args[names.length + 1] = { size: () => n };
  for (let k = 0; k < n; k++) {
    element.forEach((read, j) => { if (read) args[j] = read(k); });
    for (const { m, data, d } of elementwise) args[nIn + m] = prior ? jsValue(d, data[k]) : d.name === 'bool' ? false : d.itemsize === 8 && d.kind !== 'f' ? 0n : 0;
    args[names.length] = k;
    const got = body(...args);
    for (const { m, data, d } of elementwise) data[k] = jsStore(d, got[m]);
  }
  results.forEach((r) => inheritFaults(r.node.realized!.storage as Storage, operands.flatMap((o) => (o.kind === 'data' ? [o.array.node.realized!.storage as object] : []))));
}
