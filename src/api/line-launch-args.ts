// Launch arguments of the sort family's kernels (sort, radix sort, radix select, top-k: the
// src/codegen/*-cuda.ts generators of a SortPlan). Every one takes the parameters of a line kernel
// (the producers' inputs and scalars, the output, the lines and their strides); `line` adds those,
// and each launcher adds its own (scratch pointers, pass numbers) through ptr, long and int.
import { scalarParam } from '../codegen/cuda-types.js';
import { CupytsError } from '../ir/errors.js';
import type { SortPlan } from '../ir/sort-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { scalarArg } from './runners.js';

/** The parameters every line kernel declares, as each generator's parameter list spells them. */
type LineParam =
  | { kind: 'input'; index: number } | { kind: 'output' } | { kind: 'scalar'; index: number }
  | { kind: 'lines' } | { kind: 'length' } | { kind: 'lineDim'; index: number }
  | { kind: 'stride'; input: number; dim: number } | { kind: 'outStride'; dim: number };

export class LaunchArgs {
  types = '';
  readonly values: Array<number | bigint> = [];

  ptr(p: number): void { this.types += 'p'; this.values.push(p); }
  long(v: number): void { this.types += 'l'; this.values.push(BigInt(v)); }
  int(v: number): void { this.types += 'i'; this.values.push(v); }

  /** Adds `p` where it is a line kernel's parameter of `plan` writing `output`; false otherwise. */
  line(plan: SortPlan, p: { kind: string }, output: CudaBuffer): boolean {
    const q = p as LineParam;
    switch (q.kind) {
      case 'input': {
        const input = plan.inputs[q.index];
        this.ptr((input.node.realized!.storage as CudaBuffer).readPtr + input.offset * input.dtype.itemsize);
        return true;
      }
      case 'output': this.ptr(output.ptr); return true;
      case 'scalar': {
        const sc = plan.scalars[q.index];
        this.types += scalarParam(sc.dtype).code;
        this.values.push(scalarArg(sc.dtype, sc.value) as number | bigint); // scalarParam refuses complex dtypes
        return true;
      }
      case 'lines': this.long(plan.lines); return true;
      case 'length': this.long(plan.length); return true;
      case 'lineDim': this.long(plan.lineDims[q.index]); return true;
      case 'stride': this.long(plan.inputs[q.input].strides[q.dim]); return true;
      case 'outStride': this.long(plan.outputStrides[q.dim]); return true;
      default: return false;
    }
  }
}

/** A parameter no launcher knows: a generator and its launcher out of step. */
export const unknownParam = (p: { kind: string }): CupytsError =>
  new CupytsError('ERR_INTERNAL', `launch: no argument for the kernel parameter '${p.kind}'`);
