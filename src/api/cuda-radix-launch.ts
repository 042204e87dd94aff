// The launches of a radix sort plan (src/codegen/sort-radix-cuda.ts). 'radix-tile': one kernel, a
// block a line. 'radix': the histogram (every pass's digit totals, one read of the inputs), then
// per 8-bit digit pass one onesweep launch of resident blocks taking tiles in order (rank,
// look-back, stable scatter; the look-back statuses zeroed once, each pass tags its own); each
// line's first active pass computes the keys from the inputs, its last writes the result (passes
// whose digit is the same for the whole line skip it: src/codegen/sort-radix-cuda.ts
// activePassLines); between passes the words (and argsort's positions) ping-pong between two
// scratch arrays. Scratch is freed stream-ordered after the launches.
import type { GeneratedRadix, RadixParam } from '../codegen/sort-radix-cuda.js';
import type { SortPlan } from '../ir/sort-plan.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import type { CudaModule } from '../runtime/cuda-module.js';
import { LaunchArgs, unknownParam } from './line-launch-args.js';

/** The most blocks a radix launch asks for (the kernels loop over the rest). */
const MAX_RADIX_GRID = 2 ** 31 - 1;
/** Threads an SM holds (sm_80 and sm_90; fewer elsewhere only leaves some blocks waiting for the end). */
const SM_THREADS = 2048;
/** Where each scratch array starts in the one scratch buffer: a multiple of this many bytes. */
const SCRATCH_ALIGN = 256;

interface RadixPass {
  keysIn: number;
  payloadsIn: number;
  keysOut: number;
  payloadsOut: number;
  status: number;
  totals: number;
  tileCounter: number;
  shift: number;
}

function radixArgs(plan: SortPlan, params: readonly RadixParam[], output: CudaBuffer, pass: RadixPass): LaunchArgs {
  const a = new LaunchArgs();
  for (const p of params) {
    if (a.line(plan, p, output)) continue;
    switch (p.kind) {
      case 'keysIn': a.ptr(pass.keysIn); break;
      case 'positionsIn': a.ptr(pass.payloadsIn); break;
      case 'keysOut': a.ptr(pass.keysOut); break;
      case 'positionsOut': a.ptr(pass.payloadsOut); break;
      case 'status': a.ptr(pass.status); break;
      case 'totals': a.ptr(pass.totals); break;
      case 'tileCounter': a.ptr(pass.tileCounter); break;
      case 'chunks': a.long(plan.radix.chunks); break;
      case 'chunkLength': a.long(plan.radix.chunkTiles * plan.radix.tile); break;
      case 'shift': a.int(pass.shift); break;
      case 'width': a.long(0); break;
      default: throw unknownParam(p);
    }
  }
  return a;
}

/** Queues a radix sort of `plan` writing `output`. */
export function launchRadixSort(device: CudaDevice, plan: SortPlan, gen: GeneratedRadix, module: CudaModule, output: CudaBuffer): void {
  const { radix } = plan;
  if (plan.lines === 0 || plan.length === 0) return;
  const none: RadixPass = { keysIn: 0, payloadsIn: 0, keysOut: 0, payloadsOut: 0, status: 0, totals: 0, tileCounter: 0, shift: 0 };
  if (plan.strategy === 'radix-tile') {
    const a = radixArgs(plan, gen.params, output, none);
    module.kernel(gen.tileName).launch(Math.min(MAX_RADIX_GRID, plan.lines), gen.threads, a.types, a.values);
    return;
  }
  const total = plan.lines * plan.length;
  const tiles = plan.lines * Math.ceil(plan.length / radix.tile);
  // All scratch in one buffer (one allocation, one memset): the look-back statuses, the digit
  // totals and the tile counters (zeroed once: each pass tags its own), then the words' and
  // payloads' ping-pong pairs between passes (none where the words are the values: a sort).
  const pairs = radix.passes > 1 ? [radix.keyBytes, radix.payloadBytes, radix.keyBytes, radix.payloadBytes] : [];
  const sizes = [tiles * 256 * 8, plan.lines * radix.passes * 256 * 4, radix.passes * 4, ...pairs.map((b) => total * b)];
  const offsets: number[] = [];
  let bytes = 0;
  for (const size of sizes) {
    offsets.push(bytes);
    bytes += Math.ceil(size / SCRATCH_ALIGN) * SCRATCH_ALIGN;
  }
  const buffer = device.alloc(bytes);
  try {
    const base = buffer.ptr;
    const [status, totals, tileCounter, ...scratch] = sizes.map((size, i) => (size > 0 ? base + offsets[i] : 0));
    device.addon.memsetD8(base, 0, offsets[3] ?? bytes, device.stream);
    const first: RadixPass = { ...none, totals };
    const h = radixArgs(plan, gen.params, output, first);
    module.kernel(gen.histogramName).launch(Math.min(MAX_RADIX_GRID, plan.lines * radix.chunks), gen.threads, h.types, h.values);
    const onesweep = module.kernel(gen.onesweepName);
    // Blocks that stay resident and take tiles until none is left (a tile's look-back needs its
    // predecessors running): as many as an SM holds threads of, on every SM. Blocks beyond those
    // that fit start after the last tile is taken and end at once.
    const onesweepGrid = Math.min(tiles, device.info.multiprocessors * Math.max(1, Math.floor(SM_THREADS / gen.threads)));
    for (let p = 0; p < radix.passes; p++) {
      const from = p % 2 === 1 ? 0 : 2;
      const to = p % 2 === 1 ? 2 : 0;
      const pass: RadixPass = {
        keysIn: scratch[from] ?? 0, payloadsIn: scratch[from + 1] ?? 0, keysOut: scratch[to] ?? 0, payloadsOut: scratch[to + 1] ?? 0,
        status, totals, tileCounter, shift: 8 * p,
      };
      const a = radixArgs(plan, gen.params, output, pass);
      onesweep.launch(onesweepGrid, gen.threads, a.types, a.values);
    }
  } finally {
    buffer.dispose();
  }
}
