// cuFFT for one device: plans made with cufftMakePlanMany (the advanced layout: embeds, strides,
// distances, so an axis of a strided array can be transformed without a copy), cached by
// (device, kind, precision, sizes, batch, layouts) in a bounded LRU cache, and executed on the
// device's stream. Plans are made with auto-allocation off: each execution borrows its work
// area from cupyts' memory pool (CudaDevice.alloc) and gives it back stream-ordered right after,
// so idle plans hold no device memory and the pool's statistics count the work areas.
//
// Data are interleaved (re, im) pairs: complex64 as float32 pairs, complex128 as float64 pairs.
// As in cuFFT, a c2r transform may overwrite its input: pass a copy where the input must survive.
import { CupytsError } from '../ir/errors.js';
import type { CudaDevice } from './cuda-device.js';
import { CUFFT_FORWARD, CUFFT_INVERSE, CUFFT_TYPE } from './cufft-exports.js';
import { loadCufft } from './cufft-library.js';
import type { DevicePtr } from './native.js';

/** c2c: complex → complex; r2c: real → the n/2+1 half spectrum (of the last axis); c2r: its inverse. */
export type CufftKind = 'c2c' | 'r2c' | 'c2r';
/** The precision of the real parts: float32 (complex64, cufftComplex) or float64 (complex128, cufftDoubleComplex). */
export type CufftPrecision = 'float32' | 'float64';

/** cuFFT's advanced layout of one side: element (idx) of batch b at b·dist + stride·(row-major index of idx in embed). */
export interface CufftLayout {
  /** The storage sizes of the transformed axes (embed[0] is not used by cuFFT); null: the basic contiguous layout. */
  embed: readonly number[] | null;
  stride: number;
  dist: number;
}

/** One cuFFT plan: the kind, precision, logical transform sizes (rank 1–3), batch and both layouts. */
export interface CufftPlanSpec {
  kind: CufftKind;
  precision: CufftPrecision;
  /** The logical sizes of the transformed axes (for r2c/c2r, the real side's sizes). */
  sizes: readonly number[];
  batch: number;
  input: CufftLayout;
  output: CufftLayout;
}

/** A made plan and what it needs to run. */
export interface CufftPlan {
  readonly key: string;
  readonly spec: CufftPlanSpec;
  readonly handle: number;
  /** Bytes of work area an execution borrows from the pool. */
  readonly workBytes: number;
}

/** The plan cache's counters, for memory statistics and explain. */
export interface CufftPlanStats {
  hits: number;
  misses: number;
  evictions: number;
  plansAlive: number;
  /** Sum of the work-area sizes of the plans alive (borrowed from the pool per execution). */
  workAreaBytes: number;
  /** The largest work area one execution borrowed. */
  peakWorkAreaBytes: number;
  maxPlans: number;
}

const INT32_MAX = 2 ** 31 - 1;
const DEFAULT_MAX_PLANS = 16;

const TYPE_OF: Record<CufftKind, Record<CufftPrecision, number>> = {
  c2c: { float32: CUFFT_TYPE.C2C, float64: CUFFT_TYPE.Z2Z },
  r2c: { float32: CUFFT_TYPE.R2C, float64: CUFFT_TYPE.D2Z },
  c2r: { float32: CUFFT_TYPE.C2R, float64: CUFFT_TYPE.Z2D },
};

/** The cache key of a plan on one device: every field that changes what cuFFT builds. */
export function cufftPlanKey(ordinal: number, spec: CufftPlanSpec): string {
  const side = (l: CufftLayout): string => `${l.embed === null ? '-' : l.embed.join('x')}/${l.stride}/${l.dist}`;
  return `dev${ordinal}|${spec.kind}|${spec.precision}|${spec.sizes.join('x')}|b${spec.batch}|in${side(spec.input)}|out${side(spec.output)}`;
}

/** Whether a plan's numbers need cufftMakePlanMany64 (any extent past int32). */
export function needs64BitPlan(spec: CufftPlanSpec): boolean {
  const extent = (l: CufftLayout, sizes: readonly number[]): number => {
    const dims = l.embed ?? sizes;
    return l.dist * spec.batch + l.stride * dims.reduce((a, b) => a * b, 1);
  };
  const numbers = [...spec.sizes, spec.batch, extent(spec.input, spec.sizes), extent(spec.output, spec.sizes)];
  return numbers.some((x) => x > INT32_MAX);
}

function checkSpec(spec: CufftPlanSpec): void {
  const bad = (what: string, got: unknown): never => {
    throw new CupytsError('ERR_ARG', `cufft plan: expected ${what}, got ${JSON.stringify(got)}`);
  };
  if (spec.sizes.length < 1 || spec.sizes.length > 3) bad('1 to 3 transform sizes', spec.sizes);
  if (!spec.sizes.every((n) => Number.isSafeInteger(n) && n >= 1)) bad('positive integer sizes', spec.sizes);
  if (!Number.isSafeInteger(spec.batch) || spec.batch < 1) bad('a positive integer batch', spec.batch);
  for (const side of [spec.input, spec.output]) {
    if (side.embed !== null && side.embed.length !== spec.sizes.length) bad(`embeds of ${spec.sizes.length} sizes`, side.embed);
    if (![side.stride, side.dist].every((x) => Number.isSafeInteger(x) && x >= 0)) bad('non-negative integer strides and distances', side);
  }
}

/** The cuFFT plans of one device, cached. Use Cufft.for(device). */
export class Cufft {
  readonly device: CudaDevice;
  readonly path: string;
  readonly #plans = new Map<string, CufftPlan>();
  #maxPlans = DEFAULT_MAX_PLANS;
  #stats = { hits: 0, misses: 0, evictions: 0, peakWorkAreaBytes: 0 };

  private constructor(device: CudaDevice, path: string) {
    this.device = device;
    this.path = path;
  }

  static #open = new Map<CudaDevice, Cufft>();

  /** cuFFT for `device`, opened once; throws ERR_CUFFT_NOT_FOUND where the library is missing. */
  static for(device: CudaDevice): Cufft {
    let c = Cufft.#open.get(device);
    if (!c) {
      c = new Cufft(device, loadCufft(device.addon));
      Cufft.#open.set(device, c);
    }
    return c;
  }

  get version(): number {
    return this.device.addon.cufftGetVersion();
  }

  /** The cached plan for `spec`, made on a miss (the least recently used plan is destroyed past the bound). */
  plan(spec: CufftPlanSpec): CufftPlan {
    const key = cufftPlanKey(this.device.ordinal, spec);
    const found = this.#plans.get(key);
    if (found) {
      this.#stats.hits++;
      this.#plans.delete(key);
      this.#plans.set(key, found);
      return found;
    }
    checkSpec(spec);
    this.#stats.misses++;
    const plan = this.#make(key, spec);
    this.#plans.set(key, plan);
    this.#evictPast(Math.max(1, this.#maxPlans)); // the plan just made always stays
    return plan;
  }

  #make(key: string, spec: CufftPlanSpec): CufftPlan {
    const addon = this.device.addon;
    const handle = addon.cufftCreate();
    try {
      addon.cufftSetAutoAllocation(handle, 0);
      const make = needs64BitPlan(spec) ? addon.cufftMakePlanMany64 : addon.cufftMakePlanMany;
      const { input: i, output: o } = spec;
      const workBytes = make.call(addon, handle, spec.sizes, i.embed, i.stride, i.dist, o.embed, o.stride, o.dist,
        TYPE_OF[spec.kind][spec.precision], spec.batch);
      addon.cufftSetStream(handle, this.device.stream);
      return { key, spec: { ...spec }, handle, workBytes };
    } catch (err) {
      addon.cufftDestroy(handle);
      throw err;
    }
  }

  #evictPast(limit: number): void {
    for (const [key, plan] of this.#plans) {
      if (this.#plans.size <= limit) break;
      this.#plans.delete(key);
      this.#stats.evictions++;
      this.device.addon.cufftDestroy(plan.handle);
    }
  }

  /**
   * Queues the transform of `plan` from `input` to `output` (device pointers; equal for in place)
   * on the device's stream, with a work area borrowed from the pool. `inverse` picks the
   * direction of a c2c plan (r2c is always forward, c2r always inverse). Unnormalized, as cuFFT is.
   */
  execute(plan: CufftPlan, input: DevicePtr, output: DevicePtr, inverse = false): void {
    if (!this.#plans.has(plan.key) || this.#plans.get(plan.key) !== plan) {
      throw new CupytsError('ERR_ARG', `cufft execute: expected a plan alive in this device's cache, got an evicted plan (${plan.key})`);
    }
    const addon = this.device.addon;
    const work = plan.workBytes > 0 ? this.device.alloc(plan.workBytes) : null;
    this.#stats.peakWorkAreaBytes = Math.max(this.#stats.peakWorkAreaBytes, plan.workBytes);
    try {
      addon.cufftSetStream(plan.handle, this.device.stream); // the current stream
      if (work) addon.cufftSetWorkArea(plan.handle, work.ptr);
      const { kind, precision } = plan.spec;
      const direction = inverse ? CUFFT_INVERSE : CUFFT_FORWARD;
      if (kind === 'c2c' && precision === 'float32') addon.cufftExecC2C(plan.handle, input, output, direction);
      else if (kind === 'c2c') addon.cufftExecZ2Z(plan.handle, input, output, direction);
      else if (kind === 'r2c' && precision === 'float32') addon.cufftExecR2C(plan.handle, input, output);
      else if (kind === 'r2c') addon.cufftExecD2Z(plan.handle, input, output);
      else if (precision === 'float32') addon.cufftExecC2R(plan.handle, input, output);
      else addon.cufftExecZ2D(plan.handle, input, output);
    } finally {
      work?.dispose(); // stream-ordered: the transform queued above still reads it
    }
  }

  /** Plans made so far (cache misses): a call compares it before and after plan() to tell a cached plan. */
  get misses(): number {
    return this.#stats.misses;
  }

  /** Counters and sizes of the plan cache. */
  stats(): CufftPlanStats {
    let workAreaBytes = 0;
    for (const p of this.#plans.values()) workAreaBytes += p.workBytes;
    const { hits, misses, evictions, peakWorkAreaBytes } = this.#stats;
    return { hits, misses, evictions, peakWorkAreaBytes, plansAlive: this.#plans.size, workAreaBytes, maxPlans: this.#maxPlans };
  }

  /** Sets the bound on cached plans (destroying the least recently used past it). */
  setMaxPlans(maxPlans: number): void {
    if (!Number.isSafeInteger(maxPlans) || maxPlans < 0) {
      throw new CupytsError('ERR_ARG', `cufft setMaxPlans: expected a non-negative integer, got ${maxPlans}`);
    }
    this.#maxPlans = maxPlans;
    this.#evictPast(maxPlans);
  }

  /** Destroys every cached plan. */
  clear(): void {
    this.#evictPast(0);
  }
}
