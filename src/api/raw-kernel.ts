// cp.RawKernel and cp.RawModule: CUDA C written by the user, compiled by NVRTC through the same
// two-level kernel cache as generated kernels, and launched with a grid, a block, dynamic shared
// memory and arguments, as in CuPy:
//
//   const k = cp.RawKernel(`extern "C" __global__ void scale(float* x, float a, int n) { ... }`, 'scale');
//   k([blocks], [256], [x, cp.scalar(2, 'float32'), cp.scalar(n, 'int32')], { shared_mem: 0 });
//
// Arguments: an NDArray passes a pointer to its first element (the array is computed first and the
// kernel may write it: lazy arrays made from it before keep the values they had); a typed scalar
// (cp.scalar(value, dtype)) passes its value as that C type; a BigInt passes an int64 and a boolean
// a bool. A bare JS number is refused: it does not say whether the kernel takes an int, a float or
// a double. Raw kernels need a GPU: on the CPU backend a call raises ERR_UNSUPPORTED. A compile
// error (ERR_NVRTC_COMPILE) carries NVRTC's log and the user's source with line numbers.
import { readFileSync } from 'node:fs';
import { traceCut } from './jit-trace.js';
import { numberToF16Bits, truthOf, type DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { appendToManifest, manifestKernel } from '../runtime/kernel-manifest.js';
import { readConfig } from '../runtime/config.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaKernel, CudaModule } from '../runtime/cuda-module.js';
import { writable } from './assign.js';
import { currentRunner } from './context.js';
import { CudaRunner } from './cuda-runner.js';
import { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { beforeWrite } from './pending.js';
import type { Storage } from './runners.js';
import { declare, keyword, positional, required, REJECT, signature, type ParamType } from './signature.js';

/** A JS value with the C type a raw kernel takes it as (cp.scalar). */
export interface TypedScalar {
  readonly value: number | bigint | boolean;
  readonly dtype: DType;
}

const SCALARS = new WeakSet<object>();

/** cp.scalar(value, dtype): a kernel argument of an explicit C type (CuPy's numpy.int32(3), numpy.float32(x)). */
export const scalar = declare('scalar', [
  required('value', { expected: 'a number, bigint or boolean', parse: (x) => (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' ? x : REJECT) } as ParamType<number | bigint | boolean>),
  required('dtype', t.dtype),
] as const, ({ value, dtype }): TypedScalar => {
  const s = Object.freeze({ value, dtype });
  SCALARS.add(s);
  return s;
});

const isTypedScalar = (x: unknown): x is TypedScalar => typeof x === 'object' && x !== null && SCALARS.has(x);

/** A launch dimension: an integer or a list of 1 to 3 positive integers (CuPy's tuples). */
const dim3: ParamType<number | readonly number[], [number, number, number]> = {
  expected: 'a positive integer or a list of 1 to 3 positive integers',
  parse: (x) => {
    const list = typeof x === 'number' ? [x] : Array.isArray(x) ? x : null;
    if (!list || list.length < 1 || list.length > 3 || !list.every((v) => Number.isSafeInteger(v) && v > 0)) return REJECT;
    return [list[0], list[1] ?? 1, list[2] ?? 1];
  },
};

export type RawArg = NDArray | TypedScalar | bigint | boolean;

const rawArgs: ParamType<readonly RawArg[], unknown[]> = {
  expected: 'a list of kernel arguments (NDArrays, cp.scalar(value, dtype), BigInts, booleans)',
  parse: (x) => (Array.isArray(x) ? [...x] : REJECT),
};

/** One argument's launch type letter and value (see src/runtime/launch-args.ts). */
function launchArg(op: string, a: unknown, k: number, runner: CudaRunner): [string, number | bigint] {
  if (a instanceof NDArray) {
    writable(op, a.node, runner);
    const r = a.node.realized!;
    beforeWrite(runner, r.storage as Storage);
    return ['p', (r.storage as CudaBuffer).ptr + r.offset * a.dtype.itemsize];
  }
  if (typeof a === 'bigint') return ['l', a];
  if (typeof a === 'boolean') return ['i', a ? 1 : 0];
  if (isTypedScalar(a)) return typedArg(a);
  const hint = typeof a === 'number' ? ` (a JS number does not say the C type: pass cp.scalar(${a}, 'int32'), 'float32', ...)` : '';
  throw new CupytsError('ERR_ARG', `${op}: expected args[${k}] to be an NDArray, cp.scalar(value, dtype), a BigInt or a boolean, got ${describe(a)}${hint}`);
}

/** A typed scalar as a launch argument: its packing code and value. */
export function typedArg({ value, dtype }: TypedScalar): [string, number | bigint] {
  const v = typeof value === 'boolean' ? Number(value) : value;
  switch (dtype.name) {
    case 'bool': return ['i', Number(truthOf(v))];
    case 'int8': case 'int16': case 'int32': return ['i', Number(BigInt.asIntN(dtype.itemsize * 8, BigInt(Math.trunc(Number(v)))))];
    case 'uint8': case 'uint16': case 'uint32': return ['I', Number(BigInt.asUintN(dtype.itemsize * 8, BigInt(Math.trunc(Number(v)))))];
    case 'int64': return ['l', BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)))];
    case 'uint64': return ['L', BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)))];
    case 'float16': return ['I', numberToF16Bits(Number(v))];
    case 'float32': return ['f', Number(v)];
    case 'float64': return ['d', Number(v)];
    default: throw new CupytsError('ERR_UNSUPPORTED', `RawKernel: a ${dtype.name} scalar argument is not supported yet (pass its parts as two cp.scalar values)`);
  }
}

/** The CUDA runner, or ERR_UNSUPPORTED naming `op` on the CPU backend. */
function cudaRunner(op: string): CudaRunner {
  const runner = currentRunner();
  if (!(runner instanceof CudaRunner)) throw new CupytsError('ERR_UNSUPPORTED', `${op}: raw CUDA kernels need a GPU (the CPU backend cannot run them)`);
  return runner;
}

/** Options a user may pass to NVRTC (src/runtime/nvrtc-options.ts's USER_KERNEL_OPTIONS; others are refused at the compile). */
const nvrtcOptions = t.nullable({
  expected: 'a list of NVRTC option strings',
  parse: (x: unknown) => (Array.isArray(x) && x.every((o) => typeof o === 'string') ? [...x] as string[] : REJECT),
} as ParamType<readonly string[], string[]>);

/** Where a raw module's code comes from. */
interface ModuleSource {
  /** CUDA C to compile, or a compiled image (a .cubin or .ptx file) to load. */
  code?: string;
  image?: Uint8Array;
  fileName: string;
  options: readonly string[];
}

/** CUPYTS_CACHE_RECORD: the user kernel's source is recorded for `cupyts cache warmup` like generated kernels. */
function record(src: ModuleSource, runner: CudaRunner): void {
  const file = readConfig().cacheRecordFile;
  if (!file || src.code === undefined) return;
  try {
    appendToManifest(file, [manifestKernel({ name: src.fileName, source: src.code, options: src.options, arch: runner.target })]);
  } catch {
    // recording never breaks the program (as src/api/kernel-recorder.ts)
  }
}

function loadModule(src: ModuleSource, op: string): CudaModule {
  const runner = cudaRunner(op);
  if (src.image) return runner.sourceImage(src.fileName, src.image);
  const module = runner.sourceModule(src.fileName, src.code!, src.options);
  record(src, runner);
  return module;
}

const LAUNCH = (name: string) => signature(name, [
  required('grid', dim3), required('block', dim3), required('args', rawArgs), keyword('shared_mem', t.count, 0),
] as const);

/** A raw kernel: call it as kernel(grid, block, args, {shared_mem}). */
export type RawKernelFn = ((grid: number | readonly number[], block: number | readonly number[], args: readonly RawArg[], options?: { shared_mem?: number }) => void) & {
  readonly kernelName: string;
  readonly code: string | undefined;
  readonly options: readonly string[];
  /** Compiles (and loads) the kernel now; compile errors are thrown here. */
  compile(): void;
};

function rawKernelFn(src: ModuleSource, name: string): RawKernelFn {
  const launchSig = LAUNCH(name);
  let kernel: CudaKernel | undefined;
  const get = () => (kernel ??= loadModule(src, name).kernel(name));
  const call = (...args: unknown[]): void => {
    const v = launchSig.parse(args);
    const runner = cudaRunner(name);
    const packed = v.args.map((a, k) => launchArg(name, a, k, runner));
    traceCut('a cp.RawKernel launch (it runs at the call)');
    get().launch(v.grid, v.block, packed.map(([c]) => c).join(''), packed.map(([, x]) => x), v.shared_mem);
  };
  Object.defineProperty(call, 'name', { value: name });
  for (const [key, value] of Object.entries({ kernelName: name, code: src.code, options: src.options })) Object.defineProperty(call, key, { value, enumerable: true });
  Object.defineProperty(call, 'compile', { value: () => { get(); } });
  return call as unknown as RawKernelFn;
}

const IDENT: ParamType<string> = { expected: 'a kernel name (an identifier)', parse: (x) => (typeof x === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(x) ? x : REJECT) };

/**
 * cp.RawKernel(code, name, options=null): the `extern "C" __global__` function `name` of CUDA C
 * `code`, compiled at its first call (or compile()). `options` are NVRTC options among
 * USER_KERNEL_OPTIONS (-std=..., -lineinfo). CuPy's backend, jitify and the other flags are not supported.
 */
export const RawKernel = declare('RawKernel', [
  required('code', t.string), required('name', IDENT), positional('options', nvrtcOptions, null),
] as const, ({ code, name, options }): RawKernelFn => rawKernelFn({ code, fileName: `${name}.cu`, options: options ?? [] }, name),
{ unsupported: ['backend', 'translate_cucomplex', 'enable_cooperative_groups', 'jitify'] });

/** A raw module: its kernels by name. */
export interface RawModuleObject {
  readonly code: string | undefined;
  readonly path: string | undefined;
  get_function(name: string): RawKernelFn;
}

/**
 * cp.RawModule({code} | {path}, {options}): a module of several kernels. `code` is CUDA C compiled by
 * NVRTC; `path` a .cubin or .ptx file loaded as it is (a .cu file is read and compiled).
 */
export const RawModule = declare('RawModule', [
  keyword('code', t.nullable(t.string), null), keyword('path', t.nullable(t.path), null), keyword('options', nvrtcOptions, null),
] as const, ({ code, path, options }): RawModuleObject => {
  if ((code === null) === (path === null)) throw new CupytsError('ERR_ARG', 'RawModule: expected exactly one of code and path');
  let src: ModuleSource;
  if (path !== null) {
    let bytes: Uint8Array;
    try { bytes = readFileSync(path); } catch (err) {
      throw new CupytsError('ERR_IO', `RawModule: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const base = path.split('/').at(-1)!;
    if (/\.cu$/.test(path)) src = { code: Buffer.from(bytes).toString('utf8'), fileName: base, options: options ?? [] };
    else {
      if (options) throw new CupytsError('ERR_ARG', `RawModule: expected no options for a compiled module (${base}), got ${options.length}`);
      // cuModuleLoadData reads PTX as a C string
      src = { image: /\.ptx$/.test(path) ? Buffer.concat([bytes, Buffer.from([0])]) : bytes, fileName: base, options: [] };
    }
  } else {
    src = { code: code!, fileName: 'raw_module.cu', options: options ?? [] };
  }
  const kernels = new Map<string, RawKernelFn>();
  const GET = signature('RawModule.get_function', [required('name', IDENT)] as const);
  return {
    code: src.code, path: path ?? undefined,
    get_function(...args: unknown[]): RawKernelFn {
      const { name } = GET.parse(args);
      let k = kernels.get(name);
      if (!k) kernels.set(name, (k = rawKernelFn(src, name)));
      return k;
    },
  } as RawModuleObject;
}, { unsupported: ['backend', 'translate_cucomplex', 'enable_cooperative_groups', 'name_expressions', 'jitify'] });

