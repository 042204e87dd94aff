// NVRTC behind a two-level kernel cache: in memory for this process, and on disk per architecture
// (see kernel-cache.ts). Takes CUDA C source strings; knows nothing of how they were generated.
import { argError, CupytsError } from '../ir/errors.js';
import { sha256Hex } from './cache-entry.js';
import { loadNvrtc, type LoadedNvrtc } from './cuda-libraries.js';
import {
  DiskKernelCache, kernelCacheKey, memoryCacheKey, MemoryKernelCache,
} from './kernel-cache.js';
import type { CacheOutcome } from './types.js';
import { native, type NativeAddon, type NativeCompileResult } from './native.js';
import { KERNEL_OPTIONS_EXPECTED, nvrtcOptions, refusedKernelOption } from './nvrtc-options.js';
import { CUPYTS_VERSION } from './version.js';

export interface CompileRequest {
  /** CUDA C source. */
  source: string;
  /** A file-like name for NVRTC's log, e.g. the kernel name. */
  name: string;
  /** 'sm_90' compiles to CUBIN; 'compute_90' to PTX for the driver to finish. */
  arch: string;
  /** Extra NVRTC options, among KERNEL_OPTIONS (nvrtc-options.ts); the architecture option is added here. */
  options?: readonly string[];
}

export type { CacheOutcome };

export interface CompiledKernel {
  binary: Uint8Array;
  target: 'cubin' | 'ptx';
  key: string;
  arch: string;
  cache: CacheOutcome;
  /** Milliseconds NVRTC took (0 when cached). */
  compileMs: number;
  /** NVRTC's log ('' when cached): warnings, and ptxas' resource report with --ptxas-options=-v. */
  log: string;
}

export class NvrtcCompileError extends CupytsError {
  readonly log: string;
  readonly source: string;
  readonly status: string;
  constructor(request: CompileRequest, result: NativeCompileResult) {
    const numbered = request.source.split('\n').map((line, i) => `${String(i + 1).padStart(4)} | ${line}`).join('\n');
    super(
      'ERR_NVRTC_COMPILE',
      `nvrtc: ${result.step || 'compile'} of ${request.name} for ${request.arch} failed: ` +
        `${result.statusName} (${result.status})\n${result.log.trim()}\n--- source ---\n${numbered}`,
    );
    this.log = result.log;
    this.source = request.source;
    this.status = result.statusName;
  }
}

/**
 * The oldest GPU architecture cupyts' kernels are written for: sm_35 (compute capability 3.5).
 * The CUDA prelude falls back to compare-and-swap loops where an atomic is missing (atomicAdd on
 * double before sm_60). Which archs can be compiled also depends on the NVRTC in use: 11.x from
 * sm_35, 12.x from sm_50, 13.x from sm_75 (`nvrtcGetSupportedArchs`).
 */
export const MINIMUM_ARCH = 'sm_35';

/** Supported arch numbers as a list of names: 'sm_35, sm_37, …, sm_90'. */
export function formatArchs(archs: readonly number[]): string {
  return archs.map((a) => `sm_${a}`).join(', ');
}

/** The target NVRTC can build for `deviceArch` ('sm_90'): CUBIN if NVRTC knows the arch, else PTX of the newest it knows. */
export function chooseTarget(deviceArch: string, supportedArchs: readonly number[]): string {
  const want = Number(/^sm_(\d+)/.exec(deviceArch)?.[1]);
  if (!Number.isFinite(want) || supportedArchs.length === 0 || supportedArchs.includes(want)) return deviceArch;
  const older = supportedArchs.filter((a) => a <= want);
  if (older.length === 0) {
    throw new CupytsError('ERR_ARCH', `nvrtc: expected an architecture this NVRTC supports (${formatArchs(supportedArchs)}), got ${deviceArch}`);
  }
  return `compute_${Math.max(...older)}`;
}

export interface CompilerOptions {
  addon?: NativeAddon;
  /** null: memory only. It also decides whether each kernel's source is saved beside it. */
  disk?: DiskKernelCache | null;
  memory?: MemoryKernelCache;
}

interface Prepared {
  target: 'cubin' | 'ptx';
  options: string[];
  key: string;
  memKey: string;
}

let reportRequests = 0;

/**
 * The source NVRTC is given. NVRTC 12.9+ keeps its own cache of compiles in the driver's compute
 * cache (~/.nv/ComputeCache; off with CUDA_CACHE_DISABLE=1 before NVRTC starts), keyed on the
 * PTX, and a compile it serves from there prints no ptxas report. A request for the report
 * (`--ptxas-options=-v`) therefore gets an empty kernel named uniquely for this process and
 * call, so its PTX is new and ptxas runs. The report names each kernel, so the extra one does
 * not mix with the others; the cache key is still the request's own source.
 */
function sourceForNvrtc(request: CompileRequest): string {
  const wantsReport = (request.options ?? []).some((o) => /^--ptxas-options=.*-v\b/.test(o));
  if (!wantsReport) return request.source;
  reportRequests++;
  return `${request.source}\nextern "C" __global__ void cupyts_report_${process.pid}_${Date.now()}_${reportRequests}() {}\n`;
}

export class NvrtcCompiler {
  readonly addon: NativeAddon;
  readonly nvrtc: LoadedNvrtc;
  readonly disk: DiskKernelCache | null;
  readonly memory: MemoryKernelCache;

  constructor(options: CompilerOptions = {}) {
    this.addon = options.addon ?? native();
    this.nvrtc = loadNvrtc(this.addon);
    this.disk = options.disk === undefined ? new DiskKernelCache() : options.disk;
    this.memory = options.memory ?? new MemoryKernelCache();
  }

  #prepare(request: CompileRequest): Prepared {
    if (!/^(sm|compute)_\d+[a-z]?$/.test(request.arch)) {
      throw new CupytsError('ERR_ARG', `nvrtc: expected an arch like 'sm_90' or 'compute_90', got '${request.arch}'`);
    }
    const refused = refusedKernelOption(request.options ?? []);
    if (refused !== undefined) throw argError('nvrtc', KERNEL_OPTIONS_EXPECTED, refused);
    const target: 'cubin' | 'ptx' = request.arch.startsWith('sm_') ? 'cubin' : 'ptx';
    const options = nvrtcOptions(request.arch, request.options ?? []);
    const key = kernelCacheKey({
      cupytsVersion: CUPYTS_VERSION, nvrtcVersion: this.nvrtc.version, arch: request.arch, options, source: request.source,
    });
    return { target, options, key, memKey: memoryCacheKey(request.arch, key) };
  }

  #lookup(request: CompileRequest, key: string, memKey: string, target: 'cubin' | 'ptx'): CompiledKernel | undefined {
    const inMemory = this.memory.get(memKey);
    if (inMemory) return { binary: inMemory, target, key, arch: request.arch, cache: 'memory', compileMs: 0, log: '' };
    const onDisk = this.disk?.read(request.arch, key);
    if (onDisk) {
      this.memory.set(memKey, onDisk);
      return { binary: onDisk, target, key, arch: request.arch, cache: 'disk', compileMs: 0, log: '' };
    }
    return undefined;
  }

  #store(request: CompileRequest, p: Prepared, result: NativeCompileResult, ms: number): CompiledKernel {
    if (!result.ok || !result.binary) throw new NvrtcCompileError(request, result);
    this.memory.set(p.memKey, result.binary);
    this.disk?.write(request.arch, p.key, result.binary, request.source, {
      name: request.name, arch: request.arch, target: p.target, options: p.options, nvrtcVersion: this.nvrtc.version,
      cupytsVersion: CUPYTS_VERSION, sourceSha256: sha256Hex(request.source), binaryBytes: result.binary.byteLength,
      createdAt: new Date().toISOString(),
    });
    return { binary: result.binary, target: p.target, key: p.key, arch: request.arch, cache: 'compiled', compileMs: ms, log: result.log };
  }

  /** Compiles (or finds in the cache) on this thread. */
  compile(request: CompileRequest): CompiledKernel {
    const p = this.#prepare(request);
    const hit = this.#lookup(request, p.key, p.memKey, p.target);
    if (hit) return hit;
    const t0 = performance.now();
    const result = this.addon.nvrtcCompile(sourceForNvrtc(request), request.name, p.options, p.target);
    return this.#store(request, p, result, performance.now() - t0);
  }

  /** As compile(), with NVRTC running on a worker thread so the event loop stays free. */
  async compileAsync(request: CompileRequest): Promise<CompiledKernel> {
    const p = this.#prepare(request);
    const hit = this.#lookup(request, p.key, p.memKey, p.target);
    if (hit) return hit;
    const t0 = performance.now();
    const result = await this.addon.nvrtcCompileAsync(sourceForNvrtc(request), request.name, p.options, p.target);
    return this.#store(request, p, result, performance.now() - t0);
  }
}
