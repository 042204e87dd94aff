// Principal component analysis through the singular value decomposition.
//
// Centre the data, take the thin SVD Xc = U S Vᵀ (full_matrices=False, so U is n × d, not n × n):
// the rows of Vᵀ are the principal axes, S² / (n - 1) the variance along each, and Xc V the
// coordinates of every sample in the new basis. An SVD is unique only up to the sign of each
// singular pair, so the signs are fixed as scikit-learn does (the largest |entry| of each axis
// positive): then any two libraries agree.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 500, d: 8 },
  bench: { n: 1_000_000, d: 32 },
};

/** Correlated samples: standard normals mixed by a random matrix, shifted by a random mean. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n, d } = SIZES[size];
  const rng = cp.random.default_rng(7);
  // Column scales 1 .. 1/d make the singular values well separated.
  const scales = cp.arange(d, 0, -1, { dtype: 'float32' }).divide(d);
  const mixing = rng.standard_normal([d, d], { dtype: 'float32' }).multiply(scales.get(':, None'));
  const mean = rng.standard_normal(d, { dtype: 'float32' }).multiply(5);
  const samples = cp.matmul(rng.standard_normal([n, d], { dtype: 'float32' }), mixing).add(mean);
  return { samples };
}

const COMPONENTS = 3;

/**
 * The analysis of one sample matrix. cp.jit traces it at its first call for a shape: the SVD reads
 * a few values back (the condition of the matrix decides its method), so later calls run the
 * function again, but each evaluation whose graph has the shape of one the trace ran replays the
 * trace's kernels without scheduling or planning them (the results are bitwise the same). Eagerly,
 * building and planning its kernels took the host several times the device's 3 ms at the bench size.
 */
const analyse = cp.jit((samples: cp.NDArray) => {
  const n = samples.shape[0];
  const centred = samples.subtract(cp.mean(samples, 0)); // the mean row broadcasts over every sample
  const [, s, vt] = cp.linalg.svd(centred, { full_matrices: false }) as cp.NDArray[];
  // svd_flip: the sign of each axis' largest-magnitude entry, taken with take_along_axis.
  const biggest = cp.argmax(cp.abs(vt), 1).get(':, None');
  const signs = cp.sign(cp.take_along_axis(vt, biggest, 1));
  const axes = vt.multiply(signs).get(`:${COMPONENTS}`);
  const variance = cp.square(s).divide(n - 1);
  return {
    components: axes,
    explained_variance: variance.get(`:${COMPONENTS}`),
    explained_ratio: variance.get(`:${COMPONENTS}`).divide(cp.sum(variance)),
    projected: cp.matmul(centred, axes.T), // (n, COMPONENTS)
  };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => analyse(inputs.samples));
}
