// The two ways a kernel plan runs: generated CUDA C on a CUDA device, or generated JavaScript on
// the CPU. Each keeps its compiled kernels by plan key, so an evaluation of a graph already seen
// costs one map lookup and one launch.
import { generateCuda } from '../codegen/cuda.js';
import { scalarParam } from '../codegen/cuda-types.js';
import { generateJs, jsScalarValue } from '../codegen/js.js';
import type { GeneratedKernel } from '../codegen/kernel-params.js';
import { f16BitsToNumber, numberToF16Bits, type DType } from '../ir/dtype.js';
import type { KernelPlan } from '../ir/kernel-plan.js';
import { chooseTarget, NvrtcCompiler, type CompiledKernel } from '../runtime/compiler.js';
import type { CpuBuffer, CpuKernel } from '../runtime/cpu-device.js';
import { CpuDevice } from '../runtime/cpu-device.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { CudaDevice } from '../runtime/cuda-device.js';
import { CudaModule, type CudaKernel } from '../runtime/cuda-module.js';
import { DiskKernelCache } from '../runtime/kernel-cache.js';
import type { NativeFunctionAttributes } from '../runtime/native.js';
import { readConfig } from '../runtime/config.js';
import { allocStored, viewStored, type StoredArray } from './host-data.js';

export type Storage = CudaBuffer | CpuBuffer;

/** What cp.explain reports of one kernel. */
export interface KernelReport {
  name: string;
  language: 'cuda' | 'js';
  source: string;
  size: number;
  dims: number[];
  launch?: { grid: number; block: number; vectorWidth: number };
  cache?: CompiledKernel['cache'];
  /** Registers, local (spill and stack) and shared bytes of the loaded kernel (cuFuncGetAttribute), once it ran. */
  attributes?: NativeFunctionAttributes;
}

export interface Runner {
  readonly kind: 'cuda' | 'cpu';
  upload(dtype: DType, data: StoredArray): Storage;
  /** Allocates the outputs and queues the kernel; returns the output buffers. */
  run(plan: KernelPlan): Storage[];
  /** As run(), compiling (if needed) on a worker thread. */
  runAsync(plan: KernelPlan): Promise<Storage[]>;
  read(storage: Storage, dtype: DType, count: number): StoredArray;
  readAsync(storage: Storage, dtype: DType, count: number): Promise<StoredArray>;
  report(plan: KernelPlan): KernelReport;
  synchronize(): void;
}

function scalarArg(d: DType, value: number | bigint | boolean): number | bigint {
  if (d.name === 'bool') return value ? 1 : 0;
  if (d.name === 'int64' || d.name === 'uint64') return BigInt(value as number | bigint);
  if (d.name === 'float16') return f16BitsToNumber(numberToF16Bits(Number(value)));
  return Number(value);
}

export class CudaRunner implements Runner {
  readonly kind = 'cuda';
  readonly device: CudaDevice;
  readonly compiler: NvrtcCompiler;
  readonly target: string;
  readonly #kernels = new Map<string, { gen: GeneratedKernel; kernel: CudaKernel; cache: CompiledKernel['cache'] }>();
  readonly #generated = new Map<string, GeneratedKernel>();

  constructor(device = CudaDevice.open(0)) {
    this.device = device;
    const config = readConfig();
    this.compiler = new NvrtcCompiler({
      disk: config.cacheDisabled ? null : new DiskKernelCache({ dir: config.cacheDir, saveSource: config.cacheSaveSource, maxBytes: config.cacheMaxBytes }),
      saveSource: config.cacheSaveSource,
    });
    this.target = chooseTarget(device.arch, this.compiler.nvrtc.supportedArchs);
  }

  #generate(plan: KernelPlan): GeneratedKernel {
    let gen = this.#generated.get(plan.key);
    if (!gen) {
      gen = generateCuda(plan);
      this.#generated.set(plan.key, gen);
    }
    return gen;
  }

  #load(plan: KernelPlan, compiled: CompiledKernel, gen: GeneratedKernel) {
    const entry = { gen, kernel: new CudaModule(this.device, compiled.binary).kernel(gen.name), cache: compiled.cache };
    this.#kernels.set(plan.key, entry);
    return entry;
  }

  #request(gen: GeneratedKernel) {
    return { source: gen.source, name: `${gen.name}.cu`, arch: this.target };
  }

  upload(dtype: DType, data: StoredArray): Storage {
    const buf = this.device.alloc(data.byteLength);
    if (data.byteLength > 0) buf.write(data);
    return buf;
  }

  run(plan: KernelPlan): Storage[] {
    let entry = this.#kernels.get(plan.key);
    if (!entry) {
      const gen = this.#generate(plan);
      entry = this.#load(plan, this.compiler.compile(this.#request(gen)), gen);
    }
    return this.#launch(plan, entry.gen, entry.kernel);
  }

  async runAsync(plan: KernelPlan): Promise<Storage[]> {
    let entry = this.#kernels.get(plan.key);
    if (!entry) {
      const gen = this.#generate(plan);
      entry = this.#kernels.get(plan.key) ?? this.#load(plan, await this.compiler.compileAsync(this.#request(gen)), gen);
    }
    return this.#launch(plan, entry.gen, entry.kernel);
  }

  #geometry(plan: KernelPlan, gen: GeneratedKernel) {
    const perBlock = gen.blockSize * gen.vectorWidth;
    const resident = this.device.info.multiprocessors * Math.floor(this.device.info.maxThreadsPerMultiprocessor / gen.blockSize);
    return { grid: Math.max(1, Math.min(Math.ceil(plan.size / perBlock), resident)), block: gen.blockSize };
  }

  #launch(plan: KernelPlan, gen: GeneratedKernel, kernel: CudaKernel): Storage[] {
    const outputs = plan.outputs.map((o) => this.device.alloc(plan.size * o.dtype.itemsize));
    if (plan.size === 0) return outputs;
    const pointers = plan.inputs.map((input) => (input.node.realized!.storage as CudaBuffer).ptr + input.offset * input.dtype.itemsize);
    const big = plan.indexBits === 64;
    let types = '';
    const args: Array<number | bigint> = [];
    for (const p of gen.params) {
      switch (p.kind) {
        case 'input': types += 'p'; args.push(pointers[p.index]); break;
        case 'output': types += 'p'; args.push(outputs[p.index].ptr); break;
        case 'scalar': {
          const s = plan.scalars[p.index];
          types += scalarParam(s.dtype).code;
          args.push(scalarArg(s.dtype, s.value));
          break;
        }
        case 'size': types += big ? 'l' : 'i'; args.push(big ? BigInt(plan.size) : plan.size); break;
        case 'dim': types += big ? 'l' : 'i'; args.push(big ? BigInt(plan.dims[p.index]) : plan.dims[p.index]); break;
        case 'stride': {
          const s = plan.inputs[p.input].strides[p.dim];
          types += big ? 'l' : 'i';
          args.push(big ? BigInt(s) : s);
          break;
        }
        case 'vectorOk': {
          const ok = plan.inputs.every((input, k) => input.access !== 'contiguous' || pointers[k] % (gen.vectorWidth * input.dtype.itemsize) === 0);
          types += 'i';
          args.push(ok ? 1 : 0);
          break;
        }
      }
    }
    const { grid, block } = this.#geometry(plan, gen);
    kernel.launch(grid, block, types, args);
    return outputs;
  }

  read(storage: Storage, dtype: DType, count: number): StoredArray {
    const out = allocStored(dtype, count);
    if (count > 0) (storage as CudaBuffer).read(out);
    return out;
  }

  async readAsync(storage: Storage, dtype: DType, count: number): Promise<StoredArray> {
    const out = allocStored(dtype, count);
    if (count > 0) await (storage as CudaBuffer).readAsync(out);
    return out;
  }

  report(plan: KernelPlan): KernelReport {
    const gen = this.#generate(plan);
    const { grid, block } = this.#geometry(plan, gen);
    const loaded = this.#kernels.get(plan.key);
    return {
      name: gen.name, language: 'cuda', source: gen.source, size: plan.size, dims: plan.dims,
      launch: { grid, block, vectorWidth: gen.vectorWidth }, cache: loaded?.cache, attributes: loaded?.kernel.attributes,
    };
  }

  synchronize(): void {
    this.device.synchronize();
  }
}

export class CpuRunner implements Runner {
  readonly kind = 'cpu';
  readonly device = new CpuDevice();
  readonly #kernels = new Map<string, CpuKernel>();

  upload(_dtype: DType, data: StoredArray): Storage {
    const buf = this.device.alloc(data.byteLength);
    buf.write(data);
    return buf;
  }

  #kernel(plan: KernelPlan): CpuKernel {
    let k = this.#kernels.get(plan.key);
    if (!k) {
      const gen = generateJs(plan);
      k = this.device.compile(gen.name, gen.source);
      this.#kernels.set(plan.key, k);
    }
    return k;
  }

  run(plan: KernelPlan): Storage[] {
    const kernel = this.#kernel(plan);
    const outputs = plan.outputs.map((o) => this.device.alloc(plan.size * o.dtype.itemsize));
    if (plan.size === 0) return outputs;
    const ins = plan.inputs.map((i) => viewStored(i.dtype, (i.node.realized!.storage as CpuBuffer).data));
    const outs = outputs.map((b, k) => viewStored(plan.outputs[k].dtype, b.data));
    const scalars = plan.scalars.map((s) => jsScalarValue(s.dtype, scalarArg(s.dtype, s.value)));
    kernel.run(ins, outs, plan.inputs.map((i) => i.offset), scalars, plan.size, plan.dims, plan.inputs.map((i) => i.strides));
    return outputs;
  }

  async runAsync(plan: KernelPlan): Promise<Storage[]> {
    return this.run(plan);
  }

  read(storage: Storage, dtype: DType, count: number): StoredArray {
    return viewStored(dtype, (storage as CpuBuffer).data.slice(0, count * dtype.itemsize));
  }

  async readAsync(storage: Storage, dtype: DType, count: number): Promise<StoredArray> {
    return this.read(storage, dtype, count);
  }

  report(plan: KernelPlan): KernelReport {
    const gen = generateJs(plan);
    return { name: gen.name, language: 'js', source: gen.source, size: plan.size, dims: plan.dims };
  }

  synchronize(): void {}
}
