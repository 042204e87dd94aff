// Plans on the CPU: generated JavaScript over host buffers, compiled once per plan key.
import { generateJsPlan } from '../codegen/generate.js';
import { jsScalarValue } from '../codegen/js.js';
import type { DType } from '../ir/dtype.js';
import type { CpuBuffer, CpuKernel } from '../runtime/cpu-device.js';
import { CpuDevice, isThreadShared } from '../runtime/cpu-device.js';
import { combineSums, splitPlan, sumParts, type Split } from './cpu-parallel.js';
import { config } from './settings.js';
import { cpuStored, type StoredArray, viewStored } from './host-data.js';
import { flagSlots, type KernelPlan } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import type { ScanPlan } from '../ir/scan-plan.js';
import type { SortNode } from '../ir/graph.js';
import type { SortPlan } from '../ir/sort-plan.js';
import type { BincountPlan } from '../ir/bincount-plan.js';
import { checkRead, finishedBlock, noteLaunch } from './kernel-faults.js';
import {
  outputSizes, planDims, planOutputs, planWork, scalarArg, type AnyPlan, type KernelReport, type Runner, type Storage,
} from './runners.js';
import { traceUpload } from './jit-trace.js';

const generate = generateJsPlan;

const data = (n: { realized?: { storage: unknown } }) => n.realized!.storage as CpuBuffer;

/** Elementwise and reduce kernels with work write every element of their new outputs (no zeroing needed). */
const writesEveryOutput = (plan: AnyPlan) => (plan.kind === 'elementwise' || plan.kind === 'reduce') && planWork(plan) > 0;

/** Inputs up to this size that are not thread-shared are copied into shared memory for a split call. */
const COPY_TO_SHARED_MAX_BYTES = 1 << 20;

/**
 * The elements of `b` where a worker can read them: `b`'s memory where it is shared, a shared
 * copy of a small one, or undefined (the call then runs on the calling thread).
 */
function sharedInput(d: DType, b: CpuBuffer): StoredArray | undefined {
  if (isThreadShared(b.buffer)) return cpuStored(d, b);
  if (b.bytes > COPY_TO_SHARED_MAX_BYTES) return undefined;
  const copy = new SharedArrayBuffer(b.bytes);
  new Uint8Array(copy).set(b.view());
  return viewStored(d, copy);
}

type PlanRead = { dtype: DType; node: { realized?: { storage: unknown } } };

/**
 * The inputs of a call as its kernel reads them; `split` stays the call's split where every
 * input is where a worker can read it (sharedInput), else becomes undefined (the call runs here).
 */
function sharedInputs(inputs: readonly PlanRead[], split: Split | undefined): { stored: StoredArray[]; split: Split | undefined } {
  const stored = inputs.map((i) => {
    const shared = split ? sharedInput(i.dtype, data(i.node)) : undefined;
    if (!shared) split = undefined;
    return shared ?? cpuStored(i.dtype, data(i.node));
  });
  return { stored, split };
}

/**
 * The kth a JS sort kernel partitions around, -1 for a sort: a sort's window may have a kth for
 * the CUDA select that computes it (../ir/sort-plan.ts), but its positions are sorted.
 */
const partitionKth = (plan: SortPlan) => ((plan.node as SortNode).kth !== undefined ? plan.kth ?? -1 : -1);

/** A scan, sort or bincount call: on the calling thread, over lines of its input. */
function runLines(plan: ScanPlan | SortPlan | BincountPlan, kernel: CpuKernel, out: StoredArray, scalars: unknown[]): void {
  const ins = plan.inputs.map((i) => cpuStored(i.dtype, data(i.node)));
  const offsets = plan.inputs.map((i) => i.offset);
  const strides = plan.inputs.map((i) => i.strides);
  if (plan.kind === 'scan') kernel.run(ins, out, offsets, scalars, plan.lines, plan.length, plan.lineDims, strides, plan.outputStrides);
  else if (plan.kind === 'sort') kernel.run(ins, out, offsets, scalars, plan.lines, plan.length, plan.lineDims, strides, plan.outputStrides, partitionKth(plan));
  else kernel.run(ins, out, offsets, scalars, plan.bins, plan.size, [], strides, []);
}

export class CpuRunner implements Runner {
  readonly kind = 'cpu';
  /** 'cpu' for virtual device 0, 'cpu:1' … for the others (cp.config.cpuDevices). */
  readonly deviceName: string;
  readonly device = new CpuDevice();
  readonly ordinal: number;

  constructor(ordinal = 0) {
    this.ordinal = ordinal;
    this.deviceName = ordinal === 0 ? 'cpu' : `cpu:${ordinal}`;
  }
  readonly #kernels = new Map<string, CpuKernel>();

  alloc(dtype: DType, count: number): Storage {
    return this.device.alloc(count * dtype.itemsize);
  }

  upload(_dtype: DType, stored: StoredArray): Storage {
    const buf = this.device.alloc(stored.byteLength);
    buf.write(stored);
    traceUpload(buf);
    return buf;
  }

  #kernel(plan: AnyPlan): CpuKernel {
    let k = this.#kernels.get(plan.key);
    if (!k) {
      const gen = generate(plan);
      k = this.device.compile(gen.name, gen.source);
      this.#kernels.set(plan.key, k);
    }
    return k;
  }

  run(plan: AnyPlan): Storage[] {
    const kernel = this.#kernel(plan);
    const specs = planOutputs(plan);
    const sizes = outputSizes(plan);
    let split = splitPlan(plan, config.cpuThreads);
    const outputs = plan.kind === 'elementwise' && plan.store
      ? [plan.store.node.realized!.storage as CpuBuffer]
      : specs.map((o, k) => this.device.alloc(sizes[k] * o.dtype.itemsize, split !== undefined || undefined, !writesEveryOutput(plan)));
    if (split && !outputs.every((b) => isThreadShared(b.buffer))) split = undefined;
    if (planWork(plan) === 0) {
      noteLaunch(plan, outputs);
      return outputs;
    }
    // Each launch that checks indices has flags of its own (./kernel-faults.ts).
    const slots = plan.kind === 'elementwise' ? flagSlots(plan) : 0;
    const flags = slots > 0 ? new Int32Array(slots) : undefined;
    const outs = outputs.map((b, k) => cpuStored(specs[k].dtype, b));
    const scalars = plan.scalars.map((s) => jsScalarValue(s.dtype, scalarArg(s.dtype, s.value)));
    if (plan.kind === 'elementwise') this.#runElementwise(plan, kernel, split, outs, scalars, flags);
    else if (plan.kind === 'reduce') this.#runReduce(plan, kernel, split, outs, scalars);
    else runLines(plan, kernel, outs[0], scalars);
    noteLaunch(plan, outputs, flags && finishedBlock(flags));
    return outputs;
  }

  // Each plan kind's call is a method of its own: run() stays short, so V8 gives it feedback and
  // baseline code after a few calls (it does so after running about 8 times a function's bytecode).

  #runElementwise(plan: KernelPlan, kernel: CpuKernel, split: Split | undefined, outs: StoredArray[], scalars: unknown[], flags: Int32Array | undefined): void {
    const inputs = sharedInputs(plan.inputs, split);
    const store = plan.store && { offset: plan.store.offset, strides: plan.store.strides };
    this.#call(plan.key, kernel, inputs.split, [inputs.stored, outs, plan.inputs.map((i) => i.offset), scalars, plan.size, plan.dims, plan.inputs.map((i) => i.strides), store, flags]);
  }

  #runReduce(plan: ReducePlan, kernel: CpuKernel, split: Split | undefined, outs: StoredArray[], scalars: unknown[]): void {
    const rows = sharedInputs(plan.rowInputs, split);
    const outIns = sharedInputs(plan.outInputs, rows.split);
    const nOut = plan.outOutputs.length;
    this.#call(plan.key, kernel, outIns.split, [rows.stored, outIns.stored, outs.slice(0, nOut), outs.slice(nOut), plan.rowInputs.map((i) => i.offset), plan.outInputs.map((i) => i.offset),
      scalars, plan.outSize, plan.reduceSize, plan.keptDims, plan.reducedDims,
      [...plan.rowInputs.map((i) => i.strides), ...plan.rowOutputs.map((o) => o.strides)], plan.outInputs.map((i) => i.strides)]);
  }

  /** The kernel over `args`, on the calling thread, or split over the pool's threads (./cpu-parallel.ts). */
  #call(key: string, kernel: CpuKernel, split: Split | undefined, args: unknown[]): void {
    const pool = split && this.device.threadPool(config.cpuThreads);
    if (!split || !pool) {
      kernel.run(...args);
    } else if (split.kind === 'blocks') {
      // column sums keep their outputs' float32 sums in the scratch block (wasm-reduce.ts)
      const scratch = split.scratchBytes ? this.device.scratchBlock(split.scratchBytes) : undefined;
      pool.run(key, kernel.source, kernel.fn, args, split.parts, this.device.heapMemory, scratch);
    } else {
      const sums = new Float64Array(new SharedArrayBuffer(8 * split.leaves));
      pool.run(key, kernel.source, kernel.fn, args, sumParts(split.tree, sums), this.device.heapMemory);
      kernel.run(...args, 0, 1, { value: combineSums(split.tree, sums, split.float32) });
    }
  }

  async prepareAsync(_plan: AnyPlan): Promise<void> {
    // The JS kernel is generated at run(), in microseconds.
  }

  read(storage: Storage, dtype: DType, count: number): StoredArray {
    // A copy in a plain ArrayBuffer (the memory may be a SharedArrayBuffer).
    const bytes = new Uint8Array(count * dtype.itemsize);
    bytes.set((storage as CpuBuffer).view(0, bytes.length));
    const out = viewStored(dtype, bytes.buffer);
    checkRead(storage);
    return out;
  }

  async readAsync(storage: Storage, dtype: DType, count: number): Promise<StoredArray> {
    return this.read(storage, dtype, count);
  }

  report(plan: AnyPlan): KernelReport {
    const gen = generate(plan);
    return { name: gen.name, language: 'js', kind: plan.kind, source: gen.source, size: planWork(plan), dims: planDims(plan) };
  }

  synchronize(): void {}
}
