// The generated CUDA scan kernels run on the host under an emulator (test/helpers/cuda-emulator.h,
// compiled with g++ -std=c++20): every block at once as a process of 256 threads, with random
// pauses, so the look-back folds over aggregate-only tiles and spins on unpublished ones. Integer
// scans must equal the CPU backend exactly; float scans must agree within rounding and be bitwise
// the same over three runs. Heavy (thousands of threads): runs only with CUPYTS_SCAN_EMULATE=1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { CUDA_COMPLEX_PRELUDE } from '../../src/codegen/cuda-complex.js';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { SCAN_VECTOR, scanPlanLaunch, scanVectorsAligned, type ScanPlan } from '../../src/ir/scan-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ENABLED = process.env.CUPYTS_SCAN_EMULATE === '1' && spawnSync('g++', ['--version']).status === 0;
const HEADER = new URL('../helpers/cuda-emulator.h', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cupyts-scan-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the complex prelude (codegen/cuda-complex.ts), which complex scans include, needs on the host. */
const COMPLEX_SHIMS = `#include <cmath>
#define CP_D static inline
#define __align__(n) alignas(n)
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, 8); return d; }
using std::isnan;
using std::isinf;
using std::isfinite;
`;

/** A C++ program that runs the plan's kernel on `ins` and writes the output to argv[1]. */
function program(plan: ScanPlan, name: string, vectors: boolean): string {
  const g = generateCudaPlan(plan);
  if (g.kind !== 'scan') throw new Error('not a scan');
  const launch = scanPlanLaunch(plan);
  const args = g.gen.params.map((p) => {
    switch (p.kind) {
      case 'input': return `(${plan.inputs[p.index].dtype.cType}*)in${p.index} + ${plan.inputs[p.index].offset}`;
      case 'output': return `(${plan.dtype.cType}*)out`;
      case 'scalar': return String(plan.scalars[p.index].value);
      case 'lines': return String(plan.lines);
      case 'length': return String(plan.length);
      case 'lineDim': return String(plan.lineDims[p.index]);
      case 'stride': return String(plan.inputs[p.input].strides[p.dim]);
      case 'outStride': return String(plan.outputStrides[p.dim]);
      case 'status': return 'status';
      case 'chunks': return `${launch.chunks}LL`;
      case 'statuses': return `${launch.statuses}LL`;
      case 'vectorOk': return vectors ? vectorsAligned(plan) : '0';
    }
  });
  const outBytes = plan.lines * plan.length * plan.dtype.itemsize;
  return `#include "${HEADER}"
${plan.dtype.kind === 'c' ? COMPLEX_SHIMS + CUDA_COMPLEX_PRELUDE : ''}
#include <fstream>
#include <iterator>
static std::vector<char> readAll(const char* f) { std::ifstream s(f, std::ios::binary); return std::vector<char>(std::istreambuf_iterator<char>(s), {}); }
// A file's bytes at a page-aligned address, as device allocations are.
static char* aligned(const char* f) { const std::vector<char> b = readAll(f); char* p = shared_alloc<char>(b.size()); std::memcpy(p, b.data(), b.size()); return p; }
${g.source.slice(CUDA_PRELUDE.length).replace('extern "C"', '')}
int main(int, char** argv) {
${plan.inputs.map((_, k) => `  char* in${k} = aligned("${join(dir, `${name}.in${k}`)}");`).join('\n')}
  char* out = shared_alloc<char>(${outBytes});
  unsigned long long* status = shared_alloc<unsigned long long>(${Math.ceil(launch.statusBytes / 8) + 1});
  launch(${launch.grid}, [&] { ${plan.name}(${args.join(', ')}); });
  FILE* f = fopen(argv[1], "wb"); fwrite(out, 1, ${outBytes}, f); fclose(f);
  return 0;
}
`;
}

/** The C++ condition of the launch's vector path (ir/scan-plan.ts scanVectorsAligned) on the emulator's pointers. */
function vectorsAligned(plan: ScanPlan): string {
  const strides = scanVectorsAligned(plan, plan.inputs.map(() => 0), 0); // the strides' half of the condition
  const ptr = (expr: string, itemsize: number) => `(uintptr_t)(${expr}) % ${SCAN_VECTOR * itemsize} == 0`;
  const pointers = plan.inputs.flatMap((input, k) => (plan.vectorInputs![k] ? [ptr(`(${input.dtype.cType}*)in${k} + ${input.offset}`, input.dtype.itemsize)] : []));
  return `(${[String(strides), ...pointers, ptr('out', plan.dtype.itemsize)].join(' && ')})`;
}

interface EmulateOptions {
  /** Lowers the look-back group so small scans span several groups. */
  group?: number;
  /** Picks the 'rows' kernel's local scan: in shared memory or in registers. */
  shared?: boolean;
  /** false: the launch says the data is not aligned, so a 'rows' kernel takes its scalar loads and stores. */
  vectors?: boolean;
}

function scanPlanOf(a: cp.NDArray): ScanPlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'scan');
  if (!plan || plan.kind !== 'scan') throw new Error('no scan plan');
  return plan;
}

/** Runs the scan of `a` `runs` times. */
function runEmulated(name: string, a: cp.NDArray, runs: number, { group, shared, vectors = true }: EmulateOptions = {}): Buffer[] {
  const plan = scanPlanOf(a);
  if (group !== undefined) {
    if (plan.geometry.kind !== 'rows' && plan.geometry.kind !== 'columns') throw new Error(`${name}: expected a tiled scan, got ${plan.geometry.kind}`);
    plan.geometry = { ...plan.geometry, group };
  }
  if (shared !== undefined) {
    if (plan.geometry.kind !== 'rows') throw new Error(`${name}: expected a 'rows' scan, got ${plan.geometry.kind}`);
    plan.geometry = { ...plan.geometry, shared };
  }
  plan.inputs.forEach((input, k) => writeFileSync(join(dir, `${name}.in${k}`), Buffer.from((input.node.realized!.storage as { view(): Uint8Array }).view())));
  const src = join(dir, `${name}.cpp`);
  const exe = join(dir, name);
  writeFileSync(src, program(plan, name, vectors));
  const cc = spawnSync('g++', ['-std=c++20', '-O1', '-pthread', '-w', '-o', exe, src], { encoding: 'utf8' });
  expect(cc.stderr).toBe('');
  return Array.from({ length: runs }, (_, r) => {
    const file = join(dir, `${name}.out${r}`);
    const run = spawnSync(exe, [file], { encoding: 'utf8', timeout: Number(process.env.CUPYTS_SCAN_EMULATE_TIMEOUT_MS ?? 300_000) });
    expect(run.status).toBe(0);
    return readFileSync(file);
  });
}

const ints = (shape: number[], seed: number) => toDevice(randomArray('int32', shape, seed));
const floats = (shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32') => toDevice(randomArray(dtype, shape, seed, { low: -1, high: 1 }));

describe.skipIf(!ENABLED)('generated scan kernels under the host emulator', () => {
  const exact: Array<[string, () => cp.NDArray, number?]> = [
    ['rows_i32', () => cp.cumsum(ints([3, 20000], 1), { axis: 1, dtype: 'int32' })],
    // 9 tiles per line in groups of 2: every slot, group aggregates and group prefixes.
    ['rows_i32_groups_of_2', () => cp.cumsum(ints([2, 70000], 11), { axis: 1, dtype: 'int32' }), 2],
    ['rows_i64_strided', () => cp.cumsum(ints([20000, 3], 2), { axis: 0 })],
    // From ROW_SHARED_SCAN_LINES lines on, a thread's items stay in registers (ir/scan-geometry.ts).
    ['rows_i32_many_lines', () => cp.cumsum(ints([40, 5000], 21), { axis: 1, dtype: 'int32' })],
    ['cols_i32', () => cp.cumsum(ints([3000, 40], 4), { axis: 0, dtype: 'int32' })],
    // 12 tiles per line group in groups of 3 (4 look-back groups), and 20 in groups of 1 (past the window of 16).
    ['cols_i32_groups_of_3', () => cp.cumsum(ints([3000, 40], 14), { axis: 0, dtype: 'int32' }), 3],
    ['cols_i32_groups_of_1', () => cp.cumsum(ints([5000, 40], 15), { axis: 0, dtype: 'int32' }), 1],
    // One segment of 256 lanes; and two segments of 128.
    ['cols_i32_one_segment', () => cp.cumsum(ints([20, 300], 16), { axis: 0, dtype: 'int32' })],
    ['cols_i64_two_segments', () => cp.cumsum(ints([30, 200], 17), { axis: 0 })],
    // One thread per line: whole batches of loads and a tail (1000 = 62 × 16 + 8), and a short line.
    ['thread_i32_batches', () => cp.cumsum(ints([1000, 5], 18), { axis: 0, dtype: 'int32' })],
    ['thread_i64_short', () => cp.cumsum(ints([7, 20], 19), { axis: 0 })],
    ['cols_3d_middle', () => cp.cumsum(ints([3, 500, 70], 6), { axis: 1, dtype: 'int32' })],
    ['warp_i32', () => cp.cumsum(ints([100, 37], 7), { axis: 1, dtype: 'int32' })],
    ['warp_i64_transposed', () => cp.cumsum(ints([300, 100], 8).T, { axis: 1 })],
    // unique's run count: neighbours of the sorted values compared inside the scan's loads.
    ['rows_i64_unique_runs', () => {
      const flat = toDevice(randomArray('int32', [5000], 21, { low: 0, high: 7 }));
      const sorted = cp.take(flat, cp.argsort(flat, { kind: 'stable' })).eval();
      return cp.cumsum(cp.not_equal(sorted.get([cp.slice(1, null)]), sorted.get([cp.slice(0, -1)])), { dtype: 'int64' });
    }],
  ];
  // Complex values of integer parts (exact sums): the look-back status arrays of 8- and 16-byte values.
  const complexOf = (shape: number[], seed: number, dtype: 'complex64' | 'complex128') => {
    const part = (k: number) => toDevice(randomArray('int32', shape, seed + k, { low: -100, high: 100 }));
    return cp.add(part(0), cp.multiply(part(1), cp.complex(0, 1))).astype(dtype).eval();
  };
  exact.push(
    ['rows_c64_groups_of_2', () => cp.cumsum(complexOf([2, 70000], 40, 'complex64'), { axis: 1 }), 2],
    ['rows_c128_groups_of_2', () => cp.cumsum(complexOf([2, 40000], 42, 'complex128'), { axis: 1 }), 2],
    ['cols_c128_groups_of_3', () => cp.cumsum(complexOf([3000, 40], 44, 'complex128'), { axis: 0 }), 3],
    ['warp_c64', () => cp.cumsum(complexOf([100, 37], 46, 'complex64'), { axis: 1 })],
    ['thread_c128', () => cp.cumsum(complexOf([7, 20], 48, 'complex128'), { axis: 0 })],
    // Identities: a float sum starts from -0.0 (cumsum of -0.0 stays -0.0), a complex product steps over 1+0j.
    // (-0.0 from negative(0): a scalar -0.0 would be a launch argument the emulator's program prints as 0;
    // a complex one is data: the emulator's program takes no complex scalar)
    ['rows_f32_negative_zero', () => cp.cumsum(cp.negative(cp.zeros([2, 70000], 'float32')), { axis: 1 }), 2],
    ['cols_f64_negative_zero', () => cp.cumsum(cp.negative(cp.zeros([3000, 40], 'float64')), { axis: 0 }), 3],
    ['warp_c64_negative_zero', () => cp.cumsum(cp.negative(cp.zeros([100, 37], 'complex64')).eval(), { axis: 1 })],
    ['thread_f32_negative_zero', () => cp.cumsum(cp.negative(cp.zeros([7, 20], 'float32')), { axis: 0 })],
    // The one-thread kernel starts a complex product from the line's first element, as the CPU's loop.
    ['thread_c128_prod_from_inf', () => {
      const x = complexOf([7, 20], 50, 'complex128');
      x.set('0', { re: Infinity, im: 0 });
      return cp.cumprod(x.eval(), { axis: 0 });
    }],
  );
  exact.forEach(([name, make, group]) => it(`${name}: equal to the CPU backend`, () => {
    const a = make();
    const [got] = runEmulated(name, a, 1, { group });
    const want = toHost(a);
    expect(got.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
  }, 600_000));

  const floating: Array<[string, () => cp.NDArray, number?]> = [
    ['rows_f32_fused', () => cp.cumsum(floats([100000], 9).mul(2).add(1))],
    ['thread_f32_fused', () => cp.cumsum(floats([1000, 7], 20).mul(2).add(1), { axis: 0 })],
    // 36 groups of one tile: more groups than the look-back window of 32.
    ['rows_f32_groups_of_1', () => cp.cumsum(floats([290000], 12)), 1],
    ['rows_f32_many_lines', () => cp.cumsum(floats([33, 9000], 22), { axis: 1 })],
    ['rows_f64_groups_of_4', () => cp.cumsum(floats([60000], 13, 'float64')), 4],
    ['cols_f32', () => cp.cumsum(floats([5000, 40], 10), { axis: 0 })],
    ['cols_f64', () => cp.cumsum(floats([700, 300], 5, 'float64'), { axis: 0 })],
  ];
  floating.forEach(([name, make, group]) => it(`${name}: close to the CPU backend, bitwise the same over three runs`, () => {
    const a = make();
    const outs = runEmulated(name, a, 3, { group });
    const want = Array.from(toHost(a).data as Float32Array | Float64Array);
    expect(outs[1].equals(outs[0]) && outs[2].equals(outs[0])).toBe(true);
    const got = a.dtype.name === 'float64' ? new Float64Array(outs[0].buffer, outs[0].byteOffset, want.length) : new Float32Array(outs[0].buffer, outs[0].byteOffset, want.length);
    const scale = want.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    const worst = want.reduce((m, w, i) => Math.max(m, Math.abs(got[i] - w)), 0);
    expect(worst).toBeLessThan(1e-4 * scale);
  }, 600_000));

  // The two local scans of a 'rows' tile combine in the same order: the same bits, float32 and float64.
  const both: Array<[string, () => cp.NDArray]> = [
    ['rows_f32_fused_both', () => cp.cumsum(floats([3, 30000], 23).mul(2).add(1), { axis: 1 })],
    ['rows_f64_both', () => cp.cumsum(floats([40, 5000], 24, 'float64'), { axis: 1 })],
  ];
  both.forEach(([name, make]) => it(`${name}: the shared-memory and register local scans give the same bits`, () => {
    const a = make();
    const [inShared] = runEmulated(`${name}_s`, a, 1, { shared: true });
    const [inRegisters] = runEmulated(`${name}_r`, a, 1, { shared: false });
    expect(inShared.length).toBeGreaterThan(0);
    expect(inShared.equals(inRegisters)).toBe(true);
  }, 600_000));

  // Whole tiles of aligned data load and store in vectors of SCAN_VECTOR elements (ScanPlan.vectorInputs);
  // the tail tile, a view that starts off a vector, and lines that start off one take the scalar path.
  // Either way the same bits, and the values of the CPU backend.
  const vectorCases: Array<[string, () => cp.NDArray, boolean]> = [
    // A second input broadcast along the axis loads element by element beside the vector input.
    ['rows_f32_vectors_broadcast', () => cp.cumsum(floats([3, 30000], 30).mul(floats([3, 1], 31)), { axis: 1 }), true],
    ['rows_f64_vectors_tail', () => cp.cumsum(floats([70001], 32, 'float64')), true],
    ['rows_i8_vectors_to_i64', () => cp.cumsum(toDevice(randomArray('int8', [2, 20000], 33)), { axis: 1 }), true],
    // Lines from ROW_SHARED_SCAN_LINES on keep their items in registers; the loads and stores are the same.
    ['rows_f32_vectors_registers', () => cp.cumsum(floats([33, 9000], 34), { axis: 1 }), true],
    ['rows_f32_view_off_vector', () => cp.cumsum(floats([100001], 35).get([cp.slice(1, null)])), false],
    ['rows_f32_lines_off_vector', () => cp.cumsum(floats([3, 30001], 36), { axis: 1 }), false],
  ];
  vectorCases.forEach(([name, make, aligned]) => it(`${name}: vector and scalar loads give the same bits`, () => {
    const a = make();
    const plan = scanPlanOf(a);
    expect(plan.vectorInputs).toBeDefined();
    // Device and emulator allocations start on a page: the inputs' offsets decide the alignment.
    expect(scanVectorsAligned(plan, plan.inputs.map((i) => i.offset * i.dtype.itemsize), 0)).toBe(aligned);
    const [withVectors] = runEmulated(`${name}_v`, a, 1);
    const [scalar] = runEmulated(`${name}_n`, a, 1, { vectors: false });
    expect(withVectors.equals(scalar)).toBe(true);
    const want = toHost(a);
    if (a.dtype.kind !== 'f') {
      expect(withVectors.equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
      return;
    }
    const w = Array.from(want.data as Float32Array | Float64Array);
    const got = a.dtype.name === 'float64' ? new Float64Array(withVectors.buffer, withVectors.byteOffset, w.length) : new Float32Array(withVectors.buffer, withVectors.byteOffset, w.length);
    const scale = w.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(w.reduce((m, x, i) => Math.max(m, Math.abs(got[i] - x)), 0)).toBeLessThan(1e-4 * scale);
  }, 600_000));
});
