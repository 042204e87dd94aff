// Image processing on a synthetic 8-bit image: a Gaussian blur through FFT convolution, and
// histogram equalization.
//
// Blur: convolution is a product in frequency space. The kernel is built at full image size with
// its centre at pixel (0, 0) (distances measured around the edges, as the FFT's circular
// convolution wants), so rfft2(image) * rfft2(kernel), transformed back with irfft2 and the
// image's shape as `s`, is the blurred image.
// Equalization: bincount gives the histogram of the 256 grey levels, cumsum its cumulative
// distribution; mapping each level through the normalised CDF (a lookup table applied with take)
// spreads the levels over the whole 0..255 range.
import * as cp from 'cupyts';

const SIZES = {
  test: { height: 96, width: 128 },
  bench: { height: 4096, width: 4096 },
};

/** A low-contrast picture: smooth waves plus noise, squeezed into grey levels 70..180. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { height, width } = SIZES[size];
  const rng = cp.random.default_rng(9);
  const y = cp.arange(height, { dtype: 'float32' }).get(':, None');
  const x = cp.arange(width, { dtype: 'float32' });
  const waves = cp.sin(x.divide(width / 7)).multiply(cp.cos(y.divide(height / 5)));
  const noisy = waves.multiply(40).add(125).add(rng.standard_normal([height, width], { dtype: 'float32' }).multiply(8));
  return { image: cp.clip(noisy, 70, 180).astype('uint8') };
}

const SIGMA = 3; // pixels
const LEVELS = 256;

/** A normalised Gaussian of the image's shape, centred at (0, 0) with wrap-around distances. */
function gaussianKernel(height: number, width: number): cp.NDArray {
  const wrapped = (n: number) => {
    const i = cp.arange(n, { dtype: 'float32' });
    return cp.minimum(i, cp.subtract(n, i)); // distance to pixel 0 around the edge
  };
  const dy = wrapped(height).get(':, None');
  const dx = wrapped(width);
  const kernel = cp.exp(cp.square(dy).add(cp.square(dx)).divide(-2 * SIGMA ** 2));
  return kernel.divide(cp.sum(kernel));
}

/**
 * Blur and equalization of one image. cp.jit traces it at its first call for an image shape and
 * replays it after that: a stream of images of one size runs the same kernels and FFT stages
 * without building, scheduling or planning them again (the results are bitwise the same).
 */
const processImage = cp.jit((image: cp.NDArray) => {
  const [height, width] = image.shape;
  const spectrum = cp.fft.rfft2(image.astype('float32')).multiply(cp.fft.rfft2(gaussianKernel(height, width)));
  const blurred = cp.fft.irfft2(spectrum, { s: [height, width] });

  const pixels = image.size;
  const histogram = cp.bincount(image.ravel(), { minlength: LEVELS }); // int64 counts per grey level
  const cdf = cp.cumsum(histogram);
  const cdfMin = cp.min(cp.where(histogram.greater(0), cdf, pixels)); // the CDF at the darkest level present
  const scaled = cp.round(cdf.subtract(cdfMin).multiply(LEVELS - 1).divide(cp.subtract(pixels, cdfMin)));
  const lookup = cp.clip(scaled, 0, LEVELS - 1).astype('uint8');
  const equalized = cp.take(lookup, image); // fancy indexing: lookup[image]
  return { blurred, histogram, equalized };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => processImage(inputs.image));
}
