// Row-invariant work of a reduce kernel (src/ir/reduce-hoist.ts) is computed once per output:
// against NumPy on the CPU's schedule and on a GPU's (run by the CPU's code, the runner reporting
// kind 'cuda'), with the kernel text checked to grow linearly in a lazy chain of phases.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { splitPlan } from '../../src/api/cpu-parallel.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaPlan, generateJsPlan } from '../../src/codegen/generate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { onSchedule } from '../helpers/schedule.js';

setBackendNotice(() => {});

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray>, atol?: number): void {
  recordCuda(actual);
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray, atol === undefined ? undefined : { atol });
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

/** b = b - (x + b - y).mean(axis, keepdims=True) * 0.1, `steps` times, never evaluated in between. */
function biasChain(x: cp.NDArray, y: cp.NDArray, axis: number, steps: number): cp.NDArray {
  const shape = x.shape.map((d, j) => (j === axis ? 1 : d));
  let b = cp.zeros(shape, x.dtype.name as 'float32');
  for (let k = 0; k < steps; k++) b = b.subtract(x.add(b).subtract(y).mean(axis, { keepdims: true }).multiply(0.1));
  return b;
}
const biasChainNumpy = (axis: number, steps: number, dtype: string) =>
  `(lambda b: [b := b - (x + b - y).mean(axis=${axis}, keepdims=True, dtype=np.${dtype}) * np.${dtype}(0.1) for _ in range(${steps})][-1])(np.zeros([1 if j == ${axis} else d for j, d in enumerate(x.shape)], np.${dtype}))`;

// (100 steps: a reduce kernel takes at most 512 launch arguments, about 4 a step here; 150 steps
// failed at the launch on an H100. Cutting such a chain into kernels is left: bench/RESULTS.md.)
describe('a lazy chain of phases, each reading a value refolded from the ones before', () => {
  for (const gpu of [false, true]) {
    for (const [axis, steps, dtype] of [[1, 12, 'float32'], [1, 100, 'float32'], [0, 40, 'float64'], [1, 30, 'float64']] as const) {
      it(`bias from the mean along axis ${axis}, ${steps} steps, ${dtype} (${gpu ? 'GPU' : 'CPU'} schedule)`, () => {
        const hx = randomArray(dtype, [24, 20], 31 + steps, { low: -2, high: 2 });
        const hy = randomArray(dtype, [24, 20], 32 + steps, { low: -1, high: 1 });
        onSchedule(gpu, () => expectNumpy(biasChain(toDevice(hx), toDevice(hy), axis, steps), biasChainNumpy(axis, steps, dtype), { x: hx, y: hy }));
      });
    }
  }

  it('is one reduce kernel whose text grows linearly with the steps (each refold computed once per row)', () => {
    const hx = randomArray('float32', [16, 64], 5);
    const x = toDevice(hx);
    const y = toDevice(randomArray('float32', [16, 64], 6));
    const sizes = [20, 40, 80].map((steps) => {
      const plans = explainPlans([biasChain(x, y, 1, steps).node], 'cpu');
      expect(plans).toHaveLength(1);
      const { plan } = plans[0];
      if (plan.kind !== 'reduce') throw new Error('expected a reduce plan');
      // every step's bias (but the last, the kernel's output) is a hoisted value of its own
      expect(plan.hoisted).toHaveLength(steps - 1);
      return generateJsPlan(plan).source.length;
    });
    // Quadratic text would grow 4x per doubling; linear text a little under 2x (the shared prelude).
    expect(sizes[2] / sizes[1]).toBeLessThan(2.2);
    expect(sizes[1] / sizes[0]).toBeLessThan(2.2);
  });
});

describe('row-invariant values of common programs', () => {
  // The last program cancels: x minus a sum of 33 means of about 3 leaves a thousandth, so a GPU's
  // order of summation differs from NumPy's by more than float32's default tolerance (measured on an
  // H100: 1 element of 198; NumPy's own float32 result is 0.77 of that tolerance from the float64
  // one). Its tolerance is the sum's rounding: row length × eps × |x|max.
  const cancels = (dtype: string, shape: number[]) => shape[1] * (dtype === 'float16' ? 2 ** -10 : dtype === 'float32' ? 2 ** -23 : 2 ** -52) * 3;
  const programs: Array<[string, (x: cp.NDArray) => cp.NDArray, string]> = [
    ['normalize', (x) => x.subtract(x.mean(1, { keepdims: true })).divide(cp.sqrt(x.var(1, { keepdims: true }).add(1e-5))), '(x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + x.dtype.type(1e-5))'],
    ['softmax', (x) => { const e = cp.exp(x.subtract(x.max(1, { keepdims: true }))); return e.divide(e.sum(1, { keepdims: true })); }, '(lambda e: e / e.sum(axis=1, keepdims=True))(np.exp(x - x.max(axis=1, keepdims=True)))'],
    ['argmax read in the row', (x) => x.multiply(x.argmax(1, { keepdims: true }).add(1)), 'x * (x.argmax(axis=1, keepdims=True) + 1)'],
    ['a comparison of a result', (x) => x.multiply(x.max(1, { keepdims: true }).greater(0)), 'x * (x.max(axis=1, keepdims=True) > 0)'],
    ['a phase summing an invariant', (x) => x.subtract(cp.sum(cp.multiply(x.mean(1, { keepdims: true }), cp.ones_like(x)), 1, { keepdims: true })), 'x - (x.mean(axis=1, keepdims=True) * np.ones_like(x)).sum(axis=1, keepdims=True)'],
  ];
  const cases: Array<[string, number[]]> = [['float32', [6, 33]], ['float64', [5, 8]], ['float16', [4, 16]], ['float32', [3, 0]], ['float64', [1, 1]]];
  for (const gpu of [false, true]) {
    for (const [dtype, shape] of cases) {
      it(`${programs.map(([n]) => n).join(', ')}: ${dtype} ${shape.join('x')} (${gpu ? 'GPU' : 'CPU'} schedule)`, () => {
        const h = randomArray(dtype as 'float32', shape, shape[0] + shape[1], { low: -3, high: 3 });
        if (h.data.length > 2) (h.data as Float64Array)[2] = NaN; // a NaN row
        onSchedule(gpu, () => {
          for (const [name, f, expr] of programs) {
            if (shape[1] === 0 && expr.includes('max(')) continue; // NumPy: max and argmax of an empty row are errors
            expectNumpy(f(toDevice(h)), expr, { x: h }, name === 'a phase summing an invariant' ? cancels(dtype, shape) : undefined);
          }
        });
      });
    }
  }

  it('complex: z - z.mean(1, keepdims=True) * 2 and a phase reading it', () => {
    const h = randomArray('complex128', [4, 9], 7);
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        const z = toDevice(h);
        const c = z.subtract(z.mean(1, { keepdims: true }).multiply(2));
        expectNumpy(c, 'z - z.mean(axis=1, keepdims=True) * 2', { z: h });
        expectNumpy(cp.abs(c).sum(1), 'np.abs(z - z.mean(axis=1, keepdims=True) * 2).sum(axis=1)', { z: h });
      });
    }
  });
});

describe('what hoisting must carry along (found by a review)', () => {
  const twice = cp.ElementwiseKernel('T x', 'T y', 'y = x * 2 + 1', 'hoist_user', { js: 'y = x * 2 + 1' });
  it('a user kernel of a result: its definitions reach the kernel, and it keeps the kernel off worker threads', () => {
    const h = randomArray('float32', [24, 20], 21);
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => expectNumpy(toDevice(h).subtract(twice(toDevice(h).mean(1, { keepdims: true }))).sum(1),
        '(x - (x.mean(axis=1, keepdims=True) * 2 + 1)).sum(axis=1)', { x: h }));
    }
    // A user op is not thread-safe (its JS may read anything): a plan whose hoisted value calls one stays on one thread.
    const big = cp.ones([2048, 4096], 'float32');
    const [{ plan }] = explainPlans([big.subtract(twice(big.mean(1, { keepdims: true }))).sum(1).node], 'cpu');
    if (plan.kind !== 'reduce') throw new Error('expected a reduce plan');
    expect(plan.hoisted.some((v) => v.steps.some((st) => st.kind === 'op' && st.op.user))).toBe(true);
    expect(splitPlan(plan, 4)).toBeUndefined();
  });

  // Two epilogues of one reduction read through a broadcast: one group computes both (a group
  // each computed the reduction with the first, and the second had none left: ERR_INTERNAL).
  const programs: Array<[string, (x: cp.NDArray) => cp.NDArray, string]> = [
    ['(x * (m + 1) * (m + 2)).sum(0), m = x.max(0, keepdims)', (x) => { const m = x.max(0, { keepdims: true }); return x.multiply(m.add(1)).multiply(m.add(2)).sum(0); }, '(lambda m: (x * (m + 1) * (m + 2)).sum(axis=0))(x.max(axis=0, keepdims=True))'],
    ['(x * (m + 1) * (m + 2)).sum(1), m = x.max(0, keepdims)', (x) => { const m = x.max(0, { keepdims: true }); return x.multiply(m.add(1)).multiply(m.add(2)).sum(1); }, '(lambda m: (x * (m + 1) * (m + 2)).sum(axis=1))(x.max(axis=0, keepdims=True))'],
    ['(x * (m + 1) + m * 2).sum(0), m = x.max(1, keepdims)', (x) => { const m = x.max(1, { keepdims: true }); return x.multiply(m.add(1)).add(m.multiply(2)).sum(0); }, '(lambda m: (x * (m + 1) + m * 2).sum(axis=0))(x.max(axis=1, keepdims=True))'],
    ['x - m * 2 + m * 3, m = x.mean(0)', (x) => { const m = x.mean(0); return x.subtract(m.multiply(2)).add(m.multiply(3)); }, '(lambda m: x - m * 2 + m * 3)(x.mean(axis=0))'],
    ['(x - m * 2 + m * 3).sum(1), m = x.mean(0)', (x) => { const m = x.mean(0); return x.subtract(m.multiply(2)).add(m.multiply(3)).sum(1); }, '(lambda m: (x - m * 2 + m * 3).sum(axis=1))(x.mean(axis=0))'],
  ];
  it('work under a row kernel that also reads the reduction the row folds is left to that kernel', () => {
    // (a.sum(0, keepdims) + b.sum(0, keepdims)) + c.sum(1): the first epilogue attempt computed
    // b's sum apart, and the row kernel anchored on it found nothing left to compute (ERR_INTERNAL)
    const [ha, hb, hc] = [randomArray('float64', [3], 1), randomArray('float64', [4], 2), randomArray('float64', [4, 3], 3)];
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => expectNumpy(toDevice(ha).sum(0, { keepdims: true }).add(toDevice(hb).sum(0, { keepdims: true })).add(toDevice(hc).sum(1)),
        'a.sum(axis=0, keepdims=True) + b.sum(axis=0, keepdims=True) + c.sum(axis=1)', { a: ha, b: hb, c: hc }));
    }
  });

  for (const [name, f, expr] of programs) {
    for (const shape of [[4, 3], [64, 48], [16, 4096]]) {
      it(`${name}: ${shape.join('x')}, both schedules`, () => {
        const h = randomArray('float64', shape, shape[1] + 2);
        for (const gpu of [false, true]) onSchedule(gpu, () => expectNumpy(f(toDevice(h)), expr, { x: h }));
      });
    }
  }
});

describe('the CUDA kernel of many phases', () => {
  /** b = (b - (x + b).max(axis, keepdims=True)) * 0.5, `steps` times: a scalar a step, so that the kernel's parameters fit NVRTC 11.8's 4 KiB. */
  const maxChain = (x: cp.NDArray, axis: number, steps: number) => {
    let b = cp.zeros(x.shape.map((d, j) => (j === axis ? 1 : d)), 'float64');
    for (let k = 0; k < steps; k++) b = b.subtract(x.add(b).max(axis, { keepdims: true })).multiply(0.5);
    return b;
  };
  it('shares one shared-memory scratch among its phases past the budget, and keeps an array each below it', () => {
    // a column kernel (an array of lanes x outputs a phase), a block per row (a value per warp)
    for (const [axis, shape, steps] of [[0, [64, 48], 60], [1, [64, 4096], 130]] as const) {
      const h = randomArray('float64', [...shape], 8);
      const source = (n: number) => {
        const plans = explainPlans([maxChain(toDevice(h), axis, n).node], 'cuda');
        expect(plans).toHaveLength(1);
        const { plan } = plans[0];
        if (plan.kind !== 'reduce') throw new Error('expected a reduce plan');
        expect(plan.reductions).toHaveLength(n);
        recordCuda(maxChain(toDevice(h), axis, n));
        return generateCudaPlan(plan).source;
      };
      const many = source(steps);
      expect(many).toContain('cp_red_scratch');
      expect(many.match(/__shared__/g)).toHaveLength(1);
      const few = source(2);
      expect(few).not.toContain('cp_red_scratch');
      expect(few.match(/__shared__/g)!.length).toBeGreaterThanOrEqual(2);
      const expr = `(lambda b: [b := (b - (x + b).max(axis=${axis}, keepdims=True)) * 0.5 for _ in range(${steps})][-1])(np.zeros([1 if j == ${axis} else d for j, d in enumerate(x.shape)]))`;
      onSchedule(true, () => expectNumpy(maxChain(toDevice(h), axis, steps), expr, { x: h }));
    }
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
