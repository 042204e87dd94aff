// The one-launch LU kernels for many small matrices (src/codegen/linalg-small-lu.ts) run on the
// host under the emulator (test/helpers/cuda-emulator.h, g++ -std=c++20): every block a process of
// 256 threads, the warp shuffles of the pivot search and of the row broadcasts through barriers.
// solve and inv agree with NumPy (several blocks, partly filled last blocks, sides that are not a
// power of two, right-hand sides in several chunks, a NaN); a zero pivot sets the flag to getrf's
// info; the bare factorization gives LAPACK's L\U and pivots (P L U = A, det as NumPy's). Needs
// g++; runs with CUPYTS_SORT_EMULATE=1 (as the other emulated kernels).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { smallLuKernel, type SmallLuDType, type SmallLuMode } from '../../src/codegen/linalg-small-lu.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

const ENABLED = process.env.CUPYTS_SORT_EMULATE === '1' && spawnSync('g++', ['--version']).status === 0;
const HEADER = new URL('../helpers/cuda-emulator.h', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cupyts-small-lu-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run { x: Float64Array; piv: Int32Array; flag: number }

/** Runs the kernel on row-major A (batch, n, n) and B (batch, n, nrhs) given as float64; returns X (as float64), the pivots and the flag. */
function runEmulated(dtype: SmallLuDType, mode: SmallLuMode, a: Float64Array, b: Float64Array, n: number, nrhs: number, batch: number, chunk: number): Run {
  const k = smallLuKernel(dtype, n, mode, chunk);
  const t = dtype === 'float32' ? 'float' : 'double';
  const xCount = batch * n * nrhs;
  const program = `#include "${HEADER}"
#include <cmath>
#include <fstream>
#include <iterator>
${k.source.replace('extern "C"', '')}
static std::vector<char> readAll(const char* f) { std::ifstream s(f, std::ios::binary); return std::vector<char>(std::istreambuf_iterator<char>(s), {}); }
int main(int, char** argv) {
  std::vector<char> raw = readAll(argv[1]);
  const double* d = (const double*)raw.data();
  std::vector<${t}> a(${a.length}), b(${Math.max(b.length, 1)});
  for (size_t i = 0; i < a.size(); i++) a[i] = (${t})d[i];
  for (size_t i = 0; i < ${b.length}; i++) b[i] = (${t})d[${a.length} + i];
  ${t}* x = shared_alloc<${t}>(${xCount});
  int* piv = shared_alloc<int>(${batch * n});
  int* flag = shared_alloc<int>(1);
  launch(${Math.ceil(batch / k.matricesPerBlock)}, [&] { ${k.name}(a.data(), b.data(), x, piv, flag, ${batch}LL, ${nrhs}); });
  FILE* f = fopen(argv[2], "wb");
  for (int i = 0; i < ${xCount}; i++) { double v = x[i]; fwrite(&v, 8, 1, f); }
  fwrite(piv, 4, ${batch * n}, f);
  fwrite(flag, 4, 1, f);
  fclose(f);
  return 0;
}
`;
  const name = `${k.name}_${batch}_${nrhs}`;
  const src = join(dir, `${name}.cpp`);
  const exe = join(dir, name);
  writeFileSync(src, program);
  const cc = spawnSync('g++', ['-std=c++20', '-O1', '-pthread', '-w', '-o', exe, src], { encoding: 'utf8' });
  expect(cc.stderr).toBe('');
  const input = join(dir, `${name}.in`);
  const output = join(dir, `${name}.out`);
  writeFileSync(input, Buffer.concat([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]));
  const run = spawnSync(exe, [input, output], { encoding: 'utf8', timeout: 600_000 });
  expect(run.status).toBe(0);
  const bytes = readFileSync(output);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return { x: new Float64Array(buf, 0, xCount), piv: new Int32Array(buf, 8 * xCount, batch * n), flag: new Int32Array(buf, 8 * xCount + 4 * batch * n, 1)[0] };
}

const f64 = (h: HostArray) => Float64Array.from(h.data as Float64Array);
const tolOf = (dtype: SmallLuDType) => (dtype === 'float32' ? { rtol: 2e-3, atol: 2e-3 } : { rtol: 1e-9, atol: 1e-9 });

function expectNumpy(got: Float64Array, shape: number[], expr: string, inputs: Record<string, HostArray>, dtype: SmallLuDType): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays({ dtype: 'float64', shape, data: got }, want.value as HostArray, tolOf(dtype));
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe.skipIf(!ENABLED)('the small-matrix LU kernels under the host emulator', () => {
  it.each([
    ['float64', 8, 3, 37, 3], ['float32', 5, 1, 40, 1], ['float64', 3, 20, 70, 16], ['float64', 16, 2, 20, 2],
  ] as const)('solve %s n=%i nrhs=%i batch=%i (chunk %i) against NumPy', (dtype, n, nrhs, batch, chunk) => {
    const a = randomArray('float64', [batch, n, n], 40 + n, { low: -1, high: 1 });
    const b = randomArray('float64', [batch, n, nrhs], 41 + n, { low: -1, high: 1 });
    const r = runEmulated(dtype, 'solve', f64(a), f64(b), n, nrhs, batch, chunk);
    expect(r.flag).toBe(0);
    expectNumpy(r.x, [batch, n, nrhs], `np.linalg.solve(a.astype(np.${dtype}), b.astype(np.${dtype})).astype(np.float64)`, { a, b }, dtype);
  }, 600_000);

  it.each([['float64', 16, 20], ['float32', 1, 300], ['float64', 6, 45]] as const)('inv %s n=%i batch=%i against NumPy', (dtype, n, batch) => {
    const a = randomArray('float64', [batch, n, n], 50 + n, { low: -1, high: 1 });
    const r = runEmulated(dtype, 'inv', f64(a), new Float64Array(0), n, n, batch, n);
    expect(r.flag).toBe(0);
    expectNumpy(r.x, [batch, n, n], `np.linalg.inv(a.astype(np.${dtype})).astype(np.float64)`, { a }, dtype);
  }, 600_000);

  it('a zero pivot sets the flag to getrf info (the first zero pivot, 1-based); the others solve', () => {
    const n = 3;
    const batch = 20;
    const a = new Float64Array(batch * n * n);
    for (let m = 0; m < batch; m++) for (let i = 0; i < n; i++) a[m * 9 + i * 4] = 1;
    // Matrix 13: rows 0 and 1 proportional (the third pivot is zero).
    a.set([1, 2, 3, 2, 4, 6, 1, 1, 1], 13 * 9);
    const b = new Float64Array(batch * n).fill(1);
    const r = runEmulated('float64', 'solve', a, b, n, 1, batch, 1);
    expect(r.flag).toBe(3);
    expect(Array.from(r.x.slice(0, 3))).toEqual([1, 1, 1]);
  }, 600_000);

  it('NaN in one matrix: no error, NaN wherever NumPy has NaN (OpenBLAS may leave a few unknowns finite), the others as NumPy', () => {
    const n = 4;
    const batch = 17;
    const a = randomArray('float64', [batch, n, n], 61, { low: -1, high: 1 });
    (a.data as Float64Array)[5 * 16 + 6] = NaN;
    const b = randomArray('float64', [batch, n, 2], 62, { low: -1, high: 1 });
    const r = runEmulated('float64', 'solve', f64(a), f64(b), n, 2, batch, 2);
    expect(r.flag).toBe(0);
    const want = numpyOne('np.linalg.solve(a, b)', { a, b });
    if (!want.ok) throw new Error(want.error);
    const w = (want.value as HostArray).data as Float64Array;
    const bad = r.x.subarray(5 * 8, 6 * 8);
    expect(bad.every((v, i) => Number.isNaN(v) || !Number.isNaN(w[5 * 8 + i]))).toBe(true);
    expect(bad.some((v) => Number.isNaN(v))).toBe(true);
    const others = (x: Float64Array) => Float64Array.from(x).fill(0, 5 * 8, 6 * 8);
    const cmp = compareArrays({ dtype: 'float64', shape: [batch, n, 2], data: others(r.x) }, { dtype: 'float64', shape: [batch, n, 2], data: others(w) }, tolOf('float64'));
    expect(cmp.ok ? '' : cmp.message).toBe('');
  }, 600_000);

  it.each([['float64', 6, 45], ['float32', 7, 33]] as const)('lu %s n=%i batch=%i: P L U = A with LAPACK pivots, det as NumPy', (dtype, n, batch) => {
    const a = randomArray('float64', [batch, n, n], 70 + n, { low: -1, high: 1 });
    const r = runEmulated(dtype, 'lu', f64(a), new Float64Array(0), n, n, batch, 1);
    const rebuilt = new Float64Array(batch * n * n);
    const dets = new Float64Array(batch);
    for (let m = 0; m < batch; m++) {
      const lu = r.x.subarray(m * n * n, (m + 1) * n * n);
      const prod = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q <= Math.min(i, j); q++) s += (q === i ? 1 : lu[i * n + q]) * lu[q * n + j];
        prod[i * n + j] = s;
      }
      // Undo getrf's row swaps, last first.
      let sign = 1;
      for (let k = n - 1; k >= 0; k--) {
        const p = r.piv[m * n + k] - 1;
        expect(p).toBeGreaterThanOrEqual(k);
        if (p !== k) {
          sign = -sign;
          for (let j = 0; j < n; j++) [prod[k * n + j], prod[p * n + j]] = [prod[p * n + j], prod[k * n + j]];
        }
      }
      rebuilt.set(prod, m * n * n);
      dets[m] = sign * Array.from({ length: n }, (_, i) => lu[i * n + i]).reduce((x, y) => x * y, 1);
    }
    const cmp = compareArrays({ dtype: 'float64', shape: [batch, n, n], data: rebuilt }, { dtype: 'float64', shape: [batch, n, n], data: Float64Array.from(a.data as Float64Array, (v) => (dtype === 'float32' ? Math.fround(v) : v)) }, tolOf(dtype));
    expect(cmp.ok ? '' : cmp.message).toBe('');
    expectNumpy(dets, [batch], `np.linalg.det(a.astype(np.${dtype})).astype(np.float64)`, { a }, dtype);
  }, 600_000);
});
