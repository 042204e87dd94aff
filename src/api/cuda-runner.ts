// Plans on a CUDA device: generated CUDA C compiled by NVRTC (through the two-level kernel
// cache), loaded once per plan key, launched on the device's stream.
import { type GeneratedReduce } from '../codegen/cuda-reduce.js';
import { tiledGrid } from '../codegen/cuda-tiled.js';
import { divMagic, rowsLaunch } from '../codegen/cuda.js';
import { generateCudaPlan, type GeneratedCuda } from '../codegen/generate.js';
import { scalarDecl, scalarParam } from '../codegen/cuda-types.js';
import type { Complex } from '../ir/complex.js';
import type { GeneratedKernel } from '../codegen/kernel-params.js';
import type { ReduceParam } from '../codegen/reduce-common.js';
import type { ScanParam } from '../codegen/scan.js';
import type { DType } from '../ir/dtype.js';
import { flagSlots, rowVectorGrid, type KernelPlan } from '../ir/kernel-plan.js';
import { reduceGrid, splitSegments } from '../ir/reduce-geometry.js';
import { crossGrid, type ReducePlan } from '../ir/reduce-plan.js';
import { SCAN_VECTOR, scanPlanLaunch, scanVectorsAligned, type ScanPlan } from '../ir/scan-plan.js';
import { chooseTarget, NvrtcCompiler, type CompiledKernel } from '../runtime/compiler.js';
import { readConfig } from '../runtime/config.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { CudaDevice } from '../runtime/cuda-device.js';
import { CudaModule, type CudaKernel } from '../runtime/cuda-module.js';
import { DiskKernelCache } from '../runtime/kernel-cache.js';
import { CupytsError } from '../ir/errors.js';
import { allocStored, type StoredArray } from './host-data.js';
import { CudaFlags } from './cuda-flags.js';
import { checkRead, checkReadAsync, noteLaunch, type FlagBlock } from './kernel-faults.js';
import { launchBincount } from './cuda-bincount-launch.js';
import { launchSort } from './cuda-sort-launch.js';
import { bincountGrid } from '../ir/bincount-plan.js';
import { sortGrid } from '../ir/sort-plan.js';
import {
  outputSizes, planDims, planOutputs, planWork, scalarArg, type AnyPlan, type KernelReport, type Runner, type Storage,
} from './runners.js';
import { traceUpload } from './jit-trace.js';

/** The largest grid.x a launch may ask for. */
const MAX_GRID_X = 2 ** 31 - 1;

type Generated = GeneratedCuda;
const generate = generateCudaPlan;

interface Loaded {
  generated: Generated;
  module: CudaModule;
  main: CudaKernel;
  partial?: CudaKernel;
  cache: CompiledKernel['cache'];
}

/** Launch arguments: a type letter per argument (see native/driver.cc) and the values. */
class Args {
  types = '';
  values: Array<number | bigint> = [];
  constructor(readonly big: boolean) {}
  ptr(p: number) { this.types += 'p'; this.values.push(p); }
  index(v: number) { this.types += this.big ? 'l' : 'i'; this.values.push(this.big ? BigInt(v) : v); }
  int(v: number) { this.types += 'i'; this.values.push(v); }
  scalar(d: DType, value: number | bigint | boolean | Complex) {
    const arg = scalarArg(d, value);
    if (typeof arg === 'object') { this.types += scalarDecl(d, 0).codes; this.values.push(arg.re, arg.im); return; }
    this.types += scalarParam(d).code; this.values.push(arg);
  }
}

/** The address of a kernel's input, read on the current stream. */
const pointerOf = (input: { node: { realized?: { storage: unknown } }; offset: number; dtype: DType }) =>
  (input.node.realized!.storage as CudaBuffer).readPtr + input.offset * input.dtype.itemsize;

export class CudaRunner implements Runner {
  readonly kind = 'cuda';
  get deviceName(): string {
    return `cuda:${this.device.ordinal}`;
  }
  readonly device: CudaDevice;
  readonly compiler: NvrtcCompiler;
  readonly target: string;
  readonly #loaded = new Map<string, Loaded>();
  readonly #generated = new Map<string, Generated>();
  readonly #sourceModules = new Map<string, CudaModule>();
  /** Error flags for kernels that check indices (./kernel-faults.ts). */
  readonly #flags: CudaFlags;

  constructor(device = CudaDevice.open(0)) {
    this.device = device;
    const config = readConfig();
    if (config.gpuMemoryLimit > 0) device.memoryLimit = config.gpuMemoryLimit;
    this.compiler = new NvrtcCompiler({
      disk: config.cacheDisabled ? null : new DiskKernelCache({ dir: config.cacheDir, saveSource: config.cacheSaveSource, maxBytes: config.cacheMaxBytes }),
    });
    this.target = chooseTarget(device.arch, this.compiler.nvrtc.supportedArchs);
    this.#flags = new CudaFlags(device);
  }

  /** `count` zeroed int32 error flags for a launch outside the plan pipeline (a solver's info), and their device address. */
  takeFlags(count: number): { block: FlagBlock; ptr: number } {
    return this.#flags.take(count);
  }

  #generate(plan: AnyPlan): Generated {
    let g = this.#generated.get(plan.key);
    if (!g) {
      g = generate(plan);
      this.#generated.set(plan.key, g);
    }
    return g;
  }

  #load(key: string, generated: Generated, compiled: CompiledKernel): Loaded {
    const module = new CudaModule(this.device, compiled.binary);
    const partialName = generated.kind === 'reduce' ? generated.gen.partialName : undefined;
    const loaded: Loaded = {
      generated, module, main: module.kernel(generated.name), partial: partialName ? module.kernel(partialName) : undefined, cache: compiled.cache,
    };
    this.#loaded.set(key, loaded);
    return loaded;
  }

  #request(g: Generated) {
    return { source: g.source, name: `${g.name}.cu`, arch: this.target };
  }

  /**
   * A kernel generated outside the plan pipeline (e.g. matmul) or written by a user (cp.RawKernel),
   * compiled (with NVRTC `options`, through the disk cache) and loaded once per source and options.
   */
  sourceKernel(name: string, source: string, options: readonly string[] = []): CudaKernel {
    return this.sourceModule(`${name}.cu`, source, options).kernel(name);
  }

  /** A compiled image (a user's .cubin or .ptx file: cp.RawModule), loaded once per file name and contents. */
  sourceImage(fileName: string, image: Uint8Array): CudaModule {
    const id = `image:${fileName}:${Buffer.from(image).toString('base64')}`;
    let module = this.#sourceModules.get(id);
    if (!module) this.#sourceModules.set(id, (module = new CudaModule(this.device, image)));
    return module;
  }

  /** The module of a source (cp.RawModule), compiled and loaded once per source and options. */
  sourceModule(fileName: string, source: string, options: readonly string[] = []): CudaModule {
    const id = options.length ? `${options.join('\u0000')}\u0000${source}` : source;
    let module = this.#sourceModules.get(id);
    if (!module) {
      const compiled = this.compiler.compile({ source, name: fileName, arch: this.target, options });
      module = new CudaModule(this.device, compiled.binary);
      this.#sourceModules.set(id, module);
    }
    return module;
  }

  alloc(dtype: DType, count: number): Storage {
    return this.device.alloc(count * dtype.itemsize);
  }

  upload(_dtype: DType, data: StoredArray): Storage {
    const buf = this.device.alloc(data.byteLength);
    if (data.byteLength > 0) buf.write(data);
    traceUpload(buf);
    return buf;
  }

  run(plan: AnyPlan): Storage[] {
    let loaded = this.#loaded.get(plan.key);
    if (!loaded) {
      const g = this.#generate(plan);
      loaded = this.#load(plan.key, g, this.compiler.compile(this.#request(g)));
    }
    return this.#launch(plan, loaded);
  }

  async prepareAsync(plan: AnyPlan): Promise<void> {
    if (this.#loaded.has(plan.key)) return;
    const g = this.#generate(plan);
    const compiled = await this.compiler.compileAsync(this.#request(g));
    if (!this.#loaded.has(plan.key)) this.#load(plan.key, g, compiled);
  }

  #launch(plan: AnyPlan, loaded: Loaded): Storage[] {
    const sizes = outputSizes(plan);
    const outputs = plan.kind === 'elementwise' && plan.store
      ? [plan.store.node.realized!.storage as CudaBuffer]
      : planOutputs(plan).map((o, k) => this.device.alloc(sizes[k] * o.dtype.itemsize));
    if (planWork(plan) === 0) {
      noteLaunch(plan, outputs);
      return outputs;
    }
    const g = loaded.generated;
    let block: FlagBlock | undefined;
    if (plan.kind === 'elementwise' && g.kind === 'elementwise') block = this.#launchElementwise(plan, g.gen, loaded.main, outputs);
    else if (plan.kind === 'reduce' && g.kind === 'reduce') this.#launchReduce(plan, g.gen, loaded, outputs);
    else if (plan.kind === 'scan' && g.kind === 'scan') this.#launchScan(plan, g.gen.params, loaded.main, outputs[0]);
    else if (plan.kind === 'sort' && g.kind === 'sort') launchSort(this.device, plan, g.gen, loaded.module, outputs[0]);
    else if (plan.kind === 'bincount' && g.kind === 'bincount') launchBincount(plan, g.gen, loaded.main, outputs[0]);
    noteLaunch(plan, outputs, block);
    return outputs;
  }

  /**
   * One block per tile of blockSize × vectorWidth × vectorsPerThread elements, so the kernel's
   * grid-stride loop runs once (bench/geometry.mjs: 3045 GB/s for axpy on an H100, against 2874
   * for a grid of 8 resident blocks per SM looping over the array).
   */
  #elementwiseGeometry(plan: KernelPlan, gen: GeneratedKernel): { grid: number | [number, number, number]; block: number | [number, number, number]; byRows?: boolean } {
    if (plan.tile) return { grid: Math.max(1, tiledGrid(plan)), block: gen.blockSize };
    if (plan.rowVectors) {
      // The row-vector path (src/codegen/cuda.ts): a thread count that is a multiple of the last
      // dimension, about 16 blocks per SM (each thread loops over its rows), never fewer than that needs.
      return { grid: rowVectorGrid(plan, gen.blockSize, this.device.info.multiprocessors * 16), block: gen.blockSize };
    }
    const rows = rowsLaunch(plan, gen.blockSize);
    if (rows) return { ...rows, byRows: true };
    const perBlock = gen.blockSize * gen.vectorWidth * gen.vectorsPerThread;
    const grid = Math.ceil(plan.size / perBlock);
    if (grid > MAX_GRID_X && gen.onePass) {
      throw new CupytsError('ERR_INTERNAL', `${plan.name}: ${plan.size} elements need ${grid} blocks of a one-pass kernel, more than a launch takes (${MAX_GRID_X})`);
    }
    return { grid: Math.max(1, Math.min(grid, MAX_GRID_X)), block: gen.blockSize };
  }

  /** Launches an elementwise kernel; returns its error flags where it checks indices. */
  #launchElementwise(plan: KernelPlan, gen: GeneratedKernel, kernel: CudaKernel, outputs: CudaBuffer[]): FlagBlock | undefined {
    const slots = flagSlots(plan);
    const flags = slots > 0 ? this.#flags.take(slots) : undefined;
    const pointers = plan.inputs.map(pointerOf);
    const outPointers = outputs.map((o, k) => o.ptr + (plan.store ? plan.store.offset * plan.outputs[k].dtype.itemsize : 0));
    const geometry = this.#elementwiseGeometry(plan, gen);
    const a = new Args(plan.indexBits === 64);
    for (const p of gen.params) {
      switch (p.kind) {
        case 'input': a.ptr(pointers[p.index]); break;
        case 'output': a.ptr(outPointers[p.index]); break;
        case 'storeStride': a.index(plan.store!.strides[p.dim]); break;
        case 'scalar': a.scalar(plan.scalars[p.index].dtype, plan.scalars[p.index].value); break;
        case 'size': a.index(plan.size); break;
        case 'dim': a.index(plan.dims[p.index]); break;
        case 'stride': a.index(plan.inputs[p.input].strides[p.dim]); break;
        case 'errorFlag': a.ptr(flags!.ptr); break;
        case 'byRows': a.int(geometry.byRows ? 1 : 0); break;
        case 'divMagic': a.int(divMagic(plan.dims[p.dim]).magic | 0); break; // (the kernel reads the bits as unsigned)
        case 'divShift': a.int(divMagic(plan.dims[p.dim]).shift); break;
        case 'vectorOk':
          a.int(plan.inputs.every((input, k) => input.access !== 'contiguous' || pointers[k] % (gen.vectorWidth * input.dtype.itemsize) === 0) &&
            plan.outputs.every((o, k) => outPointers[k] % (gen.vectorWidth * o.dtype.itemsize) === 0) &&
            (!(plan.rowVectors || plan.colVectors) || plan.dims[plan.dims.length - 1] % gen.vectorWidth === 0) ? 1 : 0); // row or column vectors: no vector across rows
          break;
      }
    }
    kernel.launch(geometry.grid, geometry.block, a.types, a.values);
    return flags?.block;
  }

  /** Segments per row of a split reduction (src/ir/reduce-geometry.ts). */
  #segments(plan: ReducePlan): { segments: number; segmentLength: number } {
    return splitSegments(plan.geometry, plan.outSize, plan.walkSize, this.device.info.multiprocessors);
  }

  #reduceArgs(plan: ReducePlan, params: readonly ReduceParam[], outputs: CudaBuffer[], partials: CudaBuffer[], partialIndex: Map<number, CudaBuffer>, seg: { segments: number; segmentLength: number }): Args {
    const a = new Args(plan.indexBits === 64);
    const nOut = plan.outOutputs.length;
    for (const p of params) {
      switch (p.kind) {
        case 'rowInput': a.ptr(pointerOf(plan.rowInputs[p.index])); break;
        case 'outInput': a.ptr(pointerOf(plan.outInputs[p.index])); break;
        case 'outOutput': a.ptr(outputs[p.index].ptr); break;
        case 'rowOutput': a.ptr(outputs[nOut + p.index].ptr); break;
        case 'scalar': a.scalar(plan.scalars[p.index].dtype, plan.scalars[p.index].value); break;
        case 'outSize': a.index(plan.outSize); break;
        case 'reduceSize': a.index(plan.reduceSize); break;
        case 'keptDim': a.index(plan.keptDims[p.index]); break;
        case 'reducedDim': a.index(plan.reducedDims[p.index]); break;
        case 'rowStride': a.index(plan.rowInputs[p.input].strides[p.dim]); break;
        case 'rowOutStride': a.index(plan.rowOutputs[p.output].strides[p.dim]); break;
        case 'outStride': a.index(plan.outInputs[p.input].strides[p.dim]); break;
        case 'partial': a.ptr(partials[p.index].ptr); break;
        case 'partialIndex': a.ptr(partialIndex.get(p.index)!.ptr); break;
        case 'segments': a.int(seg.segments); break;
        case 'segmentLength': a.index(seg.segmentLength); break;
        case 'vectorOk': a.int(this.#reduceVectorOk(plan, outputs) ? 1 : 0); break;
      }
    }
    return a;
  }

  /**
   * The vector path's conditions: unit-stride inputs 16-byte aligned at every row start, and with
   * register-cached vectors (`vectorItems`) the row outputs aligned for their vector stores too.
   */
  #reduceVectorOk(plan: ReducePlan, outputs: CudaBuffer[]): boolean {
    const W = plan.vectorWidth;
    const nk = plan.keptDims.length;
    const rowStartsAligned = (strides: number[]) => strides.slice(0, nk).every((st) => st % W === 0);
    const inputsOk = plan.rowInputs.every((input, k) => {
      if (!plan.unitRow[k]) return true;
      return pointerOf(input) % (W * input.dtype.itemsize) === 0 && rowStartsAligned(input.strides);
    });
    const nOut = plan.outOutputs.length;
    return inputsOk && (!plan.vectorItems || plan.rowOutputs.every((o, k) =>
      outputs[nOut + k].ptr % (W * o.dtype.itemsize) === 0 && rowStartsAligned(o.strides)));
  }

  #launchReduce(plan: ReducePlan, gen: GeneratedReduce, loaded: Loaded, outputs: CudaBuffer[]): void {
    const noSplit = { segments: 1, segmentLength: plan.reduceSize };
    if (!plan.split || plan.cross) {
      const grid = plan.cross ? crossGrid(plan) : reduceGrid(plan.geometry, plan.outSize);
      const a = this.#reduceArgs(plan, gen.params, outputs, [], new Map(), noSplit);
      loaded.main.launch([grid, 1, 1], gen.block, a.types, a.values);
      return;
    }
    const seg = this.#segments(plan);
    const partials = plan.reductions.map((r) => this.device.alloc(plan.outSize * seg.segments * Math.max(4, r.dtype.name === 'float16' ? 4 : r.dtype.itemsize)));
    const partialIndex = new Map<number, CudaBuffer>();
    plan.reductions.forEach((r, p) => { if (r.op.kind === 'arg') partialIndex.set(p, this.device.alloc(plan.outSize * seg.segments * 8)); });
    try {
      const a1 = this.#reduceArgs(plan, gen.partialParams!, outputs, partials, partialIndex, seg);
      loaded.partial!.launch([seg.segments, Math.ceil(plan.outSize / plan.geometry.outputsPerBlock), 1], gen.partialBlock ?? gen.block, a1.types, a1.values);
      const a2 = this.#reduceArgs(plan, gen.params, outputs, partials, partialIndex, seg);
      loaded.main.launch([plan.outSize, 1, 1], gen.block, a2.types, a2.values);
    } finally {
      // Stream-ordered frees: the memory returns to the pool after the kernels that use it.
      partials.forEach((b) => b.dispose());
      partialIndex.forEach((b) => b.dispose());
    }
  }

  /**
   * A scan's launch (ir/scan-geometry.ts scanLaunch). Tiled geometries with more than one tile
   * per line chain their tiles through a status buffer, zeroed before each launch (a stream-ordered
   * memset) and freed after it (stream-ordered).
   */
  #launchScan(plan: ScanPlan, params: readonly ScanParam[], kernel: CudaKernel, output: CudaBuffer): void {
    const launch = scanPlanLaunch(plan);
    if (launch.grid > MAX_GRID_X) throw new CupytsError('ERR_INTERNAL', `${plan.name}: ${launch.grid} blocks, more than a launch takes (${MAX_GRID_X})`);
    const status = launch.statusBytes > 0 ? this.device.alloc(launch.statusBytes) : undefined;
    try {
      status?.fillBytes(0);
      const a = new Args(plan.indexBits === 64);
      for (const p of params) {
        switch (p.kind) {
          case 'input': a.ptr(pointerOf(plan.inputs[p.index])); break;
          case 'output': a.ptr(output.ptr); break;
          case 'scalar': a.scalar(plan.scalars[p.index].dtype, plan.scalars[p.index].value); break;
          case 'lines': a.index(plan.lines); break;
          case 'length': a.index(plan.length); break;
          case 'lineDim': a.index(plan.lineDims[p.index]); break;
          case 'stride': a.index(plan.inputs[p.input].strides[p.dim]); break;
          case 'outStride': a.index(plan.outputStrides[p.dim]); break;
          case 'status': a.ptr(status ? status.ptr : 0); break;
          case 'chunks': a.types += 'l'; a.values.push(BigInt(launch.chunks)); break;
          case 'statuses': a.types += 'l'; a.values.push(BigInt(launch.statuses)); break;
          case 'vectorOk': a.int(scanVectorsAligned(plan, plan.inputs.map(pointerOf), output.ptr) ? 1 : 0); break;
        }
      }
      kernel.launch(launch.grid, launch.block, a.types, a.values);
    } finally {
      status?.dispose();
    }
  }

  /** The data, after the launches that wrote it; throws where one of them found a bad index (./kernel-faults.ts). */
  read(storage: Storage, dtype: DType, count: number): StoredArray {
    const out = allocStored(dtype, count);
    if (count > 0) (storage as CudaBuffer).read(out);
    checkRead(storage);
    return out;
  }

  async readAsync(storage: Storage, dtype: DType, count: number): Promise<StoredArray> {
    const out = allocStored(dtype, count);
    if (count > 0) await (storage as CudaBuffer).readAsync(out);
    await checkReadAsync(storage);
    return out;
  }

  report(plan: AnyPlan): KernelReport {
    const g = this.#generate(plan);
    const loaded = this.#loaded.get(plan.key);
    const base = {
      name: g.name, language: 'cuda' as const, kind: plan.kind, source: g.source, size: planWork(plan), dims: planDims(plan),
      cache: loaded?.cache, attributes: loaded?.main.attributes,
    };
    if (plan.kind === 'elementwise' && g.kind === 'elementwise') {
      const { grid, block } = this.#elementwiseGeometry(plan, g.gen);
      return { ...base, launch: { grid, block, vectorWidth: g.gen.vectorWidth, vectorsPerThread: g.gen.vectorsPerThread } };
    }
    if (plan.kind === 'reduce' && g.kind === 'reduce') {
      const grid = plan.cross ? [crossGrid(plan)]
        : plan.split ? [this.#segments(plan).segments, Math.ceil(plan.outSize / plan.geometry.outputsPerBlock)] : [reduceGrid(plan.geometry, plan.outSize)];
      return { ...base, launch: { grid, block: g.gen.block } };
    }
    if (plan.kind === 'scan' && g.kind === 'scan') {
      const l = scanPlanLaunch(plan);
      return { ...base, launch: { grid: l.grid, block: l.block, ...(plan.vectorInputs ? { vectorWidth: SCAN_VECTOR } : {}) } };
    }
    if (plan.kind === 'sort' && g.kind === 'sort') return { ...base, launch: { grid: sortGrid(plan), block: g.gen.tileThreads } };
    if (plan.kind === 'bincount' && g.kind === 'bincount') return { ...base, launch: { grid: bincountGrid(plan), block: g.gen.threads } };
    return base;
  }

  synchronize(): void {
    this.device.synchronize();
  }
}
