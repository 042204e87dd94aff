// The generated counting kernel (src/codegen/bincount-cuda.ts) run on the host under the
// emulator (test/helpers/cuda-emulator.h, g++ -std=c++20): every block a process of 256 threads,
// its private histogram a __shared__ static, the merge into the output through 64-bit atomics.
// The launch mirrors src/api/cuda-bincount-launch.ts, with a grid smaller than the one it picks
// so that threads take several elements. The counts must equal the CPU backend's (and so
// NumPy's: test/ops/histograms.test.ts). Needs g++; runs with CUPYTS_SORT_EMULATE=1.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaBincount, type BincountParam } from '../../src/codegen/bincount-cuda.js';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { storageType } from '../../src/codegen/cuda-types.js';
import type { BincountPlan } from '../../src/ir/bincount-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { EMULATE, emulatorDir, programHead, readInputLines, runEmulated as runProgram } from '../helpers/emulator.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const dir = emulatorDir('bincount');

/** What the emulator lacks for the counting kernel: the grid and block sizes, 32-bit atomics. */
const EXTRAS = String.raw`
static Dim gridDim;
static Dim blockDim = { 256 };
inline unsigned atomicAdd(unsigned* p, unsigned v) { return std::atomic_ref<unsigned>(*p).fetch_add(v); }
`;

function argument(plan: BincountPlan, p: BincountParam): string {
  switch (p.kind) {
    case 'input': return `(const ${storageType(plan.inputs[p.index].dtype)}*)in${p.index}.data() + ${plan.inputs[p.index].offset}`;
    case 'output': return 'out';
    case 'scalar': return String(plan.scalars[p.index].value);
    case 'size': return `${plan.size}LL`;
    case 'bins': return `${plan.bins}LL`;
    case 'stride': return `${plan.inputs[p.input].strides[0]}LL`;
  }
}

function program(plan: BincountPlan, name: string, grid: number): string {
  const g = generateCudaBincount(plan);
  const args = g.params.map((p) => argument(plan, p)).join(', ');
  return `${programHead(EXTRAS)}
${g.source.slice(CUDA_PRELUDE.length).replace('extern "C"', '')}
int main(int, char** argv) {
${readInputLines(dir, name, plan.inputs)}
  unsigned long long* out = shared_alloc<unsigned long long>(${plan.bins});
  gridDim.x = ${grid}; launch(${grid}, [&] { ${g.name}(${args}); });
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 8, ${plan.bins}, f); fclose(f);
  return 0;
}
`;
}

function runEmulated(name: string, counts: cp.NDArray, shared: boolean): Buffer {
  const plan = explainPlans([counts.node]).map((p) => p.plan).find((p) => p.kind === 'bincount');
  if (!plan || plan.kind !== 'bincount') throw new Error('no bincount plan');
  expect(plan.shared).toBe(shared);
  return runProgram(dir, name, plan.inputs, program(plan, name, 3));
}

let seed = 9300;
const ints = (n: number, high: number) => toDevice(randomArray('int32', [n], seed++, { low: -3, high }));

describe.skipIf(!EMULATE)('the generated counting kernel under the host emulator', () => {
  const cases: Array<[string, boolean, () => cp.NDArray]> = [
    ['bincount_shared', true, () => cp.bincount(cp.maximum(ints(5000, 40), 0))],
    ['bincount_hot_bin', true, () => cp.bincount(cp.zeros([3000], { dtype: 'int64' }), null, 5)],
    ['bincount_global', false, () => cp.bincount(cp.maximum(ints(4000, 9000), 0))],
    ['bincount_strided', true, () => cp.bincount(cp.maximum(ints(6000, 300), 0).get('::3'))],
  ];
  cases.forEach(([name, shared, make]) => it(`${name}: the CPU backend's counts`, () => {
    const counts = make();
    const got = runEmulated(name, counts, shared);
    const want = toHost(counts);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));
});
