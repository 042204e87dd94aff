// complex64 and complex128 through the op table, against NumPy, on the current backend: every
// elementwise op of the table on complex inputs (ops cupyts implements on complex must match
// NumPy; NumPy's complex loops cupyts lacks, and ops NumPy refuses on complex, must be refused at
// the call), mixed promotion with real arrays and JS complex scalars, NaN/Inf parts, empty and
// 0-d arrays, broadcasting and non-contiguous views, reductions, and the NVRTC compile of every
// CUDA kernel built here.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { ELEMENTWISE_OPS, type ElementwiseOp } from '../../src/ir/ops.js';
import { applyOp } from '../../src/api/operands.js';
import type { NDArray } from '../../src/api/ndarray.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import {
  COMPLEX_DTYPE_NAMES, compareArrays, type CompareOptions, numpy, randomArray, type DTypeName, type HostArray, type OracleCase, type OracleResult,
} from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const SHAPE = [29];
/** Ops whose NaN/Inf handling follows NumPy's own loops exactly: they get NaN, ±inf, ±0 parts mixed in. */
const EXACT_SPECIALS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'negative', 'positive', 'conjugate', 'absolute', 'square', 'reciprocal', 'sign',
  'equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal', 'maximum', 'minimum', 'fmax', 'fmin',
  'logical_and', 'logical_or', 'logical_xor', 'logical_not', 'isnan', 'isinf', 'isfinite', 'real', 'imag', 'angle',
]);
/** Transcendental functions: computed with the textbook formulas in float64 (complex64: then rounded); NumPy uses libm's. */
const LOOSE: Record<string, CompareOptions> = { complex64: { rtol: 2e-5, atol: 1e-5 }, complex128: { rtol: 1e-11, atol: 1e-12 } };

const NUMPY_OPS = ELEMENTWISE_OPS.filter((op) => op.module === undefined);
const pyCall = (op: ElementwiseOp, args: string) => {
  if (['real', 'imag', 'angle'].includes(op.name)) return `np.asarray(np.${op.name}(${args}))`;
  return `np.${op.ufunc}(${args})${op.output === undefined ? '' : `[${op.output}]`}`;
};

interface Case { op: ElementwiseOp; dtype: DTypeName; inputs: HostArray[]; label: string }

function inputsFor(op: ElementwiseOp, dtype: DTypeName, seed: number): HostArray[] {
  const special = EXACT_SPECIALS.has(op.name);
  const range = ['exp', 'exp2', 'sinh', 'cosh', 'tanh', 'sin', 'cos', 'tan', 'power', 'float_power'].includes(op.name) ? { low: -3, high: 3 } : {};
  const make = (k: number) => randomArray(dtype, SHAPE, seed + k, { special, ...range });
  return op.arity === 1 ? [make(0)] : [make(0), make(1)];
}

const cases: Case[] = [];
NUMPY_OPS.forEach((op, k) => COMPLEX_DTYPE_NAMES.forEach((dtype, j) => {
  cases.push({ op, dtype, inputs: inputsFor(op, dtype, 7000 + 10 * k + j), label: `${op.name} ${dtype}` });
}));
const expected = numpy(cases.map((c): OracleCase => ({
  expr: pyCall(c.op, ['a', 'b'].slice(0, c.op.arity).join(', ')),
  inputs: Object.fromEntries(c.inputs.map((h, i) => [['a', 'b'][i], h])),
})));

function check(actual: () => NDArray, want: OracleResult, tol?: CompareOptions): void {
  if (!want.ok) {
    expect(actual, `NumPy: ${want.error}`).toThrow(/expected/);
    return;
  }
  const result = actual();
  recordCuda(result);
  const cmp = compareArrays(toHost(result), want.value as HostArray, tol);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe('elementwise ops on complex arrays against NumPy', () => {
  cases.forEach((c, i) => {
    const run = () => applyOp(c.op, c.inputs.map(toDevice));
    if (expected[i].ok && c.op.complex === undefined) {
      it(`${c.label}: NumPy's complex loop not implemented yet, refused at the call`, () => {
        expect(run).toThrow(/not implemented in cupyts yet|expected an input dtype NumPy's ufunc/);
      });
      return;
    }
    it(c.label, () => check(run, expected[i], EXACT_SPECIALS.has(c.op.name) ? undefined : LOOSE[c.dtype]));
  });
});

describe('mixed promotion, weak complex scalars and layouts', () => {
  const x = randomArray('complex64', [3, 4], 11, { special: true });
  const y = randomArray('complex128', [4], 12);
  const f32 = randomArray('float32', [3, 1], 13);
  const i32 = randomArray('int32', [4], 14);
  const i16 = randomArray('int16', [4], 15);
  const u8 = randomArray('uint8', [3, 4], 16);
  const z = { re: 1.5, im: -2 };
  const mixed: Array<[string, string, () => NDArray, Record<string, HostArray | { re: number; im: number } | number>]> = [
    ['complex64 + complex128', 'x + y', () => cp.add(toDevice(x), toDevice(y)), { x, y }],
    ['complex64 * float32 (broadcast)', 'x * f32', () => cp.multiply(toDevice(x), toDevice(f32)), { x, f32 }],
    ['complex64 + int32 -> complex128', 'x + i32', () => cp.add(toDevice(x), toDevice(i32)), { x, i32 }],
    ['complex64 - int16 -> complex64', 'x - i16', () => cp.subtract(toDevice(x), toDevice(i16)), { x, i16 }],
    ['uint8 / complex64', 'u8 / x', () => cp.divide(toDevice(u8), toDevice(x)), { u8, x }],
    ['float32 + weak complex -> complex64', 'f32 + z', () => cp.add(toDevice(f32), cp.complex(1.5, -2)), { f32, z }],
    ['int32 * weak complex -> complex128', 'i32 * z', () => cp.multiply(toDevice(i32), z), { i32, z }],
    ['complex64 + weak float stays complex64', 'x + 2.5', () => cp.add(toDevice(x), 2.5), { x }],
    ['transposed view', 'np.exp(x.T)', () => cp.exp(toDevice(x).transpose()), { x }],
    ['strided view', 'x[:, ::2] * x[:, 1::2]', () => {
      const a = toDevice(x);
      return cp.multiply(a.get([cp.slice(), cp.slice(null, null, 2)]), a.get([cp.slice(), cp.slice(1, null, 2)]));
    }, { x }],
    ['negative-step view', 'np.conj(x[::-1])', () => cp.conj(toDevice(x).get([cp.slice(null, null, -1)])), { x }],
    ['empty', 'np.sqrt(e)', () => cp.sqrt(toDevice(randomArray('complex64', [0, 3], 1))), { e: randomArray('complex64', [0, 3], 1) }],
    ['0-d', 'np.multiply(s, s)', () => cp.multiply(toDevice(randomArray('complex128', [], 2)), toDevice(randomArray('complex128', [], 2))), { s: randomArray('complex128', [], 2) }],
    ['where', 'np.where(u8 > 100, x, 0)', () => cp.where(cp.greater(toDevice(u8), 100), toDevice(x), 0), { u8, x }],
    ['astype complex64 -> float32 (unsafe: the real part)', 'x.astype(np.float32)', () => toDevice(x).astype('float32'), { x }],
    ['astype int32 -> complex64', 'i32.astype(np.complex64)', () => toDevice(i32).astype('complex64'), { i32 }],
    ['astype complex64 -> bool', 'x.astype(bool)', () => toDevice(x).astype('bool'), { x }],
    ['sum, negative axis', 'y2.sum(axis=-1)', () => cp.sum(toDevice(randomArray('complex128', [3, 5], 3)), { axis: -1 }), { y2: randomArray('complex128', [3, 5], 3) }],
    ['prod', 'np.prod(y)', () => cp.prod(toDevice(y)), { y }],
    ['mean', 'np.mean(m, axis=0)', () => cp.mean(toDevice(randomArray('complex64', [3, 4], 4)), { axis: 0 }), { m: randomArray('complex64', [3, 4], 4) }],
    ['var is real', 'np.var(y)', () => cp.var(toDevice(y)), { y }],
    ['std is real', 'np.std(y, axis=0, ddof=1)', () => cp.std(toDevice(y), { axis: 0, ddof: 1 }), { y }],
    // arg reductions order complex values by real part, then imaginary; a NaN in either part wins
    ['argmax with NaNs along rows', 'np.argmax(x, axis=1)', () => cp.argmax(toDevice(x), { axis: 1 }), { x }],
    ['argmin over all', 'np.argmin(x)', () => cp.argmin(toDevice(x)), { x }],
    ['argmax of ties: the first', 'np.argmax(np.concatenate([y, y]))', () => cp.argmax(cp.concatenate([toDevice(y), toDevice(y)])), { y }],
    ['nanargmin along columns', 'np.nanargmin(y2.T, axis=0)', () => cp.nanargmin(toDevice(randomArray('complex128', [3, 5], 3)).T, { axis: 0 }), { y2: randomArray('complex128', [3, 5], 3) }],
    ['argmax of a lazy 0-d', 'np.argmax(s * 2)', () => cp.argmax(toDevice(randomArray('complex64', [], 5)).mul(2)), { s: randomArray('complex64', [], 5) }],
    // C99's exp(±inf + i nan): a power with an infinite exponent is inf+nanj or 0, as NumPy's
    ['power with an infinite exponent', 'np.power(y, inf)', () => cp.power(toDevice(y), Infinity), { y, inf: Infinity }],
    ['power with a -infinite exponent', 'np.power(x, -inf)', () => cp.power(toDevice(x), -Infinity), { x, inf: Infinity }],
    ['max with NaNs along columns', 'np.max(x, axis=0)', () => cp.max(toDevice(x), { axis: 0 }), { x }],
  ];
  // inputs named in each expression, as NumPy names them
  const results = numpy(mixed.map(([, expr, , inputs]) => ({ expr, inputs })));
  mixed.forEach(([label, , run], i) => {
    it(label, () => check(run, results[i], { rtol: 1e-5, atol: 1e-5 }));
  });
});

describe('complex scalars and readbacks', () => {
  it('cp.complex makes a frozen { re, im }, and readbacks return such objects', () => {
    const z = cp.complex(1, -2);
    expect(Object.isFrozen(z)).toBe(true);
    expect(z).toEqual({ re: 1, im: -2 });
    const a = cp.array([z, 3, cp.complex(0, 0.5)]);
    expect(a.dtype.name).toBe('complex128');
    expect(a.tolist()).toEqual([{ re: 1, im: -2 }, { re: 3, im: 0 }, { re: 0, im: 0.5 }]);
    expect(a.get([0]).item()).toEqual({ re: 1, im: -2 });
    expect(Array.from(a.dataSync() as Float64Array)).toEqual([1, -2, 3, 0, 0, 0.5]);
  });

  it('full and zeros make complex arrays; a complex fill into a real dtype keeps the real part', () => {
    expect(cp.full([2], cp.complex(1, 2), { dtype: 'complex64' }).tolist()).toEqual([{ re: 1, im: 2 }, { re: 1, im: 2 }]);
    expect(cp.full([2], cp.complex(1, 2), { dtype: 'float64' }).tolist()).toEqual([1, 1]);
    expect(cp.zeros([1], { dtype: 'complex128' }).tolist()).toEqual([{ re: 0, im: 0 }]);
  });

  it('refuses a complex value in a real array where NumPy raises TypeError', () => {
    expect(() => cp.array([cp.complex(1, 1)], { dtype: 'float32' })).toThrow(/expected real values for dtype float32/);
  });

  it('prints as NumPy', () => {
    const checks: Array<[string, string]> = [
      [cp.array([cp.complex(1, 2), cp.complex(0, -1)], { dtype: 'complex64' }).repr(), 'array([1.+2.j, 0.-1.j], dtype=complex64)'],
      [cp.array([cp.complex(1e10, 1), cp.complex(NaN, Infinity)]).repr(), 'array([1.e+10 +1.j,    nan+infj])'],
      [cp.array(cp.complex(1.5, -2)).toString(), '(1.5-2j)'],
      [cp.array(cp.complex(0, 2)).toString(), '2j'],
      [cp.array([cp.complex(0.5, -0)]).toString(), '[0.5-0.j]'],
    ];
    // each `written` is what NumPy 2.4 prints for the same values
    for (const [mine, written] of checks) expect(mine).toBe(written);
  });

  it('refuses ops NumPy has no complex loop for, at the call', () => {
    const a = cp.array([cp.complex(1, 1)]);
    expect(() => cp.floor(a)).toThrow(/floor: expected/);
    expect(() => cp.remainder(a, 2)).toThrow(/remainder: expected/);
    expect(() => cp.arctan2(a, a)).toThrow(/arctan2: expected/);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every CUDA kernel the complex tests built', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(40);
  }, 600_000);
});
