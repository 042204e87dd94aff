// Plans on the CPU: generated JavaScript over host buffers, compiled once per plan key.
import { generateJsPlan } from '../codegen/generate.js';
import { jsScalarValue } from '../codegen/js.js';
import type { DType } from '../ir/dtype.js';
import type { CpuBuffer, CpuKernel } from '../runtime/cpu-device.js';
import { CpuDevice } from '../runtime/cpu-device.js';
import { viewStored, type StoredArray } from './host-data.js';
import { flagSlots } from '../ir/kernel-plan.js';
import { checkRead, finishedBlock, noteLaunch } from './kernel-faults.js';
import {
  outputSizes, planDims, planOutputs, planWork, scalarArg, type AnyPlan, type KernelReport, type Runner, type Storage,
} from './runners.js';
import { traceUpload } from './jit-trace.js';

const generate = generateJsPlan;

const data = (n: { realized?: { storage: unknown } }) => (n.realized!.storage as CpuBuffer).data;

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
    const outputs = plan.kind === 'elementwise' && plan.store
      ? [plan.store.node.realized!.storage as CpuBuffer]
      : specs.map((o, k) => this.device.alloc(sizes[k] * o.dtype.itemsize));
    if (planWork(plan) === 0) {
      noteLaunch(plan, outputs);
      return outputs;
    }
    // Each launch that checks indices has flags of its own (./kernel-faults.ts).
    const slots = plan.kind === 'elementwise' ? flagSlots(plan) : 0;
    const flags = slots > 0 ? new Int32Array(slots) : undefined;
    const outs = outputs.map((b, k) => viewStored(specs[k].dtype, b.data));
    const scalars = plan.scalars.map((s) => jsScalarValue(s.dtype, scalarArg(s.dtype, s.value)));
    switch (plan.kind) {
      case 'elementwise': {
        const ins = plan.inputs.map((i) => viewStored(i.dtype, data(i.node)));
        kernel.run(ins, outs, plan.inputs.map((i) => i.offset), scalars, plan.size, plan.dims, plan.inputs.map((i) => i.strides), plan.store, flags);
        break;
      }
      case 'reduce': {
        const ins = plan.rowInputs.map((i) => viewStored(i.dtype, data(i.node)));
        const oins = plan.outInputs.map((i) => viewStored(i.dtype, data(i.node)));
        const nOut = plan.outOutputs.length;
        kernel.run(ins, oins, outs.slice(0, nOut), outs.slice(nOut), plan.rowInputs.map((i) => i.offset), plan.outInputs.map((i) => i.offset),
          scalars, plan.outSize, plan.reduceSize, plan.keptDims, plan.reducedDims,
          [...plan.rowInputs.map((i) => i.strides), ...plan.rowOutputs.map((o) => o.strides)], plan.outInputs.map((i) => i.strides));
        break;
      }
      case 'scan': {
        const ins = plan.inputs.map((i) => viewStored(i.dtype, data(i.node)));
        kernel.run(ins, outs[0], plan.inputs.map((i) => i.offset), scalars, plan.lines, plan.length, plan.lineDims,
          plan.inputs.map((i) => i.strides), plan.outputStrides);
        break;
      }
      case 'sort': {
        const ins = plan.inputs.map((i) => viewStored(i.dtype, data(i.node)));
        kernel.run(ins, outs[0], plan.inputs.map((i) => i.offset), scalars, plan.lines, plan.length, plan.lineDims,
          plan.inputs.map((i) => i.strides), plan.outputStrides);
        break;
      }
      case 'bincount': {
        const ins = plan.inputs.map((i) => viewStored(i.dtype, data(i.node)));
        kernel.run(ins, outs[0], plan.inputs.map((i) => i.offset), scalars, plan.bins, plan.size, [], plan.inputs.map((i) => i.strides), []);
        break;
      }
    }
    noteLaunch(plan, outputs, flags && finishedBlock(flags));
    return outputs;
  }

  async prepareAsync(_plan: AnyPlan): Promise<void> {
    // The JS kernel is generated at run(), in microseconds.
  }

  read(storage: Storage, dtype: DType, count: number): StoredArray {
    const out = viewStored(dtype, (storage as CpuBuffer).data.slice(0, count * dtype.itemsize));
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
