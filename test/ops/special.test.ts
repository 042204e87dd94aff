// cp.special against SciPy (skipped where SciPy is not installed): the elementwise functions op by
// dtype (SciPy's loops decide the result dtype) and over their domains' edges, and softmax,
// log_softmax and logsumexp over axes, with keepdims, infinities and NaN, 0-d and empty inputs.
// Tolerances: float64 rtol 1e-12, atol 1e-14 (the default: SciPy's own gammaln and digamma are
// off by far more than cupyts's near their zeros and poles; special-accuracy.test.ts measures
// cupyts's in ulps against mpmath); float32 rtol 1e-5, atol 1e-6.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { applyOp } from '../../src/api/operands.js';
import { ELEMENTWISE_OPS } from '../../src/ir/ops.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, DTYPE_NAMES, hostArray, numpy, randomArray, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const HAS_SCIPY = spawnSync('python3', ['-c', 'import scipy.special'], { stdio: 'ignore' }).status === 0;

/**
 * cp.special's result dtypes are SciPy's loops as scripts/gen_ufunc_loops.py read them (the
 * version is in src/ir/ufunc-loops.ts); SciPy's loop order changes between versions (1.17 lists
 * float64 first for int8). Against another SciPy the values are compared in SciPy's dtype.
 */
const LOOPS_SCIPY = /scipy\.special (\S+)/.exec(readFileSync(new URL('../../src/ir/ufunc-loops.ts', import.meta.url), 'utf8'))?.[1];
const ORACLE_SCIPY = HAS_SCIPY ? spawnSync('python3', ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' }).stdout.trim() : undefined;
const SAME_SCIPY = LOOPS_SCIPY !== undefined && LOOPS_SCIPY === ORACLE_SCIPY;

function expectMatches(actual: () => cp.NDArray, want: OracleResult): void {
  if (!want.ok) {
    expect(actual, `SciPy: ${want.error}`).toThrow(cp.CupytsError);
    return;
  }
  let result = actual();
  recordCuda(result);
  const expected = want.value as HostArray;
  if (!SAME_SCIPY && result.dtype.name !== expected.dtype) result = result.astype(expected.dtype);
  const cmp = compareArrays(toHost(result), expected);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

const float64 = (values: number[]): HostArray => hostArray('float64', [values.length], (i) => values[i]);

describe.skipIf(!HAS_SCIPY)('cp.special elementwise functions against SciPy', () => {
  const ops = ELEMENTWISE_OPS.filter((op) => op.module === 'special');

  describe('op x dtype (random values with NaN, ±Inf, ±0; integer extremes)', () => {
    const cases = ops.flatMap((op, k) => DTYPE_NAMES.map((dtype, j) => ({ op, dtype, h: randomArray(dtype, [37], 500 + 20 * k + j, { special: true, low: -3, high: 3 }) })));
    const want = numpy(cases.map((c) => ({ expr: `special.${c.op.ufunc}(a)`, inputs: { a: c.h } })));
    cases.forEach((c, i) => it(`${c.op.name} ${c.dtype}`, () => expectMatches(() => applyOp(c.op, [toDevice(c.h)]), want[i])));
  });

  describe('over their domains and edges (float64 and float32)', () => {
    const ramp = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const tails = (n: number) => Array.from({ length: n }, (_, i) => 10 ** -(i * 300 / n));
    const domains: Record<string, number[]> = {
      erf: [...ramp(-7, 7, 281), 1e-300, -1e-20, 0.5, 5.9, 6.1],
      erfc: [...ramp(-7, 28, 351), 26.5, 27.2, 1e-20],
      erfinv: [...ramp(-1, 1, 201), ...tails(30).map((t) => 1 - t), -0.999999999999, 1.5, -1.5, 1e-300],
      erfcinv: [...ramp(0, 2, 201), ...tails(60), ...tails(30).map((t) => 2 - t), -0.5, 2.5],
      gammaln: [...ramp(-30.25, 30.25, 243), 1, 2, 0, -1, -2, 1e-300, 1e10, 1e300, 2.5e305, -1e15 + 0.5, -0.5],
      digamma: [...ramp(-30.3, 30.3, 245), 1.4616321449683623, 0, -0, -1, -2, 1e-300, 1e10, 1e300, -1e15 + 0.25],
      expit: [...ramp(-800, 800, 161), -40, 40, 0],
      logit: [...ramp(0, 1, 201), 0.3, 0.65, 0.5, -0.5, 1.5, 1e-300],
    };
    const cases = ops.flatMap((op) => (['float64', 'float32'] as const).map((dtype) => {
      const values = float64(domains[op.name]);
      return { op, dtype, h: dtype === 'float64' ? values : { ...values, dtype, data: Float32Array.from(values.data as Float64Array) } as HostArray };
    }));
    const want = numpy(cases.map((c) => ({ expr: `special.${c.op.ufunc}(a)`, inputs: { a: c.h } })));
    cases.forEach((c, i) => it(`${c.op.name} ${c.dtype}`, () => expectMatches(() => applyOp(c.op, [toDevice(c.h)]), want[i])));
  });

  it('psi is digamma, and the functions take JS scalars (0-d results)', () => {
    expect(cp.special.psi).toBe(cp.special.digamma);
    const want = numpy([{ expr: 'np.asarray(special.erf(0.5))', inputs: {} }])[0];
    expectMatches(() => cp.special.erf(0.5), want);
  });
});

describe.skipIf(!HAS_SCIPY)('softmax, log_softmax, logsumexp against SciPy', () => {
  const x = randomArray('float64', [4, 5], 600, { low: -20, high: 20 });
  // rows: all -inf, one +inf, one NaN, very large values (stability)
  const edge = hostArray('float64', [4, 3], (i) => [-Infinity, -Infinity, -Infinity, Infinity, 1, 2, NaN, 1, 2, 1000, 1001, -1000][i]);
  const x32 = randomArray('float32', [3, 2, 4], 601, { low: -5, high: 5 });
  const i8 = randomArray('int8', [3, 4], 602, { low: -5, high: 5 });
  const zeroD = randomArray('float64', [], 603);
  const empty = randomArray('float32', [0, 3], 604);
  const axes: Array<{ py: string; js: number | number[] | null }> = [
    { py: 'None', js: null }, { py: '0', js: 0 }, { py: '1', js: 1 }, { py: '-1', js: -1 }, { py: '(0, 1)', js: [0, 1] },
  ];
  const cases: Array<{ label: string; expr: string; inputs: Record<string, HostArray>; run: () => cp.NDArray }> = [];
  for (const [name, input] of [['x', x], ['edge', edge], ['x32', x32], ['i8', i8]] as const) {
    for (const { py, js } of axes) {
      const a = () => toDevice(input);
      cases.push({ label: `softmax ${name} axis=${py}`, expr: `special.softmax(${name}, axis=${py})`, inputs: { [name]: input }, run: () => cp.special.softmax(a(), js) });
      cases.push({ label: `log_softmax ${name} axis=${py}`, expr: `special.log_softmax(${name}, axis=${py})`, inputs: { [name]: input }, run: () => cp.special.log_softmax(a(), { axis: js }) });
      cases.push({ label: `logsumexp ${name} axis=${py}`, expr: `np.asarray(special.logsumexp(${name}, axis=${py}))`, inputs: { [name]: input }, run: () => cp.special.logsumexp(a(), js) });
      cases.push({ label: `logsumexp ${name} axis=${py} keepdims`, expr: `special.logsumexp(${name}, axis=${py}, keepdims=True)`, inputs: { [name]: input }, run: () => cp.special.logsumexp(a(), { axis: js, keepdims: true }) });
    }
  }
  cases.push({ label: 'softmax 0-d', expr: 'np.asarray(special.softmax(z))', inputs: { z: zeroD }, run: () => cp.special.softmax(toDevice(zeroD)) });
  cases.push({ label: 'log_softmax 0-d', expr: 'np.asarray(special.log_softmax(z))', inputs: { z: zeroD }, run: () => cp.special.log_softmax(toDevice(zeroD)) });
  cases.push({ label: 'logsumexp 0-d', expr: 'np.asarray(special.logsumexp(z))', inputs: { z: zeroD }, run: () => cp.special.logsumexp(toDevice(zeroD)) });
  const empty1 = randomArray('float64', [0], 605); // SciPy 1.17 fails on a 2-d empty array with axis=None
  cases.push({ label: 'logsumexp empty', expr: 'np.asarray(special.logsumexp(e))', inputs: { e: empty1 }, run: () => cp.special.logsumexp(toDevice(empty1)) });
  cases.push({ label: 'logsumexp empty axis=0', expr: 'special.logsumexp(e, axis=0)', inputs: { e: empty }, run: () => cp.special.logsumexp(toDevice(empty), 0) });
  cases.push({ label: 'logsumexp empty axis=1', expr: 'special.logsumexp(e, axis=1)', inputs: { e: empty }, run: () => cp.special.logsumexp(toDevice(empty), 1) });
  cases.push({ label: 'logsumexp of a JS list (int -> float64)', expr: 'np.asarray(special.logsumexp([1, 2, 3]))', inputs: {}, run: () => cp.special.logsumexp([1, 2, 3]) });
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => it(c.label, () => expectMatches(c.run, want[i])));

  it('fuses: softmax over an axis is at most two kernels (max, then exp-sum-divide), logsumexp likewise', () => {
    const a = toDevice(x);
    expect(cp.explain(cp.special.softmax(a, 1)).kernels.length).toBeLessThanOrEqual(2);
    expect(cp.explain(cp.special.log_softmax(a, 1)).kernels.length).toBeLessThanOrEqual(2);
    expect(cp.explain(cp.special.logsumexp(a, 1)).kernels.length).toBeLessThanOrEqual(2);
  });

  it('refuses what it does not support, naming the function', () => {
    const a = toDevice(x);
    const anyFn = (f: unknown) => f as (...args: unknown[]) => unknown;
    expect(() => anyFn(cp.special.logsumexp)(a, { b: a })).toThrow(/^logsumexp: the option 'b' is not supported yet/);
    expect(() => anyFn(cp.special.logsumexp)(a, { return_sign: true })).toThrow(/^logsumexp: the option 'return_sign' is not supported yet/);
    expect(() => anyFn(cp.special.softmax)(a, { axes: 1 })).toThrow(/^softmax: unknown option 'axes'/);
    expect(() => anyFn(cp.special.softmax)(a, 1.5)).toThrow(/^softmax: expected axis to be/);
    expect(() => anyFn(cp.special.log_softmax)(a, 0, 1)).toThrow(/^log_softmax: expected at most 2 positional arguments/);
    expect(() => anyFn(cp.special.logsumexp)(a, 0, 'yes')).toThrow(/^logsumexp: expected keepdims to be a boolean/);
    expect(() => cp.special.softmax(toDevice(randomArray('bool', [3], 1)))).toThrow(/^softmax: expected a numeric dtype/);
    expect(() => cp.special.softmax(a, 2)).toThrow(cp.CupytsError);
    expect(() => anyFn(cp.special.erf)('x')).toThrow(/^erf: expected an array/);
  });
});

// Runs last: every CUDA kernel the cases above built compiles with NVRTC.
describe.skipIf(!HAS_NVRTC || !HAS_SCIPY)('NVRTC', () => {
  it('compiles every generated kernel above', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(40);
  }, 600_000);
});
