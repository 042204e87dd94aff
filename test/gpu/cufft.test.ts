// cuFFT on the GPU through src/runtime/cufft.ts, on device buffers of interleaved floats, against
// the CPU FFT (src/runtime/fft): c2c forward and inverse in float32 and float64 over lengths
// with small and large prime factors, an axis of a strided array through the advanced layout,
// r2c and c2r (even and odd n, batched), a 2-D transform, the plan cache's hits and statistics,
// and work areas that go back to the pool. Skipped where there is no CUDA device or no cuFFT.
import { describe, expect, it } from 'vitest';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { Cufft, type CufftPlanSpec, type CufftPrecision } from '../../src/runtime/cufft.js';
import { loadCufft } from '../../src/runtime/cufft-library.js';
import { fftLines, type FloatData, type Lines } from '../../src/runtime/fft/lines.js';
import { irfftLines, rfftLines } from '../../src/runtime/fft/real-lines.js';
import { native } from '../../src/runtime/native.js';
import { HAS_CUDA_DEVICE, randomFloat32 } from '../helpers/cuda.js';

function cufftPresent(): boolean {
  if (!HAS_CUDA_DEVICE) return false;
  try {
    loadCufft(native());
    return true;
  } catch {
    return false;
  }
}
const HAS_CUFFT = cufftPresent();

const lines = (data: FloatData, stride = 1, offset = 0, batchStrides: number[] = []): Lines => ({ data, offset, stride, batchStrides });

function random(precision: CufftPrecision, count: number, seed: number): FloatData {
  const base = randomFloat32(count, seed).map((x) => x / 100);
  return precision === 'float32' ? base : Float64Array.from(base, (x, i) => x + 1e-9 * (i % 7));
}

function zeros(precision: CufftPrecision, count: number): FloatData {
  return precision === 'float32' ? new Float32Array(count) : new Float64Array(count);
}

/** max |got − want| ≤ 16 · eps · log2(n + 1) · max |want|. */
function expectFftClose(got: FloatData, want: FloatData, n: number, precision: CufftPrecision, what: string): void {
  const eps = precision === 'float32' ? 2 ** -23 : 2 ** -52;
  let scale = 1e-30;
  let worst = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  const bound = 16 * eps * Math.log2(n + 1) * scale;
  expect(worst, `${what}: worst error ${worst}, bound ${bound}`).toBeLessThanOrEqual(bound);
}

describe.skipIf(!HAS_CUFFT)('cuFFT on the GPU', () => {
  const device = HAS_CUFFT ? CudaDevice.open(0) : (undefined as unknown as CudaDevice);
  const cufft = HAS_CUFFT ? Cufft.for(device) : (undefined as unknown as Cufft);

  /** Uploads `input`, runs `spec` on a fresh output of `outCount` floats, and reads it back. */
  function run(spec: CufftPlanSpec, input: FloatData, outCount: number, inverse = false): FloatData {
    const inBuf = device.alloc(input.byteLength);
    const out = zeros(spec.precision, outCount);
    const outBuf = device.alloc(out.byteLength);
    try {
      inBuf.write(input);
      cufft.execute(cufft.plan(spec), inBuf.ptr, outBuf.ptr, inverse);
      outBuf.read(out);
      device.synchronize();
      return out;
    } finally {
      inBuf.dispose();
      outBuf.dispose();
    }
  }

  const contiguous = (n: number) => ({ embed: null, stride: 1, dist: n });

  it('loads cuFFT and reports its version', () => {
    expect(cufft.path).toMatch(/libcufft/);
    expect(cufft.version).toBeGreaterThan(10000);
  });

  for (const precision of ['float32', 'float64'] as const) {
    it(`c2c ${precision} forward and inverse match the CPU FFT at many lengths`, () => {
      for (const n of [1, 2, 8, 12, 97, 1009, 4096, 3 * 5 * 7 * 16, 2 ** 16 + 7]) {
        const batch = n > 5000 ? 1 : 3;
        const x = random(precision, 2 * n * batch, n);
        const spec: CufftPlanSpec = { kind: 'c2c', precision, sizes: [n], batch, input: contiguous(n), output: contiguous(n) };
        for (const inverse of [false, true]) {
          const want = zeros(precision, 2 * n * batch);
          fftLines(lines(x, 1, 0, [n]), lines(want, 1, 0, [n]), { batchShape: [batch], n, inputLength: n, norm: inverse ? 'forward' : 'backward' }, inverse);
          expectFftClose(run(spec, x, 2 * n * batch, inverse), want, n, precision, `c2c n=${n} ${inverse ? 'inverse' : 'forward'}`);
        }
      }
    });

    it(`c2c ${precision} along axis 0 of an [n, 5] array through the advanced layout (no copy)`, () => {
      const [n, cols] = [60, 5];
      const x = random(precision, 2 * n * cols, 3);
      const spec: CufftPlanSpec = {
        kind: 'c2c', precision, sizes: [n], batch: cols,
        input: { embed: [n], stride: cols, dist: 1 }, output: { embed: [n], stride: 1, dist: n },
      };
      const want = zeros(precision, 2 * n * cols);
      fftLines(lines(x, cols, 0, [1]), lines(want, 1, 0, [n]), { batchShape: [cols], n, inputLength: n, norm: 'backward' }, false);
      expectFftClose(run(spec, x, 2 * n * cols), want, n, precision, 'strided c2c');
    });

    it(`r2c and c2r ${precision}, even and odd n, batched`, () => {
      for (const n of [16, 15, 1009, 4100]) {
        const batch = 4;
        const h = Math.floor(n / 2) + 1;
        const x = random(precision, n * batch, n + 1);
        const r2c: CufftPlanSpec = { kind: 'r2c', precision, sizes: [n], batch, input: contiguous(n), output: contiguous(h) };
        const spectrum = zeros(precision, 2 * h * batch);
        rfftLines(lines(x, 1, 0, [n]), lines(spectrum, 1, 0, [h]), { batchShape: [batch], n, inputLength: n, norm: 'backward' });
        const got = run(r2c, x, 2 * h * batch);
        expectFftClose(got, spectrum, n, precision, `r2c n=${n}`);
        const c2r: CufftPlanSpec = { kind: 'c2r', precision, sizes: [n], batch, input: contiguous(h), output: contiguous(n) };
        const back = zeros(precision, n * batch);
        irfftLines(lines(spectrum, 1, 0, [h]), lines(back, 1, 0, [n]), { batchShape: [batch], n, inputLength: h, norm: 'forward' });
        expectFftClose(run(c2r, spectrum.slice(), n * batch), back, n, precision, `c2r n=${n}`);
      }
    });
  }

  it('a 2-D c2c transform equals the CPU FFT along both axes', () => {
    const [rows, cols, batch] = [16, 12, 2];
    const x = random('float64', 2 * rows * cols * batch, 8) as Float64Array;
    const spec: CufftPlanSpec = {
      kind: 'c2c', precision: 'float64', sizes: [rows, cols], batch, input: contiguous(rows * cols), output: contiguous(rows * cols),
    };
    const alongCols = new Float64Array(x.length);
    fftLines(lines(x, 1, 0, [rows * cols, cols]), lines(alongCols, 1, 0, [rows * cols, cols]), { batchShape: [batch, rows], n: cols, inputLength: cols, norm: 'backward' }, false);
    const want = new Float64Array(x.length);
    fftLines(lines(alongCols, cols, 0, [rows * cols, 1]), lines(want, cols, 0, [rows * cols, 1]), { batchShape: [batch, cols], n: rows, inputLength: rows, norm: 'backward' }, false);
    expectFftClose(run(spec, x, x.length), want, rows * cols, 'float64', '2-D c2c');
  });

  it('reuses cached plans and gives work areas back to the pool', () => {
    const n = 2 ** 20 + 7; // Bluestein inside cuFFT: a work area
    const spec: CufftPlanSpec = { kind: 'c2c', precision: 'float32', sizes: [n], batch: 1, input: contiguous(n), output: contiguous(n) };
    const first = cufft.plan(spec);
    const before = cufft.stats();
    expect(cufft.plan(spec)).toBe(first);
    expect(cufft.stats().hits).toBe(before.hits + 1);
    expect(cufft.stats().workAreaBytes).toBeGreaterThanOrEqual(first.workBytes);
    device.synchronize();
    const inUse = device.memoryStats().bytesInUse;
    const x = random('float32', 2 * n, 5);
    run(spec, x, 2 * n);
    expect(device.memoryStats().bytesInUse).toBe(inUse);
    expect(cufft.stats().peakWorkAreaBytes).toBeGreaterThanOrEqual(first.workBytes);
  });
});
