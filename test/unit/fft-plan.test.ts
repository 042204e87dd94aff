// numpy.fft's shape, axes and dtype rules (src/ir/fft-plan.ts) against NumPy: the result shapes
// of fftn/rfftn/irfftn over s and axes, their errors, the result dtypes of every input dtype;
// and the advanced-layout mapping of one axis, checked element by element against the C-order
// walk of the lines it must visit.
import { describe, expect, it } from 'vitest';
import { CupytsError } from '../../src/ir/errors.js';
import { axisLayouts, contiguousStrides, fftOutputShape, fftPasses, fftResultDTypeName, fftStages, passNormFactors, type AxisLayout, type FftFamily, type StridedShape } from '../../src/ir/fft-plan.js';
import { numpy, type HostArray } from '../helpers/numpy-oracle.js';

const NUMPY_FN: Record<FftFamily, string> = { c2c: 'np.fft.fftn', r2c: 'np.fft.rfftn', c2r: 'np.fft.irfftn' };
const py = (x: readonly number[] | null): string => (x === null ? 'None' : `(${x.join(', ')}${x.length === 1 ? ',' : ''})`);

describe('fftPasses and fftOutputShape', () => {
  const shapes = [[8], [4, 6], [3, 5, 7], [2, 1, 9]];
  const options: Array<[number[] | null, number[] | null]> = [
    [null, null], [null, [0]], [null, [-1]], [null, [1, 0]], [[5], null], [[4, 3], null], [[6], [0]], [[3, 8], [-1, 0]], [null, [0, 0]], [[-1, 6], [0, -1]], [[2, -1], [0, -1]],
  ];

  it('give NumPy\'s result shapes (and raise where NumPy raises)', () => {
    const cases: Array<{ family: FftFamily; shape: number[]; s: number[] | null; axes: number[] | null }> = [];
    for (const family of ['c2c', 'r2c', 'c2r'] as const) {
      for (const shape of shapes) for (const [s, axes] of options) cases.push({ family, shape, s, axes });
    }
    const answers = numpy(cases.map((c) => ({
      expr: `np.array(${NUMPY_FN[c.family]}(np.ones(${py(c.shape)}), s=${py(c.s)}, axes=${py(c.axes)}).shape, dtype=np.int64)`,
      inputs: {},
    })));
    cases.forEach((c, i) => {
      const label = `${c.family} ${py(c.shape)} s=${py(c.s)} axes=${py(c.axes)}`;
      const want = answers[i];
      let got: number[] | CupytsError;
      try {
        got = fftOutputShape(c.shape, fftPasses('fftn', c.shape, c.s, c.axes, c.family));
      } catch (err) {
        if (!(err instanceof CupytsError)) throw err;
        got = err;
      }
      if (!want.ok) {
        expect(got, `${label}: NumPy raised ${want.error}`).toBeInstanceOf(CupytsError);
      } else {
        expect(got, label).toEqual(Array.from((want.value as HostArray).data as BigInt64Array, Number));
      }
    });
  });

  it('run the axes in NumPy\'s order: c2c from the back, rfftn\'s real axis first, irfftn\'s last', () => {
    expect(fftPasses('fftn', [3, 4, 5], null, null, 'c2c').map((p) => p.axis)).toEqual([2, 1, 0]);
    expect(fftPasses('rfftn', [3, 4, 5], null, [0, 2], 'r2c')).toEqual([{ axis: 2, n: 5, kind: 'r2c' }, { axis: 0, n: 3, kind: 'c2c' }]);
    expect(fftPasses('irfftn', [3, 4, 5], null, [2, 0], 'c2r')).toEqual([{ axis: 2, n: 5, kind: 'c2c' }, { axis: 0, n: 4, kind: 'c2r' }]);
  });

  it('name the function in errors', () => {
    expect(() => fftPasses('fft', [4], [0], [0], 'c2c')).toThrow(/^fft: expected a number of FFT data points of at least 1, got 0$/);
    expect(() => fftPasses('irfft', [1], null, [0], 'c2r')).toThrow(/^irfft: expected a number of FFT data points of at least 1, got 0$/);
    expect(() => fftPasses('fft2', [4, 4], [4], [0, 1], 'c2c')).toThrow(/^fft2: expected s and axes of one length, got 1 and 2$/);
    expect(() => fftPasses('rfft', [4], null, [1], 'r2c')).toThrow(expect.objectContaining({ code: 'ERR_AXIS' }));
  });
});

describe('fftResultDTypeName', () => {
  it('is NumPy 2\'s result dtype for every input dtype', () => {
    const names = ['bool', 'int8', 'uint16', 'int64', 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128'];
    const fns: Array<[FftFamily, string]> = [['c2c', 'fft'], ['c2c', 'ifft'], ['r2c', 'rfft'], ['r2c', 'ihfft'], ['c2r', 'irfft'], ['c2r', 'hfft']];
    const cases = names.flatMap((d) => fns.map(([family, fn]) => ({ d, family, fn })));
    const answers = numpy(cases.map((c) => ({ expr: `np.zeros(1, np.fft.${c.fn}(np.ones(4, dtype='${c.d}')).dtype).view(np.uint8)`, inputs: {} })));
    const sizes: Record<string, number> = { float16: 2, float32: 4, float64: 8, complex64: 8, complex128: 16 };
    cases.forEach((c, i) => {
      const want = answers[i];
      if (!want.ok) {
        expect(() => fftResultDTypeName(c.fn, c.family, c.d), `${c.fn}(${c.d})`).toThrow(expect.objectContaining({ code: 'ERR_DTYPE' }));
        return;
      }
      const name = fftResultDTypeName(c.fn, c.family, c.d);
      const isComplex = name.startsWith('complex');
      expect(isComplex, `${c.fn}(${c.d}) → ${name}`).toBe(c.family !== 'c2r');
      expect(sizes[name], `${c.fn}(${c.d}) → ${name}`).toBe((want.value as HostArray).data.length);
    });
  });
});

/** The element offsets the layout visits, line by line (each line in order). */
function visited(layout: AxisLayout, length: number, offset: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < layout.repeat; r++) {
    for (let b = 0; b < layout.batch; b++) {
      out.push(Array.from({ length }, (_, k) => offset + r * layout.step + b * layout.dist + k * layout.stride));
    }
  }
  return out;
}

/** The lines along `axis` in the C order of the other axes, as element offsets. */
function linesInCOrder(a: StridedShape, axis: number, offset: number): number[][] {
  const others = a.shape.map((_, j) => j).filter((j) => j !== axis);
  const count = others.reduce((p, j) => p * a.shape[j], 1);
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    let rest = i;
    let start = offset;
    for (let k = others.length - 1; k >= 0; k--) {
      const j = others[k];
      start += (rest % a.shape[j]) * a.strides[j];
      rest = Math.floor(rest / a.shape[j]);
    }
    out.push(Array.from({ length: a.shape[axis] }, (_, k) => start + k * a.strides[axis]));
  }
  return out;
}

describe('axisLayouts', () => {
  it('maps contiguous, sliced and transposed axes onto one plan or a few runs, in C order', () => {
    const cases: Array<{ input: StridedShape; axis: number; repeat: number | null }> = [
      { input: { shape: [4, 6], strides: [6, 1] }, axis: 1, repeat: 1 },
      { input: { shape: [4, 6], strides: [6, 1] }, axis: 0, repeat: 1 },
      { input: { shape: [3, 5, 7], strides: [35, 7, 1] }, axis: 1, repeat: 3 },
      { input: { shape: [3, 5, 7], strides: [35, 7, 1] }, axis: 2, repeat: 1 },
      { input: { shape: [4, 3], strides: [12, 2] }, axis: 1, repeat: 1 }, // x[:, ::2] of [4, 6]
      { input: { shape: [6, 4], strides: [1, 6] }, axis: 0, repeat: 1 }, // a transpose
      { input: { shape: [5, 2, 3], strides: [1, 15, 5] }, axis: 0, repeat: 1 }, // moveaxis
      { input: { shape: [9, 5, 7], strides: [35, 7, 1] }, axis: 1, repeat: null }, // 9 runs > 8
      { input: { shape: [3, 4], strides: [0, 1] }, axis: 1, repeat: null }, // broadcast
      { input: { shape: [4, 3], strides: [3, -1] }, axis: 1, repeat: null }, // reversed
      { input: { shape: [1, 7, 1], strides: [7, 1, 1] }, axis: 1, repeat: 1 },
    ];
    for (const c of cases) {
      const outShape = [...c.input.shape];
      outShape[c.axis] = c.input.shape[c.axis] + 2;
      const output = { shape: outShape, strides: contiguousStrides(outShape) };
      const got = axisLayouts(c.input, output, c.axis);
      const label = `shape ${c.input.shape} strides ${c.input.strides} axis ${c.axis}`;
      if (c.repeat === null) {
        expect(got, label).toBeNull();
        continue;
      }
      expect(got, label).not.toBeNull();
      expect(got!.input.repeat, label).toBe(c.repeat);
      const offset = c.input.strides.reduce((s, st, j) => s + (st < 0 ? -st * (c.input.shape[j] - 1) : 0), 0);
      expect(visited(got!.input, c.input.shape[c.axis], offset), label).toEqual(linesInCOrder(c.input, c.axis, offset));
      expect(visited(got!.output, outShape[c.axis], 0), label).toEqual(linesInCOrder(output, c.axis, 0));
    }
  });
});

describe('fftStages', () => {
  const stages = (shape: number[], s: number[] | null, axes: number[] | null, family: FftFamily) =>
    fftStages(fftPasses('t', shape, s, axes, family)).map((st) => `${st.kind}:${st.passes.map((p) => `${p.axis}/${p.n}`).join(',')}`);

  it('group c2c passes by three, the trailing axes first, in ascending order', () => {
    expect(stages([2, 3, 4, 5], null, null, 'c2c')).toEqual(['c2c:1/3,2/4,3/5', 'c2c:0/2']);
    expect(stages([4, 6], null, [1, 0], 'c2c')).toEqual(['c2c:0/4,1/6']);
  });
  it('put the real pass last in an r2c plan with up to two c2c passes, and run c2r after every c2c pass', () => {
    expect(stages([2, 3, 4, 6], null, null, 'r2c')).toEqual(['r2c:1/3,2/4,3/6', 'c2c:0/2']);
    expect(stages([4, 6, 5], null, [2, 0], 'r2c')).toEqual(['r2c:2/5,0/4']);
    expect(stages([4, 6, 5], [3, 8], [0, 1], 'c2r')).toEqual(['c2c:0/3', 'c2r:1/8']);
  });
  it('make every pass a stage of its own, in NumPy\'s order, where an axis repeats', () => {
    expect(stages([4, 6], null, [0, 0], 'c2r')).toEqual(['c2c:0/4', 'c2r:0/6']);
    expect(stages([4, 6], [4, 4], [1, 1], 'r2c')).toEqual(['r2c:1/4', 'c2c:1/4']);
  });
});

describe('passNormFactors', () => {
  it('follow NumPy: 1, 1/sqrt(n) or 1/n by direction, in the pass input\'s precision', () => {
    const passes = fftPasses('t', [10, 8], null, null, 'c2c');
    expect(passNormFactors(passes, 'backward', false, false, 'float64', 'float64')).toEqual([1, 1]);
    expect(passNormFactors(passes, 'backward', true, false, 'float64', 'float64')).toEqual([1 / 8, 1 / 10]);
    expect(passNormFactors(passes, 'forward', true, true, 'float64', 'float64')).toEqual([1 / 8, 1 / 10]);
    expect(passNormFactors(passes, 'ortho', false, false, 'float32', 'float32')).toEqual([Math.fround(1 / Math.fround(Math.sqrt(8))), Math.fround(1 / Math.fround(Math.sqrt(10)))]);
    // float16 input: the first pass' factor is a float16 (1/10 -> 0.0999755859375)
    expect(passNormFactors(fftPasses('t', [10], null, null, 'c2c'), 'forward', false, false, 'float16', 'float32')).toEqual([0.0999755859375]);
  });
});
