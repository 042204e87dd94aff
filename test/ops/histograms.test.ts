// bincount, digitize, histogram, histogram2d and histogramdd against NumPy: dtypes, weights,
// minlength, equal bins and explicit edges, range, density, values on the edges and out of range,
// NaN, empty input. Every kernel built compiles with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { addEvaluationObserver } from '../../src/api/explain-hook.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 5700;

describe('bincount and digitize', () => {
  it('as NumPy', () => {
    const cases: ValueCase[] = [];
    for (const dtype of ['bool', 'uint8', 'int16', 'int32', 'int64'] as DTypeName[]) {
      const x = randomArray(dtype, [50], seed++, dtype === 'bool' ? {} : { low: 0, high: 12 });
      const w = randomArray('float32', [50], seed++);
      cases.push(
        { label: `bincount ${dtype}`, expr: 'np.bincount(x)', inputs: { x }, run: () => cp.bincount(toDevice(x)) },
        { label: `bincount ${dtype} minlength`, expr: 'np.bincount(x, minlength=20)', inputs: { x }, run: () => cp.bincount(toDevice(x), null, 20) },
        { label: `bincount ${dtype} weights`, expr: 'np.bincount(x, weights=w)', inputs: { x, w }, run: () => cp.bincount(toDevice(x), { weights: toDevice(w) }), approx: true },
      );
    }
    // Unsigned and bool x: what the dtype says is not read back (uint8 into 256 bins: nothing).
    const bytes = randomArray('uint8', [300], seed++, { low: 0, high: 256 });
    const shorts = randomArray('uint16', [300], seed++, { low: 0, high: 40 });
    const flags = randomArray('bool', [30], seed++);
    cases.push(
      { label: 'bincount uint8 minlength 256', expr: 'np.bincount(x, minlength=256)', inputs: { x: bytes }, run: () => cp.bincount(toDevice(bytes), null, 256) },
      { label: 'bincount uint8 minlength 300', expr: 'np.bincount(x, minlength=300)', inputs: { x: bytes }, run: () => cp.bincount(toDevice(bytes), null, 300) },
      { label: 'bincount uint16 minlength 5', expr: 'np.bincount(x, minlength=5)', inputs: { x: shorts }, run: () => cp.bincount(toDevice(shorts), null, 5) },
      { label: 'bincount bool minlength 2', expr: 'np.bincount(x, minlength=2)', inputs: { x: flags }, run: () => cp.bincount(toDevice(flags), null, 2) },
      { label: 'bincount bool minlength 1', expr: 'np.bincount(x, minlength=1)', inputs: { x: flags }, run: () => cp.bincount(toDevice(flags), null, 1) },
    );
    // Summed weights are a sort and a scan (deterministic): NaN and ±inf stay in their own bins,
    // bins past 256 and 65536 take wider bin numbers.
    const xs = randomArray('int32', [400], seed++, { low: 0, high: 9 });
    const ws = randomArray('float64', [400], seed++, { special: true });
    const wide = randomArray('int64', [3000], seed++, { low: 0, high: 70000 });
    const ww = randomArray('float32', [3000], seed++);
    cases.push(
      { label: 'bincount weights NaN and ±inf', expr: 'np.bincount(xs, weights=ws)', inputs: { xs, ws }, run: () => cp.bincount(toDevice(xs), { weights: toDevice(ws) }), approx: true },
      { label: 'bincount weights, 70000 bins', expr: 'np.bincount(wide, weights=ww)', inputs: { wide, ww }, run: () => cp.bincount(toDevice(wide), { weights: toDevice(ww) }), approx: true },
      { label: 'bincount huge weights that cancel', expr: 'np.bincount(np.array([0, 1, 1]), weights=np.array([1e300, -1e300, 2.5]))', run: () => cp.bincount([0, 1, 1], { weights: [1e300, -1e300, 2.5] }) },
      // Small bins after and between large ones keep their digits (the running sum is compensated;
      // a plain difference of it gave 0 and 0.10000038). Exact, as NumPy's sums per bin.
      { label: 'bincount a small bin after a large one', expr: 'np.bincount(np.array([0, 1]), weights=np.array([1e17, 1.0]))', run: () => cp.bincount([0, 1], { weights: [1e17, 1] }) },
      { label: 'bincount 0.1 after 1e10', expr: 'np.bincount(np.array([0, 1]), weights=np.array([1e10, 0.1]))', run: () => cp.bincount([0, 1], { weights: [1e10, 0.1] }) },
      { label: 'bincount a small bin between large ones', expr: 'np.bincount(np.array([0, 1, 1, 2]), weights=np.array([1e20, 1.0, 1.0, -3e19]))', run: () => cp.bincount([0, 1, 1, 2], { weights: [1e20, 1, 1, -3e19] }) },
      { label: 'bincount int64 weights past 2^53', expr: 'np.bincount(np.array([0, 1, 1]), weights=np.array([1, 2**53, 1]))', run: () => cp.bincount([0, 1, 1], { weights: cp.asarray([1n, 2n ** 53n, 1n], 'int64') }) },
      { label: 'histogram weights 1e20, 1, 1', expr: 'np.histogram(np.array([0.5, 1.5, 2.5]), 3, weights=np.array([1e20, 1.0, 1.0]))[0]', run: () => cp.histogram([0.5, 1.5, 2.5], 3, null, null, [1e20, 1, 1])[0] },
      { label: 'histogram2d weights 1e20, 1, 1', expr: 'np.histogram2d(np.array([0.5, 1.5, 2.5]), np.array([0.5, 1.5, 2.5]), 3, weights=np.array([1e20, 1.0, 1.0]))[0]',
        run: () => cp.histogram2d([0.5, 1.5, 2.5], [0.5, 1.5, 2.5], 3, null, null, [1e20, 1, 1])[0] },
    );
    const f = randomArray('float64', [30], seed++, { special: true });
    const edges = [-5, -1, 0, 0.5, 3, 7];
    for (const right of [false, true]) {
      cases.push(
        { label: `digitize increasing right=${right}`, expr: `np.digitize(f, np.array(${JSON.stringify(edges)}), right=${right ? 'True' : 'False'})`, inputs: { f }, run: () => cp.digitize(toDevice(f), edges, right) },
        { label: `digitize decreasing right=${right}`, expr: `np.digitize(f, np.array(${JSON.stringify(edges)})[::-1], right=${right ? 'True' : 'False'})`, inputs: { f }, run: () => cp.digitize(toDevice(f), [...edges].reverse(), right) },
      );
    }
    cases.push(
      { label: 'bincount empty', expr: 'np.bincount(np.zeros(0, dtype=np.int64), minlength=3)', run: () => cp.bincount(cp.zeros([0], { dtype: 'int64' }), { minlength: 3 }) },
      { label: 'digitize int', expr: 'np.digitize(np.array([[1, 5], [9, 2]]), np.array([2, 5]))', run: () => cp.digitize([[1, 5], [9, 2]], [2, 5]) },
      // An empty JS list is an empty int64 x (NumPy's bincount([]) counts nothing).
      { label: 'bincount empty list', expr: 'np.bincount([])', run: () => cp.bincount([]) },
      { label: 'bincount empty list minlength and weights', expr: 'np.bincount([], weights=[], minlength=2)', run: () => cp.bincount([], [], 2) },
      { label: 'bincount empty x with weights is int64', expr: 'np.bincount(np.zeros(0, np.int8), weights=np.zeros(0, np.float32))', run: () => cp.bincount(cp.zeros([0], { dtype: 'int8' }), cp.zeros([0], { dtype: 'float32' })) },
    );
    // NumPy's bins direction is that of the first element unequal to bins[0]: a NaN there (or in
    // bins[0]) makes them decreasing; repeats first, then the direction.
    for (const bins of [[0, NaN], [1, 1, NaN], [2, 2, 3, 5], [2, 2, 1, NaN], [NaN, NaN], [3, 3, 3]]) {
      const text = `[${bins.map((b) => (Number.isNaN(b) ? 'np.nan' : String(b))).join(', ')}]`;
      for (const right of [false, true]) {
        cases.push({ label: `digitize bins ${text} right=${right}`, expr: `np.digitize(f, np.array(${text}), right=${right ? 'True' : 'False'})`, inputs: { f }, run: () => cp.digitize(toDevice(f), bins, right) });
      }
    }
    checkCases(cases);
    expect(() => cp.bincount([1, -1, 2])).toThrow(/bincount: expected non-negative integers in x/);
    // uint8 counted into 256 bins: nothing is evaluated at the call (no readback to size the result).
    const image = cp.asarray([3, 250, 7], { dtype: 'uint8' }).eval();
    let evaluated = 0;
    const stop = addEvaluationObserver(() => ({ kernelRan() { evaluated++; } }));
    const counts = cp.bincount(image, null, 256);
    stop();
    expect(evaluated).toBe(0);
    expect(counts.shape).toEqual([256]);
    expect(() => cp.bincount([1.5])).toThrow(/bincount: expected an integer array x, got float64/);
    expect(() => cp.bincount([[1]])).toThrow(/bincount: expected a 1-D array x, got 2-D/);
    expect(() => cp.digitize([1], [1, 3, 2])).toThrow('digitize: bins must be monotonically increasing or decreasing');
    // a leading NaN makes NumPy's bins decreasing, so that a later increase is refused (NumPy raises too)
    expect(() => cp.digitize([1], [NaN, 0, 1])).toThrow('digitize: bins must be monotonically increasing or decreasing');
    expect(() => cp.digitize([1], [cp.complex(1, 1), 2])).toThrow(/^digitize: bins may not be complex, got complex128/);
  });
});

describe('histograms', () => {
  it('histogram as NumPy', () => {
    const cases: ValueCase[] = [];
    for (const dtype of ['int8', 'int64', 'uint16', 'float16', 'float32', 'float64'] as DTypeName[]) {
      const a = randomArray(dtype, [6, 40], seed++, { low: dtype.startsWith('u') ? 0 : -30, high: 30 });
      const w = randomArray('float64', [6, 40], seed++);
      cases.push(
        { label: `histogram ${dtype}`, expr: 'list(np.histogram(a))', inputs: { a }, run: () => cp.histogram(toDevice(a)), approx: true },
        { label: `histogram ${dtype} bins 7 range`, expr: 'list(np.histogram(a, 7, range=(-10, 12)))', inputs: { a }, run: () => cp.histogram(toDevice(a), 7, [-10, 12]), approx: true },
        { label: `histogram ${dtype} edges weights density`, expr: 'list(np.histogram(a, [-20, -3, 0, 1, 25], density=True, weights=w))', inputs: { a, w },
          run: () => cp.histogram(toDevice(a), [-20, -3, 0, 1, 25], { density: true, weights: toDevice(w) }), approx: true },
      );
    }
    const f = randomArray('float32', [200], seed++);
    const w = randomArray('float32', [200], seed++);
    cases.push(
      { label: 'histogram weights keep their dtype', expr: 'list(np.histogram(f, 5, weights=w))', inputs: { f, w }, run: () => cp.histogram(toDevice(f), 5, { weights: toDevice(w) }), approx: true },
      { label: 'histogram density', expr: 'list(np.histogram(f, 9, density=True))', inputs: { f }, run: () => cp.histogram(toDevice(f), 9, { density: true }), approx: true },
      { label: 'histogram one value', expr: 'list(np.histogram(np.full(4, 3.0), 4))', run: () => cp.histogram(cp.full([4], 3), 4) },
      { label: 'histogram empty', expr: 'list(np.histogram(np.zeros(0), 3))', run: () => cp.histogram(cp.zeros([0]), 3) },
      { label: 'histogram NaN out of range', expr: 'list(np.histogram(np.array([1, np.nan, 2, 9]), 2, range=(0, 4)))', run: () => cp.histogram(cp.array([1, NaN, 2, 9]), 2, [0, 4]) },
    );
    checkCases(cases);
    expect(() => cp.histogram(cp.array([1, NaN]))).toThrow('histogram: autodetected range of [NaN, NaN] is not finite');
    expect(() => cp.histogram([1, 2], [0, 2, 1])).toThrow('histogram: `bins` must increase monotonically, when an array');
    expect(() => cp.histogram([1, 2], 3, [2, 1])).toThrow('histogram: max must be larger than min in range parameter.');
    expect(() => cp.histogram([1, 2], 'auto' as never)).toThrow(/histogram: expected bins to be a positive integer or an array of bin edges/);
  });

  it('the counting kernel: exact counts on edges, out of range, many bins, fused and strided input', () => {
    const g = randomArray('float32', [300], seed++, { low: -2, high: 12 });
    const h = randomArray('float16', [80], seed++, { low: 0, high: 4 });
    const m = randomArray('float64', [12, 10], seed++, { low: 0, high: 10, special: true });
    const wn = randomArray('float64', [300], seed++, { special: true });
    const big = randomArray('int32', [5000], seed++, { low: 0, high: 12000 });
    const cases: ValueCase[] = [
      { label: 'values on every edge (data range)', expr: 'np.histogram(np.linspace(0, 1, 101).astype(np.float32), 10)[0]', run: () => cp.histogram(cp.linspace(0, 1, 101).astype('float32'), 10)[0] },
      { label: 'values on the edges of a given range', expr: 'np.histogram(np.arange(-5, 16).astype(np.float64), 10, range=(0, 10))[0]', run: () => cp.histogram(cp.arange(-5, 16).astype('float64'), 10, [0, 10])[0] },
      { label: 'float32 out of range and on the ends', expr: 'list(np.histogram(g, 7, range=(0, 10)))', inputs: { g }, run: () => cp.histogram(toDevice(g), 7, [0, 10]) },
      { label: 'float16 data', expr: 'list(np.histogram(h, 6))', inputs: { h }, run: () => cp.histogram(toDevice(h), 6) },
      { label: '10000 bins (past shared memory)', expr: 'np.histogram(g, 10000, range=(-2, 12))[0]', inputs: { g }, run: () => cp.histogram(toDevice(g), 10000, [-2, 12])[0] },
      { label: 'fused producer', expr: 'np.histogram(g * 2 + 1, 16, range=(0, 5))[0]', inputs: { g }, run: () => cp.histogram(toDevice(g).mul(2).add(1), 16, [0, 5])[0] },
      { label: 'strided view, NaN and inf with a range', expr: 'np.histogram(m.T[::2], 8, range=(0, 10))[0]', inputs: { m }, run: () => cp.histogram(toDevice(m).T.get('::2'), 8, [0, 10])[0] },
      { label: 'edges with a repeated edge, NaN data', expr: 'np.histogram(m, [0, 1, 1, 2, 5, 5, 10])[0]', inputs: { m }, run: () => cp.histogram(toDevice(m), [0, 1, 1, 2, 5, 5, 10])[0] },
      { label: 'edges, data on the last edge', expr: 'np.histogram(np.array([0, 1, 2, 3, 3, 4]), [0, 1.5, 3])[0]', run: () => cp.histogram([0, 1, 2, 3, 3, 4], [0, 1.5, 3])[0] },
      { label: 'int edges and int data', expr: 'np.histogram(big, np.array([0, 10, 100, 1000, 11999]))[0]', inputs: { big }, run: () => cp.histogram(toDevice(big), [0, 10, 100, 1000, 11999])[0] },
      { label: 'weights NaN and inf, equal bins', expr: 'np.histogram(g, 4, range=(0, 10), weights=wn)[0]', inputs: { g, wn }, run: () => cp.histogram(toDevice(g), 4, [0, 10], { weights: toDevice(wn) })[0], approx: true },
      { label: 'weights NaN and inf, edges', expr: 'np.histogram(g, [0, 2, 5, 10], weights=wn)[0]', inputs: { g, wn }, run: () => cp.histogram(toDevice(g), [0, 2, 5, 10], { weights: toDevice(wn) })[0], approx: true },
      { label: '0-d input', expr: 'np.histogram(np.float64(0.5), 4)[0]', run: () => cp.histogram(cp.asarray(0.5), 4)[0] },
      { label: 'bincount 12000 bins', expr: 'np.bincount(big)', inputs: { big }, run: () => cp.bincount(toDevice(big)) },
      { label: 'bincount one hot bin', expr: 'np.bincount(np.zeros(5000, dtype=np.int64), minlength=3)', run: () => cp.bincount(cp.zeros([5000], { dtype: 'int64' }), null, 3) },
      { label: 'bincount of a strided view', expr: 'np.bincount(big[::7])', inputs: { big }, run: () => cp.bincount(toDevice(big).get('::7')) },
      { label: 'bincount weights, +inf and -inf in one bin', expr: 'np.bincount(np.array([0, 0, 1, 1, 2]), weights=np.array([np.inf, -np.inf, np.inf, 1.0, -np.inf]))',
        run: () => cp.bincount([0, 0, 1, 1, 2], { weights: [Infinity, -Infinity, Infinity, 1, -Infinity] }) },
    ];
    checkCases(cases);
  });

  it('integer and bool weights as NumPy: their dtype, summed in integers (wrapping), 64-bit ones along equal bins in float64', () => {
    const a = randomArray('float64', [6, 40], seed++, { low: -10, high: 10 });
    const cases: ValueCase[] = [];
    const wide = { low: -(2 ** 62), high: 2 ** 62 };
    for (const dtype of ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'] as DTypeName[]) {
      // Explicit edges: NumPy's running sum is in int64 (uint64), exact, wrapped to the dtype.
      const w = randomArray(dtype, [6, 40], seed++, { special: true, ...(dtype === 'int64' ? wide : dtype === 'uint64' ? { low: 0, high: 2 ** 63 } : dtype === 'int32' || dtype === 'uint32' ? { low: dtype === 'int32' ? -(2 ** 31) : 0, high: 2 ** 31 } : {}) });
      // Equal bins: NumPy adds each block of 65,536 in float64 and casts that to the dtype, which
      // is exact where a block's sum is below 2**53 and one its cast takes (within int32 for the
      // narrow ones, within the dtype for 32 bits: past it the cast is the machine's, 0 or
      // INT32_MIN); 64-bit sums past 2**53 round (below).
      const within = { int32: { low: -(2 ** 22), high: 2 ** 22 }, uint32: { high: 2 ** 24 }, int64: { low: -(2 ** 40), high: 2 ** 40 }, uint64: { high: 2 ** 40 } } as Record<string, object>;
      const e = randomArray(dtype, [6, 40], seed++, { special: !within[dtype], ...within[dtype] });
      cases.push(
        { label: `equal bins ${dtype}`, expr: 'list(np.histogram(a, 7, range=(-8, 8), weights=e))', inputs: { a, e }, run: () => cp.histogram(toDevice(a), 7, [-8, 8], { weights: toDevice(e) }) },
        { label: `equal bins ${dtype}, data range`, expr: 'np.histogram(a, weights=e)[0]', inputs: { a, e }, run: () => cp.histogram(toDevice(a), { weights: toDevice(e) })[0] },
      );
      if (dtype !== 'bool') {
        cases.push({ label: `edges ${dtype}`, expr: 'list(np.histogram(a, [-20, -3, 0, 1, 9], weights=w))', inputs: { a, w }, run: () => cp.histogram(toDevice(a), [-20, -3, 0, 1, 9], { weights: toDevice(w) }) });
      }
    }
    const i64 = (xs: bigint[]) => cp.asarray(xs, 'int64');
    cases.push(
      { label: 'int64 [2**53, 1], equal bins (float64 sums)', expr: 'list(np.histogram([0, 0], bins=1, weights=np.array([2**53, 1], dtype=np.int64)))',
        run: () => cp.histogram([0, 0], 1, { weights: i64([2n ** 53n, 1n]) }) },
      { label: 'int64 [2**53, 1], edges (exact)', expr: 'np.histogram([0, 0], bins=[-1, 1], weights=np.array([2**53, 1], dtype=np.int64))[0]',
        run: () => cp.histogram([0, 0], [-1, 1], { weights: i64([2n ** 53n, 1n]) })[0] },
      { label: 'int64 past 2**63, edges (wrapping)', expr: 'np.histogram([0, 0, 0, 2], bins=[-1, 1, 3], weights=np.array([2**62] * 3 + [-2**63], dtype=np.int64))[0]',
        run: () => cp.histogram([0, 0, 0, 2], [-1, 1, 3], { weights: i64([2n ** 62n, 2n ** 62n, 2n ** 62n, -(2n ** 63n)]) })[0] },
      { label: 'uint64 past 2**64, edges (wrapping)', expr: 'np.histogram([0, 0, 0], bins=[-1, 1], weights=np.array([2**63, 2**63, 5], dtype=np.uint64))[0]',
        run: () => cp.histogram([0, 0, 0], [-1, 1], { weights: cp.asarray([2n ** 63n, 2n ** 63n, 5n], 'uint64') })[0] },
      { label: 'int8 wrapping, equal bins', expr: 'np.histogram([0, 0, 0, 1], bins=2, weights=np.array([100, 100, 100, -100], dtype=np.int8))[0]',
        run: () => cp.histogram([0, 0, 0, 1], 2, { weights: cp.asarray([100, 100, 100, -100], 'int8') })[0] },
      { label: 'int8, blocks of 65,536', expr: 'np.histogram(np.zeros(200000), 1, weights=np.full(200000, 3, dtype=np.int8))[0]',
        run: () => cp.histogram(cp.zeros([200000]), 1, { weights: cp.full([200000], 3, { dtype: 'int8' }) })[0] },
      { label: 'integer weights, density', expr: 'list(np.histogram(a, [-20, -3, 0, 1, 9], density=True, weights=np.arange(240, dtype=np.int16).reshape(6, 40)))', inputs: { a },
        run: () => cp.histogram(toDevice(a), [-20, -3, 0, 1, 9], { density: true, weights: cp.arange(240, { dtype: 'int16' }).reshape([6, 40]) }), approx: true },
      { label: 'bool weights, no sample, edges', expr: 'list(np.histogram(np.zeros(0), [0, 1], weights=np.zeros(0, dtype=bool)))',
        run: () => cp.histogram(cp.zeros([0]), [0, 1], { weights: cp.zeros([0], { dtype: 'bool' }) }) },
      { label: 'int16 weights, no sample, equal bins', expr: 'list(np.histogram(np.zeros(0), 3, weights=np.zeros(0, dtype=np.int16)))',
        run: () => cp.histogram(cp.zeros([0]), 3, { weights: cp.zeros([0], { dtype: 'int16' }) }) },
      // histogram2d and histogramdd sum every weight in float64 (NumPy's bincount), as before.
      { label: 'histogram2d int64 weights', expr: 'np.histogram2d([0, 0], [0, 0], 1, weights=np.array([2**53, 1], dtype=np.int64))[0]',
        run: () => cp.histogram2d([0, 0], [0, 0], 1, { weights: i64([2n ** 53n, 1n]) })[0] },
      { label: 'histogramdd int8 weights', expr: 'np.histogramdd(np.zeros((3, 1)), 1, weights=np.array([100, 100, 100], dtype=np.int8))[0]',
        run: () => cp.histogramdd(cp.zeros([3, 1]), 1, { weights: cp.asarray([100, 100, 100], 'int8') })[0] },
    );
    checkCases(cases);
    // A bin's sum past 2**53, which float64 would round: the exact sum, wrapped to uint32 (NumPy's
    // blocks of 65,536 pass uint32 here, where its cast is the machine's: no oracle).
    const n = 2 ** 21 + 1;
    const big = cp.histogram(cp.zeros([n], { dtype: 'float32' }), 1, { weights: cp.full([n], 2 ** 32 - 1, { dtype: 'uint32' }) })[0];
    expect(big.toArraySync()).toEqual([Number(((2n ** 32n - 1n) * BigInt(n)) % 2n ** 32n)]);
    checkErrors([{
      label: 'bool weights with edges', expr: 'np.histogram(np.zeros(3), [-1, 1], weights=np.ones(3, dtype=bool))', code: 'ERR_DTYPE',
      run: () => cp.histogram(cp.zeros([3]), [-1, 1], { weights: cp.ones([3], { dtype: 'bool' }) }),
      message: "histogram: expected weights of a number dtype with bin edges given, got bool (NumPy: Cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') with casting rule 'same_kind')",
    }]);
  });

  it('histogram2d and histogramdd as NumPy', () => {
    const x = randomArray('float64', [60], seed++);
    const y = randomArray('float32', [60], seed++);
    const s = randomArray('float64', [50, 3], seed++);
    const w = randomArray('float64', [50], seed++);
    const s32 = randomArray('float32', [40, 2], seed++);
    const cases: ValueCase[] = [
      { label: 'histogram2d', expr: 'list(np.histogram2d(x, y))', inputs: { x, y }, run: () => cp.histogram2d(toDevice(x), toDevice(y)), approx: true },
      { label: 'histogram2d bins pair range', expr: 'list(np.histogram2d(x, y, [3, [-5, 0, 5]], range=[[-4, 4], None]))', inputs: { x, y },
        run: () => cp.histogram2d(toDevice(x), toDevice(y), [3, [-5, 0, 5]], [[-4, 4], null]), approx: true },
      { label: 'histogram2d density', expr: 'list(np.histogram2d(x, y, 4, density=True))', inputs: { x, y }, run: () => cp.histogram2d(toDevice(x), toDevice(y), 4, { density: true }), approx: true },
      { label: 'histogramdd', expr: '(lambda r: [r[0], *r[1]])(np.histogramdd(s, (2, 3, 4), weights=w))', inputs: { s, w }, run: () => cp.histogramdd(toDevice(s), [2, 3, 4], { weights: toDevice(w) }), approx: true },
      { label: 'histogramdd list of arrays', expr: '(lambda r: [r[0], *r[1]])(np.histogramdd([s[:, 0], s[:, 1]], 5))', inputs: { s },
        run: () => cp.histogramdd([toDevice(s).get([cp.slice(), 0]), toDevice(s).get([cp.slice(), 1])], 5), approx: true },
      // float32 data: edges of the data's dtype without a range (NumPy's linspace of float32 ends), float64 with one
      { label: 'histogramdd float32', expr: '(lambda r: [r[0], *r[1]])(np.histogramdd(s32, (3, 4)))', inputs: { s32 }, run: () => cp.histogramdd(toDevice(s32), [3, 4]) },
      { label: 'histogram2d float32 with a range', expr: 'list(np.histogram2d(s32[:, 0], s32[:, 1], 3, range=[[-1, 1], [-2, 2]]))', inputs: { s32 },
        run: () => cp.histogram2d(toDevice(s32).get([cp.slice(), 0]), toDevice(s32).get([cp.slice(), 1]), 3, [[-1, 1], [-2, 2]]) },
    ];
    checkCases(cases);
    expect(() => cp.histogramdd(toDevice(s), [2, 3])).toThrow('histogramdd: The dimension of bins must be equal to the dimension of the sample x.');
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 5);
