// The launches of a partition plan (src/codegen/select-cuda.ts). 'select-warp': one kernel, a warp
// a line; 'select-block': one kernel, a block a line. 'select': per 8-bit digit pass (most significant first) the chunks' digit counts
// then the narrowing of each line's prefix; then the chunks' group counts, their scan along each
// line, and the scatter. The line states, digit counts (zeroed here once, then by each narrowing)
// and chunk counts are scratch, freed stream-ordered after the launches.
import type { GeneratedSelect, SelectParam } from '../codegen/select-cuda.js';
import { SELECT_STATE_WORDS } from '../codegen/select-cuda.js';
import { sortGrid, type SortPlan } from '../ir/sort-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import type { CudaModule } from '../runtime/cuda-module.js';
import { LaunchArgs, unknownParam } from './line-launch-args.js';

/** The most blocks a select launch asks for (the kernels loop over the rest). */
const MAX_SELECT_GRID = 2 ** 31 - 1;

interface SelectScratch { state: number; hist: number; chunkCounts: number; shift: number; first: boolean }

function selectArgs(plan: SortPlan, params: readonly SelectParam[], output: CudaBuffer, s: SelectScratch): LaunchArgs {
  const a = new LaunchArgs();
  const select = plan.select!;
  for (const p of params) {
    if (a.line(plan, p, output)) continue;
    switch (p.kind) {
      case 'state': a.ptr(s.state); break;
      case 'hist': a.ptr(s.hist); break;
      case 'chunkCounts': a.ptr(s.chunkCounts); break;
      case 'kth': a.long(plan.kth!); break;
      case 'chunks': a.long(select.chunks); break;
      case 'chunkLength': a.long(select.chunkLength); break;
      case 'shift': a.int(s.shift); break;
      case 'first': a.int(s.first ? 1 : 0); break;
      default: throw unknownParam(p);
    }
  }
  return a;
}

/** Queues the radix select of `plan` writing `output`. */
export function launchSelect(device: CudaDevice, plan: SortPlan, gen: GeneratedSelect, module: CudaModule, output: CudaBuffer): void {
  const select = plan.select!;
  if (plan.lines === 0 || plan.length === 0) return;
  const none: SelectScratch = { state: 0, hist: 0, chunkCounts: 0, shift: 0, first: true };
  if (plan.strategy !== 'select') {
    // One kernel: a warp a line ('select-warp') or a block a line ('select-block').
    const a = selectArgs(plan, gen.params, output, none);
    module.kernel(plan.strategy === 'select-warp' ? gen.warpName : gen.blockName).launch(Math.min(MAX_SELECT_GRID, sortGrid(plan)), gen.threads, a.types, a.values);
    return;
  }
  const buffers = [plan.lines * SELECT_STATE_WORDS * 8, plan.lines * 256 * 4, plan.lines * select.chunks * 8].map((bytes) => device.alloc(bytes));
  try {
    const [state, hist, chunkCounts] = buffers.map((b) => b.ptr);
    buffers[1].fillBytes(0);
    const chunkGrid = Math.min(MAX_SELECT_GRID, plan.lines * select.chunks);
    const lineGrid = Math.min(MAX_SELECT_GRID, plan.lines);
    const launch = (name: string, grid: number, s: SelectScratch) => {
      const a = selectArgs(plan, gen.params, output, s);
      module.kernel(name).launch(grid, gen.threads, a.types, a.values);
    };
    for (let p = 0; p < select.passes; p++) {
      const s: SelectScratch = { state, hist, chunkCounts, shift: 8 * (select.passes - 1 - p), first: p === 0 };
      launch(gen.histName, chunkGrid, s);
      launch(gen.narrowName, lineGrid, s);
    }
    const last: SelectScratch = { state, hist, chunkCounts, shift: 0, first: false };
    launch(gen.countName, chunkGrid, last);
    launch(gen.scanName, lineGrid, last);
    launch(gen.scatterName, chunkGrid, last);
  } finally {
    buffers.forEach((b) => b.dispose());
  }
}
