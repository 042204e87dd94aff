// The launches of a windowed sort plan (strategy 'topk', src/codegen/topk-cuda.ts): the chunks'
// kernel, then, where a line has several chunks, the merge of each line's candidates, which are
// scratch freed stream-ordered after the launches.
import type { GeneratedTopk, TopkParam } from '../codegen/topk-cuda.js';
import { scalarParam } from '../codegen/cuda-types.js';
import type { SortPlan } from '../ir/sort-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import type { CudaModule } from '../runtime/cuda-module.js';
import { topkBlocks } from '../ir/topk-plan.js';
import { scalarArg } from './runners.js';

/** The most blocks a launch asks for (the kernels loop over the rest). */
const MAX_TOPK_GRID = 2 ** 31 - 1;

const pointerOf = (input: SortPlan['inputs'][number]) =>
  (input.node.realized!.storage as CudaBuffer).readPtr + input.offset * input.dtype.itemsize;

function topkArgs(plan: SortPlan, params: readonly TopkParam[], output: CudaBuffer, keys: number, positions: number) {
  let types = '';
  const values: Array<number | bigint> = [];
  const ptr = (p: number) => { types += 'p'; values.push(p); };
  const long = (v: number) => { types += 'l'; values.push(BigInt(v)); };
  const topk = plan.topk!;
  for (const p of params) {
    switch (p.kind) {
      case 'input': ptr(pointerOf(plan.inputs[p.index])); break;
      case 'output': ptr(output.ptr); break;
      case 'candidateKeys': ptr(keys); break;
      case 'candidatePositions': ptr(positions); break;
      case 'scalar': {
        const sc = plan.scalars[p.index];
        types += scalarParam(sc.dtype).code;
        values.push(scalarArg(sc.dtype, sc.value) as number | bigint); // scalarParam refuses complex dtypes
        break;
      }
      case 'lines': long(plan.lines); break;
      case 'length': long(plan.length); break;
      case 'chunks': long(topk.chunks); break;
      case 'chunkLength': long(topk.chunkLength); break;
      case 'lineDim': long(plan.lineDims[p.index]); break;
      case 'stride': long(plan.inputs[p.input].strides[p.dim]); break;
      case 'outStride': long(plan.outputStrides[p.dim]); break;
    }
  }
  return { types, values };
}

/** Queues the kernels of windowed sort `plan` writing `output`. */
export function launchTopk(device: CudaDevice, plan: SortPlan, gen: GeneratedTopk, module: CudaModule, output: CudaBuffer): void {
  const topk = plan.topk!;
  if (plan.lines === 0 || plan.length === 0) return;
  const blocks = Math.min(MAX_TOPK_GRID, topkBlocks(topk, plan.lines));
  if (topk.chunks === 1) {
    const a = topkArgs(plan, gen.params, output, 0, 0);
    module.kernel(gen.chunkName).launch(blocks, gen.threads, a.types, a.values);
    return;
  }
  const pairs = plan.lines * topk.chunks * topk.list;
  const buffers = [pairs * gen.keyBytes, pairs * 4].map((bytes) => device.alloc(bytes));
  try {
    const a = topkArgs(plan, gen.params, output, buffers[0].ptr, buffers[1].ptr);
    module.kernel(gen.chunkName).launch(blocks, gen.threads, a.types, a.values);
    module.kernel(gen.mergeName).launch(Math.min(MAX_TOPK_GRID, plan.lines), gen.threads, a.types, a.values);
  } finally {
    buffers.forEach((b) => b.dispose());
  }
}
