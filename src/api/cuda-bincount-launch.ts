// The launch of a bincount plan on a CUDA device (src/codegen/bincount-cuda.ts): the output
// zeroed, then one kernel of bincountGrid(plan) blocks.
import type { BincountParam, GeneratedBincount } from '../codegen/bincount-cuda.js';
import { scalarParam } from '../codegen/cuda-types.js';
import { bincountGrid, type BincountPlan } from '../ir/bincount-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaKernel } from '../runtime/cuda-module.js';
import { scalarArg } from './runners.js';

const pointerOf = (input: BincountPlan['inputs'][number]) =>
  (input.node.realized!.storage as CudaBuffer).ptr + input.offset * input.dtype.itemsize;

function bincountArgs(plan: BincountPlan, params: readonly BincountParam[], output: CudaBuffer) {
  let types = '';
  const values: Array<number | bigint> = [];
  const long = (v: number) => { types += 'l'; values.push(BigInt(v)); };
  for (const p of params) {
    switch (p.kind) {
      case 'input': types += 'p'; values.push(pointerOf(plan.inputs[p.index])); break;
      case 'output': types += 'p'; values.push(output.ptr); break;
      case 'scalar': {
        const s = plan.scalars[p.index];
        types += scalarParam(s.dtype).code;
        values.push(scalarArg(s.dtype, s.value) as number | bigint); // scalarParam refuses complex dtypes
        break;
      }
      case 'size': long(plan.size); break;
      case 'bins': long(plan.bins); break;
      case 'stride': long(plan.inputs[p.input].strides[0]); break;
    }
  }
  return { types, values };
}

/** Queues the counting of `plan` into `output` (zeroed first). */
export function launchBincount(plan: BincountPlan, gen: GeneratedBincount, kernel: CudaKernel, output: CudaBuffer): void {
  output.fillBytes(0);
  const a = bincountArgs(plan, gen.params, output);
  kernel.launch(bincountGrid(plan), gen.threads, a.types, a.values);
}
