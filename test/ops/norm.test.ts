// linalg.norm, vector_norm and matrix_norm against NumPy: every vector ord (±inf, 0, ±1, 2, and
// other numbers p, negative and fractional included) and every matrix ord ('fro', ±1, ±inf, and
// ±2 and 'nuc' through singular values), over dtypes (integers and bool in float64; float16 and
// float32 stay), axes given either way round and negative, keepdims, empty and 0-d inputs and a
// non-contiguous view. Where NumPy raises, cupyts throws a CupytsError naming the function.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Ord = number | 'fro' | 'nuc' | null;
const py = (v: Ord | number[] | boolean): string => {
  if (v === null) return 'None';
  if (v === Infinity) return 'np.inf';
  if (v === -Infinity) return '-np.inf';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `(${v.join(', ')},)`;
  return String(v);
};

interface Case {
  label: string;
  expr: string;
  a: HostArray;
  run: (x: cp.NDArray) => cp.NDArray;
  /** view: the input is a.T on both sides. */
  transposed?: boolean;
}

function tolerance(dtype: string) {
  if (dtype === 'float16') return { rtol: 5e-3, atol: 1e-2 };
  if (dtype === 'float32') return { rtol: 1e-5, atol: 1e-5 };
  return { rtol: 1e-12, atol: 1e-12 };
}

/** Inputs with zeros among them (ord 0 counts them; negative ords see 1/0). */
function input(dtype: DTypeName, shape: number[], seed: number): HostArray {
  const opts = dtype === 'float16' ? { low: -4, high: 4 } : dtype.startsWith('float') ? {} : { low: -5, high: 6 };
  return randomArray(dtype, shape, seed, opts);
}

const VECTOR_ORDS: Ord[] = [null, Infinity, -Infinity, 0, 1, -1, 2, -2, 3, 0.5, -0.5, 1.5];
const MATRIX_ORDS: Ord[] = [null, 'fro', 1, -1, Infinity, -Infinity, 2, -2, 'nuc'];
const DTYPES: DTypeName[] = ['float64', 'float32', 'float16', 'int32', 'int64', 'uint8', 'bool'];

const cases: Case[] = [];
DTYPES.forEach((dtype, d) => {
  const v = input(dtype, [7], 10 + d);
  const m = input(dtype, [3, 4, 5], 20 + d);
  for (const ord of VECTOR_ORDS) {
    cases.push({ label: `${dtype} vector ord ${ord}`, expr: `np.linalg.norm(a, ${py(ord)})`, a: v, run: (x) => cp.linalg.norm(x, ord) });
    cases.push({
      label: `${dtype} ord ${ord} axis -1 keepdims`, expr: `np.linalg.norm(a, ${py(ord)}, -1, True)`, a: m,
      run: (x) => cp.linalg.norm(x, { ord, axis: -1, keepdims: true }),
    });
    cases.push({ label: `${dtype} ord ${ord} axis 1`, expr: `np.linalg.norm(a, ${py(ord)}, 1)`, a: m, run: (x) => cp.linalg.norm(x, ord, 1) });
  }
  for (const ord of MATRIX_ORDS) {
    for (const axis of [[0, 1], [1, 0], [-1, -3], [2, 0]]) {
      for (const keepdims of [false, true]) {
        cases.push({
          label: `${dtype} matrix ord ${ord} axis ${axis} keepdims ${keepdims}`, expr: `np.linalg.norm(a, ${py(ord)}, ${py(axis)}, ${py(keepdims)})`, a: m,
          run: (x) => cp.linalg.norm(x, ord, axis, keepdims),
        });
      }
    }
    cases.push({ label: `${dtype} 2-D matrix ord ${ord}`, expr: `np.linalg.norm(a[0], ${py(ord)})`, a: m, run: (x) => cp.linalg.norm(x.get(0), ord) });
  }
});
const f = input('float64', [4, 6], 3);
cases.push(
  { label: 'no ord on 3-D: everything flattened', expr: 'np.linalg.norm(a)', a: input('float32', [2, 3, 4], 4), run: (x) => cp.linalg.norm(x) },
  { label: 'keepdims with no axis', expr: 'np.linalg.norm(a, keepdims=True)', a: input('float32', [2, 3, 4], 4), run: (x) => cp.linalg.norm(x, { keepdims: true }) },
  { label: "'f' is 'fro'", expr: "np.linalg.norm(a, 'f')", a: f, run: (x) => cp.linalg.norm(x, 'f' as 'fro') },
  { label: 'a transposed view, ord 1', expr: 'np.linalg.norm(a.T, 1)', a: f, run: (x) => cp.linalg.norm(x.T, 1) },
  { label: 'a transposed view, ord -inf axis 0', expr: 'np.linalg.norm(a.T, -np.inf, 0)', a: f, run: (x) => cp.linalg.norm(x.T, -Infinity, 0) },
  { label: 'a strided slice, ord 3', expr: 'np.linalg.norm(a[::2, 1::2], 3, (0,))', a: f, run: (x) => cp.linalg.norm(x.get('::2, 1::2'), 3, [0]) },
  { label: '0-d', expr: 'np.linalg.norm(a)', a: input('float64', [], 5), run: (x) => cp.linalg.norm(x) },
  { label: '0-d keepdims', expr: 'np.linalg.norm(a, keepdims=True)', a: input('float64', [], 5), run: (x) => cp.linalg.norm(x, null, null, true) },
  // empty inputs
  ...[null, Infinity, 0, 1, 2, -1, 3].map((ord): Case => ({ label: `empty vector ord ${ord}`, expr: `np.linalg.norm(a, ${py(ord)})`, a: input('float64', [0], 6), run: (x) => cp.linalg.norm(x, ord) })),
  ...MATRIX_ORDS.flatMap((ord) => [[0, 3], [3, 0]].map((shape): Case => ({
    label: `empty ${shape} matrix ord ${ord}`, expr: `np.linalg.norm(a, ${py(ord)})`, a: input('float32', shape, 7), run: (x) => cp.linalg.norm(x, ord),
  }))),
  { label: 'empty rows, ord inf along axis 1', expr: 'np.linalg.norm(a, np.inf, 1)', a: input('float64', [0, 3], 8), run: (x) => cp.linalg.norm(x, Infinity, 1) },
  { label: 'empty axis, ord inf', expr: 'np.linalg.norm(a, np.inf, 1)', a: input('float64', [3, 0], 8), run: (x) => cp.linalg.norm(x, Infinity, 1) },
  // vector_norm and matrix_norm
  { label: 'vector_norm default', expr: 'np.linalg.vector_norm(a)', a: input('float32', [2, 3, 4], 9), run: (x) => cp.linalg.vector_norm(x) },
  { label: 'vector_norm axis pair keepdims', expr: 'np.linalg.vector_norm(a, axis=(0, 2), keepdims=True, ord=3)', a: input('float64', [2, 3, 4], 9), run: (x) => cp.linalg.vector_norm(x, { axis: [0, 2], keepdims: true, ord: 3 }) },
  { label: 'vector_norm three axes ord -inf', expr: 'np.linalg.vector_norm(a, axis=(0, 1, 2), ord=-np.inf)', a: input('int32', [2, 3, 4], 9), run: (x) => cp.linalg.vector_norm(x, { axis: [0, 1, 2], ord: -Infinity }) },
  { label: 'vector_norm ord 0 axis -1', expr: 'np.linalg.vector_norm(a, axis=-1, ord=0)', a: input('int32', [2, 3, 4], 9), run: (x) => cp.linalg.vector_norm(x, { axis: -1, ord: 0 }) },
  { label: 'matrix_norm default', expr: 'np.linalg.matrix_norm(a)', a: input('float64', [2, 3, 4], 10), run: (x) => cp.linalg.matrix_norm(x) },
  ...[1, -1, Infinity, -Infinity].map((ord): Case => ({
    label: `matrix_norm ord ${ord} keepdims`, expr: `np.linalg.matrix_norm(a, ord=${py(ord)}, keepdims=True)`, a: input('float32', [2, 3, 4], 11),
    run: (x) => cp.linalg.matrix_norm(x, { ord, keepdims: true }),
  })),
);

describe('linalg.norm against NumPy', () => {
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: { a: c.a } })));
  cases.forEach((c, i) => {
    it(c.label, () => {
      const w = want[i];
      if (!w.ok) {
        // NumPy raises: so must cupyts, with a CupytsError naming the function.
        expect(() => c.run(toDevice(c.a)).dataSync()).toThrow(/^linalg\.(norm|vector_norm|matrix_norm): /);
        return;
      }
      const got = toHost(c.run(toDevice(c.a)));
      const cmp = compareArrays(got, w.value as HostArray, tolerance((w.value as HostArray).dtype));
      expect(cmp.ok ? '' : cmp.message).toBe('');
    });
  });
});

describe('norm arguments', () => {
  const m = () => cp.ones([3, 4]);
  it('positional and keyword forms agree', () => {
    const want = cp.linalg.norm(m(), 1, [1, 0], true).toArraySync();
    expect(cp.linalg.norm(m(), { ord: 1, axis: [1, 0], keepdims: true }).toArraySync()).toEqual(want);
    expect(cp.linalg.norm(m(), 1, { axis: [1, 0], keepdims: true }).toArraySync()).toEqual(want);
  });

  it.each<[string, () => unknown, RegExp, string]>([
    ['matrix ord -2 of an empty matrix', () => cp.linalg.norm(cp.ones([0, 3]), -2), /linalg.norm: expected non-empty matrices for the matrix norm ord=-2/, 'ERR_ARG'],
    ['matrix ord 3', () => cp.linalg.norm(m(), 3), /linalg.norm: expected a matrix norm order/, 'ERR_ARG'],
    ["vector ord 'fro'", () => cp.linalg.norm(cp.ones([3]), 'fro'), /linalg.norm: expected a vector norm order/, 'ERR_ARG'],
    ['three axes with an ord', () => cp.linalg.norm(cp.ones([2, 2, 2]), 1), /linalg.norm: expected one axis \(a vector norm\) or two/, 'ERR_ARG'],
    ['duplicate axes', () => cp.linalg.norm(m(), null, [1, -1]), /linalg.norm: expected two different axes/, 'ERR_AXIS'],
    ['an axis out of bounds', () => cp.linalg.norm(m(), null, 2), /linalg.norm: axis 2 is out of bounds/, 'ERR_AXIS'],
    ['an ord string', () => cp.linalg.norm(m(), 'max' as never), /linalg.norm: expected ord to be a number, 'fro', 'nuc' or null/, 'ERR_ARG'],
    ['an unknown option', () => cp.linalg.norm(m(), { axes: 1 } as never), /linalg.norm: unknown option 'axes'/, 'ERR_ARG'],
    ['keepdims not a boolean', () => cp.linalg.norm(m(), null, null, 1 as never), /linalg.norm: expected keepdims to be a boolean/, 'ERR_ARG'],
    ['vector_norm ord positional (keyword-only in NumPy)', () => cp.linalg.vector_norm(m(), 2 as never), /linalg.vector_norm: expected at most 1 positional argument/, 'ERR_ARG'],
    ['vector_norm repeated axes', () => cp.linalg.vector_norm(m(), { axis: [0, -2] }), /linalg.vector_norm: expected distinct axes/, 'ERR_AXIS'],
    ['matrix_norm of 1-D', () => cp.linalg.matrix_norm(cp.ones([3])), /linalg.matrix_norm: expected an array of at least 2 dimensions/, 'ERR_SHAPE'],
    ['min of an empty vector', () => cp.linalg.norm(cp.zeros([0]), -Infinity), /linalg.norm: zero-size array to reduction operation minimum/, 'ERR_EMPTY'],
  ])('%s', (_, call, message, code) => {
    expect(call).toThrow(message);
    try {
      call();
    } catch (err) {
      expect(err).toBeInstanceOf(cp.CupytsError);
      expect((err as cp.CupytsError).code).toBe(code);
    }
  });
});
