// Comparing complex results with NumPy's part by part (the complex math tests), and running the CUDA
// prelude's complex functions on the host: compiled with g++, the shims below standing in for CUDA's
// intrinsics and warp shuffles, the host's libm for CUDA's.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUDA_COMPLEX_PRELUDE } from '../../src/codegen/cuda-complex.js';
import { DTYPES } from '../../src/ir/dtype.js';
import type { HostArray } from './numpy-oracle.js';

export type ComplexName = 'complex64' | 'complex128';
export const COMPLEX_NAMES: ComplexName[] = ['complex64', 'complex128'];
/** The precision's epsilon (one unit in the last place of 1). */
export const EPS: Record<ComplexName, number> = { complex64: 2 ** -23, complex128: 2 ** -52 };
const SMALLEST: Record<ComplexName, number> = { complex64: 2 ** -149, complex128: 5e-324 };

/**
 * How a result part may differ from NumPy's. A part NumPy gives as ±0, ±inf or NaN must be the same
 * (the sign of a zero too, unless `anyZeroSign`; an underflowed zero may be a same-signed subnormal
 * within `ulps` steps); any other within `ulps` units in the last place, or, with `norm`, within
 * norm · eps · |z| of it (z NumPy's whole result: for formulas whose parts cancel, where NumPy's own
 * error is relative to |z|, not to the part).
 */
export interface PartTolerance {
  ulps: number;
  norm?: number;
  anyZeroSign?: boolean;
  /** An infinite part of either sign: the result's direction is lost (its angle's rounding error passes a turn). */
  anyInfSign?: boolean;
}

/** How far apart a and b are in steps of the float (bit patterns as ordered integers); NaN: Infinity. */
export function stepsApart(a: number, b: number, dtype: ComplexName): number {
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

export function partMatches(actual: number, expected: number, dtype: ComplexName, tol: PartTolerance, magnitude = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (expected === 0 && (Object.is(actual, expected) || (tol.anyZeroSign && actual === 0))) return true;
  if (tol.anyInfSign && !Number.isFinite(expected) && Math.abs(actual) === Infinity) return true;
  const near = tol.norm !== undefined && Number.isFinite(magnitude) && Math.abs(actual - expected) <= tol.norm * EPS[dtype] * magnitude;
  if (expected === 0) return actual !== 0 && (near || (Math.sign(actual) === (Object.is(expected, -0) ? -1 : 1) && Math.abs(actual) <= tol.ulps * SMALLEST[dtype]));
  if (!Number.isFinite(expected) || !Number.isFinite(actual) || actual === 0) return Object.is(actual, expected) || (actual === 0 && near);
  return near || (Math.sign(actual) === Math.sign(expected) && stepsApart(actual, expected, dtype) <= tol.ulps);
}

const fmt = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
const pair = (h: HostArray, i: number) => `(${fmt(h.data[2 * i] as number)}, ${fmt(h.data[2 * i + 1] as number)})`;

/** '' where every element matches (element i with tolerance tol(i)), else the first mismatches with their inputs. */
export function mismatches(inputs: HostArray[], actual: HostArray, expected: HostArray, tol: (i: number) => PartTolerance): string {
  const dtype = actual.dtype as ComplexName;
  const n = actual.data.length / 2;
  const shown: string[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const [er, ei] = [expected.data[2 * i] as number, expected.data[2 * i + 1] as number];
    const t = tol(i), magnitude = Math.hypot(er, ei);
    if (partMatches(actual.data[2 * i] as number, er, dtype, t, magnitude) && partMatches(actual.data[2 * i + 1] as number, ei, dtype, t, magnitude)) continue;
    count++;
    if (shown.length < 8) shown.push(`  ${inputs.map((h) => pair(h, h.shape.length === 0 ? 0 : i)).join(', ')}: got ${pair(actual, i)}, NumPy ${pair(expected, i)}`);
  }
  return count === 0 ? '' : `${count} of ${n} differ:\n${shown.join('\n')}`;
}

export const HAS_GXX = spawnSync('g++', ['--version']).status === 0;
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
using std::signbit;
`;

/** One loop of the host program: the C expression `expr` (over in0, in1, ...) on each element of the inputs (same length, or 0-d). */
export interface HostCase {
  dtype: ComplexName;
  inputs: HostArray[];
  expr: (args: string[]) => string;
}

/**
 * Runs the cases' expressions over the CUDA complex prelude compiled for the host with g++, in
 * directory `dir`: the outputs, or an error (g++'s or the run's message).
 */
export function runOnHost(dir: string, cases: readonly HostCase[]): { error: string; outputs: HostArray[] } {
  const loops = cases.map(({ dtype, inputs, expr }, k) => {
    const c = DTYPES[dtype].cType;
    const n = Math.max(...inputs.map((h) => h.data.length / 2));
    const reads = inputs.map((h, j) => {
      writeFileSync(join(dir, `in${k}_${j}`), h.data);
      return `std::vector<${c}> in${j} = readAll<${c}>("${join(dir, `in${k}_${j}`)}", ${h.data.length / 2});`;
    });
    const args = inputs.map((h, j) => (h.data.length / 2 === n ? `in${j}[i]` : `in${j}[0]`));
    return `  { ${reads.join(' ')} std::vector<${c}> out(${n});
    for (int i = 0; i < ${n}; i++) out[i] = ${expr(args)};
    FILE* f = fopen("${join(dir, `out${k}`)}", "wb"); fwrite(out.data(), sizeof(${c}), ${n}, f); fclose(f); }`;
  });
  const program = `${HOST_SHIMS}${CUDA_COMPLEX_PRELUDE}
template <class C> std::vector<C> readAll(const char* path, int n) { std::vector<C> v(n); FILE* f = fopen(path, "rb"); fread(v.data(), sizeof(C), n, f); fclose(f); return v; }
int main() {
${loops.join('\n')}
  return 0;
}
`;
  writeFileSync(join(dir, 'complex.cpp'), program);
  const cc = spawnSync('g++', ['-std=c++17', '-O1', '-w', '-o', join(dir, 'complex'), join(dir, 'complex.cpp')], { encoding: 'utf8' });
  if (cc.status !== 0) return { error: `g++: ${cc.stderr}`, outputs: [] };
  const ran = spawnSync(join(dir, 'complex'), [], { encoding: 'utf8' });
  if (ran.status !== 0) return { error: `run: ${ran.stderr}`, outputs: [] };
  const outputs = cases.map(({ dtype, inputs }, k): HostArray => {
    const bytes = readFileSync(join(dir, `out${k}`));
    const data = dtype === 'complex64' ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    const shape = inputs.reduce((s, h) => (h.shape.length > s.length ? h.shape : s), [] as number[]);
    return { dtype, shape, data };
  });
  return { error: '', outputs };
}
