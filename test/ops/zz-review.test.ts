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
import { hostArray, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { partitionFailures } from '../helpers/partition-check.js';

setBackendNotice(() => {});
const dir = emulatorDir('zzreview');

const EXTRAS = String.raw`
#define CP_D static inline
static inline float cp_h2f(unsigned short h) { _Float16 x; std::memcpy(&x, &h, 2); return (float)x; }
static inline unsigned short cp_f2h(float f) { _Float16 x = (_Float16)f; unsigned short h; std::memcpy(&h, &x, 2); return h; }
static inline float cp_rh(float f) { return (float)(_Float16)f; }
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

function program(plan: SortPlan, name: string, grid?: number): string {
  const g = generateCudaSelect(plan);
  const args = g.params.map((p) => argument(plan, p)).join(', ');
  const outBytes = plan.lines * plan.length * plan.node.dtype.itemsize;
  const gr = grid ?? (plan.strategy === 'select-warp' ? sortGrid(plan) : plan.lines);
  const kname = plan.strategy === 'select-warp' ? g.warpName : g.blockName;
  if (plan.strategy !== 'select-warp' && plan.strategy !== 'select-block') throw new Error(plan.strategy);
  return `${programHead(EXTRAS)}
${SORT_KEY_PRELUDE}
${RADIX_PRELUDE}
${SELECT_PRELUDE}
${g.source.replaceAll('extern "C"', '')}
int main(int, char** argv) {
${readInputLines(dir, name, plan.inputs)}
  char* out = shared_alloc<char>(${outBytes});
  std::memset(out, 0x5a, ${outBytes});
  unsigned long long* state = nullptr; unsigned* hist = nullptr; unsigned long long* chunk_counts = nullptr;
  { int shift = 0, first = 1; gridDim.x = ${gr}; launch(${gr}, [&] { ${kname}(${args}); }); }
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

function planOf(a: cp.NDArray): SortPlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!plan || plan.kind !== 'sort') throw new Error('no sort plan');
  return plan;
}

let seed = 123;
const input = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -30, high: 30, special: true });
const wide = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { special: true });
const constant = (dtype: DTypeName, shape: number[], v: number | bigint) => hostArray(dtype, shape, () => v);
/** int64 keys whose high digits all agree: only the low byte differs (few values: ties). */
const lowDigits = (shape: number[], spread: number) => {
  const r = randomArray('int64', shape, seed++, { low: 0, high: spread });
  const d = r.data as unknown as bigint[];
  for (let i = 0; i < d.length; i++) d[i] = d[i] + 0x1234567800000000n;
  return r;
};
const bytes = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

type PCase = [string, HostArray, number, number, 'values' | 'indices', number?];
describe.skipIf(!EMULATE)('review: partitions a warp a line', () => {
  const cases: PCase[] = [
    ['p_len1', input('float32', [20, 1]), 0, -1, 'values', 1],
    ['p_len2_k1', input('float32', [20, 2]), 1, -1, 'indices', 1],
    ['p_len31_k0', wide('float32', [17, 31]), 0, -1, 'values', 1],
    ['p_len31_kn', wide('int32', [17, 31]), 30, -1, 'indices', 1],
    ['p_len32', input('float64', [17, 32]), 16, -1, 'values', 2],
    ['p_len33_kn', wide('float32', [17, 33]), 32, -1, 'indices', 1],
    ['p_len33_k32_ties', input('int16', [17, 33]), 32, -1, 'values', 1],
    ['p_len511', wide('float32', [9, 511]), 255, -1, 'indices', 1],
    ['p_len512_kn', input('float32', [9, 512]), 511, -1, 'values', 1],
    ['p_len512_k0', wide('uint64', [9, 512]), 0, -1, 'indices'],
    ['p_allequal', constant('float32', [12, 100], 3), 50, -1, 'indices', 1],
    ['p_allequal_i64', constant('int64', [12, 100], 5n), 0, -1, 'indices', 1],
    ['p_i64_low', lowDigits([12, 200], 300), 77, -1, 'indices', 1],
    ['p_i64_low_unique', lowDigits([12, 200], 1_000_000), 199, -1, 'values', 1],
    ['p_f16_axis0', input('float16', [70, 13]), 35, 0, 'values', 1],
    ['p_i8_axis0', wide('int8', [100, 11]), 99, 0, 'values'],
    ['p_bool_axis0', input('bool', [64, 9]), 10, 0, 'values', 1],
  ];
  cases.forEach(([name, h, kth, axis, output, grid]) => it(name, () => {
    const a = output === 'values' ? cp.partition(toDevice(h), kth, axis) : cp.argpartition(toDevice(h), kth, axis);
    const plan = planOf(a);
    expect(plan.strategy).toBe('select-warp');
    const got = runEmulated(dir, name, plan.inputs, program(plan, name, grid));
    const want = toHost(a);
    expect(partitionFailures([{ label: name, input: h, kth, axis, [output]: want }])).toEqual([]);
    expect(got.equals(bytes(want))).toBe(true);
  }, 900_000));
});

type WCase = [string, HostArray, (x: cp.NDArray) => cp.NDArray, (x: cp.NDArray) => cp.NDArray, (r: cp.NDArray) => cp.NDArray, string, number?];
describe.skipIf(!EMULATE)('review: sorted windows', () => {
  const sort1 = (x: cp.NDArray) => cp.sort(x, 1);
  const arg1 = (x: cp.NDArray) => cp.argsort(x, 1);
  const cases: WCase[] = [
    ['w_tail32_len128', wide('float32', [10, 128]), sort1, (x) => x, (r) => r.get(':, -32:'), 'select-warp', 1],
    ['w_head32_len128_arg', input('float32', [10, 128]), arg1, (x) => x, (r) => r.get(':, :32'), 'select-warp', 1],
    ['w_tail5_len20', input('float32', [10, 20]), sort1, (x) => x, (r) => r.get(':, -5:'), 'select-warp', 1],
    ['w_head5_len20_arg', input('int8', [10, 20]), arg1, (x) => x, (r) => r.get(':, :5'), 'select-warp', 1],
    ['w_tail7_len31_f16', input('float16', [10, 31]), sort1, (x) => x, (r) => r.get(':, -7:'), 'select-warp', 1],
    ['w_tail16_f16_vals', input('float16', [10, 100]), sort1, (x) => x, (r) => r.get(':, -16:'), 'select-warp', 1],
    ['w_head16_f16_vals', input('float16', [10, 100]), sort1, (x) => x, (r) => r.get(':, :16'), 'select-warp', 1],
    ['w_tail9_bool_vals', input('bool', [10, 100]), sort1, (x) => x, (r) => r.get(':, -9:'), 'select-warp', 1],
    ['w_tail9_i8_vals', wide('int8', [10, 100]), sort1, (x) => x, (r) => r.get(':, -9:'), 'select-warp', 1],
    ['w_head9_i64_low', lowDigits([10, 100], 30), sort1, (x) => x, (r) => r.get(':, :9'), 'select-warp', 1],
    ['w_tail9_i64_low_arg', lowDigits([10, 100], 30), arg1, (x) => x, (r) => r.get(':, -9:'), 'select-warp', 1],
    ['w_axis0_tail', input('float32', [64, 7]), (x) => cp.sort(x, 0), (x) => x, (r) => r.get('-12:, :'), 'select-warp', 1],
    ['w_axis0_head_arg_f64', input('float64', [200, 5]), (x) => cp.argsort(x, 0), (x) => x, (r) => r.get(':6, :'), 'select-warp', 1],
    ['w_prod_arg', input('float32', [10, 300]), arg1, (x) => cp.negative(cp.abs(x)), (r) => r.get(':, -11:'), 'select-warp', 1],
    ['w_transposed', input('float32', [300, 10]), arg1, (x) => x.T, (r) => r.get(':, :12'), 'select-warp', 1],
    ['w_allequal', constant('float32', [10, 64], 2), arg1, (x) => x, (r) => r.get(':, -8:'), 'select-warp', 1],
    ['w_block_tail32', input('float32', [3, 600]), sort1, (x) => x, (r) => r.get(':, -32:'), 'select-block', 1],
    ['w_block_head_arg_f16', input('float16', [3, 600]), arg1, (x) => x, (r) => r.get(':, :20'), 'select-block', 1],
    ['w_block_axis0_tail_arg', input('int32', [700, 3]), (x) => cp.argsort(x, 0), (x) => x, (r) => r.get('-10:, :'), 'select-block', 1],
  ];
  cases.forEach(([name, h, op, pre, view, strategy, grid]) => it(name, () => {
    const x = toDevice(h);
    const a = unseenView(() => view(op(pre(x))));
    const plan = planOf(a);
    expect(plan.strategy).toBe(strategy);
    expect(plan.window).not.toBeNull();
    const written = runEmulated(dir, name, plan.inputs, program(plan, name, grid));
    const lazy = toHost(a);
    const whole = op(pre(x));
    cp.eval(whole);
    const want = toHost(view(whole));
    const got = readLayout(written, a.node.realized!, a.shape, a.dtype.itemsize);
    expect(bytes(lazy).equals(bytes(want))).toBe(true);
    expect(got.equals(bytes(want))).toBe(true);
  }, 900_000));
});
