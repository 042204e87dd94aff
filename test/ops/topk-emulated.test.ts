// The generated window kernels of a sort or partition (src/codegen/topk-cuda.ts) run on the host
// under the emulator (test/helpers/cuda-emulator.h, g++ -std=c++20): every block a process of its
// threads. The launches mirror src/api/cuda-topk-launch.ts; small blocks and chunks make lines
// span several chunks (the merge kernel) at sizes the emulator runs quickly. The result must
// equal the CPU backend's bit for bit. Heavy: runs only with CUPYTS_SORT_EMULATE=1.
import '../helpers/topk-any-line.js'; // first: before the library reads its tunables
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { storageType } from '../../src/codegen/cuda-types.js';
import { generateCudaTopk, type TopkParam } from '../../src/codegen/topk-cuda.js';
import type { SortPlan } from '../../src/ir/sort-plan.js';
import { topkBlocks } from '../../src/ir/topk-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { EMULATE, emulatorDir, programHead, readInputLines, readLayout, runEmulated } from '../helpers/emulator.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';
import { unseenView } from '../helpers/sort-window.js';

setBackendNotice(() => {});

const dir = emulatorDir('topk');

/** What the emulator lacks for these kernels: the grid, double bits, float16 conversions. */
const EXTRAS = String.raw`
#define CP_D static inline
static inline float cp_h2f(unsigned short h) { _Float16 x; std::memcpy(&x, &h, 2); return (float)x; }
static inline unsigned short cp_f2h(float f) { _Float16 x = (_Float16)f; unsigned short h; std::memcpy(&h, &x, 2); return h; }
static Dim gridDim;
inline long long __double_as_longlong(double d) { long long u; std::memcpy(&u, &d, 8); return u; }
`;

function argument(plan: SortPlan, p: TopkParam): string {
  switch (p.kind) {
    case 'input': return `(const ${storageType(plan.inputs[p.index].dtype)}*)in${p.index}.data() + ${plan.inputs[p.index].offset}`;
    case 'output': return `(${storageType(plan.node.dtype)}*)out`;
    case 'candidateKeys': return 'cand_k';
    case 'candidatePositions': return 'cand_p';
    case 'scalar': return String(plan.scalars[p.index].value);
    case 'lines': return `${plan.lines}LL`;
    case 'length': return `${plan.length}LL`;
    case 'chunks': return `${plan.topk!.chunks}LL`;
    case 'chunkLength': return `${plan.topk!.chunkLength}LL`;
    case 'lineDim': return `${plan.lineDims[p.index]}LL`;
    case 'stride': return `${plan.inputs[p.input].strides[p.dim]}LL`;
    case 'outStride': return `${plan.outputStrides[p.dim]}LL`;
  }
}

function program(plan: SortPlan, name: string, grid: number): string {
  const g = generateCudaTopk(plan);
  const t = plan.topk!;
  const args = g.params.map((p) => argument(plan, p)).join(', ');
  const outBytes = plan.lines * plan.length * plan.node.dtype.itemsize;
  const pairs = plan.lines * t.chunks * t.list;
  const call = (kernel: string, blocks: number) => `  gridDim.x = ${blocks}; launch(${blocks}, [&] { ${kernel}(${args}); }, ${g.threads});`;
  const launches = t.chunks === 1 ? call(g.chunkName, grid) : [call(g.chunkName, grid), call(g.mergeName, Math.min(grid, plan.lines))].join('\n');
  const K = g.keyBytes === 8 ? 'unsigned long long' : 'unsigned int';
  return `${programHead(EXTRAS)}
${g.source.slice(g.source.indexOf('#ifndef CP_SORT_KEYS')).replaceAll('extern "C"', '')}
int main(int, char** argv) {
${readInputLines(dir, name, plan.inputs)}
  char* out = shared_alloc<char>(${outBytes});
  ${K}* cand_k = shared_alloc<${K}>(${pairs});
  unsigned* cand_p = shared_alloc<unsigned>(${pairs});
${launches}
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

/** The plan of `a`, its geometry made smaller: `threads` a block, chunks of `chunkStrides` strides of threads × the unroll. */
function smallPlan(a: cp.NDArray, threads: number, chunkStrides: number): SortPlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!plan || plan.kind !== 'sort' || !plan.topk) throw new Error('no topk plan');
  if (chunkStrides === 0) return plan; // the planned geometry (short lines: groups of lanes)
  const chunkLength = threads * plan.topk.unroll * chunkStrides;
  plan.topk = { ...plan.topk, threads, group: 32, chunkLength, chunks: Math.max(1, Math.ceil(plan.length / chunkLength)) };
  return plan;
}

let seed = 8800;
/** Few distinct values (ties at kth), and NaN, ±inf, ±0 for floats. */
const ties = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -5, high: 5, special: true });
/** Wide values: every bit of the key varies. */
const wide = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { special: true });

type Make = (x: cp.NDArray) => cp.NDArray;
type Case = [string, ReturnType<typeof ties>, Make, number, number, number];

describe.skipIf(!EMULATE)('generated window kernels under the host emulator', () => {
  const cases: Case[] = [
    // name, input, the windowed expression, threads, chunk strides, grid (blocks; fewer than the work: the kernels loop)
    ['arg_head_f32_one_chunk', ties('float32', [3, 700]), (x) => cp.argpartition(x, 7, 1).get(':, :8'), 64, 4, 3],
    ['arg_head_f32_chunks', wide('float32', [2, 1500]), (x) => cp.argpartition(x, 4, -1).get(':, :5'), 32, 3, 64],
    ['head_f32_ties_chunks', ties('float32', [2, 1500]), (x) => cp.partition(x, 15, -1).get(':, :16'), 32, 2, 100],
    ['arg_tail_i64_chunks', ties('int64', [1300, 2]), (x) => cp.argpartition(x, -3, 0).get('-3:'), 32, 2, 40],
    ['tail_f64_wide', wide('float64', [2, 900]), (x) => cp.partition(x, 900 - 32, 1).get(':, -32:'), 64, 2, 30],
    ['sort_head_f16_nan', ties('float16', [2, 800]), (x) => cp.sort(x, 1).get(':, :6'), 32, 2, 50],
    ['argsort_tail_u8', ties('uint8', [1000]), (x) => cp.argsort(x).get('-7:'), 32, 3, 11],
    // NumPy's argsort(x)[::-1][:k], reversed once more: the view reads the window in its own order (the emulator writes the node's).
    ['argsort_reversed_i16', wide('int16', [2, 600]), (x) => cp.argsort(x, 1).get(':, ::-1').get(':, :4').get(':, ::-1'), 32, 2, 20],
    ['arg_head_bool', ties('bool', [2, 500]), (x) => cp.argpartition(x, 2, 1).get(':, :3'), 32, 2, 16],
    ['tail_u64_producer', wide('uint64', [700]), (x) => cp.sort(cp.bitwise_xor(x, 12345n)).get('-2:'), 32, 2, 9],
    ['arg_head_f32_strided', wide('float32', [900, 3]), (x) => cp.argpartition(x.T, 1, 1).get(':, :2'), 32, 3, 12],
    // Many loads a thread (the warp's threshold merged at 1, 2, 4, ..., 32 of them), and a descending line (every pair inserts).
    ['arg_head_f32_long_thread', wide('float32', [20000]), (x) => cp.argpartition(x, 31).get(':32'), 32, 40, 2],
    // Short lines: groups of lanes a line, several lines a block (the planned geometry; the last block partly idle).
    ['arg_head_f32_groups_of_8', ties('float32', [37, 64]), (x) => cp.argpartition(x, 7, 1).get(':, :8'), 256, 0, 1],
    ['tail_i64_groups_of_4', wide('int64', [45, 100]), (x) => cp.partition(x, -3, 1).get(':, -3:'), 256, 0, 1],
    ['argsort_head_f16_groups_of_2', ties('float16', [70, 40]), (x) => cp.argsort(x, 1).get(':, :1'), 256, 0, 1],
    ['head_f32_groups_of_32_short', wide('float32', [3, 600]), (x) => cp.sort(x, 1).get(':, :20'), 32, 0, 2],
    ['head_i32_descending', ties('int32', [1, 9000]), (x) => cp.partition(cp.negative(cp.arange(9000, { dtype: 'int32' })).add(x.get(0).multiply(0)), 9).get(':10'), 32, 20, 2],
  ];
  cases.forEach(([name, h, make, threads, chunkStrides, grid]) => it(`${name}: the CPU backend's result, bit for bit`, () => {
    const x = toDevice(h);
    const a = unseenView(() => make(x));
    const plan = smallPlan(a, threads, chunkStrides);
    const written = runEmulated(dir, name, plan.inputs, program(plan, name, Math.min(grid, topkBlocks(plan.topk!, plan.lines))));
    const want = toHost(a);
    // The view's positions of the sort's buffer the kernels wrote (a.node: a view of that buffer once computed).
    const got = readLayout(written, a.node.realized!, a.shape, a.dtype.itemsize);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));
});
