// Column statistics on the CPU backend (src/codegen/js-reduce.ts columnWalk): reductions over the
// leading axis of several phases (a variance reading its mean) and their row outputs (a
// standardize or a column softmax fused into one kernel) walk the rows in memory order, one
// accumulator per output and phase. Checked against NumPy over dtypes, shapes across the thread
// split, NaN and Inf, and a strided input; on other backends the same programs still meet NumPy.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ON_CPU = cp.currentBackend() === 'cpu';
/** Whether a kernel computing `y` walks columns with more than one phase (accumulators acc0, acc1). */
const walksPhases = (y: cp.NDArray) => cp.explain(y).kernels.some((k) => k.kind === 'reduce' && /const acc1 = \$accumulator\(1,/.test(k.source));

function expectNumpy(actual: cp.NDArray, expr: string, a: HostArray, dtype: DTypeName): void {
  const want = numpyOne(expr, { a });
  if (!want.ok) throw new Error(want.error);
  const tol = dtype === 'float32' ? { rtol: 1e-4, atol: 1e-5 } : { rtol: 1e-10, atol: 1e-12 };
  const cmp = compareArrays(toHost(actual), want.value as HostArray, tol);
  expect(cmp.ok ? '' : `${expr}: ${cmp.message}`).toBe('');
}

const PROGRAMS: Array<[string, (x: cp.NDArray) => cp.NDArray, string]> = [
  ['var', (x) => x.var({ axis: 0 }), 'a.var(axis=0)'],
  ['std', (x) => x.std({ axis: 0, keepdims: true }), 'a.std(axis=0, keepdims=True)'],
  ['standardize', (x) => x.sub(x.mean({ axis: 0, keepdims: true })).div(x.std({ axis: 0, keepdims: true })), '(a - a.mean(axis=0, keepdims=True)) / a.std(axis=0, keepdims=True)'],
  ['softmax', (x) => { const e = x.sub(x.max({ axis: 0, keepdims: true })).exp(); return e.div(e.sum({ axis: 0, keepdims: true })); },
    '(lambda e: e / e.sum(axis=0, keepdims=True))(np.exp(a - a.max(axis=0, keepdims=True)))'],
  // three statistics of one input in one column walk (the CPU's schedule keeps column statistics
  // apart from their broadcast readers, but those of one input share a kernel: one phase each)
  ['scaled', (x) => x.sub(x.mean({ axis: 0, keepdims: true })).div(x.max({ axis: 0, keepdims: true }).sub(x.min({ axis: 0, keepdims: true }))),
    '(a - a.mean(axis=0, keepdims=True)) / (a.max(axis=0, keepdims=True) - a.min(axis=0, keepdims=True))'],
];

describe('column statistics of several phases (CPU column walk)', () => {
  for (const dtype of ['float32', 'float64'] as DTypeName[]) {
    for (const [m, n] of [[64, 48], [1000, 3], [700, 513]]) {
      it(`${dtype} ${m}x${n}: var, std, standardize, softmax, scaled along axis 0`, () => {
        const a = randomArray(dtype, [m, n], m + n, { low: -5, high: 5 });
        for (const [name, f, expr] of PROGRAMS) {
          const y = f(toDevice(a));
          if (ON_CPU && name === 'scaled') expect(walksPhases(y)).toBe(true);
          expectNumpy(y, expr, a, dtype);
        }
      });
    }
  }

  it('int32 input (float64 statistics) and a strided (sliced) input', () => {
    const a = randomArray('int32', [300, 40], 5, { low: -100, high: 100 });
    expectNumpy(toDevice(a).std({ axis: 0 }), 'a.std(axis=0)', a, 'float64');
    const b = randomArray('float32', [400, 90], 6, { low: -5, high: 5 });
    const x = toDevice(b).get([cp.slice(null, null, 2), cp.slice(null, null, 3)]);
    expectNumpy(x.sub(x.mean({ axis: 0, keepdims: true })).div(x.std({ axis: 0, keepdims: true })),
      '(lambda x: (x - x.mean(axis=0, keepdims=True)) / x.std(axis=0, keepdims=True))(a[::2, ::3])', b, 'float32');
  });

  it('accumulators kept by a kernel between calls start afresh (wider, narrower, then wider again)', () => {
    // The same kernel runs each shape ($accumulator in js-prelude.ts keeps its buffer); a max starts at -inf.
    for (const cols of [700, 40, 700, 3]) {
      const a = randomArray('float64', [30, cols], cols, { low: -5, high: 5 });
      expectNumpy(toDevice(a).max({ axis: 0 }), 'a.max(axis=0)', a, 'float64');
      expectNumpy(toDevice(a).var({ axis: 0 }), 'a.var(axis=0)', a, 'float64');
    }
  });

  it('NaN and Inf in a column stay in that column', () => {
    const a = randomArray('float64', [50, 6], 8, { low: -5, high: 5 });
    (a.data as Float64Array)[6 * 10 + 1] = NaN;
    (a.data as Float64Array)[6 * 20 + 4] = Infinity;
    const [, standardize, expr] = PROGRAMS[2];
    expectNumpy(standardize(toDevice(a)), expr, a, 'float64');
  });
});
