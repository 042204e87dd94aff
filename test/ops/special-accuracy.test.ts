// cp.special's gammaln, digamma (psi), erf and erfc against exact values (mpmath at 120 bits;
// skipped where mpmath is not installed), in ulps of the correctly rounded result: float64 within
// 4 ulps (measured: 1 to 3) where the function is well conditioned: gammaln next to its zeros at 1
// and 2 (x = 1 ± 2^-k, 2 ± 2^-k) and of tiny, subnormal, huge and negative x; digamma next to its
// roots 1.4616... and -0.5040..., of tiny x of either sign (-5e-324 is +inf) and next to its
// poles; erfc through its tail into the subnormals and its zero past 27.3. float32 within 1 ulp
// (computed in float64, then rounded). Next to the zeros of gammaln and digamma below -2, where
// every method cancels (SciPy's too), the error is checked in absolute terms, 4e-16 times the
// function's terms. Special values (NaN, ±inf, ±0, poles) exactly as SciPy gives them. The CUDA
// twins of gammaln, digamma and erfc (cuda-special.ts) are checked the same way compiled on the
// host with g++, the host's libm standing in for CUDA's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUDA_SPECIAL_PRELUDE } from '../../src/codegen/cuda-special.js';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const HAS_MPMATH = spawnSync('python3', ['-c', 'import mpmath'], { stdio: 'ignore' }).status === 0;

/** The exact values, correctly rounded to float64 and to float32, as Python's repr. */
const REFERENCE = String.raw`
import json, sys
import mpmath as mp
import numpy as np
mp.mp.prec = 120
F = {'gammaln': lambda x: mp.log(abs(mp.gamma(x))) if x < 170 else mp.loggamma(x), 'digamma': mp.digamma, 'erf': mp.erf, 'erfc': mp.erfc}
def exact(name, x):
    if x != x: return float('nan')
    if x in (float('inf'), float('-inf')):
        return {'gammaln': x, 'digamma': float('inf') if x > 0 else float('nan'), 'erf': 1.0 if x > 0 else -1.0, 'erfc': 0.0 if x > 0 else 2.0}[name]
    if name == 'gammaln' and x <= 0 and x == int(x): return float('inf')
    if name == 'digamma' and x == 0: return float('-inf') if str(x)[0] != '-' else float('inf')
    if name == 'digamma' and x < 0 and x == int(x): return float('nan')
    return F[name](mp.mpf(x))
out = {}
np.seterr(over='ignore')
for key, xs in json.load(sys.stdin).items():
    name = key[:-2] if key.endswith('32') else key
    vals = [exact(name, float(x)) for x in xs]
    out[key] = [[repr(float(v)), repr(float(np.float32(float(v))))] for v in vals]
print(json.dumps(out))
`;

const NAN = Number.NaN;
const pow2 = (k: number) => 2 ** -k;
const around = (c: number) => Array.from({ length: 52 }, (_, k) => [c + pow2(k + 1), c - pow2(k + 1)]).flat();
/** Deterministic points spread over [lo, hi]. */
const spread = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.37)) / n);
const logSpread = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => 10 ** (lo + ((hi - lo) * (i + 0.5)) / n));

/** Well-conditioned points (checked in ulps), by function. */
const POINTS: Record<string, number[]> = {
  gammaln: [
    ...around(1), ...around(2), ...spread(0, 3, 120), ...spread(3, 12, 60), ...spread(12, 1000, 40), ...logSpread(3, 305, 30),
    ...logSpread(-320, -1, 40), ...logSpread(-320, -1, 40).map((x) => -x), 5e-324, -5e-324, 1.4616321449683622, 2.5e305,
    -0.25, -0.5000001, -0.75, -1.25, -1.5, -3.5, -4.25, -100.3, -171.5, -1e15 + 0.5,
  ],
  digamma: [
    ...spread(0, 12, 150), ...spread(12, 1e4, 40), ...logSpread(4, 308, 30), ...logSpread(-320, -1, 50), ...logSpread(-320, -1, 50).map((x) => -x),
    ...Array.from({ length: 40 }, (_, k) => 1.4616321449683622 + (k - 20) * 2 ** -40), 1.4616321449683622, 1.4616321449683623,
    ...Array.from({ length: 40 }, (_, k) => -0.5040830082644554 + (k - 20) * 2 ** -40), ...spread(-0.6, -0.4, 40),
    -1 + 1e-10, -1 - 1e-10, -2 + 1e-12, -1.999999999999, -3.000000001, -1.5, -2.5, -100.5, -1e10 - 0.5, -1e15 + 0.25,
  ],
  erf: [...spread(-7, 7, 200), ...logSpread(-320, 0, 40), ...logSpread(-320, 0, 40).map((x) => -x)],
  erfc: [...spread(-7, 28, 300), ...spread(26.5, 27.3, 40), ...logSpread(-320, 0, 40), ...logSpread(-320, 0, 40).map((x) => -x)],
};
/** Next to the zeros of gammaln and digamma below -2: checked within 4e-16 times `scale` (the size of the terms that cancel). */
const CANCELLING: Record<string, { xs: number[]; scale: number }> = {
  gammaln: { xs: [-2.4571, -2.4570247382208006, -2.5, -2.7476826467, -3.1435, -3.9552942, -4.0390], scale: 2 },
  digamma: { xs: [-1.573498473162, -2.610720868444, -3.635293366436, -7.687930091130239, -13.723254265408739], scale: 2 * Math.PI * 14 },
};
const SPECIAL: Record<string, number[]> = {
  gammaln: [NAN, Infinity, -Infinity, 0, -0, -1, -2, -1e20, 1, 2],
  digamma: [NAN, Infinity, -Infinity, 0, -0, -1, -2, -1e20],
  erf: [NAN, Infinity, -Infinity, 0, -0, 30, -30],
  erfc: [NAN, Infinity, -Infinity, 0, -0, 27.3, 30, -30],
};

/** A double's bits as an integer ordered like the doubles (-0 next to +0), for distances in ulps. */
function ordered(x: number, dtype: 'float32' | 'float64'): bigint {
  const view = new DataView(new ArrayBuffer(8));
  if (dtype === 'float64') {
    view.setFloat64(0, x);
    const b = view.getBigInt64(0);
    return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
  }
  view.setFloat32(0, x);
  const b = view.getInt32(0);
  return BigInt(b < 0 ? -(b & 0x7fffffff) : b);
}
function ulps(got: number, want: number, dtype: 'float32' | 'float64'): number {
  if (Number.isNaN(got) || Number.isNaN(want)) return Number.isNaN(got) && Number.isNaN(want) ? 0 : Infinity;
  if (got === want) return 0;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return Infinity;
  const d = ordered(got, dtype) - ordered(want, dtype);
  return Number(d < 0n ? -d : d);
}

const HAS_GXX = spawnSync('g++', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * The CUDA twins (cuda-special.ts) run on the host: compiled with g++, the host's libm standing in
 * for CUDA's (exp, log, tan, sinpi: each within a few ulps on both). Returns f(x) for each x.
 */
function hostCuda(name: string, xs: readonly number[]): number[] {
  const call = { gammaln: 'cp_gammaln', digamma: 'cp_digamma', erfc: 'cp_erfc' }[name]!;
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-special-'));
  try {
    const program = `#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#define CP_D static inline
inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, 8); return d; }
// CUDA's sinpi: sin(pi x) with x reduced exactly
inline double sinpi(double x) { double r = std::fmod(x, 2.0); if (r > 1) r -= 2; else if (r <= -1) r += 2; if (r > 0.5) r = 1 - r; else if (r < -0.5) r = -1 - r; return std::sin(M_PI * r); }
using std::exp; using std::log; using std::tan; using std::floor; using std::rint; using std::fabs; using std::signbit;
${CUDA_SPECIAL_PRELUDE}
int main(int argc, char** argv) {
  FILE* in = std::fopen(argv[1], "rb"); std::vector<double> x(${xs.length}); std::fread(x.data(), 8, x.size(), in); std::fclose(in);
  for (double& v : x) v = ${call}(v);
  FILE* out = std::fopen(argv[2], "wb"); std::fwrite(x.data(), 8, x.size(), out); std::fclose(out);
}`;
    writeFileSync(join(dir, 'special.cpp'), program);
    writeFileSync(join(dir, 'in.bin'), Float64Array.from(xs));
    const built = spawnSync('g++', ['-std=c++17', '-O1', '-ffp-contract=off', '-o', join(dir, 'special'), join(dir, 'special.cpp')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`g++: ${built.stderr}`);
    const ran = spawnSync(join(dir, 'special'), [join(dir, 'in.bin'), join(dir, 'out.bin')], { encoding: 'utf8' });
    if (ran.status !== 0) throw new Error(`special: ${ran.stderr}`);
    const bytes = readFileSync(join(dir, 'out.bin'));
    return Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, xs.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fns = cp.special as unknown as Record<string, (x: cp.NDArray) => cp.NDArray>;
const f32 = (x: number) => Math.fround(x);

describe.skipIf(!HAS_MPMATH)('cp.special against mpmath', () => {
  const names = Object.keys(POINTS);
  const inputs: Record<string, number[]> = {};
  for (const name of names) {
    const xs = [...POINTS[name], ...CANCELLING[name]?.xs ?? [], ...SPECIAL[name]];
    inputs[name] = xs;
    inputs[`${name}32`] = [...POINTS[name].map(f32).filter((x) => x !== 0 || 1 / x > 0), ...SPECIAL[name].map(f32)];
  }
  // each x as Python's float() reads it (-0.0, NaN and Infinity included; JSON has none of them)
  const asText = Object.fromEntries(Object.entries(inputs).map(([k, xs]) => [k, xs.map((x) => (Object.is(x, -0) ? '-0.0' : String(x)))]));
  const run = HAS_MPMATH ? spawnSync('python3', ['-c', REFERENCE], { input: JSON.stringify(asText), encoding: 'utf8', maxBuffer: 1 << 26 }) : null;
  const refs: Record<string, [string, string][]> = run && run.status === 0 ? JSON.parse(run.stdout) : {};
  const value = (s: string) => (s === 'nan' ? NAN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

  it('has its references', () => expect(run?.stderr ?? '', run?.stderr).toBe(''));

  /** The failures of `got` (f at inputs[key]) against the exact values, in `dtype`. */
  function failuresOf(name: string, key: string, dtype: 'float64' | 'float32', got: readonly number[]): string[] {
    const xs = inputs[key];
    const want = refs[key].map(([d, s]) => value(dtype === 'float64' ? d : s));
    const cancelling = new Set(dtype === 'float64' ? CANCELLING[name]?.xs ?? [] : []);
    const limit = dtype === 'float64' ? 4 : 1;
    const failures: string[] = [];
    xs.forEach((x, i) => {
      if (cancelling.has(x)) {
        const err = Math.abs(got[i] - want[i]);
        if (!(err <= 4e-16 * CANCELLING[name].scale)) failures.push(`${name}(${x}) = ${got[i]}, exact ${want[i]}: off by ${err}`);
        return;
      }
      const u = ulps(got[i], want[i], dtype);
      if (u > limit) failures.push(`${name}(${x}) = ${got[i]}, exact ${want[i]}: ${u} ulps`);
    });
    return failures;
  }

  for (const name of names) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${name} ${dtype}`, () => {
        const key = dtype === 'float64' ? name : `${name}32`;
        const result = fns[name](cp.asarray(inputs[key], { dtype }));
        recordCuda(result);
        expect(result.dtype.name).toBe(dtype);
        const failures = failuresOf(name, key, dtype, result.toArraySync() as number[]);
        expect(failures, failures.join('\n')).toEqual([]);
      });
    }
  }

  for (const name of ['gammaln', 'digamma', 'erfc']) {
    it.skipIf(!HAS_GXX)(`${name} float64 of cuda-special.ts, on the host`, () => {
      const failures = failuresOf(name, name, 'float64', hostCuda(name, inputs[name]));
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC && HAS_MPMATH, 4);
