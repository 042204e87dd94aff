// The cp.fft namespace (NumPy's numpy.fft). Now: the helper routines that need no complex dtype
// (fftfreq, rfftfreq, fftshift, ifftshift). The transforms (fft, ifft, rfft, …, see docs/FFT.md)
// join once complex64/complex128 arrays exist; their CPU path is src/runtime/fft/ and their GPU
// path src/runtime/cufft.ts.
export { fftfreq, rfftfreq, fftshift, ifftshift } from './fft-helpers.js';
