// The generated radix sort kernels (src/codegen/sort-radix-cuda.ts) run on the host under the
// emulator (test/helpers/cuda-emulator.h, g++ -std=c++20): every block a process of the plan's
// threads, warps synchronized through barriers, the ballot path for the digit peers (the default).
// The launches mirror src/api/cuda-radix-launch.ts (the statuses zeroed once; the histogram in
// chunks of two tiles, so that a line spans several chunks and a chunk several tiles; one
// onesweep launch per 8-bit pass, with half as many blocks as tiles so that blocks take several
// tiles from the counter). The 'radix' cases take small tiles of a few tunings
// (src/ir/radix-tuning.ts), so that a line is many tiles. The
// result must equal the CPU backend's bit for bit: NaN last, -0/+0 and ties in input order.
// Heavy (thousands of threads): runs only with CUPYTS_SORT_EMULATE=1.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { storageType } from '../../src/codegen/cuda-types.js';
import { generateCudaRadix, RADIX_PRELUDE, type RadixParam } from '../../src/codegen/sort-radix-cuda.js';
import { SORT_KEY_PRELUDE } from '../../src/codegen/sort-keys.js';
import { RADIX_TUNING, type RadixTuning } from '../../src/ir/radix-tuning.js';
import { radixGeometry, type SortPlan } from '../../src/ir/sort-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { EMULATE, emulatorDir, programHead, readInputLines, runEmulated as runProgram } from '../helpers/emulator.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const dir = emulatorDir('sort');

/** What the emulator lacks for the radix kernels: popcount, 32-bit atomics (add, or), bit casts, float16 conversions, the grid. */
const EXTRAS = String.raw`
#define CP_D static inline
#define CP_RADIX_BACKOFF() sched_yield()
static Dim gridDim;
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline unsigned atomicAdd(unsigned* p, unsigned v) { return std::atomic_ref<unsigned>(*p).fetch_add(v); }
inline unsigned atomicOr(unsigned* p, unsigned v) { return std::atomic_ref<unsigned>(*p).fetch_or(v); }
inline long long __double_as_longlong(double d) { long long u; std::memcpy(&u, &d, 8); return u; }
inline double __longlong_as_double(long long u) { double d; std::memcpy(&d, &u, 8); return d; }
inline float cp_h2f(unsigned short h) { _Float16 x; std::memcpy(&x, &h, 2); return (float)x; }
inline unsigned short cp_f2h(float f) { _Float16 x = (_Float16)f; unsigned short h; std::memcpy(&h, &x, 2); return h; }
`;

/** The C argument of each kernel parameter; `pass` names the C variables of the pass loop. */
function argument(plan: SortPlan, p: RadixParam, chunkTiles: number, chunks: number): string {
  switch (p.kind) {
    case 'input': return `(const ${storageType(plan.inputs[p.index].dtype)}*)in${p.index}.data() + ${plan.inputs[p.index].offset}`;
    case 'output': return `(${storageType(plan.node.dtype)}*)out`;
    case 'keysIn': return 'kin';
    case 'positionsIn': return 'pin';
    case 'keysOut': return 'kout';
    case 'positionsOut': return 'pout';
    case 'status': return 'status';
    case 'tileCounter': return 'tile_counter';
    case 'totals': return 'totals';
    case 'scalar': return String(plan.scalars[p.index].value);
    case 'lines': return `${plan.lines}LL`;
    case 'length': return `${plan.length}LL`;
    case 'chunks': return `${chunks}LL`;
    case 'chunkLength': return `${chunkTiles * plan.radix.tile}LL`;
    case 'shift': return 'shift';
    case 'lineDim': return `${plan.lineDims[p.index]}LL`;
    case 'stride': return `${plan.inputs[p.input].strides[p.dim]}LL`;
    case 'outStride': return `${plan.outputStrides[p.dim]}LL`;
    default: throw new Error(`unexpected parameter ${p.kind}`);
  }
}

function program(plan: SortPlan, name: string): string {
  const g = generateCudaRadix(plan);
  const { radix } = plan;
  const chunkTiles = 2;
  const chunks = Math.ceil(Math.ceil(plan.length / radix.tile) / chunkTiles);
  const args = g.params.map((p) => argument(plan, p, chunkTiles, chunks)).join(', ');
  const K = radix.keyBytes === 8 ? 'unsigned long long' : 'unsigned int';
  const P = radix.payloadBytes > 0 ? 'int' : 'unsigned char';
  const T = radix.threads;
  const total = plan.lines * plan.length;
  const outBytes = total * plan.node.dtype.itemsize;
  const tiles = plan.lines * Math.ceil(plan.length / radix.tile);
  // Fewer blocks than tiles: blocks take several tiles from the counter.
  const onesweepGrid = Math.max(1, Math.ceil(tiles / 2));
  const launches = plan.strategy === 'radix-tile'
    ? `  { int shift = 0; ${K}* kin = ka; ${K}* kout = kb; ${P}* pin = pa; ${P}* pout = pb; gridDim.x = ${plan.lines}; launch(${plan.lines}, [&] { ${g.tileName}(${args}); }, ${T}); }`
    : `  {
    int shift = 0; ${K}* kin = ka; ${K}* kout = kb; ${P}* pin = pa; ${P}* pout = pb;
    gridDim.x = ${plan.lines * chunks}; launch(${plan.lines * chunks}, [&] { ${g.histogramName}(${args}); }, ${T});
  }
  for (int pass = 0; pass < ${radix.passes}; ++pass) {
    int shift = 8 * pass;
    ${K}* kin = pass % 2 ? ka : kb; ${P}* pin = pass % 2 ? pa : pb;
    ${K}* kout = pass % 2 ? kb : ka; ${P}* pout = pass % 2 ? pb : pa;
    gridDim.x = ${onesweepGrid}; launch(${onesweepGrid}, [&] { ${g.onesweepName}(${args}); }, ${T});
  }`;
  return `${programHead(`#include <sched.h>\n${EXTRAS}`)}
${SORT_KEY_PRELUDE}
${RADIX_PRELUDE}
${g.source.replaceAll('extern "C"', '')}
int main(int, char** argv) {
${readInputLines(dir, name, plan.inputs)}
  char* out = shared_alloc<char>(${outBytes});
  ${K}* ka = shared_alloc<${K}>(${total}); ${K}* kb = shared_alloc<${K}>(${total});
  ${P}* pa = shared_alloc<${P}>(${total}); ${P}* pb = shared_alloc<${P}>(${total});
  unsigned long long* status = shared_alloc<unsigned long long>(${tiles * 256});
  unsigned* totals = shared_alloc<unsigned>(${plan.lines * radix.passes * 256});
  unsigned* tile_counter = shared_alloc<unsigned>(${radix.passes});
  (void)ka; (void)kb; (void)pa; (void)pb; (void)status; (void)totals; (void)tile_counter;
${launches}
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

function runEmulated(name: string, a: cp.NDArray, strategy: SortPlan['strategy'], tuning?: Partial<RadixTuning>): Buffer {
  const found = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!found || found.kind !== 'sort') throw new Error('no sort plan');
  // A tuning of small tiles makes the line (on chip by default) many tiles: the 'radix' strategy.
  const plan: SortPlan = tuning
    ? { ...found, strategy: 'radix', radix: radixGeometry(found.keyDtype, found.output, found.length, { ...RADIX_TUNING, ...tuning }) }
    : found;
  expect(plan.strategy).toBe(strategy);
  if (tuning) expect(plan.radix.tile * 4).toBeLessThan(plan.length);
  return runProgram(dir, name, plan.inputs, program(plan, name));
}

let seed = 9100;
/** Few distinct values (ties), and NaN, ±inf, ±0 for floats. */
const input = (dtype: DTypeName, shape: number[]) =>
  toDevice(randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -30, high: 30, special: true }));
/** Wide values: every digit of the key varies. */
const wide = (dtype: DTypeName, shape: number[]) => toDevice(randomArray(dtype, shape, seed++, { special: true }));

/**
 * Words of `bytes` whose byte b is random where bit b of `varying` is set and fixed otherwise
 * (per line: `varying[line % varying.length]`): passes of the fixed bytes skip the line.
 */
function digitsVarying(dtype: 'uint32' | 'int64', lines: number, length: number, varying: number[]): cp.NDArray {
  let state = seed++;
  const byte = () => { state = (state * 1103515245 + 12345) >>> 0; return state >>> 24; };
  const bytes = dtype === 'uint32' ? 4 : 8;
  const words = new Uint8Array(lines * length * bytes);
  for (let l = 0; l < lines; l++) {
    const mask = varying[l % varying.length];
    for (let i = 0; i < length; i++) {
      // Byte 7 of an int64 stays below 0x80: non-negative values, whose key's top digit is fixed too.
      for (let b = 0; b < bytes; b++) words[(l * length + i) * bytes + b] = (mask >> b) & 1 ? byte() & (b === 7 ? 0x7f : 0xff) : 0x15;
    }
  }
  const data = dtype === 'uint32' ? new Uint32Array(words.buffer) : new BigInt64Array(words.buffer);
  return toDevice({ dtype, shape: lines === 1 ? [length] : [lines, length], data });
}

describe.skipIf(!EMULATE)('generated radix sort kernels under the host emulator', () => {
  // Small tiles: 256 or 384 threads of 2 or 4 items; histograms by atomics and by warp matches.
  const small = (threads: number, items: number, histogramMatch = false) => ({ threads, items, keysItems: items, histogramItems: 3, histogramMatch });
  const cases: Array<[string, SortPlan['strategy'], () => cp.NDArray, Partial<RadixTuning>?]> = [
    ['argsort_f32_ties', 'radix', () => cp.argsort(input('float32', [5000])), small(384, 2)],
    ['sort_f32_wide', 'radix', () => cp.sort(wide('float32', [5000])), small(256, 2, true)],
    ['sort_f32_special', 'radix', () => cp.sort(input('float32', [5000])), small(256, 2)],
    ['sort_f16_special', 'radix', () => cp.sort(input('float16', [4000])), small(256, 2)],
    ['sort_i64_rows', 'radix', () => cp.sort(wide('int64', [2, 3000])), small(256, 2)],
    ['argsort_bool', 'radix', () => cp.argsort(input('bool', [5000])), small(256, 2, true)],
    ['sort_f64_producer', 'radix', () => cp.sort(cp.multiply(cp.abs(input('float64', [4000])), -1)), small(256, 4)],
    ['argsort_f64_wide', 'radix', () => cp.argsort(wide('float64', [3000])), small(256, 2)],
    ['argsort_i16_transposed', 'radix', () => cp.argsort(cp.transpose(input('int16', [4000, 2])), -1), small(384, 2)],
    ['sort_f32_default_tuning', 'radix', () => cp.sort(wide('float32', [17000]))],
    ['tile_sort_f32_rows', 'radix-tile', () => cp.sort(input('float32', [3, 3000]))],
    ['tile_argsort_u8', 'radix-tile', () => cp.argsort(input('uint8', [4000]))],
    ['tile_argsort_i32_wide', 'radix-tile', () => cp.argsort(wide('int32', [2, 2500]))],
    ['tile_sort_i8_keys_only', 'radix-tile', () => cp.sort(wide('int8', [2, 3000]))],
    ['tile_sort_f16_rows', 'radix-tile', () => cp.sort(input('float16', [2, 5000]))],
    ['sort_u16_keys_only', 'radix', () => cp.sort(wide('uint16', [5000])), small(256, 2)],
    ['sort_bool_keys_only', 'radix', () => cp.sort(input('bool', [5000])), small(256, 2)],
    // Passes that skip: the k-th active pass p swaps the scratch pairs where k and p differ in parity.
    ['sort_u32_low_byte', 'radix', () => cp.sort(digitsVarying('uint32', 1, 5000, [0b0001])), small(256, 2)],
    ['argsort_u32_bytes_0_2', 'radix', () => cp.argsort(digitsVarying('uint32', 1, 5000, [0b0101])), small(256, 2)],
    ['sort_u32_bytes_1_3', 'radix', () => cp.sort(digitsVarying('uint32', 1, 5000, [0b1010])), small(384, 2)],
    ['argsort_i64_rows_apart', 'radix', () => cp.argsort(digitsVarying('int64', 3, 2500, [0b00000111, 0b01000001, 0])), small(256, 2)],
    ['sort_i64_equal', 'radix', () => cp.sort(digitsVarying('int64', 1, 4000, [0])), small(256, 2)],
    ['argsort_u32_equal', 'radix', () => cp.argsort(digitsVarying('uint32', 1, 4000, [0])), small(256, 2)],
    ['tile_argsort_i64_rows_apart', 'radix-tile', () => cp.argsort(digitsVarying('int64', 3, 2500, [0b101, 0b01000001, 0]))],
    ['tile_sort_u32_low_bytes', 'radix-tile', () => cp.sort(digitsVarying('uint32', 2, 3000, [0b0001, 0b0100]))],
    // The onesweep's digit cache (CUPYTS_RADIX_DIGIT_CACHE): the scatter reads each word's digit from shared memory.
    ['sort_f32_special_digit_cache', 'radix', () => cp.sort(input('float32', [5000])), { ...small(256, 2), digitCache: true }],
    ['argsort_f16_digit_cache', 'radix', () => cp.argsort(input('float16', [4000])), { ...small(384, 2), digitCache: true }],
    ['sort_i64_rows_digit_cache', 'radix', () => cp.sort(wide('int64', [2, 3000])), { ...small(256, 2), digitCache: true }],
    ['argsort_u32_bytes_0_2_digit_cache', 'radix', () => cp.argsort(digitsVarying('uint32', 1, 5000, [0b0101])), { ...small(256, 2), digitCache: true }],
  ];
  cases.forEach(([name, strategy, make, tuning]) => it(`${name}: the CPU backend's result, bit for bit`, () => {
    const a = make();
    const got = runEmulated(name, a, strategy, tuning);
    const want = toHost(a);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));
});
