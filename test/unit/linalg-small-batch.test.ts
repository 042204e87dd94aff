// The one-launch LU kernels for many small matrices (src/api/linalg-small-batch.ts): their CUDA C
// compiles with NVRTC (where NVRTC is present) and, run on the host (g++ with the CUDA keywords
// defined away, one loop iteration per thread), solves A X = B as NumPy does and reports a zero
// pivot as getrf's info. Needs no GPU.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { float32, float64, type DType } from '../../src/ir/dtype.js';
import { getrfSource, getrsSource } from '../../src/api/linalg-small-batch.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

const HAS_GXX = spawnSync('g++', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'cupyts-small-lu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it.each([float32, float64])('compiles the %s kernels', (dtype) => {
    const compiler = new NvrtcCompiler({ disk: null });
    for (const { name, source } of [getrfSource(dtype), getrsSource(dtype)]) {
      expect(() => compiler.compile({ source, name: `${name}.cu`, arch: 'sm_90' })).not.toThrow();
    }
  });
});

/** Runs getrf then getrs over `batch` column-major matrices on the host; returns X (column-major) and info. */
function runOnHost(dtype: DType, a: Float64Array, b: Float64Array, n: number, nrhs: number, batch: number): { x: Float64Array; info: Int32Array } {
  const t = dtype === float32 ? 'float' : 'double';
  const rf = getrfSource(dtype);
  const rs = getrsSource(dtype);
  const program = `#include <cmath>
#include <cstdio>
#include <vector>
struct Dim { unsigned x; };
static Dim threadIdx, blockIdx, blockDim;
#define __global__
${rf.source}
${rs.source}
int main(int argc, char** argv) {
  int n = ${n}, nrhs = ${nrhs}, batch = ${batch};
  std::vector<${t}> a(n * n * batch), x(n * nrhs * batch);
  std::vector<int> piv(n * batch), info(batch);
  FILE* f = std::fopen(argv[1], "rb");
  for (auto& v : a) { double d; if (std::fread(&d, 8, 1, f) != 1) return 2; v = (${t})d; }
  for (auto& v : x) { double d; if (std::fread(&d, 8, 1, f) != 1) return 2; v = (${t})d; }
  std::fclose(f);
  blockDim.x = 4;
  for (blockIdx.x = 0; blockIdx.x * 4 < (unsigned)batch; blockIdx.x++)
    for (threadIdx.x = 0; threadIdx.x < 4; threadIdx.x++) ${rf.name}(a.data(), piv.data(), info.data(), n, batch);
  for (blockIdx.x = 0; blockIdx.x * 4 < (unsigned)(batch * nrhs); blockIdx.x++)
    for (threadIdx.x = 0; threadIdx.x < 4; threadIdx.x++) ${rs.name}(a.data(), piv.data(), x.data(), n, nrhs, batch);
  FILE* o = std::fopen(argv[2], "wb");
  for (auto v : x) { double d = v; std::fwrite(&d, 8, 1, o); }
  for (auto v : info) std::fwrite(&v, 4, 1, o);
  std::fclose(o);
  return 0;
}
`;
  const src = join(dir, `${rf.name}.cpp`);
  const exe = join(dir, rf.name);
  writeFileSync(src, program);
  const built = spawnSync('g++', ['-O1', '-o', exe, src], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
  const input = join(dir, 'in.bin');
  const output = join(dir, 'out.bin');
  writeFileSync(input, Buffer.concat([Buffer.from(a.buffer), Buffer.from(b.buffer)]));
  const ran = spawnSync(exe, [input, output], { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`exit ${ran.status}: ${ran.stderr}`);
  const bytes = readFileSync(output);
  const x = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 8 * n * nrhs * batch));
  const info = new Int32Array(bytes.buffer.slice(bytes.byteOffset + 8 * n * nrhs * batch, bytes.byteOffset + bytes.length));
  return { x, info };
}

/** Column-major copies of row-major (batch, rows, cols) data. */
function columnMajor(h: HostArray, rows: number, cols: number): Float64Array {
  const src = h.data as Float64Array;
  const out = new Float64Array(src.length);
  const count = src.length / (rows * cols);
  for (let b = 0; b < count; b++) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[b * rows * cols + i + j * rows] = src[b * rows * cols + i * cols + j];
  return out;
}

describe.skipIf(!HAS_GXX)('the kernels run on the host', () => {
  it.each([[float64, 8, 3, 37], [float32, 5, 1, 20], [float64, 16, 2, 9], [float64, 1, 1, 5]] as const)('%s n=%i nrhs=%i batch=%i against NumPy', (dtype, n, nrhs, batch) => {
    const a = randomArray('float64', [batch, n, n], 11 + n, { low: -1, high: 1 });
    const b = randomArray('float64', [batch, n, nrhs], 12 + n, { low: -1, high: 1 });
    const { x, info } = runOnHost(dtype, columnMajor(a, n, n), columnMajor(b, n, nrhs), n, nrhs, batch);
    expect(Array.from(info)).toEqual(new Array(batch).fill(0));
    const want = numpyOne('np.linalg.solve(a, b)', { a, b });
    if (!want.ok) throw new Error(want.error);
    const expected = columnMajor(want.value as HostArray, n, nrhs);
    const tol = dtype === float32 ? 1e-3 : 1e-9;
    for (let i = 0; i < expected.length; i++) expect(Math.abs(x[i] - expected[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i])));
  });
  it('a singular matrix gets info k (the first zero pivot), the others 0', () => {
    const n = 3;
    // Matrix 1 has two equal columns (rank 2: U[2, 2] is zero); matrices 0 and 2 are the identity.
    const rows = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 2, 2, 2, 4, 3, 3, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1];
    const a = columnMajor({ dtype: 'float64', shape: [3, n, n], data: Float64Array.from(rows) }, n, n);
    const { info } = runOnHost(float64, a, new Float64Array(3 * n), n, 1, 3);
    expect(Array.from(info)).toEqual([0, 2, 0]);
  });
});
