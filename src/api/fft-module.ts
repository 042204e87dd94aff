// The cp.fft namespace (NumPy's numpy.fft): the transforms (fft-transforms.ts; cuFFT on the CUDA
// backend, the JS FFT of src/runtime/fft/ on the CPU; see docs/FFT.md) and the helper routines
// (fftfreq, rfftfreq, fftshift, ifftshift).
export {
  fft, ifft, fft2, ifft2, fftn, ifftn, rfft, irfft, rfft2, irfft2, rfftn, irfftn, hfft, ihfft,
} from './fft-transforms.js';
export { fftfreq, rfftfreq, fftshift, ifftshift } from './fft-helpers.js';
