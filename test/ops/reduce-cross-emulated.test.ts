// The generated cross reduce kernel (src/codegen/cuda-reduce-cross.ts: tiles of outputs (i, j),
// each input chunk read once into shared memory) runs on the host under the emulator of
// test/helpers/cuda-emulator.h (every block a process of 256 threads, random pauses at
// __syncthreads). Integer folds must equal the CPU backend exactly; float folds agree within
// rounding and are bitwise the same over two runs. Heavy: runs only with CUPYTS_SCAN_EMULATE=1,
// as the scan and sort emulations do. The plan decision itself is checked without the emulator.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { crossGrid, type ReducePlan } from '../../src/ir/reduce-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ENABLED = process.env.CUPYTS_SCAN_EMULATE === '1' && spawnSync('g++', ['--version']).status === 0;
const HEADER = new URL('../helpers/cuda-emulator.h', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cupyts-cross-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reducePlan(a: cp.NDArray): ReducePlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'reduce');
  if (!plan || plan.kind !== 'reduce') throw new Error('no reduce plan');
  return plan;
}

/** A C++ program that runs the plan's kernel and writes output 0 to argv[1]. */
function program(plan: ReducePlan, name: string): string {
  const g = generateCudaPlan(plan);
  if (g.kind !== 'reduce') throw new Error('not a reduce');
  const args = g.gen.params.map((p) => {
    switch (p.kind) {
      case 'rowInput': return `(${plan.rowInputs[p.index].dtype.cType}*)in${p.index}.data() + ${plan.rowInputs[p.index].offset}`;
      case 'outInput': return `(${plan.outInputs[p.index].dtype.cType}*)oin${p.index}.data() + ${plan.outInputs[p.index].offset}`;
      case 'outOutput': return `(${plan.outOutputs[p.index].dtype.cType}*)out`;
      case 'scalar': return String(plan.scalars[p.index].value);
      case 'reduceSize': return String(plan.reduceSize);
      case 'keptDim': return String(plan.keptDims[p.index]);
      case 'rowStride': return String(plan.rowInputs[p.input].strides[p.dim]);
      case 'outStride': return String(plan.outInputs[p.input].strides[p.dim]);
      default: throw new Error(`a cross kernel has no ${p.kind} parameter`);
    }
  });
  const outBytes = plan.outSize * plan.outOutputs[0].dtype.itemsize;
  const read = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `  std::vector<char> ${prefix}${k} = readAll("${join(dir, `${name}.${prefix}${k}`)}");`);
  return `#include "${HEADER}"
#include <fstream>
#include <iterator>
using std::min;
static std::vector<char> readAll(const char* f) { std::ifstream s(f, std::ios::binary); return std::vector<char>(std::istreambuf_iterator<char>(s), {}); }
${g.source.slice(CUDA_PRELUDE.length).replace('extern "C"', '')}
int main(int, char** argv) {
${[...read('in', plan.rowInputs.length), ...read('oin', plan.outInputs.length)].join('\n')}
  char* out = shared_alloc<char>(${outBytes});
  launch(${crossGrid(plan)}, [&] { ${plan.name}(${args.join(', ')}); });
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

function runEmulated(name: string, a: cp.NDArray, runs: number): Buffer[] {
  const plan = reducePlan(a);
  expect(plan.cross).toBe(true);
  const save = (prefix: string, inputs: ReducePlan['rowInputs']) => inputs.forEach((input, k) =>
    writeFileSync(join(dir, `${name}.${prefix}${k}`), Buffer.from((input.node.realized!.storage as { view(): Uint8Array }).view())));
  save('in', plan.rowInputs);
  save('oin', plan.outInputs);
  const src = join(dir, `${name}.cpp`);
  const exe = join(dir, name);
  writeFileSync(src, program(plan, name));
  const cc = spawnSync('g++', ['-std=c++20', '-O1', '-pthread', '-w', '-o', exe, src], { encoding: 'utf8' });
  expect(cc.stderr).toBe('');
  return Array.from({ length: runs }, (_, r) => {
    const file = join(dir, `${name}.out${r}`);
    const run = spawnSync(exe, [file], { encoding: 'utf8', timeout: 600_000 });
    expect(run.status).toBe(0);
    return readFileSync(file);
  });
}

const floats = (shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32') => toDevice(randomArray(dtype, shape, seed, { low: -2, high: 2 }));
const ints = (shape: number[], seed: number) => toDevice(randomArray('int32', shape, seed, { low: -50, high: 50 }));
const sqdist = (X: cp.NDArray, Y: cp.NDArray) => cp.expand_dims(X, 1).sub(cp.expand_dims(Y, 0)).pow(2).sum(-1);

describe('cross reduce plans', () => {
  it('pairwise distances, a broadcast product and a Chebyshev distance are cross plans', () => {
    const X = floats([300, 64], 1);
    const Y = floats([200, 64], 2);
    expect(reducePlan(sqdist(X, Y).sqrt()).cross).toBe(true);
    expect(reducePlan(cp.expand_dims(X, 1).mul(cp.expand_dims(Y, 0)).sum(-1)).cross).toBe(true);
    expect(reducePlan(cp.expand_dims(X, 1).sub(cp.expand_dims(Y, 0)).abs().max(-1)).cross).toBe(true);
  });
  it('not where an input varies along both output axes, for argmax, or for complex values', () => {
    const X = floats([300, 64], 1);
    const Y = floats([200, 64], 2);
    const Z = floats([300, 200, 64], 3);
    expect(reducePlan(cp.expand_dims(X, 1).sub(cp.expand_dims(Y, 0)).sum()).cross).toBe(false);
    expect(reducePlan(cp.expand_dims(X, 1).sub(cp.expand_dims(Y, 0)).add(Z).sum(-1)).cross).toBe(false);
    expect(reducePlan(cp.expand_dims(X, 1).sub(cp.expand_dims(Y, 0)).argmax(-1)).cross).toBe(false);
    expect(reducePlan(cp.expand_dims(X.astype('complex64'), 1).mul(cp.expand_dims(Y, 0)).sum(-1)).cross).toBe(false);
  });
  it('not for few outputs and a long fold (the split geometry fills the device)', () => {
    expect(reducePlan(sqdist(floats([40, 5000], 4), floats([40, 5000], 5))).cross).toBe(false);
    expect(reducePlan(sqdist(floats([40, 500], 4), floats([40, 500], 5))).cross).toBe(true);
  });
});

describe.skipIf(!ENABLED)('the cross reduce kernel under the host emulator', () => {
  const exact: Array<[string, () => cp.NDArray]> = [
    ['dot_i32', () => cp.expand_dims(ints([70, 37], 1), 1).mul(cp.expand_dims(ints([45, 37], 2), 0)).sum(-1)],
    ['dot_i32_transposed_x', () => cp.expand_dims(ints([37, 70], 3).T, 1).mul(cp.expand_dims(ints([45, 37], 4), 0)).sum(-1)],
    // (The emulator runs the kernel without the CUDA prelude, so the ops here are plain C.)
    ['max_i32_epilogue', () => cp.expand_dims(ints([33, 5], 5), 1).sub(cp.expand_dims(ints([50, 5], 6), 0)).max(-1).mul(3)],
  ];
  exact.forEach(([name, make]) => it(`${name}: equal to the CPU backend`, () => {
    const a = make();
    const [got] = runEmulated(name, a, 1);
    const want = toHost(a);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 900_000));

  const floating: Array<[string, () => cp.NDArray]> = [
    ['sqdist_f32_sqrt', () => sqdist(floats([70, 19], 7), floats([45, 19], 8)).sqrt()],
    ['sqdist_f64', () => sqdist(floats([40, 35], 9, 'float64'), floats([66, 35], 10, 'float64'))],
  ];
  floating.forEach(([name, make]) => it(`${name}: close to the CPU backend, bitwise the same over two runs`, () => {
    const a = make();
    const outs = runEmulated(name, a, 2);
    expect(outs[1].equals(outs[0])).toBe(true);
    const want = Array.from(toHost(a).data as Float32Array | Float64Array);
    const got = a.dtype.name === 'float64' ? new Float64Array(outs[0].buffer, outs[0].byteOffset, want.length) : new Float32Array(outs[0].buffer, outs[0].byteOffset, want.length);
    const scale = want.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    const worst = want.reduce((m, w, i) => Math.max(m, Math.abs(got[i] - w)), 0);
    expect(worst).toBeLessThan(1e-5 * scale);
  }, 900_000));
});
