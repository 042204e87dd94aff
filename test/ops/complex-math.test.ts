// Complex exp, exp2, log, log2, log10, sqrt, sin, cos, tan, sinh, cosh, tanh, their inverses
// (arcsin ... arctanh), log1p, expm1, sinc and rint against NumPy where a textbook formula breaks:
// C99 Annex G's special values (±0, ±inf, NaN parts), factors that overflow while the result fits
// (exp(710+1j), sin(0+800j)), cancellation (log near |z| = 1, tan near its poles, arcsin near ±1,
// log1p and expm1 near 0), parts near the largest and smallest floats (sqrt(1e308), subnormals).
// complex64 and complex128, on the current backend and on the CUDA prelude's functions compiled for
// the host (g++, with the host's libm standing in for CUDA's). Result parts are compared as
// test/helpers/complex-check.ts says: ±0, ±inf and NaN exactly, others within ULPS units in the last
// place (expm1 and sinc, whose NumPy formulas cancel between the parts' terms: within NORM eps of
// |result|). log1p is checked against an accurate log1p where z is finite: NumPy's
// log(hypot(1 + x, y)) loses the digits of a small z (np.log1p(1e-10+0j).real is 1.00000008e-10),
// which cupyts keeps. Every CUDA kernel built here compiles with NVRTC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOp } from '../../src/api/operands.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { ELEMENTWISE_OPS, type ElementwiseOp } from '../../src/ir/ops.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { currentRunner } from '../../src/api/context.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { COMPLEX_NAMES, HAS_GXX, mismatches, runOnHost, type ComplexName, type HostCase, type PartTolerance } from '../helpers/complex-check.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { numpy, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const FUNCTIONS = ['exp', 'exp2', 'log', 'log2', 'log10', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh',
  'arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh', 'log1p', 'expm1', 'sinc', 'rint'];
const opNamed = (name: string): ElementwiseOp => ELEMENTWISE_OPS.find((op) => op.name === name)!;
/**
 * Units in the last place allowed where NumPy's result part is finite and nonzero: 4 against glibc,
 * 8 on a GPU, whose sin, cos, sinh and cosh are within 2 ulp each (CUDA's math library; tan(-89 -
 * 3e-5j)'s imaginary part came out 5 ulp from glibc's on an H100).
 */
const ULPS = currentRunner().kind === 'cuda' ? 8 : 4;
/** expm1 and sinc: eps · |result| allowed per part (NumPy's float steps, e.g. expm1(0.6+1j) complex64, differ by 30 ulps of the real part). */
const NORM = 4;
const TOLERANCE: Record<string, PartTolerance> = { expm1: { ulps: ULPS, norm: NORM }, sinc: { ulps: ULPS, norm: NORM } };
const toleranceOf = (name: string): PartTolerance => TOLERANCE[name] ?? { ulps: ULPS };

// log1p: test/helpers/numpy_oracle.py's log1p_exact, NumPy's log1p made accurate where z is finite.
const oracleOf = (name: string) => (name === 'log1p' ? 'log1p_exact(z)' : `np.${name}(z)`);

// Parts of the grid: zeros, tiny and subnormal, near 1 (log), near the poles of tan (pi/2 as a
// double, its neighbours, as a float, 1.570956139641586, 3 pi/2), each precision's thresholds
// (tanh's 44 and 354, exp's 88 and 709, twice them), overflow (710, 800, 1e10), the largest floats;
// the inverse functions' thresholds (1 / eps, sqrt(eps), sqrt(min), of each precision) and points near ±1.
const HALF_PI = Math.PI / 2;
const PARTS = [
  0, -0, 1e-10, -1e-10, 5e-324, 1e-300, 1e-40, 0.5, 0.6, -0.8, 1, -1, 1.0000001, 2, -2.5, 3, 20, 44, 45, -89,
  100, 177, 354, -355, 709, -709.5, 710, 800, 1419, 1e10, -1e10, 3e38, 1e308, -1.7976931348623157e308,
  HALF_PI, -HALF_PI, HALF_PI + 2.220446049250313e-16, Math.fround(HALF_PI), 1.570956139641586, 3 * HALF_PI,
  Infinity, -Infinity, NaN, 1e-8, -3e-5, 0.999999, 1e16, 4503599627370497, 1.5e-154, 1 - 2 ** -53, 1 + 2 ** -52, 0.1,
  8388609, -2e-4, 4e-19, 1e-19,
];
/** Points off the grid: |z| = 1 exactly or nearly (log's cancellation), small pairs (sqrt's scaling, log1p, expm1), near -1 (log1p). */
const EXTRA: Array<[number, number]> = [
  [0.6, 0.8], [-0.6, 0.8], [0.28, -0.96], [0.7071067811865476, 0.7071067811865476], [0.999, 0.0447101778], [1, 1e-10],
  [1.5, 0.3], [3, 4], [1e-170, 1e-170], [1e-310, 3e-310], [-1e-310, 5e-324], [1e-5, 1e-5], [-1e-5, 2e-5], [1e-3, -1e-3],
  [-0.5, 1e-9], [-1 + 1e-9, 0.001], [-0.8, 1],
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
  // small arguments, where a textbook formula loses the digits: arcsin z = -i log(iz + sqrt(1 - z^2)), expm1 = exp - 1
  ['arcsin', 1e-9, 1e-9], ['arcsinh', 3e-8, -1e-12], ['arctanh', 1e-9, 2e-9], ['arccos', 1, 1e-12], ['arccosh', 1, 1e-300],
  ['expm1', 1e-10, 1e-10], ['expm1', -1e-12, 3e-8], ['expm1', Infinity, 0], ['sinc', 1e-9, 0], ['sinc', 0, -0],
];
const auditInput = (dtype: ComplexName, re: number, im: number): HostArray =>
  ({ dtype, shape: [1], data: dtype === 'complex64' ? Float32Array.of(re, im) : Float64Array.of(re, im) });

const grids = Object.fromEntries(COMPLEX_NAMES.map((d) => [d, grid(d)])) as Record<ComplexName, HostArray>;
const gridCases = FUNCTIONS.flatMap((name) => COMPLEX_NAMES.map((dtype) => ({ name, dtype })));
const auditCases = AUDIT.flatMap(([name, re, im]) => COMPLEX_NAMES.map((dtype) => ({ name, dtype, input: auditInput(dtype, re, im) })));
const expected: OracleResult[] = numpy([
  ...gridCases.map(({ name, dtype }) => ({ expr: oracleOf(name), inputs: { z: grids[dtype] } })),
  ...auditCases.map(({ name, input }) => ({ expr: oracleOf(name), inputs: { z: input } })),
]);
const valueOf = (r: OracleResult): HostArray => { expect(r.ok).toBe(true); return (r as { value: HostArray }).value; };

function run(name: string, input: HostArray): HostArray {
  const result = applyOp(opNamed(name), [toDevice(input)]);
  recordCuda(result);
  return toHost(result);
}

describe('complex functions at the audit cases, against NumPy', () => {
  auditCases.forEach(({ name, dtype, input }, k) => {
    it(`${name}(${input.data[0]}${Object.is(input.data[1], -0) || (input.data[1] as number) < 0 ? '' : '+'}${input.data[1]}j) ${dtype}`, () => {
      expect(mismatches([input], run(name, input), valueOf(expected[gridCases.length + k]), () => toleranceOf(name))).toBe('');
    });
  });
});

describe('complex functions on a grid of special values, against NumPy', () => {
  gridCases.forEach(({ name, dtype }, k) => {
    it(`${name} ${dtype} (${grids[dtype].shape[0]} values)`, () => {
      expect(mismatches([grids[dtype]], run(name, grids[dtype]), valueOf(expected[k]), () => toleranceOf(name))).toBe('');
    });
  });
});

describe('complex log1p near the circle |1 + z| = 1', () => {
  // log |1 + z| is tiny there and NumPy gives 0; each real part is log1p(d) / 2 for d = 2x + x^2 + y^2
  // worked out exactly (Python's fractions.Fraction on the doubles), the imaginary part atan2(y, 1 + x).
  const cases: Array<[number, number, number]> = [
    [-0.2, 0.6, -2.2204460492503132e-17], [-0.5, 0.8660254037844386, -4.345318932600586e-17], [-1e-8, 1.4142135623730951e-4, 5.00000002318269e-17],
  ];
  it.each(cases)('log1p(%d%+dj)', (x, y, re) => {
    const input: HostArray = { dtype: 'complex128', shape: [1], data: Float64Array.of(x, y) };
    const want: HostArray = { dtype: 'complex128', shape: [1], data: Float64Array.of(re, Math.atan2(y, 1 + x)) };
    expect(mismatches([input], run('log1p', input), want, () => ({ ulps: 2 }))).toBe('');
  });
});

describe('new complex functions on 0-d and empty arrays, against NumPy', () => {
  const names = ['arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh', 'log1p', 'expm1', 'sinc', 'rint'];
  const inputs = COMPLEX_NAMES.flatMap((dtype) => [
    { dtype, shape: [], data: dtype === 'complex64' ? Float32Array.of(0.3, -2.5) : Float64Array.of(0.3, -2.5) },
    { dtype, shape: [0], data: dtype === 'complex64' ? new Float32Array(0) : new Float64Array(0) },
    { dtype, shape: [2, 0, 3], data: dtype === 'complex64' ? new Float32Array(0) : new Float64Array(0) },
  ] as HostArray[]);
  const cases = names.flatMap((name) => inputs.map((input) => ({ name, input })));
  const want = numpy(cases.map(({ name, input }) => ({ expr: `np.${name}(z)`, inputs: { z: input } })));
  cases.forEach(({ name, input }, k) => {
    it(`${name} ${input.dtype} shape [${input.shape.join(', ')}]`, () => {
      const got = run(name, input), value = valueOf(want[k]);
      expect(got.shape).toEqual(value.shape);
      expect(got.dtype).toBe(value.dtype);
      expect(mismatches([input], got, value, () => toleranceOf(name))).toBe('');
    });
  });
});

describe.skipIf(!HAS_GXX)('the CUDA prelude compiled for the host, against NumPy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-complex-math-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let host: ReturnType<typeof runOnHost> | undefined;
  const hostCases: HostCase[] = gridCases.map(({ name, dtype }) => ({ dtype, inputs: [grids[dtype]], expr: (args) => opNamed(name).cuda(args, DTYPES[dtype]) }));
  gridCases.forEach(({ name, dtype }, k) => {
    it(`${name} ${dtype}`, () => {
      host ??= runOnHost(dir, hostCases);
      expect(host.error).toBe('');
      expect(mismatches([grids[dtype]], host.outputs[k], valueOf(expected[k]), () => toleranceOf(name))).toBe('');
    });
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
