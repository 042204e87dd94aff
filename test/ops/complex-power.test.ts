// Complex power against NumPy (np.power's complex loops, npy_cpow): a ** 0 = 1, 0 ** b = 0 where
// Re b > 0 (else NaN), an integer exponent below 100 by squaring in the loop's precision (complex64:
// float products, overflow to inf and the inf - inf = NaN that follows included), and any other
// power as glibc's cpow: exp(b log a), b log a a C99 complex product, which recovers infinities:
// (inf + i inf) ** (1 + i NaN) is inf + i NaN, (1j) ** (inf + i inf) is 0, not NaN + i NaN.
// Compared on a grid of special bases and exponents, on the current backend and on the CUDA
// prelude compiled for the host. An integer power must be NumPy's to the bit (on x86-64, where
// NumPy's loops use no fused multiply-add). Any other power, exp(w) for w = b log a, within
// ULPS + 2|w| eps of |result| (exp turns w's rounding error into |w| eps of relative error), and a
// zero part of either sign where w has a NaN part: NumPy's sign there is the sign bit of that NaN
// (cexp(-inf + i NaN) = 0 with the NaN's sign), which the processor chose (a NaN made by inf * 0 in
// b log a is negative on x86, positive on ARM and in CUDA; of two NaN operands, which one a sum
// keeps differs too), so it depends on the platform: (inf + 0j) ** -0.5 and (0 + inf j) ** (-inf + 1j)
// are 0 - 0j on x86 and 0 + 0j on ARM. Where |Im(b log a)| eps passes pi, an infinite part may take
// either sign (its direction is rounding noise).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOp, type ArrayOrScalar } from '../../src/api/operands.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { ELEMENTWISE_OPS } from '../../src/ir/ops.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { COMPLEX_NAMES, HAS_GXX, mismatches, runOnHost, type ComplexName, type PartTolerance } from '../helpers/complex-check.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { numpy, randomArray, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const power = ELEMENTWISE_OPS.find((op) => op.name === 'power')!;
const ULPS = 4;
/** NumPy's integer powers on x86-64 are plain float products: the same steps give the same bits. */
const EXACT_INTEGER_POWERS = process.arch === 'x64';

const PARTS = [0, -0, 1, -1, Infinity, -Infinity, NaN, 2, 0.5, -3, 1e300, 1e-300, 0.7];
const BASES: Array<[number, number]> = PARTS.flatMap((re) => PARTS.map((im): [number, number] => [re, im]));
const EXPONENTS: Array<[number, number]> = [
  [0, 0], [-0, -0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [-1, 0], [-2, 0], [-3, 0], [7, 0], [-7, 0], [50, 0], [99, 0], [-99, 0],
  [100, 0], [-100, 0], [0.5, 0], [-0.5, 0], [2.5, 0], [1e10, 0], [1e300, 0], [Infinity, 0], [-Infinity, 0], [NaN, 0], [2, -0],
  [-2, -0], [0, 1], [1, 1], [0.5, -2], [-1, 0.5], [-0, 1], [0, -1], [3, 1e-300], [0, Infinity], [Infinity, Infinity],
  [0, NaN], [1, NaN], [NaN, 1], [Infinity, 1], [-Infinity, 1],
];

function pairs(dtype: ComplexName, values: Array<[number, number]>): HostArray {
  const data = dtype === 'complex64' ? new Float32Array(2 * values.length) : new Float64Array(2 * values.length);
  values.forEach(([re, im], i) => { data[2 * i] = re; data[2 * i + 1] = im; });
  return { dtype, shape: [values.length], data };
}
const grid = (dtype: ComplexName) => ({
  a: pairs(dtype, BASES.flatMap((a) => EXPONENTS.map(() => a))),
  b: pairs(dtype, BASES.flatMap(() => EXPONENTS)),
});

const isIntegerPower = (re: number, im: number) => im === 0 && re > -100 && re < 100 && Number.isInteger(re);
/** Element i's tolerance for a ** b (b a scalar: the same for every element). */
function toleranceOf(a: HostArray, b: HostArray | number): (i: number) => PartTolerance {
  return (i) => {
    const [ar, ai] = [a.data[2 * i] as number, a.data[2 * i + 1] as number];
    const [br, bi] = typeof b === 'number' ? [b, 0] : [b.data[2 * i] as number, b.data[2 * i + 1] as number];
    if (isIntegerPower(br, bi)) return { ulps: EXACT_INTEGER_POWERS ? 0 : ULPS };
    const [lr, li] = [Math.log(Math.hypot(ar, ai)), Math.atan2(ai, ar)];
    const [wr, wi] = [br * lr - bi * li, br * li + bi * lr];
    const w = Math.hypot(wr, wi);
    // Past |Im w| eps > pi the angle's rounding alone turns the result around: which way an infinite
    // result points is noise (a GPU's fused multiply-adds in b log a round it otherwise than x86).
    const eps = a.dtype === 'complex64' ? 2 ** -23 : 2 ** -52;
    return { ulps: ULPS, norm: ULPS + 2 * (Number.isFinite(w) ? w : 0), anyZeroSign: Number.isNaN(wr) || Number.isNaN(wi), anyInfSign: Math.abs(wi) * eps > Math.PI };
  };
}

function run(a: HostArray, b: HostArray | number): HostArray {
  const result = applyOp(power, [toDevice(a), typeof b === 'number' ? b : toDevice(b)] as ArrayOrScalar[]);
  recordCuda(result);
  return toHost(result);
}

const grids = Object.fromEntries(COMPLEX_NAMES.map((d) => [d, grid(d)])) as Record<ComplexName, { a: HostArray; b: HostArray }>;
// Integer powers of random bases (|parts| < 2), each exponent up to 99: where complex64 computed
// in float64 rounded at the end drifts from NumPy's float products by a few ulps.
const INTEGERS = [-99, -64, -31, -7, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7, 13, 31, 64, 99];
const random = Object.fromEntries(COMPLEX_NAMES.map((d, k) => [d, randomArray(d, [64], 700 + k, { low: -2, high: 2 })])) as Record<ComplexName, HostArray>;
const scalarCases = COMPLEX_NAMES.flatMap((dtype) => INTEGERS.map((n) => ({ dtype, n })));
const SHAPES = [[], [0], [3, 0]];
const shapeCases = COMPLEX_NAMES.flatMap((dtype) => SHAPES.map((shape) => {
  const size = shape.reduce((s, n) => s * n, 1);
  const values = (re: number, im: number) => Array.from({ length: size }, (): [number, number] => [re, im]);
  return { a: { ...pairs(dtype, values(1.5, -0.5)), shape }, b: { ...pairs(dtype, values(-3, 0)), shape } };
}));
const expected: OracleResult[] = numpy([
  ...COMPLEX_NAMES.map((d) => ({ expr: 'np.power(a, b)', inputs: grids[d] })),
  ...scalarCases.map(({ dtype, n }) => ({ expr: `np.power(a, ${n})`, inputs: { a: random[dtype] } })),
  ...shapeCases.map((inputs) => ({ expr: 'np.power(a, b)', inputs })),
]);
const valueOf = (r: OracleResult): HostArray => { expect(r.ok).toBe(true); return (r as { value: HostArray }).value; };

describe('complex power on a grid of special bases and exponents, against NumPy', () => {
  COMPLEX_NAMES.forEach((dtype, k) => {
    it(`${dtype} (${grids[dtype].a.shape[0]} pairs)`, () => {
      const { a, b } = grids[dtype];
      expect(mismatches([a, b], run(a, b), valueOf(expected[k]), toleranceOf(a, b))).toBe('');
    });
  });
});

describe('complex integer powers follow NumPy to the bit', () => {
  scalarCases.forEach(({ dtype, n }, k) => {
    it(`${dtype} ** ${n}`, () => {
      const a = random[dtype];
      expect(mismatches([a], run(a, n), valueOf(expected[COMPLEX_NAMES.length + k]), toleranceOf(a, n))).toBe('');
    });
  });
});

describe('complex power of 0-d and empty arrays', () => {
  shapeCases.forEach(({ a, b }, k) => {
    it(`${a.dtype} shape [${a.shape.join(', ')}]`, () => {
      const got = run(a, b), want = valueOf(expected[COMPLEX_NAMES.length + scalarCases.length + k]);
      expect([got.dtype, got.shape]).toEqual([want.dtype, want.shape]);
      expect(mismatches([a, b], got, want, toleranceOf(a, b))).toBe('');
    });
  });
});

describe.skipIf(!HAS_GXX)('the CUDA prelude compiled for the host, against NumPy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-complex-power-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let host: ReturnType<typeof runOnHost> | undefined;
  const cases = [
    ...COMPLEX_NAMES.map((dtype) => ({ dtype, inputs: [grids[dtype].a, grids[dtype].b] })),
    ...scalarCases.map(({ dtype, n }) => ({ dtype, inputs: [random[dtype], pairs(dtype, [[n, 0]])] })),
  ];
  cases.forEach(({ dtype, inputs }, k) => {
    const [a, b] = inputs;
    it(`${dtype} ${k < COMPLEX_NAMES.length ? 'grid' : `** ${b.data[0]}`}`, () => {
      host ??= runOnHost(dir, cases.map((c) => ({ ...c, expr: (args: string[]) => power.cuda(args, DTYPES[c.dtype]) })));
      expect(host.error).toBe('');
      const tol = k < COMPLEX_NAMES.length ? toleranceOf(a, b) : toleranceOf(a, b.data[0] as number);
      expect(mismatches(inputs, host.outputs[k], valueOf(expected[k]), tol)).toBe('');
    });
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 4);
