// The generated bitonic tile kernel (src/codegen/sort-cuda.ts) run on the host under the emulator
// (test/helpers/cuda-emulator.h, g++ -std=c++20): every block a process of 256 threads, so lines
// of 257 to 512 elements (a tile of 512, a thread a compare-exchange pair) and shorter lines
// several tiles a block (tiles of 32 to 256: 16 to 2 a block, counts of lines that leave a block's
// last tiles empty), warps synchronized through barriers for the network's steps of stride 32 or less. The result must equal the CPU
// backend's bit for bit: NaN last, -0/+0 and ties in input order. Runs with CUPYTS_SORT_EMULATE=1.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { storageType } from '../../src/codegen/cuda-types.js';
import { generateCudaSort, type SortParam } from '../../src/codegen/sort-cuda.js';
import { bitonicBlock, type SortPlan } from '../../src/ir/sort-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { EMULATE, emulatorDir, programHead, readInputLines, runEmulated as runProgram } from '../helpers/emulator.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const dir = emulatorDir('bitonic');

/** What the emulator lacks for the bitonic kernel: the key prelude's qualifier, the grid and block sizes. */
const EXTRAS = String.raw`
#define CP_D static inline
inline long long __double_as_longlong(double d) { long long u; std::memcpy(&u, &d, 8); return u; }
static Dim gridDim;
static Dim blockDim = { 256 };
`;

function argument(plan: SortPlan, p: SortParam): string {
  switch (p.kind) {
    case 'input': return `(const ${storageType(plan.inputs[p.index].dtype)}*)in${p.index}.data() + ${plan.inputs[p.index].offset}`;
    case 'output': return `(${storageType(plan.node.dtype)}*)out`;
    case 'keysIn': case 'positionsIn': case 'keysOut': case 'positionsOut': return 'nullptr';
    case 'scalar': return String(plan.scalars[p.index].value);
    case 'lines': return `${plan.lines}LL`;
    case 'length': return `${plan.length}LL`;
    case 'width': return `${plan.tile}LL`;
    case 'final': return '1';
    case 'lineDim': return `${plan.lineDims[p.index]}LL`;
    case 'stride': return `${plan.inputs[p.input].strides[p.dim]}LL`;
    case 'outStride': return `${plan.outputStrides[p.dim]}LL`;
  }
}

function program(plan: SortPlan, name: string): string {
  const g = generateCudaSort(plan);
  expect(g.tileThreads).toBe(256);
  const args = g.params.map((p) => argument(plan, p)).join(', ');
  const outBytes = plan.lines * plan.length * plan.node.dtype.itemsize;
  // Blocks loop over several groups of tiles.
  const grid = Math.max(1, Math.ceil(plan.lines / bitonicBlock(plan.tile).tiles / 2));
  return `${programHead(EXTRAS)}
${g.source.slice(CUDA_PRELUDE.length).replaceAll('extern "C"', '')}
int main(int, char** argv) {
${readInputLines(dir, name, plan.inputs)}
  char* out = shared_alloc<char>(${outBytes});
  gridDim.x = ${grid}; launch(${grid}, [&] { ${g.name}(${args}); });
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

function runEmulated(name: string, a: cp.NDArray): Buffer {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!plan || plan.kind !== 'sort') throw new Error('no sort plan');
  expect(plan.strategy).toBe('bitonic');
  return runProgram(dir, name, plan.inputs, program(plan, name));
}

let seed = 9500;
/** Few distinct values (ties), and NaN, ±inf, ±0 for floats. */
const input = (dtype: DTypeName, shape: number[]) => toDevice(randomArray(dtype, shape, seed++, { low: -30, high: 30, special: true }));

describe.skipIf(!EMULATE)('the generated bitonic tile kernel under the host emulator', () => {
  const cases: Array<[string, () => cp.NDArray]> = [
    ['sort_f32_rows', () => cp.sort(input('float32', [3, 500]))],
    ['argsort_f32_rows', () => cp.argsort(input('float32', [3, 512]))],
    ['sort_f32_no_special', () => cp.sort(toDevice(randomArray('float32', [2, 500], seed++, { low: -30, high: 30 })))],
    ['argsort_i32_padded', () => cp.argsort(input('int32', [2, 300]))],
    ['sort_f64_transposed', () => cp.sort(cp.transpose(input('float64', [400, 2])), -1)],
    ['sort_f32_rows_of_50', () => cp.sort(input('float32', [37, 50]))],
    ['argsort_i64_rows_of_20', () => cp.argsort(input('int64', [70, 20]))],
    ['argsort_f64_rows_of_100_transposed', () => cp.argsort(cp.transpose(input('float64', [100, 23])), -1)],
    ['sort_u16_rows_of_200', () => cp.sort(input('uint16', [5, 200]))],
    ['sort_i8_rows_of_3', () => cp.sort(input('int8', [41, 3]))],
  ];
  cases.forEach(([name, make]) => it(`${name}: the CPU backend's result, bit for bit`, () => {
    const a = make();
    const got = runEmulated(name, a);
    const want = toHost(a);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));
});
