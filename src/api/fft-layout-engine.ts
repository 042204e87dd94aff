// A host stand-in for cuFFT: runs one cuFFT plan spec (kind, rank-1 to 3 sizes, batch, the
// advanced layout of each side) on CPU buffers with the JS FFT, unnormalized as cuFFT is. Element
// (idx) of batch b lies at offset + b·dist + stride·(row-major index of idx in embed), cuFFT's rule.
// The tests run cp.fft's GPU staging (./fft-stages.ts: in-place layouts, runs at offsets, fused
// copies, permutations, padding) on the CPU backend through it, so that logic is checked against
// NumPy on machines without a device.
import { contiguousStrides, type FftPass } from '../ir/fft-plan.js';
import { sizeOf } from '../ir/shape.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';
import type { CufftLayout, CufftPlanSpec } from '../runtime/cufft.js';
import type { FloatData } from '../runtime/fft/lines.js';
import { hostFft, type HostFloats } from './fft-host.js';
import { planText, type FftEngine } from './fft-stages.js';

/** The logical dims of one side: the real side has `sizes`, the complex side of r2c/c2r n/2 + 1 last. */
function sideDims(spec: CufftPlanSpec, real: boolean): number[] {
  if (spec.kind === 'c2c' || real) return [...spec.sizes];
  return [...spec.sizes.slice(0, -1), Math.floor(spec.sizes[spec.sizes.length - 1] / 2) + 1];
}

/** A side as a strided (batch, ...dims) array over `data`; `slots` floats per element. */
function view(data: FloatData, offset: number, layout: CufftLayout, spec: CufftPlanSpec, dims: number[]): HostFloats {
  const embed = layout.embed ?? dims;
  const inner = contiguousStrides(embed).map((s) => s * layout.stride);
  return { data, shape: [spec.batch, ...dims], strides: [layout.dist, ...inner], offset };
}

function floats(spec: CufftPlanSpec, storage: CpuBuffer): FloatData {
  return spec.precision === 'float32' ? new Float32Array(storage.buffer, storage.byteOffset, storage.bytes / 4) : new Float64Array(storage.buffer, storage.byteOffset, storage.bytes / 8);
}

export const hostLayoutEngine: FftEngine = {
  execute(spec, input, inOffset, output, outOffset, inverse) {
    const realIn = spec.kind === 'r2c';
    const realOut = spec.kind === 'c2r';
    const inDims = sideDims(spec, realIn);
    const outDims = sideDims(spec, realOut);
    const k = spec.sizes.length;
    const c2c = (j: number): FftPass => ({ axis: j + 1, n: spec.sizes[j], kind: 'c2c' });
    const last: FftPass = { axis: k, n: spec.sizes[k - 1], kind: spec.kind };
    const others = spec.sizes.slice(0, -1).map((_, j) => c2c(j));
    const passes = spec.kind === 'c2c' ? spec.sizes.map((_, j) => c2c(j)) : spec.kind === 'r2c' ? [last, ...others] : [...others, last];
    const from = view(floats(spec, input as CpuBuffer), inOffset, spec.input, spec, inDims);
    const result = new Float64Array(sizeOf([spec.batch, ...outDims]) * (realOut ? 1 : 2));
    hostFft(from, { passes, inverse, norm: 'backward', hermitian: null, scales: passes.map(() => 1) }, result);
    // Scatter the C-ordered result into the output's layout.
    const to = view(floats(spec, output as CpuBuffer), outOffset, spec.output, spec, outDims);
    const slots = realOut ? 1 : 2;
    const shape = to.shape;
    const index = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < result.length / slots; i++) {
      let at = to.offset;
      for (let j = 0; j < shape.length; j++) at += index[j] * to.strides[j];
      for (let s = 0; s < slots; s++) to.data[slots * at + s] = result[slots * i + s];
      for (let j = shape.length - 1; j >= 0; j--) {
        if (++index[j] < shape[j]) break;
        index[j] = 0;
      }
    }
  },
  describe: (spec) => `host stand-in for cuFFT ${planText(spec)}`,
};
