// cp.fft's transforms against numpy.fft, as a table of cases both backends run (test/ops/fft.test.ts
// on the current backend, test/gpu/fft-device.test.ts on the GPU): lengths (1, primes, powers of 2,
// 3, 5, 7, mixed, a large prime factor), axes (negative, repeated), norms, real and complex inputs
// of every float width and integer/bool inputs, n and s cropping and zero padding, the 2-d and n-d
// forms, non-contiguous views, empty arrays, round trips and Parseval's identity.
//
// An FFT's error is absolute, relative to the largest output (not per element), so a case passes
// where max |got − want| ≤ c · eps · log2(N + 1) · max(|want|), eps of the result's precision.
import { expect } from 'vitest';
import * as cp from '../../src/index.js';
import type { NDArray } from '../../src/api/ndarray.js';
import { toDevice, toHost } from './arrays.js';
import { recordEveryKernelRun } from './numpy-cases.js';
import { f16BitsToNumber, numpy, randomArray, type DTypeName, type HostArray } from './numpy-oracle.js';

export interface FftCase {
  label: string;
  expr: string;
  inputs: Record<string, HostArray>;
  run: (x: Record<string, NDArray>) => NDArray;
  /** Points per transform (for the log factor); defaults to the largest input size. */
  points?: number;
}

const EPS: Partial<Record<DTypeName, number>> = {
  float16: 2 ** -10, float32: 2 ** -23, complex64: 2 ** -23, float64: 2 ** -52, complex128: 2 ** -52,
};

function floats(a: HostArray): number[] {
  if (a.dtype === 'float16') return Array.from(a.data as Uint16Array, f16BitsToNumber);
  if (a.dtype === 'bool') return Array.from(a.data as Uint8Array);
  return Array.from(a.data as ArrayLike<number>, Number);
}

/**
 * Runs every case on the current backend and compares with NumPy, failing once with every
 * mismatch. The bound's constant: 16 on the CPU (float64 inside, rounded once), 32 on the GPU
 * (cuFFT computes float32 transforms in float32).
 */
export function checkFftCases(cases: readonly FftCase[], c = cp.currentBackend() === 'cuda' ? 32 : 16): void {
  recordEveryKernelRun();
  const answers = numpy(cases.map((k) => ({ expr: k.expr, inputs: k.inputs })));
  const failures: string[] = [];
  cases.forEach((k, i) => {
    const want = answers[i];
    if (!want.ok) {
      failures.push(`${k.label}: NumPy raised ${want.error}`);
      return;
    }
    const expected = want.value as HostArray;
    let got: HostArray;
    try {
      const arrays = Object.fromEntries(Object.entries(k.inputs).map(([name, h]) => [name, toDevice(h)]));
      got = toHost(k.run(arrays));
    } catch (err) {
      failures.push(`${k.label}: threw ${(err as Error).stack}`);
      return;
    }
    if (got.dtype !== expected.dtype) failures.push(`${k.label}: dtype ${got.dtype}, NumPy ${expected.dtype}`);
    if (got.shape.join() !== expected.shape.join()) {
      failures.push(`${k.label}: shape (${got.shape}), NumPy (${expected.shape})`);
      return;
    }
    const g = floats(got);
    const w = floats(expected);
    const points = k.points ?? Math.max(2, ...Object.values(k.inputs).map((h) => h.shape.reduce((p, d) => p * d, 1)));
    const scale = w.reduce((m, x) => Math.max(m, Math.abs(x)), 1e-300);
    const eps = Math.max(EPS[got.dtype] ?? 0, EPS[expected.dtype] ?? 0);
    const bound = c * eps * Math.log2(points + 1) * scale;
    let worst = 0;
    for (let j = 0; j < g.length; j++) worst = Math.max(worst, Number.isNaN(g[j]) ? Infinity : Math.abs(g[j] - w[j]));
    if (!(worst <= bound)) failures.push(`${k.label}: worst error ${worst.toExponential(3)} > bound ${bound.toExponential(3)}`);
  });
  expect(failures).toEqual([]);
  expect(cases.length).toBeGreaterThan(0);
}

let seed = 19_000;
/** A random input in [-1, 1) of `dtype` (complex: both parts). */
export const rand = (dtype: DTypeName, shape: number[]): HostArray =>
  randomArray(dtype, shape, seed++, dtype === 'bool' || dtype.startsWith('int') || dtype.startsWith('uint') ? {} : { low: -1, high: 1 });

const NORMS = ['backward', 'ortho', 'forward'] as const;
const FLOAT_INPUTS: DTypeName[] = ['float16', 'float32', 'float64', 'complex64', 'complex128'];

/** Lengths: 1, primes (small, above the direct radices, large), powers of 2, 3, 5, 7, mixed, 2^k + 7. */
export const LENGTHS = [1, 2, 3, 5, 7, 8, 9, 11, 16, 25, 27, 30, 41, 43, 49, 60, 97, 128, 210, 243, 343, 625, 1009, 1024, 1031, 4103];

/** 1-D complex transforms over every length, both directions. */
export function oneDimCases(lengths = LENGTHS): FftCase[] {
  const out: FftCase[] = [];
  for (const n of lengths) {
    const c = rand('complex128', [n]);
    const f = rand('complex64', [n]);
    out.push(
      { label: `fft complex128 n=${n}`, expr: 'np.fft.fft(a)', inputs: { a: c }, run: ({ a }) => cp.fft.fft(a) },
      { label: `ifft complex128 n=${n}`, expr: 'np.fft.ifft(a)', inputs: { a: c }, run: ({ a }) => cp.fft.ifft(a) },
      { label: `fft complex64 n=${n}`, expr: 'np.fft.fft(a)', inputs: { a: f }, run: ({ a }) => cp.fft.fft(a) },
    );
  }
  return out;
}

/** Real and Hermitian transforms over lengths, odd and even outputs, and every input dtype. */
export function realCases(lengths = LENGTHS): FftCase[] {
  const out: FftCase[] = [];
  for (const n of lengths) {
    const r = rand('float64', [n]);
    const r32 = rand('float32', [n]);
    const h = rand('complex128', [Math.floor(n / 2) + 1]);
    out.push(
      { label: `rfft float64 n=${n}`, expr: 'np.fft.rfft(a)', inputs: { a: r }, run: ({ a }) => cp.fft.rfft(a) },
      { label: `rfft float32 n=${n}`, expr: 'np.fft.rfft(a)', inputs: { a: r32 }, run: ({ a }) => cp.fft.rfft(a) },
      { label: `irfft n=${n}`, expr: `np.fft.irfft(a, ${n})`, inputs: { a: h }, run: ({ a }) => cp.fft.irfft(a, n), points: n },
      { label: `hfft n=${n}`, expr: `np.fft.hfft(a, ${n})`, inputs: { a: h }, run: ({ a }) => cp.fft.hfft(a, n), points: n },
      { label: `ihfft n=${n}`, expr: 'np.fft.ihfft(a)', inputs: { a: r }, run: ({ a }) => cp.fft.ihfft(a) },
    );
  }
  return out;
}

/** Every function with every norm (and null), over each float width, ints and bool; result dtypes as NumPy 2. */
export function normAndDtypeCases(): FftCase[] {
  const out: FftCase[] = [];
  for (const d of [...FLOAT_INPUTS, 'int32', 'int64', 'uint8', 'bool'] as DTypeName[]) {
    const a = rand(d, [6, 10]);
    const real = !d.startsWith('complex');
    for (const norm of [...NORMS, null]) {
      const py = norm === null ? 'None' : `'${norm}'`;
      const o = { norm };
      out.push(
        { label: `fft ${d} ${norm}`, expr: `np.fft.fft(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.fft(a, o) },
        { label: `ifft ${d} ${norm}`, expr: `np.fft.ifft(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.ifft(a, o) },
        { label: `fft2 ${d} ${norm}`, expr: `np.fft.fft2(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.fft2(a, o) },
        { label: `ifftn ${d} ${norm}`, expr: `np.fft.ifftn(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.ifftn(a, o) },
        { label: `irfft ${d} ${norm}`, expr: `np.fft.irfft(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.irfft(a, o) },
        { label: `irfft2 ${d} ${norm}`, expr: `np.fft.irfft2(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.irfft2(a, o) },
        { label: `hfft ${d} ${norm}`, expr: `np.fft.hfft(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.hfft(a, o) },
      );
      if (real) {
        out.push(
          { label: `rfft ${d} ${norm}`, expr: `np.fft.rfft(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.rfft(a, o) },
          { label: `rfftn ${d} ${norm}`, expr: `np.fft.rfftn(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.rfftn(a, o) },
          { label: `ihfft ${d} ${norm}`, expr: `np.fft.ihfft(a, norm=${py})`, inputs: { a }, run: ({ a }) => cp.fft.ihfft(a, o) },
        );
      }
    }
  }
  return out;
}

/** n and s cropping and padding, axes (negative, repeated, out of order), positional forms, 3-d and 4-d. */
export function shapeCases(): FftCase[] {
  const c = rand('complex128', [4, 6, 5]);
  const c32 = rand('complex64', [3, 8, 6]);
  const r = rand('float64', [4, 6, 5]);
  const r32 = rand('float32', [5, 8]);
  const q = rand('complex64', [2, 3, 4, 5]);
  const qr = rand('float64', [2, 3, 4, 6]);
  return [
    { label: 'fft n crop', expr: 'np.fft.fft(a, 3)', inputs: { a: c }, run: ({ a }) => cp.fft.fft(a, 3) },
    { label: 'fft n pad, axis 0', expr: 'np.fft.fft(a, 7, 0)', inputs: { a: c }, run: ({ a }) => cp.fft.fft(a, 7, 0) },
    { label: 'ifft n pad, axis -2, ortho (positional)', expr: "np.fft.ifft(a, 11, -2, 'ortho')", inputs: { a: c }, run: ({ a }) => cp.fft.ifft(a, 11, -2, 'ortho') },
    { label: 'fft axis 1 of 3-d', expr: 'np.fft.fft(a, axis=1)', inputs: { a: c32 }, run: ({ a }) => cp.fft.fft(a, { axis: 1 }) },
    { label: 'rfft n crop odd', expr: 'np.fft.rfft(a, 3)', inputs: { a: r }, run: ({ a }) => cp.fft.rfft(a, 3) },
    { label: 'rfft n pad even, axis 0', expr: 'np.fft.rfft(a, 8, 0)', inputs: { a: r }, run: ({ a }) => cp.fft.rfft(a, 8, 0) },
    { label: 'irfft n odd crop', expr: 'np.fft.irfft(a, 5)', inputs: { a: c }, run: ({ a }) => cp.fft.irfft(a, 5) },
    { label: 'irfft n pad, axis 1', expr: 'np.fft.irfft(a, 16, 1)', inputs: { a: c }, run: ({ a }) => cp.fft.irfft(a, 16, 1) },
    { label: 'irfft default n = 2(m-1)', expr: 'np.fft.irfft(a, axis=0)', inputs: { a: c32 }, run: ({ a }) => cp.fft.irfft(a, { axis: 0 }) },
    { label: 'hfft n pad axis 0', expr: 'np.fft.hfft(a, 9, 0)', inputs: { a: c }, run: ({ a }) => cp.fft.hfft(a, 9, 0) },
    { label: 'ihfft n crop', expr: 'np.fft.ihfft(a, 4)', inputs: { a: r }, run: ({ a }) => cp.fft.ihfft(a, 4) },
    { label: 'fft2 default axes', expr: 'np.fft.fft2(a)', inputs: { a: c }, run: ({ a }) => cp.fft.fft2(a) },
    { label: 'fft2 s crop/pad', expr: 'np.fft.fft2(a, (3, 9))', inputs: { a: c }, run: ({ a }) => cp.fft.fft2(a, [3, 9]) },
    { label: 'fft2 axes (0, 2)', expr: 'np.fft.fft2(a, axes=(0, 2))', inputs: { a: c32 }, run: ({ a }) => cp.fft.fft2(a, { axes: [0, 2] }) },
    { label: 'ifft2 axes (-1, 0) s', expr: 'np.fft.ifft2(a, s=(4, 5), axes=(-1, 0))', inputs: { a: c }, run: ({ a }) => cp.fft.ifft2(a, { s: [4, 5], axes: [-1, 0] }) },
    { label: 'fftn all axes', expr: 'np.fft.fftn(a)', inputs: { a: c32 }, run: ({ a }) => cp.fft.fftn(a) },
    { label: 'fftn s with -1', expr: 'np.fft.fftn(a, s=(-1, 7), axes=(0, 2))', inputs: { a: c }, run: ({ a }) => cp.fft.fftn(a, [-1, 7], [0, 2]) },
    { label: 'fftn repeated axis', expr: 'np.fft.fftn(a, axes=(1, 1))', inputs: { a: c }, run: ({ a }) => cp.fft.fftn(a, { axes: [1, 1] }) },
    { label: 'fftn 4-d (two plans)', expr: 'np.fft.fftn(a)', inputs: { a: q }, run: ({ a }) => cp.fft.fftn(a) },
    { label: 'ifftn 4-d axes (0, 1, 3)', expr: 'np.fft.ifftn(a, axes=(0, 1, 3))', inputs: { a: q }, run: ({ a }) => cp.fft.ifftn(a, { axes: [0, 1, 3] }) },
    { label: 'fftn no axes: the input', expr: 'np.fft.fftn(a, axes=())', inputs: { a: r32 }, run: ({ a }) => cp.fft.fftn(a, { axes: [] }) },
    { label: 'rfft2', expr: 'np.fft.rfft2(a)', inputs: { a: r32 }, run: ({ a }) => cp.fft.rfft2(a) },
    { label: 'rfft2 s pad', expr: 'np.fft.rfft2(a, (6, 11))', inputs: { a: r32 }, run: ({ a }) => cp.fft.rfft2(a, [6, 11]) },
    { label: 'rfftn axes (2, 0)', expr: 'np.fft.rfftn(a, axes=(2, 0))', inputs: { a: r }, run: ({ a }) => cp.fft.rfftn(a, { axes: [2, 0] }) },
    { label: 'rfftn 3-d', expr: 'np.fft.rfftn(a)', inputs: { a: r }, run: ({ a }) => cp.fft.rfftn(a) },
    { label: 'rfftn 4-d', expr: 'np.fft.rfftn(a)', inputs: { a: qr }, run: ({ a }) => cp.fft.rfftn(a) },
    { label: 'rfftn repeated axis', expr: 'np.fft.rfftn(a, s=(4, 4), axes=(1, 1))', inputs: { a: r }, run: ({ a }) => cp.fft.rfftn(a, [4, 4], [1, 1]) },
    { label: 'irfft2 (non-Hermitian input)', expr: 'np.fft.irfft2(a)', inputs: { a: c }, run: ({ a }) => cp.fft.irfft2(a) },
    { label: 'irfft2 s', expr: 'np.fft.irfft2(a, (3, 7))', inputs: { a: c }, run: ({ a }) => cp.fft.irfft2(a, [3, 7]) },
    { label: 'irfftn 3-d', expr: 'np.fft.irfftn(a)', inputs: { a: c32 }, run: ({ a }) => cp.fft.irfftn(a) },
    { label: 'irfftn 4-d', expr: 'np.fft.irfftn(a)', inputs: { a: q }, run: ({ a }) => cp.fft.irfftn(a) },
    { label: 'irfftn axes (2, 0) s', expr: 'np.fft.irfftn(a, s=(6, 4), axes=(2, 0))', inputs: { a: c }, run: ({ a }) => cp.fft.irfftn(a, [6, 4], [2, 0]) },
    { label: 'irfftn repeated axis', expr: 'np.fft.irfftn(a, axes=(0, 0))', inputs: { a: c }, run: ({ a }) => cp.fft.irfftn(a, { axes: [0, 0] }) },
  ];
}

/** Views: transposed, strided, flipped, broadcast, offset; lazy producers; round trips; Parseval; out=; empty. */
export function viewAndIdentityCases(): FftCase[] {
  const c = rand('complex64', [6, 8]);
  const c128 = rand('complex128', [6, 8]);
  const r = rand('float32', [7, 12]);
  const r64 = rand('float64', [9, 10]);
  const v = rand('float64', [1000]);
  const e = rand('float64', [0, 4]);
  return [
    { label: 'fft of a transposed view', expr: 'np.fft.fft(a.T)', inputs: { a: c }, run: ({ a }) => cp.fft.fft(a.T) },
    { label: 'fft axis 0 of a column slice', expr: 'np.fft.fft(a[:, 1:5], axis=0)', inputs: { a: c }, run: ({ a }) => cp.fft.fft(a.get(':, 1:5'), { axis: 0 }) },
    { label: 'fft of a strided view', expr: 'np.fft.fft(a[::2, ::3])', inputs: { a: c128 }, run: ({ a }) => cp.fft.fft(a.get('::2, ::3')) },
    { label: 'fft of a flipped view', expr: 'np.fft.fft(a[:, ::-1])', inputs: { a: c128 }, run: ({ a }) => cp.fft.fft(a.get(':, ::-1')) },
    { label: 'fft of a broadcast view', expr: 'np.fft.fft(np.broadcast_to(a[0], (3, 8)))', inputs: { a: c }, run: ({ a }) => cp.fft.fft(cp.broadcast_to(a.get(0), [3, 8])) },
    { label: 'rfft of a strided row view', expr: 'np.fft.rfft(a[1::2, ::2], axis=1)', inputs: { a: r }, run: ({ a }) => cp.fft.rfft(a.get('1::2, ::2'), { axis: 1 }) },
    { label: 'rfft axis 0 of a transposed view', expr: 'np.fft.rfft(a.T, axis=0)', inputs: { a: r }, run: ({ a }) => cp.fft.rfft(a.T, { axis: 0 }) },
    { label: 'irfft of a transposed view', expr: 'np.fft.irfft(a.T)', inputs: { a: c }, run: ({ a }) => cp.fft.irfft(a.T) },
    { label: 'fft2 of a transposed view', expr: 'np.fft.fft2(a.T)', inputs: { a: r64 }, run: ({ a }) => cp.fft.fft2(a.T) },
    { label: 'fft of a lazy product', expr: 'np.fft.fft(a * 2 + 1)', inputs: { a: c }, run: ({ a }) => cp.fft.fft(a.mul(2).add(1)) },
    { label: 'rfft of a lazy float32 expression', expr: 'np.fft.rfft(np.sin(a))', inputs: { a: r }, run: ({ a }) => cp.fft.rfft(cp.sin(a)) },
    { label: 'consumer of an ifft: abs', expr: 'np.abs(np.fft.ifft(a))', inputs: { a: c }, run: ({ a }) => cp.abs(cp.fft.ifft(a)) },
    { label: 'a product of two spectra', expr: 'np.fft.ifft(np.fft.fft(a) * np.fft.fft(a[::-1]))', inputs: { a: c }, run: ({ a }) => cp.fft.ifft(cp.multiply(cp.fft.fft(a), cp.fft.fft(a.get('::-1')))) },
    { label: 'round trip ifft(fft(x))', expr: 'a.astype(np.complex128)', inputs: { a: r64 }, run: ({ a }) => cp.fft.ifft(cp.fft.fft(a)) },
    { label: 'round trip irfft(rfft(x), n) odd', expr: 'a', inputs: { a: r64 }, run: ({ a }) => cp.fft.irfft(cp.fft.rfft(a, { axis: 0 }), 9, 0) },
    { label: 'round trip ifftn(fftn(x)) complex64', expr: 'a', inputs: { a: c }, run: ({ a }) => cp.fft.ifftn(cp.fft.fftn(a)) },
    { label: 'round trip irfftn(rfftn(x), s)', expr: 'a', inputs: { a: r64 }, run: ({ a }) => cp.fft.irfftn(cp.fft.rfftn(a), [9, 10]) },
    { label: 'round trip ihfft/hfft', expr: 'a', inputs: { a: v }, run: ({ a }) => cp.fft.hfft(cp.fft.ihfft(a), 1000) },
    {
      label: 'Parseval: sum |X|^2 / n = sum |x|^2', expr: 'np.array(np.sum(np.abs(a) ** 2))', inputs: { a: v },
      run: ({ a }) => cp.divide(cp.sum(cp.square(cp.abs(cp.fft.fft(a)))), 1000),
    },
    {
      label: 'Parseval (ortho, 2-d complex64)', expr: 'np.array(np.sum(np.abs(a) ** 2), dtype=np.float32)', inputs: { a: c },
      run: ({ a }) => cp.sum(cp.square(cp.abs(cp.fft.fft2(a, { norm: 'ortho' })))),
    },
    {
      label: 'out= (complex128 into complex128)', expr: 'np.fft.fft(a)', inputs: { a: c128 },
      run: ({ a }) => cp.fft.fft(a, { out: cp.empty([6, 8], { dtype: 'complex128' }) }),
    },
    { label: 'empty batch (0, 4)', expr: 'np.fft.fft(a)', inputs: { a: e }, run: ({ a }) => cp.fft.fft(a) },
    { label: 'empty axis padded (4, 0) n=3', expr: 'np.fft.fft(a.T, 3)', inputs: { a: e }, run: ({ a }) => cp.fft.fft(a.T, 3) },
    { label: 'rfftn empty batch', expr: 'np.fft.rfftn(a, axes=(1,))', inputs: { a: e }, run: ({ a }) => cp.fft.rfftn(a, { axes: [1] }) },
  ];
}
