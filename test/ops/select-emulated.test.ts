// The generated radix select kernels of partition and argpartition (src/codegen/select-cuda.ts)
// run on the host under the emulator (test/helpers/cuda-emulator.h, g++ -std=c++20): every block a
// process of 256 threads. The launches mirror src/api/cuda-select-launch.ts; small tiles (2 or 4
// items a thread) make lines span several tiles and chunks at sizes the emulator runs quickly.
// The result must equal the CPU backend's bit for bit: below the kth key, equal, above (NaN
// last), each in line order. Heavy (thousands of threads): runs only with CUPYTS_SORT_EMULATE=1.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { storageType } from '../../src/codegen/cuda-types.js';
import { generateCudaSelect, SELECT_PRELUDE, SELECT_STATE_WORDS, type SelectParam } from '../../src/codegen/select-cuda.js';
import { RADIX_PRELUDE } from '../../src/codegen/sort-radix-cuda.js';
import { SORT_KEY_PRELUDE } from '../../src/codegen/sort-keys.js';
import { sortGrid, type SortPlan } from '../../src/ir/sort-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { EMULATE, emulatorDir, programHead, readInputLines, readLayout, runEmulated } from '../helpers/emulator.js';
import { unseenView } from '../helpers/sort-window.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';
import { partitionFailures } from '../helpers/partition-check.js';

setBackendNotice(() => {});

const dir = emulatorDir('select');

/** What the emulator lacks for the select kernels: 32-bit atomics, popcount, the grid, double bits, float16 conversions. */
const EXTRAS = String.raw`
#define CP_D static inline
static inline float cp_h2f(unsigned short h) { _Float16 x; std::memcpy(&x, &h, 2); return (float)x; }
static inline unsigned short cp_f2h(float f) { _Float16 x = (_Float16)f; unsigned short h; std::memcpy(&h, &x, 2); return h; }
static Dim gridDim;
inline unsigned atomicAdd(unsigned* p, unsigned v) { return std::atomic_ref<unsigned>(*p).fetch_add(v); }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline long long __double_as_longlong(double d) { long long u; std::memcpy(&u, &d, 8); return u; }
`;

function argument(plan: SortPlan, p: SelectParam): string {
  switch (p.kind) {
    case 'input': return `(const ${storageType(plan.inputs[p.index].dtype)}*)in${p.index}.data() + ${plan.inputs[p.index].offset}`;
    case 'output': return `(${storageType(plan.node.dtype)}*)out`;
    case 'state': return 'state';
    case 'hist': return 'hist';
    case 'chunkCounts': return 'chunk_counts';
    case 'scalar': return String(plan.scalars[p.index].value);
    case 'lines': return `${plan.lines}LL`;
    case 'length': return `${plan.length}LL`;
    case 'kth': return `${plan.kth}LL`;
    case 'chunks': return `${plan.select!.chunks}LL`;
    case 'chunkLength': return `${plan.select!.chunkLength}LL`;
    case 'shift': return 'shift';
    case 'first': return 'first';
    case 'lineDim': return `${plan.lineDims[p.index]}LL`;
    case 'stride': return `${plan.inputs[p.input].strides[p.dim]}LL`;
    case 'outStride': return `${plan.outputStrides[p.dim]}LL`;
  }
}

function program(plan: SortPlan, name: string): string {
  const g = generateCudaSelect(plan);
  const s = plan.select!;
  const args = g.params.map((p) => argument(plan, p)).join(', ');
  const outBytes = plan.lines * plan.length * plan.node.dtype.itemsize;
  const chunkGrid = plan.lines * s.chunks;
  const call = (kernel: string, grid: number, shift: string, first: string) =>
    `  { int shift = ${shift}, first = ${first}; gridDim.x = ${grid}; launch(${grid}, [&] { ${kernel}(${args}); }); }`;
  const launches = plan.strategy === 'select-warp' ? call(g.warpName, sortGrid(plan), '0', '1')
    : plan.strategy === 'select-block' ? call(g.blockName, plan.lines, '0', '1')
    : [`  for (int pass = 0; pass < ${s.passes}; ++pass) {`,
      call(g.histName, chunkGrid, `8 * (${s.passes - 1} - pass)`, 'pass == 0'),
      call(g.narrowName, plan.lines, `8 * (${s.passes - 1} - pass)`, 'pass == 0'),
      '  }',
      call(g.countName, chunkGrid, '0', '0'), call(g.scanName, plan.lines, '0', '0'), call(g.scatterName, chunkGrid, '0', '0')].join('\n');
  return `${programHead(EXTRAS)}
${SORT_KEY_PRELUDE}
${RADIX_PRELUDE}
${SELECT_PRELUDE}
${g.source.replaceAll('extern "C"', '')}
int main(int, char** argv) {
${readInputLines(dir, name, plan.inputs)}
  char* out = shared_alloc<char>(${outBytes});
  unsigned long long* state = shared_alloc<unsigned long long>(${plan.lines * SELECT_STATE_WORDS});
  unsigned* hist = shared_alloc<unsigned>(${plan.lines * 256});
  unsigned long long* chunk_counts = shared_alloc<unsigned long long>(${chunkGrid});
  (void)state; (void)hist; (void)chunk_counts;
${launches}
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

/** The plan of `a`, its select geometry made smaller: `items` a thread, chunks of `chunkTiles` tiles. */
function smallPlan(a: cp.NDArray, strategy: SortPlan['strategy'], items: number, chunkTiles: number): SortPlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!plan || plan.kind !== 'sort' || !plan.select) throw new Error('no select plan');
  if (strategy === 'select-warp') {
    // The plan's own geometry (a line of at most 512: items = ceil(length / 32)).
    expect(plan.strategy).toBe('select-warp');
    return plan;
  }
  const tile = 256 * items;
  const tiles = Math.max(1, Math.ceil(plan.length / tile));
  const chunkLength = strategy === 'select' ? chunkTiles * tile : Math.max(1, plan.length);
  plan.strategy = strategy;
  plan.select = { ...plan.select, strategy: strategy as 'select', items, tile, resident: strategy === 'select-block' && tiles === 1,
    chunks: strategy === 'select' ? Math.ceil(tiles / chunkTiles) : 1, chunkLength };
  return plan;
}

let seed = 7700;
/** Few distinct values (ties at kth), and NaN, ±inf, ±0 for floats. */
const input = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -30, high: 30, special: true });
/** Wide values: every digit of the key varies. */
const wide = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { special: true });

/** Values of one size, [1, 2): the top digits of every key are the same. */
const near = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { low: 1, high: 2 });

type Case = [string, SortPlan['strategy'], number, number, ReturnType<typeof input>, number, number, 'values' | 'indices'];

describe.skipIf(!EMULATE)('generated radix select kernels under the host emulator', () => {
  const cases: Case[] = [
    // name, strategy, items, chunk tiles, input, kth, axis, output
    ['block_resident_f32', 'select-block', 4, 1, input('float32', [3, 1000]), 500, -1, 'values'],
    ['block_resident_arg_f16', 'select-block', 4, 1, input('float16', [2, 900]), 3, -1, 'indices'],
    ['block_stream_f64', 'select-block', 2, 1, wide('float64', [2, 1500]), 1499, -1, 'values'],
    ['block_stream_arg_i64_axis0', 'select-block', 2, 1, wide('int64', [1300, 2]), 650, 0, 'indices'],
    ['block_bool', 'select-block', 2, 1, input('bool', [2, 700]), 400, -1, 'indices'],
    ['block_i8_wide', 'select-block', 4, 1, wide('int8', [1000]), 10, 0, 'values'],
    ['device_f32', 'select', 2, 2, wide('float32', [3000]), 2900, 0, 'values'],
    ['device_arg_f32_ties', 'select', 2, 3, input('float32', [3500]), 1700, 0, 'indices'],
    ['device_arg_u16_rows', 'select', 2, 1, wide('uint16', [2, 1800]), 0, -1, 'indices'],
    ['device_f16_nan_kth', 'select', 2, 2, input('float16', [2600]), 2599, 0, 'values'],
    // Keys of one size (positive, [1, 2)): whole warps share the first digits, counted as runs; later digits mix.
    ['device_arg_f32_one_size', 'select', 2, 2, near('float32', [2, 3000]), 1234, -1, 'indices'],
    ['block_resident_f32_one_size', 'select-block', 4, 1, near('float32', [3, 1000]), 17, -1, 'values'],
    // A warp a line (lines of at most 512; items and chunk tiles are the plan's). More lines than
    // a block's 8 warps, so warps take several lines each; lines shorter than the warp.
    ['warp_f32_rows64', 'select-warp', 0, 0, input('float32', [19, 64]), 7, -1, 'values'],
    ['warp_arg_f32_rows64_wide', 'select-warp', 0, 0, wide('float32', [11, 64]), 56, -1, 'indices'],
    ['warp_arg_f16_rows5', 'select-warp', 0, 0, input('float16', [21, 5]), 2, -1, 'indices'],
    ['warp_f64_512', 'select-warp', 0, 0, wide('float64', [3, 512]), 300, -1, 'values'],
    ['warp_arg_i64_axis0', 'select-warp', 0, 0, wide('int64', [200, 9]), 199, 0, 'indices'],
    ['warp_bool', 'select-warp', 0, 0, input('bool', [10, 77]), 40, -1, 'indices'],
    ['warp_u8_ties', 'select-warp', 0, 0, input('uint8', [12, 300]), 150, -1, 'values'],
    ['warp_arg_f32_one_size', 'select-warp', 0, 0, near('float32', [9, 33]), 0, -1, 'indices'],
    ['warp_f32_one', 'select-warp', 0, 0, input('float32', [4, 1]), 0, -1, 'values'],
  ];
  cases.forEach(([name, strategy, items, chunkTiles, h, kth, axis, output]) => it(`${name}: the CPU backend's result, bit for bit`, () => {
    const a = output === 'values' ? cp.partition(toDevice(h), kth, axis) : cp.argpartition(toDevice(h), kth, axis);
    const plan = smallPlan(a, strategy, items, chunkTiles);
    const got = runEmulated(dir, name, plan.inputs, program(plan, name));
    const want = toHost(a);
    expect(partitionFailures([{ label: name, input: h, kth, axis, [output]: want }])).toEqual([]);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));
});

// A sort's window that top-k does not take (a line shorter than topkWorth's): the partition at the
// window's far end, then the window sorted by one warp. The view's positions must equal the CPU
// backend's (the whole sort's) bit for bit.
type WindowCase = [string, SortPlan['strategy'], number, ReturnType<typeof input>, (x: cp.NDArray) => cp.NDArray];
describe.skipIf(!EMULATE)('sorted windows through the radix select under the host emulator', () => {
  const cases: WindowCase[] = [
    // name, strategy, items (select-block: a tile smaller than the line), input, the windowed expression
    ['warp_tail_f32_ties', 'select-warp', 0, input('float32', [13, 65]), (x) => cp.sort(x, 1).get(':, -8:')],
    ['warp_head_arg_f16', 'select-warp', 0, input('float16', [9, 100]), (x) => cp.argsort(x, 1).get(':, :5')],
    ['warp_tail_arg_i64_wide', 'select-warp', 0, wide('int64', [10, 300]), (x) => cp.argsort(x, -1).get(':, -32:')],
    ['warp_tail_f32_signed_zeros', 'select-warp', 0, input('float32', [9, 90]), (x) => cp.sort(x, 1).get(':, -10:')],
    ['warp_head_u8_axis0', 'select-warp', 0, input('uint8', [120, 3]), (x) => cp.sort(x, 0).get(':7')],
    ['block_tail_f32_resident', 'select-block', 4, input('float32', [3, 1000]), (x) => cp.sort(x, 1).get(':, -8:')],
    ['block_head_arg_f64_stream', 'select-block', 2, wide('float64', [2, 1500]), (x) => cp.argsort(x, 1).get(':, :16')],
    ['block_tail_bool', 'select-block', 2, input('bool', [2, 700]), (x) => cp.argsort(x, 1).get(':, -5:')],
  ];
  cases.forEach(([name, strategy, items, h, make]) => it(`${name}: the CPU backend's result, bit for bit`, () => {
    const x = toDevice(h);
    const a = unseenView(() => make(x));
    const plan = smallPlan(a, strategy, items, 1);
    expect(plan.window).not.toBeNull();
    const written = runEmulated(dir, name, plan.inputs, program(plan, name));
    const want = toHost(a);
    const got = readLayout(written, a.node.realized!, a.shape, a.dtype.itemsize);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));
});
