// cp.fft's GPU staging (src/api/fft-stages.ts: in-place advanced layouts, runs at offsets, the
// fused copy that casts, crops, pads, conjugates and scales, axis permutations, rank-k plans,
// c2c before c2r) run on the CPU backend with a host stand-in for cuFFT
// (src/api/fft-layout-engine.ts), against NumPy over the same cases as test/ops/fft.test.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeGraph, formatGraphNode } from '../../src/api/explain-report.js';
import { hostLayoutEngine } from '../../src/api/fft-layout-engine.js';
import { useStagedFftOnHost } from '../../src/api/fft-transforms.js';
import * as cp from '../../src/index.js';
import { currentBackend } from '../../src/runtime/backend.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { checkFftCases, normAndDtypeCases, oneDimCases, rand, realCases, shapeCases, viewAndIdentityCases, type FftCase } from '../helpers/fft-cases.js';

setBackendNotice(() => {});

/** The layouts the staging chooses between: columns, a middle axis at a few offsets or copied, cropped columns. */
function layoutCases(): FftCase[] {
  const cols = rand('complex64', [40, 30]);
  const middle = rand('complex128', [3, 50, 4]);
  const copied = rand('complex64', [12, 16, 5]);
  const real = rand('float64', [30, 20]);
  return [
    { label: 'columns in place', expr: 'np.fft.fft(a, axis=0)', inputs: { a: cols }, run: ({ a }) => cp.fft.fft(a, { axis: 0 }) },
    { label: 'cropped columns in place', expr: 'np.fft.ifft(a, 33, 0)', inputs: { a: cols }, run: ({ a }) => cp.fft.ifft(a, 33, 0) },
    { label: 'middle axis, 3 runs', expr: 'np.fft.fft(a, axis=1)', inputs: { a: middle }, run: ({ a }) => cp.fft.fft(a, { axis: 1 }) },
    { label: 'middle axis, copied', expr: 'np.fft.fft(a, axis=1, norm="ortho")', inputs: { a: copied }, run: ({ a }) => cp.fft.fft(a, { axis: 1, norm: 'ortho' }) },
    { label: 'rfft of columns in place', expr: 'np.fft.rfft(a, axis=0)', inputs: { a: real }, run: ({ a }) => cp.fft.rfft(a, { axis: 0 }) },
    { label: 'rfft of a strided view in place', expr: 'np.fft.rfft(a[::2, 1::3])', inputs: { a: real }, run: ({ a }) => cp.fft.rfft(a.get('::2, 1::3')) },
    { label: 'ifft2 of a column slice', expr: 'np.fft.ifft2(a[:, 3:9])', inputs: { a: cols }, run: ({ a }) => cp.fft.ifft2(a.get(':, 3:9')) },
  ];
}

describe('cp.fft staging through a host stand-in for cuFFT', () => {
  beforeAll(() => useStagedFftOnHost(true));
  afterAll(() => useStagedFftOnHost(false));
  // The stand-in replaces cuFFT on the CPU backend only; on a GPU the engine is cuFFT itself.
  it.skipIf(currentBackend() === 'cuda')('layout paths', () => {
    const spy = vi.spyOn(hostLayoutEngine, 'execute');
    checkFftCases(layoutCases());
    // columns, cropped columns and the strided rfft in place (one plan each), 3 runs for the middle axis, the rest copied
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(layoutCases().length + 2);
    const columns = spy.mock.calls[0][0];
    expect(columns.input).toEqual({ embed: [40], stride: 30, dist: 1 });
    expect(columns.batch).toBe(30);
    spy.mockRestore();
  }, 120_000);
  it('leaves the norm scale lazy, fused into the consumer, and tells explain how the FFT ran', () => {
    const x = cp.asarray([[1, 2, 3, 4], [5, 6, 7, 8]], { dtype: 'complex64' }).eval();
    const y = cp.abs(cp.fft.ifft(x));
    const report = cp.explain(y);
    expect(report.kernels).toHaveLength(1); // multiply by 1/4 and abs: one elementwise kernel
    expect(report.graph.some((line) => /<- fft\.ifft: (host stand-in for )?cuFFT c2c float32 4 batch 2 .*in place/.test(line))).toBe(true);
    const z = cp.fft.fft2(cp.fft.fft(x, 6));
    expect(cp.explain(z).graph.some((line) => /<- fft\.fft2: .*c2c float32 2x6 batch 1.*in place$/.test(line))).toBe(true); // contiguous: no copy
    const w = cp.fft.fft2(x.T);
    expect(cp.explain(w).graph.some((line) => /<- fft\.fft2: .*c2c float32 4x2 batch 1.*after a fused copy$/.test(line))).toBe(true);
  });
  it("names the engine through the view that moves a copied transform's axes back (the GPU's rfft along axis 0)", () => {
    const y = cp.fft.rfft(cp.ones([3, 8], { dtype: 'float32' }), { axis: 0 });
    // The GPU's shape: a strided real input is copied with the axis last, transformed, and the
    // result transposed back, so y is a computed view of the transform's data, not the data itself.
    expect(y.node.kind).toBe('view');
    const line = /<- fft\.rfft: (host stand-in for )?cuFFT r2c float32 3 batch 8 .*after a fused copy$/;
    expect(cp.explain(y).graph.some((l) => line.test(l))).toBe(true);
    expect(describeGraph([y.node]).map(formatGraphNode).some((l) => line.test(l))).toBe(true); // `cupyts explain`
  });
  it('1-D complex', () => checkFftCases(oneDimCases([1, 2, 7, 16, 27, 97, 210, 1031])), 120_000);
  it('real and Hermitian', () => checkFftCases(realCases([1, 2, 5, 8, 25, 43, 60, 343])), 120_000);
  it('norms and dtypes', () => checkFftCases(normAndDtypeCases()), 120_000);
  it('n, s, axis and axes', () => checkFftCases(shapeCases()), 120_000);
  it('views, lazy neighbours, identities, empty', () => checkFftCases(viewAndIdentityCases()), 120_000);
});

// The fused copies above are the kernels the GPU path generates: NVRTC must compile each.
describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 1);
