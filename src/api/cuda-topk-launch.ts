// The launches of a windowed sort plan (strategy 'topk', src/codegen/topk-cuda.ts): the chunks'
// kernel, then, where a line has several chunks, the merge of each line's candidates, which are
// scratch freed stream-ordered after the launches.
import type { GeneratedTopk, TopkParam } from '../codegen/topk-cuda.js';
import type { SortPlan } from '../ir/sort-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import type { CudaModule } from '../runtime/cuda-module.js';
import { topkBlocks } from '../ir/topk-plan.js';
import { LaunchArgs, unknownParam } from './line-launch-args.js';

/** The most blocks a launch asks for (the kernels loop over the rest). */
const MAX_TOPK_GRID = 2 ** 31 - 1;

function topkArgs(plan: SortPlan, params: readonly TopkParam[], output: CudaBuffer, keys: number, positions: number): LaunchArgs {
  const a = new LaunchArgs();
  const topk = plan.topk!;
  for (const p of params) {
    if (a.line(plan, p, output)) continue;
    switch (p.kind) {
      case 'candidateKeys': a.ptr(keys); break;
      case 'candidatePositions': a.ptr(positions); break;
      case 'chunks': a.long(topk.chunks); break;
      case 'chunkLength': a.long(topk.chunkLength); break;
      default: throw unknownParam(p);
    }
  }
  return a;
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
