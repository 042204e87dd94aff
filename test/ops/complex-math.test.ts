// Complex exp, exp2, log, log2, log10, sqrt, sin, cos, tan, sinh, cosh and tanh against NumPy where a
// textbook formula breaks: C99 Annex G's special values (±0, ±inf, NaN parts), factors that overflow
// while the result fits (exp(710+1j), sin(0+800j)), cancellation (log near |z| = 1, tan near its
// poles), parts near the largest and smallest floats (sqrt(1e308), subnormals). complex64 and
// complex128, on the current backend and on the CUDA prelude's functions compiled for the host
// (g++, with the host's libm standing in for CUDA's). A result part NumPy gives as ±0, ±inf or NaN
// must be the same (the sign of a zero too; an underflowed zero may be a same-signed subnormal
// within ULPS steps); any other within ULPS units in the last place. Every CUDA kernel built here
// compiles with NVRTC.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOp } from '../../src/api/operands.js';
import { CUDA_COMPLEX_PRELUDE } from '../../src/codegen/cuda-complex.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { ELEMENTWISE_OPS, type ElementwiseOp } from '../../src/ir/ops.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { numpy, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

type ComplexName = 'complex64' | 'complex128';
const DTYPE_NAMES: ComplexName[] = ['complex64', 'complex128'];
const FUNCTIONS = ['exp', 'exp2', 'log', 'log2', 'log10', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh'];
const opNamed = (name: string): ElementwiseOp => ELEMENTWISE_OPS.find((op) => op.name === name)!;
/** Units in the last place allowed where NumPy's result part is finite and nonzero. */
const ULPS = 4;

// Parts of the grid: zeros, tiny and subnormal, near 1 (log), near the poles of tan (pi/2 as a
// double, its neighbours, as a float, 1.570956139641586, 3 pi/2), each precision's thresholds
// (tanh's 44 and 354, exp's 88 and 709, twice them), overflow (710, 800, 1e10), the largest floats.
const HALF_PI = Math.PI / 2;
const PARTS = [
  0, -0, 1e-10, -1e-10, 5e-324, 1e-300, 1e-40, 0.5, 0.6, -0.8, 1, -1, 1.0000001, 2, -2.5, 3, 20, 44, 45, -89,
  100, 177, 354, -355, 709, -709.5, 710, 800, 1419, 1e10, -1e10, 3e38, 1e308, -1.7976931348623157e308,
  HALF_PI, -HALF_PI, HALF_PI + 2.220446049250313e-16, Math.fround(HALF_PI), 1.570956139641586, 3 * HALF_PI,
  Infinity, -Infinity, NaN,
];
/** Points off the grid: |z| = 1 exactly or nearly (log's cancellation), and small pairs (sqrt's scaling). */
const EXTRA: Array<[number, number]> = [
  [0.6, 0.8], [-0.6, 0.8], [0.28, -0.96], [0.7071067811865476, 0.7071067811865476], [0.999, 0.0447101778], [1, 1e-10],
  [1.5, 0.3], [3, 4], [1e-170, 1e-170], [1e-310, 3e-310], [-1e-310, 5e-324],
];

function grid(dtype: ComplexName): HostArray {
  const pairs: Array<[number, number]> = [...PARTS.flatMap((re) => PARTS.map((im): [number, number] => [re, im])), ...EXTRA];
  const data = dtype === 'complex64' ? new Float32Array(2 * pairs.length) : new Float64Array(2 * pairs.length);
  pairs.forEach(([re, im], i) => { data[2 * i] = re; data[2 * i + 1] = im; });
  return { dtype, shape: [pairs.length], data };
}

// The audit's cases: each a NumPy result the old formulas missed (inf+nanj, 0+0j, a lost real part...).
const AUDIT: Array<[string, number, number]> = [
  ['cos', 0, 1e10], ['sin', 0, 1e10], ['sin', 0, 800], ['cosh', 1e10, 0], ['sinh', 1e10, 0], ['tan', 1e308, 0],
  ['tan', 1.570956139641586, 0], ['exp', 710, 1], ['sqrt', 1e308, 0], ['sqrt', -1e308, 1], ['log', 1, 1e-10],
  ['log', 0.6, 0.8], ['log2', 0.6, 0.8], ['log10', 1, 1e-10], ['tanh', Infinity, Infinity], ['tan', Infinity, Infinity],
  ['cos', Infinity, 0], ['cosh', 0, Infinity], ['sin', 0, NaN], ['sqrt', NaN, 2], ['exp', -Infinity, -Infinity],
  ['exp', Infinity, 0], ['exp', 1e308, 0], ['sinh', 800, 1], ['cosh', -800, 2], ['tanh', 400, 1], ['sin', 1, 800],
];
const auditInput = (dtype: ComplexName, re: number, im: number): HostArray =>
  ({ dtype, shape: [1], data: dtype === 'complex64' ? Float32Array.of(re, im) : Float64Array.of(re, im) });

const SMALLEST = { complex64: 2 ** -149, complex128: 5e-324 };
/** How far apart a and b are in steps of the float (bit patterns as ordered integers); NaN: Infinity. */
function stepsApart(a: number, b: number, dtype: ComplexName): number {
  const floats = dtype === 'complex64' ? Float32Array.of(a, b) : Float64Array.of(a, b);
  if (dtype === 'complex64') {
    const [x, y] = new Int32Array(floats.buffer);
    const ordered = (v: number) => (v < 0 ? -(v & 0x7fffffff) : v);
    return Math.abs(ordered(x) - ordered(y));
  }
  const [x, y] = new BigInt64Array(floats.buffer);
  const ordered = (v: bigint) => (v < 0n ? -(v & 0x7fffffffffffffffn) : v);
  const d = ordered(x) - ordered(y);
  return Number(d < 0n ? -d : d);
}

function partMatches(actual: number, expected: number, dtype: ComplexName): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (expected === 0 && Object.is(actual, expected)) return true;
  if (expected === 0) return actual !== 0 && Math.sign(actual) === (Object.is(expected, -0) ? -1 : 1) && Math.abs(actual) <= ULPS * SMALLEST[dtype];
  if (!Number.isFinite(expected) || !Number.isFinite(actual) || actual === 0) return Object.is(actual, expected);
  return Math.sign(actual) === Math.sign(expected) && stepsApart(actual, expected, dtype) <= ULPS;
}

/** '' where every element matches, else the first mismatches with their inputs. */
function mismatches(input: HostArray, actual: HostArray, expected: HostArray): string {
  const dtype = input.dtype as ComplexName;
  const shown: string[] = [];
  let count = 0;
  const fmt = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
  for (let i = 0; i < input.shape[0]; i++) {
    const [re, im] = [2 * i, 2 * i + 1];
    if (partMatches(actual.data[re] as number, expected.data[re] as number, dtype) && partMatches(actual.data[im] as number, expected.data[im] as number, dtype)) continue;
    count++;
    if (shown.length < 8) {
      const pair = (h: HostArray) => `(${fmt(h.data[re] as number)}, ${fmt(h.data[im] as number)})`;
      shown.push(`  z = ${pair(input)}: got ${pair(actual)}, NumPy ${pair(expected)}`);
    }
  }
  return count === 0 ? '' : `${count} of ${input.shape[0]} differ:\n${shown.join('\n')}`;
}

const grids = Object.fromEntries(DTYPE_NAMES.map((d) => [d, grid(d)])) as Record<ComplexName, HostArray>;
const gridCases = FUNCTIONS.flatMap((name) => DTYPE_NAMES.map((dtype) => ({ name, dtype })));
const auditCases = AUDIT.flatMap(([name, re, im]) => DTYPE_NAMES.map((dtype) => ({ name, dtype, input: auditInput(dtype, re, im) })));
const expected: OracleResult[] = numpy([
  ...gridCases.map(({ name, dtype }) => ({ expr: `np.${name}(z)`, inputs: { z: grids[dtype] } })),
  ...auditCases.map(({ name, input }) => ({ expr: `np.${name}(z)`, inputs: { z: input } })),
]);
const expectedGrid = (k: number) => expected[k].ok ? (expected[k] as { value: HostArray }).value : undefined;

function run(name: string, input: HostArray): HostArray {
  const result = applyOp(opNamed(name), [toDevice(input)]);
  recordCuda(result);
  return toHost(result);
}

describe('complex functions at the audit cases, against NumPy', () => {
  auditCases.forEach(({ name, dtype, input }, k) => {
    it(`${name}(${input.data[0]}${Object.is(input.data[1], -0) || (input.data[1] as number) < 0 ? '' : '+'}${input.data[1]}j) ${dtype}`, () => {
      const want = expected[gridCases.length + k];
      expect(want.ok).toBe(true);
      expect(mismatches(input, run(name, input), (want as { value: HostArray }).value)).toBe('');
    });
  });
});

describe('complex functions on a grid of special values, against NumPy', () => {
  gridCases.forEach(({ name, dtype }, k) => {
    it(`${name} ${dtype} (${grids[dtype].shape[0]} values)`, () => {
      expect(expected[k].ok).toBe(true);
      expect(mismatches(grids[dtype], run(name, grids[dtype]), expectedGrid(k)!)).toBe('');
    });
  });
});

// The CUDA prelude on the host: the same functions (each op's CUDA expression from the op table)
// compiled with g++, the shims standing in for CUDA's intrinsics and warp shuffles.
const HAS_GXX = spawnSync('g++', ['--version']).status === 0;
const HOST_SHIMS = `#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#define CP_D static inline
#define __align__(n) alignas(n)
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, 8); return d; }
template <class T> T __shfl_xor_sync(unsigned, T v, int, int = 32) { return v; }
template <class T> T __shfl_up_sync(unsigned, T v, unsigned, int = 32) { return v; }
template <class T> T __shfl_sync(unsigned, T v, int, int = 32) { return v; }
using std::isnan;
using std::isinf;
using std::isfinite;
`;

function hostProgram(dir: string): string {
  const loops = gridCases.map(({ name, dtype }, k) => {
    const c = DTYPES[dtype].cType;
    const n = grids[dtype].shape[0];
    return `  { std::vector<${c}> in = readAll<${c}>("${join(dir, `${dtype}.in`)}", ${n}), out(${n});
    for (int i = 0; i < ${n}; i++) { const ${c} z = in[i]; out[i] = ${opNamed(name).cuda(['z'], DTYPES[dtype])}; }
    FILE* f = fopen("${join(dir, `out${k}`)}", "wb"); fwrite(out.data(), sizeof(${c}), ${n}, f); fclose(f); }`;
  });
  return `${HOST_SHIMS}${CUDA_COMPLEX_PRELUDE}
template <class C> std::vector<C> readAll(const char* path, int n) { std::vector<C> v(n); FILE* f = fopen(path, "rb"); fread(v.data(), sizeof(C), n, f); fclose(f); return v; }
int main() {
${loops.join('\n')}
  return 0;
}
`;
}

describe.skipIf(!HAS_GXX)('the CUDA prelude compiled for the host, against NumPy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-complex-math-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let built: string | undefined;
  const build = () => {
    if (built !== undefined) return built;
    for (const d of DTYPE_NAMES) writeFileSync(join(dir, `${d}.in`), grids[d].data);
    writeFileSync(join(dir, 'complex.cpp'), hostProgram(dir));
    const cc = spawnSync('g++', ['-std=c++17', '-O1', '-w', '-o', join(dir, 'complex'), join(dir, 'complex.cpp')], { encoding: 'utf8' });
    const ran = cc.status === 0 ? spawnSync(join(dir, 'complex'), [], { encoding: 'utf8' }) : undefined;
    built = cc.status !== 0 ? `g++: ${cc.stderr}` : ran!.status !== 0 ? `run: ${ran!.stderr}` : '';
    return built;
  };
  gridCases.forEach(({ name, dtype }, k) => {
    it(`${name} ${dtype}`, () => {
      expect(build()).toBe('');
      const bytes = readFileSync(join(dir, `out${k}`));
      const data = dtype === 'complex64' ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
      expect(mismatches(grids[dtype], { dtype, shape: grids[dtype].shape, data }, expectedGrid(k)!)).toBe('');
    });
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
