// cp.random's declared signatures: NumPy's positional forms (dtype included) and the trailing
// options object with NumPy's keyword names give the same draws as each other from the same
// seed; out= writes into the given array; choice, permutation and shuffle work along any axis
// (shapes against NumPy); bad calls throw a CupytsError naming the method and the argument.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice } from '../helpers/arrays.js';
import { numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const values = (a: cp.NDArray | void): unknown[] => {
  if (!(a instanceof cp.NDArray)) throw new Error('expected an array');
  return Array.from(a.dataSync() as ArrayLike<unknown>);
};

type Draw = (g: cp.random.Generator) => cp.NDArray;

/** Each form drawn from a fresh generator of one seed: all give the first form's dtype, shape and numbers. */
function expectSameDraws(forms: Draw[]): void {
  const results = forms.map((form) => form(cp.random.default_rng(99)));
  const [first] = results;
  expect(values(first).length).toBeGreaterThan(0);
  for (const r of results.slice(1)) {
    expect(r.dtype.name).toBe(first.dtype.name);
    expect(r.shape).toEqual(first.shape);
    expect(values(r)).toEqual(values(first));
  }
}

describe('Generator methods: positional and keyword forms draw the same numbers', () => {
  const pop = () => cp.asarray([[1, 2, 3, 4], [5, 6, 7, 8]], { dtype: 'float32' });
  it.each<[string, Draw[]]>([
    ['random(size, dtype)', [(g) => g.random(5, 'float32'), (g) => g.random(5, { dtype: 'float32' }), (g) => g.random({ size: 5, dtype: 'float32' }), (g) => g.random([5], cp.float32)]],
    ['random(size) is float64', [(g) => g.random([2, 3]), (g) => g.random([2, 3], 'float64'), (g) => g.random({ size: [2, 3] })]],
    ['standard_normal(n, dtype)', [(g) => g.standard_normal(6, 'float32'), (g) => g.standard_normal(6, { dtype: 'float32' }), (g) => g.standard_normal({ size: [6], dtype: 'float32' })]],
    ['integers(low, high, size, dtype, endpoint)', [
      (g) => g.integers(-3, 9, [4], 'int32', true),
      (g) => g.integers(-3, 9, [4], { dtype: 'int32', endpoint: true }),
      (g) => g.integers(-3, { high: 9, size: 4, dtype: 'int32', endpoint: true }),
      (g) => g.integers(-3n, 9n, 4, cp.int32, true),
    ]],
    ['integers(high) draws from [0, high)', [(g) => g.integers(10, null, 5), (g) => g.integers(0, 10, 5), (g) => g.integers(10, { size: 5 })]],
    ['uniform(low, high, size)', [(g) => g.uniform(2, 5, [3]), (g) => g.uniform({ low: 2, high: 5, size: [3] }), (g) => g.uniform(2, { high: 5, size: 3 })]],
    ['uniform dtype (keyword only)', [(g) => g.uniform(0, 1, 4, { dtype: 'float32' }), (g) => g.uniform({ size: 4, dtype: 'float32' })]],
    ['normal(loc, scale, size)', [(g) => g.normal(1, 2, [3]), (g) => g.normal({ loc: 1, scale: 2, size: [3] }), (g) => g.normal(1, { scale: 2, size: 3 })]],
    ['exponential(scale, size)', [(g) => g.exponential(2, [3]), (g) => g.exponential({ scale: 2, size: [3] })]],
    ['choice(a, size, replace, p, axis, shuffle)', [
      (g) => g.choice(10, [3], false, null, 0, true),
      (g) => g.choice(10, { size: [3], replace: false, p: null, axis: 0, shuffle: true }),
      (g) => g.choice(10, 3, { replace: false }),
    ]],
    ['choice with p', [(g) => g.choice(3, 8, true, [0.2, 0.3, 0.5]), (g) => g.choice(3, { size: 8, p: [0.2, 0.3, 0.5] })]],
    ['choice along axis 1', [(g) => g.choice(pop(), 2, true, null, 1), (g) => g.choice(pop(), { size: 2, axis: 1 }), (g) => g.choice(pop(), 2, { axis: -1 })]],
    ['permutation(x, axis)', [(g) => g.permutation(pop(), 1), (g) => g.permutation(pop(), { axis: 1 }), (g) => g.permutation(pop(), -1)]],
  ])('%s', (_, forms) => expectSameDraws(forms));

  it('shuffle(x, axis) and shuffle(x, {axis})', () => {
    const shuffled = (call: (g: cp.random.Generator, x: cp.NDArray) => void) => {
      const x = cp.arange(12, { dtype: 'float64' }).reshape(3, 4);
      call(cp.random.default_rng(6), x);
      return values(x);
    };
    const positional = shuffled((g, x) => g.shuffle(x, 1));
    expect(shuffled((g, x) => g.shuffle(x, { axis: 1 }))).toEqual(positional);
    expect(shuffled((g, x) => g.shuffle(x, -1))).toEqual(positional);
    expect(positional).not.toEqual(values(cp.arange(12, { dtype: 'float64' })));
  });

  it('default_rng(seed) and default_rng({seed}); a Generator is returned as it is', () => {
    expect(values(cp.random.default_rng({ seed: 4 }).random(3))).toEqual(values(cp.random.default_rng(4).random(3)));
    expect(values(new cp.random.Generator(4).random(3))).toEqual(values(cp.random.default_rng(4n).random(3)));
    const g = cp.random.default_rng(1);
    expect(cp.random.default_rng(g)).toBe(g);
  });
});

describe('legacy module functions: positional and keyword forms draw the same numbers', () => {
  type Legacy = () => cp.NDArray;
  const seeded = (call: Legacy) => {
    cp.random.seed(42);
    return call();
  };
  const expectSame = (forms: Legacy[]) => {
    const [first, ...others] = forms.map(seeded);
    for (const r of others) {
      expect([r.dtype.name, r.shape]).toEqual([first.dtype.name, first.shape]);
      expect(values(r)).toEqual(values(first));
    }
  };
  it.each<[string, Legacy[]]>([
    ['rand(*dims, dtype=)', [() => cp.random.rand(2, 3, { dtype: 'float32' }), () => cp.random.random([2, 3], 'float32')]],
    ['randn(*dims)', [() => cp.random.randn(2, 3), () => cp.random.standard_normal([2, 3]), () => cp.random.standard_normal({ size: [2, 3] })]],
    ['randint(low, high, size, dtype)', [() => cp.random.randint(0, 9, [6], 'int32'), () => cp.random.randint(0, { high: 9, size: 6, dtype: 'int32' })]],
    ['random / random_sample', [() => cp.random.random(4), () => cp.random.random_sample(4), () => cp.random.random({ size: 4 })]],
    ['uniform(low, high, size, dtype)', [() => cp.random.uniform(1, 2, [3], 'float32'), () => cp.random.uniform({ low: 1, high: 2, size: 3, dtype: 'float32' })]],
    ['normal(loc, scale, size, dtype)', [() => cp.random.normal(1, 2, [3], 'float64'), () => cp.random.normal(1, 2, { size: 3 })]],
    ['exponential(scale, size, dtype)', [() => cp.random.exponential(3, [4], 'float32'), () => cp.random.exponential({ scale: 3, size: [4], dtype: 'float32' })]],
    ['choice(a, size, replace, p)', [() => cp.random.choice(5, 3, false, null), () => cp.random.choice(5, { size: 3, replace: false })]],
    ['permutation(x)', [() => cp.random.permutation(6), () => cp.random.permutation({ x: 6 } as never)]],
  ])('%s', (label, forms) => {
    if (label === 'permutation(x)') {
      // x is required: it is never an option
      expect(forms[1]).toThrow(/permutation: expected x to be an integer or an array/);
      expectSame(forms.slice(0, 1));
      return;
    }
    expectSame(forms);
  });

  it('seed(s) and seed({seed: s}) restart the same stream', () => {
    const a = seeded(() => cp.random.rand(4));
    cp.random.seed({ seed: 42 });
    expect(values(cp.random.rand(4))).toEqual(values(a));
  });
});

describe('out=', () => {
  it.each(['random', 'standard_normal'] as const)('%s writes into out and returns it', (method) => {
    const out = cp.zeros([2, 3], { dtype: 'float32' });
    const r = cp.random.default_rng(3)[method]({ out, dtype: 'float32' });
    expect(r).toBe(out);
    expect(values(out)).toEqual(values(cp.random.default_rng(3)[method]([2, 3], 'float32')));
    const view = cp.zeros([4, 3]);
    const onView = cp.random.default_rng(3)[method]([2, 3], 'float64', view.get('::2'));
    expect(values(view.get('::2'))).toEqual(values(onView));
    expect(values(view.get('1::2'))).toEqual(new Array(6).fill(0));
  });

  it.each([
    ['a dtype other than out\'s', () => cp.random.default_rng(1).random({ out: cp.zeros([3], { dtype: 'float32' }) }), /random: expected out to have the dtype float64, got float32/],
    ['a size other than out\'s shape', () => cp.random.default_rng(1).standard_normal(2, 'float64', cp.zeros([3])), /standard_normal: expected size to match out's shape \(3,\), got \(2,\)/],
    ['out that is not an array', () => cp.random.default_rng(1).random(3, 'float64', [0, 0, 0] as never), /random: expected out to be an NDArray \(it is written in place\) or null/],
  ])('%s', (_, call, message) => expect(call).toThrow(message));
});

describe('choice, permutation and shuffle along an axis, shapes against NumPy', () => {
  const a: HostArray = randomArray('float32', [2, 3, 4], 1);
  const cases: Array<{ expr: string; run: (g: cp.random.Generator, x: cp.NDArray) => cp.NDArray }> = [
    { expr: 'g.choice(a, 5, axis=1)', run: (g, x) => g.choice(x, 5, { axis: 1 }) },
    { expr: 'g.choice(a, (2, 2), axis=-1)', run: (g, x) => g.choice(x, [2, 2], { axis: -1 }) },
    { expr: 'g.choice(a, 2, replace=False, axis=2)', run: (g, x) => g.choice(x, 2, false, null, 2) },
    { expr: 'g.choice(a, 3, p=[0.5, 0.5, 0], axis=1)', run: (g, x) => g.choice(x, 3, true, [0.5, 0.5, 0], 1) },
    { expr: 'g.choice(a, 0)', run: (g, x) => g.choice(x, 0) },
    { expr: 'g.choice(a)', run: (g, x) => g.choice(x) },
    { expr: 'g.choice(a, 3, axis=1)', run: (g, x) => g.choice(x.get(':, :, 0'), 3, { axis: 1 }) },
    { expr: 'g.permutation(a, 2)', run: (g, x) => g.permutation(x, 2) },
    { expr: 'g.permutation(a, axis=-2)', run: (g, x) => g.permutation(x, { axis: -2 }) },
  ];
  const want = numpy(cases.map((c) => ({
    expr: `(lambda g: np.array(${c.expr.replace('g.choice(x.get', '')}.shape))(np.random.default_rng(0))`,
    inputs: { a: c.expr === 'g.choice(a, 3, axis=1)' ? { ...a } : a },
  })));
  cases.forEach((c, i) => {
    it(c.expr, () => {
      const r = want[i];
      if (!r.ok) throw new Error(r.error);
      const got = c.run(cp.random.default_rng(0), toDevice(a));
      const shape = Array.from((r.value as HostArray).data as BigInt64Array, Number);
      if (c.expr === 'g.choice(a, 3, axis=1)') expect(got.shape).toEqual([2, 3]);
      else expect(got.shape).toEqual(shape);
    });
  });

  it('each sampled slice is a slice of the population along the axis', () => {
    const x = cp.arange(24, { dtype: 'int32' }).reshape(2, 3, 4);
    const picked = cp.random.default_rng(6).choice(x, 7, { axis: 2 }).toArraySync() as number[][][];
    // x[i, j, k] = 12i + 4j + k: a slice along axis 2 is fixed by k, so picked[i][j][s] - 12i - 4j is the same k for every i, j
    for (let s = 0; s < 7; s++) {
      const k = picked[0][0][s];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(picked[i][j][s]).toBe(12 * i + 4 * j + k);
    }
    const perm = cp.random.default_rng(6).permutation(x, 1).toArraySync() as number[][][];
    const rows = perm[0].map((row) => row[0] / 4);
    expect([...rows].sort()).toEqual([0, 1, 2]);
    perm.forEach((block, i) => block.forEach((row, j) => expect(row).toEqual([0, 1, 2, 3].map((k) => 12 * i + 4 * rows[j] + k))));
  });

  it('choice of a 0-d integer array is choice of arange(n)', () => {
    const got = values(cp.random.default_rng(8).choice(cp.asarray(5), 20)).map(Number);
    expect(got.every((v) => Number.isInteger(v) && v >= 0 && v < 5)).toBe(true);
  });
});

describe('bad calls throw a CupytsError naming the method and the argument', () => {
  const g = () => cp.random.default_rng(1);
  it.each<[string, () => unknown, RegExp]>([
    ['an unknown option', () => g().random(3, { axes: 1 } as never), /random: unknown option 'axes'; expected one of 'size', 'dtype', 'out'/],
    ['an extra positional argument', () => g().standard_normal(3, 'float32', null, 4 as never), /standard_normal: expected at most 3 positional arguments and an options object, got 4/],
    ['a dtype that is not a dtype', () => g().standard_normal(3, 5 as never), /standard_normal: expected dtype to be a dtype/],
    ['dtype given twice', () => g().random(3, 'float32', { dtype: 'float64' } as never), /random: got multiple values for argument 'dtype'/],
    ['a fractional size', () => g().normal(0, 1, 2.5), /normal: expected size to be a non-negative integer/],
    ['uniform dtype positionally (NumPy has no such parameter)', () => g().uniform(0, 1, 3, 'float32' as never), /uniform: expected at most 3 positional arguments/],
    ['a float bound', () => g().integers(0.5, 3), /integers: expected low to be an integer \(a number or bigint\) or an array of integers, got 0.5/],
    ['a float array bound', () => g().integers(0, [3.5, 4]), /integers: expected high to be an integer/],
    ['endpoint not a boolean', () => g().integers(0, 3, 2, 'int64', 1 as never), /integers: expected endpoint to be a boolean, got 1/],
    ['a float integers dtype', () => g().integers(0, 3, 2, 'float32'), /integers: expected an integer or bool dtype, got float32/],
    ['a non-boolean replace', () => g().choice(5, 2, 'no' as never), /choice: expected replace to be a boolean/],
    ['an axis out of bounds', () => g().choice(cp.zeros([2, 3]), 2, { axis: 2 }), /choice: axis 2 is out of bounds for array of dimension 2/],
    ['p without replacement, too few non-zero weights', () => g().choice(3, 2, false, [0, 0, 1]), /choice: expected at least size = 2 non-zero entries in p/],
    ['p of the wrong length along the axis', () => g().choice(cp.zeros([2, 3]), 2, { p: [0.5, 0.5], axis: 1 }), /choice: expected p to be a 1-D array of length 3/],
    ['an empty axis with samples', () => g().choice(cp.zeros([2, 0]), 2, { axis: 1 }), /choice: expected a non-empty population/],
    ['a permutation axis out of bounds', () => g().permutation(cp.zeros([2, 3]), -3), /permutation: axis -3 is out of bounds/],
    ['shuffle of a list', () => g().shuffle([1, 2, 3] as never), /shuffle: expected x to be an NDArray \(it is written in place\)/],
    ['shuffle axis not an integer', () => g().shuffle(cp.zeros([3]), 'a' as never), /shuffle: expected axis to be an integer axis/],
    ['a seed beyond 2^64', () => cp.random.default_rng(2n ** 64n), /default_rng: expected seed to be a non-negative integer below 2\^64/],
    ['a Generator seeded with a string', () => new cp.random.Generator('a' as never), /Generator: expected seed to be/],
    ['legacy random with an unknown option', () => cp.random.random(3, { out: null } as never), /random: unknown option 'out'/],
    ['legacy rand with a negative dimension', () => cp.random.rand(2, -1), /rand: expected dimensions to be a non-negative integer, got -1/],
    ['legacy randint without low', () => (cp.random.randint as unknown as () => unknown)(), /randint: missing required argument 'low'/],
    ['legacy permutation with an axis', () => cp.random.permutation(5, 0 as never), /permutation: expected at most 1 positional argument, got 2/],
    ['legacy seed negative', () => cp.random.seed(-5), /seed: expected seed to be a non-negative integer/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(cp.CupytsError);
    expect(call).toThrow(message);
  });
});
