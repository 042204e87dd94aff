// The launches of a sort plan on a CUDA device (src/codegen/sort-cuda.ts); radix strategies in
// ./cuda-radix-launch.ts. The bitonic and merge strategies: the tile pass, then
// one merge pass per doubling of the sorted runs until a run is the whole line; the last pass
// writes the result. Pairs between passes live in two scratch buffers of (key, position), freed
// stream-ordered after the launches.
import { SORT_MERGE_THREADS, type GeneratedSort, type SortParam } from '../codegen/sort-cuda.js';
import { sortGrid, type SortPlan } from '../ir/sort-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import type { CudaModule } from '../runtime/cuda-module.js';
import { launchRadixSort } from './cuda-radix-launch.js';
import { launchSelect } from './cuda-select-launch.js';
import { launchTopk } from './cuda-topk-launch.js';
import { LaunchArgs, unknownParam } from './line-launch-args.js';

/** The most blocks a sort launch asks for (the kernels loop over the rest). */
const MAX_SORT_GRID = 2 ** 31 - 1;

interface Scratch {
  keysIn: number;
  positionsIn: number;
  keysOut: number;
  positionsOut: number;
}

function sortArgs(plan: SortPlan, params: readonly SortParam[], output: CudaBuffer, scratch: Scratch, width: number, final: boolean): LaunchArgs {
  const a = new LaunchArgs();
  for (const p of params) {
    if (a.line(plan, p, output)) continue;
    switch (p.kind) {
      case 'keysIn': a.ptr(scratch.keysIn); break;
      case 'positionsIn': a.ptr(scratch.positionsIn); break;
      case 'keysOut': a.ptr(scratch.keysOut); break;
      case 'positionsOut': a.ptr(scratch.positionsOut); break;
      case 'width': a.long(width); break;
      case 'final': a.int(final ? 1 : 0); break;
      default: throw unknownParam(p);
    }
  }
  return a;
}

/** Queues every pass of `plan` writing `output` (the kernels from `module`, compiled from `gen`). */
export function launchSort(device: CudaDevice, plan: SortPlan, gen: GeneratedSort, module: CudaModule, output: CudaBuffer): void {
  if (gen.select) {
    launchSelect(device, plan, gen.select, module, output);
    return;
  }
  if (gen.topk) {
    launchTopk(device, plan, gen.topk, module, output);
    return;
  }
  if (gen.radix) {
    launchRadixSort(device, plan, gen.radix, module, output);
    return;
  }
  const tile = module.kernel(gen.name);
  const merge = module.kernel(gen.mergeName);
  const total = plan.lines * plan.length;
  const tileBlocks = Math.min(MAX_SORT_GRID, sortGrid(plan));
  if (plan.mergePasses === 0) {
    const none = { keysIn: 0, positionsIn: 0, keysOut: 0, positionsOut: 0 };
    const a = sortArgs(plan, gen.params, output, none, plan.tile, true);
    tile.launch(tileBlocks, gen.tileThreads, a.types, a.values);
    return;
  }
  const keyBytes = plan.keyDtype.itemsize === 8 ? 8 : 4;
  const positionBytes = plan.positionBits === 64 ? 8 : 4;
  const buffers = [keyBytes, positionBytes, keyBytes, positionBytes].map((b) => device.alloc(total * b));
  try {
    let scratch: Scratch = { keysIn: buffers[2].ptr, positionsIn: buffers[3].ptr, keysOut: buffers[0].ptr, positionsOut: buffers[1].ptr };
    const first = sortArgs(plan, gen.params, output, scratch, plan.tile, false);
    tile.launch(tileBlocks, gen.tileThreads, first.types, first.values);
    const mergeBlocks = Math.min(MAX_SORT_GRID, Math.ceil(total / SORT_MERGE_THREADS));
    let width = plan.tile;
    for (let pass = 0; pass < plan.mergePasses; pass++) {
      scratch = { keysIn: scratch.keysOut, positionsIn: scratch.positionsOut, keysOut: scratch.keysIn, positionsOut: scratch.positionsIn };
      const a = sortArgs(plan, gen.params, output, scratch, width, pass === plan.mergePasses - 1);
      merge.launch(mergeBlocks, SORT_MERGE_THREADS, a.types, a.values);
      width *= 2;
    }
  } finally {
    // Stream-ordered frees: the memory returns to the pool after the kernels that use it.
    buffers.forEach((b) => b.dispose());
  }
}
