// Fusion, evaluation and edge cases of the lazy elementwise pipeline, on the current backend,
// against NumPy: one kernel per chain, shared inputs, empty and 0-d arrays, broadcasting,
// readbacks, and errors at the call.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { JS_PRELUDE } from '../../src/codegen/js-prelude.js';
import { recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';
import { onSchedule } from '../helpers/schedule.js';

setBackendNotice(() => {});

/** A kernel's own code, without the helpers every kernel includes (which call sin and exp themselves). */
/** A kernel's source without its prelude; for a JS flat loop (unrolled by 4), its one-element tail loop. */
function kernelBody(k: { source: string; language: string }): string {
  const body = k.source.replace(k.language === 'cuda' ? CUDA_PRELUDE : JS_PRELUDE, '');
  const tail = body.indexOf('for (; i0 < hi; i0++)');
  return k.language === 'js' && tail >= 0 ? body.slice(tail) : body;
}

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray | number>): void {
  recordCuda(actual);
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe('fusion', () => {
  it('fuses the 8-op chain into one kernel and matches NumPy', () => {
    const h = randomArray('float32', [1000], 1, { low: -3, high: 3 });
    const x = toDevice(h);
    const y = x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1);
    const e = cp.explain(y);
    expect(e.kernels).toHaveLength(1);
    expect(e.kernels[0].name).toMatch(/^fused_multiply_add_sin_cos/);
    expectNumpy(y, 'np.exp(np.sin(np.float32(1.5) * x + np.float32(0.5)) * x + np.cos(x)) - np.float32(1)', { x: h });
  });

  it('computes several arrays with shared inputs in one kernel, shared subexpressions once', () => {
    const h = randomArray('float64', [64], 2);
    const x = toDevice(h);
    const s = x.sin();
    const a = s.add(1);
    const b = s.mul(2);
    const e = cp.explain(a, b);
    expect(e.kernels).toHaveLength(1);
    expect(kernelBody(e.kernels[0]).match(/\bsin\(/g)?.length ?? 0).toBeLessThanOrEqual(e.kernels[0].language === 'cuda' ? 2 : 1);
    cp.eval(a, b);
    expectNumpy(a, 'np.sin(x) + 1', { x: h });
    expectNumpy(b, 'np.sin(x) * 2', { x: h });
  });

  it('never recomputes an evaluated array', () => {
    const x = toDevice(randomArray('float32', [10], 3));
    const y = x.exp().eval();
    const z = y.add(1);
    const e = cp.explain(z);
    expect(e.kernels).toHaveLength(1);
    expect(kernelBody(e.kernels[0])).not.toMatch(/Math\.exp|\bexpf\(/);
  });

  // Two targets where one reads the other through a reduction's epilogue: [x + square(m), square(m)]
  // with m = max(x). The wider kernel once kept m as a reduction to fold again after square(m) was
  // computed (its region was walked before that target ran first), reading x a second time; where
  // m's array was disposed and x written since, the data m read was already let go of (F18).
  it('computes a reduction once when a wider target reads it through another target', () => {
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        const h = randomArray('float64', [5, 7], 5);
        const x = toDevice(h);
        const m = x.max(-1, { keepdims: true });
        const sq = cp.square(m);
        const wide = x.add(sq);
        const e = cp.explain(wide, sq);
        expect(e.kernels.map((k) => k.kind)).toEqual(['reduce', 'elementwise']);
        cp.eval(wide, sq);
        expectNumpy(wide, 'x + np.square(x.max(-1, keepdims=True))', { x: h });
        expectNumpy(sq, 'np.square(x.max(-1, keepdims=True))', { x: h });
        // log-softmax with its normalizer: the normalizer's kernel, then one elementwise kernel.
        const l = cp.log(cp.exp(x.sub(x.max(1, { keepdims: true }))).sum(1, { keepdims: true })).add(x.max(1, { keepdims: true }));
        const logp = x.sub(l);
        expect(cp.explain(logp, l).kernels.map((k) => k.kind)).toEqual(['reduce', 'elementwise']);
        cp.eval(logp, l);
        expectNumpy(logp, 'x - (np.log(np.exp(x - x.max(1, keepdims=True)).sum(1, keepdims=True)) + x.max(1, keepdims=True))', { x: h });
      });
    }
  });

  it('computes both targets after the reduction under them was disposed and its input written (F18)', () => {
    for (const gpu of [false, true]) {
      const [wide, sq] = onSchedule(gpu, () => {
        const x = cp.asarray([1, 4, 2], 'float64');
        const v0 = x.add(1).eval();
        const m = v0.max(-1, { keepdims: true });
        const sq = cp.square(m);
        m.dispose();
        const wide = x.add(sq);
        v0.set('...', 3);
        cp.eval(wide, sq);
        return [wide, sq];
      });
      expect([wide.toArraySync(), sq.toArraySync()]).toEqual([[26, 29, 27], [25]]);
    }
  });

  it('cuts a very deep graph into several kernels and stays correct', () => {
    const h = randomArray('float64', [16], 4);
    let y = toDevice(h);
    for (let i = 0; i < 600; i++) y = y.add(1);
    expect(cp.explain(y).kernels.length).toBeGreaterThan(1);
    expectNumpy(y, 'x + 600', { x: h });
  });

  it('runs arrays of different shapes in dependency order', () => {
    const h = randomArray('float32', [3, 1], 5);
    const x = toDevice(h);
    const a = x.add(1);
    const b = a.mul(toDevice(randomArray('float32', [1, 4], 6)));
    cp.eval(b, a);
    expect(a.shape).toEqual([3, 1]);
    expect(b.shape).toEqual([3, 4]);
    expectNumpy(a, 'x + 1', { x: h });
  });
});

describe('shapes and values at the edges', () => {
  it('broadcasts (3,1) with (1,4), 0-d with (2,3), and (0,3) with (3,)', () => {
    const a = randomArray('int32', [3, 1], 7);
    const b = randomArray('int32', [1, 4], 8);
    expectNumpy(cp.add(toDevice(a), toDevice(b)), 'a + b', { a, b });
    const s = randomArray('float32', [], 9);
    const m = randomArray('float32', [2, 3], 10);
    expectNumpy(cp.multiply(toDevice(s), toDevice(m)), 's * m', { s, m });
    const e = randomArray('float64', [0, 3], 11);
    const r = randomArray('float64', [3], 12);
    const out = cp.subtract(toDevice(e), toDevice(r));
    expect(out.shape).toEqual([0, 3]);
    expect(out.toArraySync()).toEqual([]);
  });

  it('0-d arrays read back as scalars', () => {
    const z = cp.add(cp.asarray(2.5), 1);
    expect(z.shape).toEqual([]);
    expect(z.item()).toBe(3.5);
    expect(z.toArraySync()).toBe(3.5);
    expect(z.toString()).toBe('3.5');
  });

  it('keeps −0, NaN and Inf through chains', () => {
    const x = cp.asarray([-0, NaN, Infinity, -Infinity, 1], { dtype: 'float32' });
    const y = x.mul(1).neg();
    const v = Array.from(y.dataSync() as Float32Array);
    expect(Object.is(v[0], 0)).toBe(true);
    expect(Number.isNaN(v[1])).toBe(true);
    expect(v.slice(2)).toEqual([-Infinity, Infinity, -1]);
  });

  it('wraps integers around on overflow and divides by zero as NumPy', async () => {
    const i32 = cp.asarray([2147483647, -2147483648, 5], { dtype: 'int32' });
    expect(await i32.add(1).toArray()).toEqual([-2147483648, -2147483647, 6]);
    expect(cp.floor_divide(i32, 0).toArraySync()).toEqual([0, 0, 0]);
    expect(cp.remainder(cp.asarray([-7, 7], { dtype: 'int8' }), 3).toArraySync()).toEqual([2, 1]);
    expect(cp.asarray([2n ** 63n - 1n]).add(1).toArraySync()).toEqual([-(2n ** 63n)]);
  });

  it('rounds half to even', () => {
    expect(cp.round(cp.asarray([0.5, 1.5, 2.5, -0.5, -2.5])).toArraySync()).toEqual([0, 2, 2, -0, -2]);
    expect(cp.around(cp.asarray([1.2345, -2.5678]), 2).toArraySync()).toEqual([1.23, -2.57]);
  });

  it('clip, where and nan_to_num follow NumPy', () => {
    const h = randomArray('float32', [40], 13, { special: true });
    const x = toDevice(h);
    expectNumpy(cp.clip(x, -1, 2), 'np.clip(x, -1, 2)', { x: h });
    expectNumpy(cp.where(cp.greater(x, 0), x, -1), 'np.where(x > 0, x, -1)', { x: h });
    expectNumpy(cp.nan_to_num(x), 'np.nan_to_num(x)', { x: h });
    // Complex: the real and imaginary parts alike (they were left as they were), in place too.
    for (const d of ['complex64', 'complex128'] as const) {
      const z = randomArray(d, [40], 15, { special: true });
      expectNumpy(cp.nan_to_num(toDevice(z)), 'np.nan_to_num(z)', { z });
      expectNumpy(cp.nan_to_num(toDevice(z), true, 5, 7, -7), 'np.nan_to_num(z, True, 5, 7, -7)', { z });
      const inPlace = toDevice(z);
      const returned = cp.nan_to_num(inPlace, false);
      expect(returned).toBe(inPlace);
      expectNumpy(inPlace, 'np.nan_to_num(z)', { z });
    }
    // Complex scalars are values, not options objects: clip's bounds, where's branches.
    expectNumpy(cp.clip(cp.array([cp.complex(3, 1), cp.complex(-1, 0)]), cp.complex(0, 0), cp.complex(1, 1)), 'np.clip(np.array([3+1j, -1+0j]), 0j, 1+1j)', {});
    expectNumpy(cp.where(cp.array([true, false]), cp.array([1, 2]), cp.complex(1, 1)), 'np.where([True, False], [1, 2], 1+1j)', {});
  });

  it('astype converts like NumPy for in-range values', () => {
    const h = randomArray('float64', [30], 14, { low: -100, high: 100 });
    const x = toDevice(h);
    for (const d of ['int8', 'int32', 'int64', 'uint8', 'float16', 'float32', 'bool'] as const) {
      const hh = d === 'uint8' ? randomArray('float64', [30], 15, { low: 0, high: 200 }) : h;
      expectNumpy((d === 'uint8' ? toDevice(hh) : x).astype(d), `x.astype(np.${d === 'bool' ? 'bool_' : d})`, { x: hh });
    }
  });
});

describe('creation against NumPy', () => {
  it('arange, linspace, eye, full, zeros_like', () => {
    expectNumpy(cp.arange(10), 'np.arange(10)', {});
    expectNumpy(cp.arange(1, 2, 0.1), 'np.arange(1, 2, 0.1)', {});
    expectNumpy(cp.linspace(-1, 1, 7), 'np.linspace(-1, 1, 7)', {});
    expectNumpy(cp.linspace(0, 1, 5, { endpoint: false }), 'np.linspace(0, 1, 5, endpoint=False)', {});
    expectNumpy(cp.eye(3, 4, { k: 1 }), 'np.eye(3, 4, k=1)', {});
    expectNumpy(cp.full([2, 3], 7), 'np.full((2, 3), 7)', {});
    expectNumpy(cp.full([2], 1.5, { dtype: 'float32' }), 'np.full((2,), 1.5, dtype=np.float32)', {});
    expectNumpy(cp.zeros_like(cp.ones([2, 2], { dtype: 'int16' })), 'np.zeros((2, 2), np.int16)', {});
    expect(cp.asarray([[true, false]]).dtype.name).toBe('bool');
    expect(cp.asarray([1, 2]).dtype.name).toBe('int64');
    expect(cp.asarray([1, 2.5]).dtype.name).toBe('float64');
  });

  it('readbacks: data, toArray, item, toString', async () => {
    const a = cp.asarray([[1, 2], [3, 4]], { dtype: 'float16' });
    expect(await a.data()).toBeInstanceOf(Float32Array);
    expect(await a.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(cp.asarray([1n], { dtype: 'int64' }).dataSync()).toBeInstanceOf(BigInt64Array);
    expect(cp.asarray([true, false]).toArraySync()).toEqual([true, false]);
    expect(a.toString()).toBe('[[1. 2.]\n [3. 4.]]');
    expect(() => a.item()).toThrow(/item: expected an array of size 1, got size 4/);
  });
});

describe('errors at the call', () => {
  it('names the op and what was expected', () => {
    const a = cp.zeros([2, 3]);
    const b = cp.zeros([4]);
    expect(() => cp.add(a, b)).toThrow('add: shapes (2, 3) and (4,) cannot be broadcast together');
    expect(() => cp.bitwise_and(a, a)).toThrow(/bitwise_and: expected an input dtype .* got float64/);
    // @ts-expect-error a misspelt dtype name does not compile
    expect(() => a.astype('floot32')).toThrow(/unknown dtype 'floot32'/);
    expect(() => cp.asarray([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => cp.asarray([1, 'x' as unknown as number])).toThrow(/asarray: expected numbers, bigints, booleans or complex values, got 'x' at \[1\]/);
    expect(() => cp.add(cp.asarray([1], { dtype: 'uint8' }), 300)).toThrow(/Python integer 300 out of bounds for uint8/);
    expect(() => cp.subtract(cp.asarray([true]), true)).toThrow(/subtract: expected a numeric dtype/);
    expect(() => cp.power(cp.asarray([2]), -1)).toThrow(/power: expected a non-negative exponent/);
    // An array exponent: only a kernel sees a negative one, so a read of the result raises NumPy's ValueError.
    for (const dtype of ['int8', 'int16', 'int32', 'int64'] as const) {
      const negative = cp.power(cp.asarray([2, -1, 0], dtype), cp.asarray([-1, 3, 2], dtype));
      expect(() => negative.toArraySync()).toThrow(/power: Integers to negative integer powers are not allowed/);
      expect(() => cp.multiply(cp.power(3, cp.asarray([0, -2], dtype)), 2).toArraySync()).toThrow(/power: Integers to negative integer powers/);
      expect(cp.power(cp.asarray([2, -1, 3], dtype), cp.asarray([1, 3, 2], dtype)).tolist()).toEqual([2, -1, 9]);
    }
    expect(() => cp.asarray([2, 3]).pow(cp.asarray([-1, 1])).toArraySync()).toThrow(/pow: Integers to negative integer powers|power: Integers to negative/);
    expect(cp.power(cp.asarray([2], 'int8'), cp.asarray([3], 'uint8')).tolist()).toEqual([8]);
    expect(cp.power(cp.asarray([2], 'float32'), cp.asarray([-1], 'int8')).tolist()).toEqual([0.5]);
    expect(cp.power(cp.asarray([], 'int32'), cp.asarray([], 'int32')).tolist()).toEqual([]);
    expect(() => cp.zeros([-1])).toThrow(/expected a shape of non-negative integers/);
    expect(() => (cp.add as unknown as (x: unknown) => unknown)(a)).toThrow("add: missing required argument 'x2'");
  });
});
