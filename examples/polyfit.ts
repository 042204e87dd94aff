// Least-squares polynomial fit of noisy samples, through the Vandermonde matrix and lstsq.
//
// Column j of the design matrix is x**j, built by broadcasting x[:, None] ** arange(degree + 1).
// Before fitting, x is scaled to [-1, 1]: powers of a wide range make the columns nearly
// parallel and the fit ill-conditioned (np.polynomial does the same). lstsq solves
// min |A c - y|² by an orthogonal factorisation, never forming AᵀA.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 1000 },
  bench: { n: 4_000_000 },
};

const DEGREE = 9;

/** Samples of a smooth curve on [0, 10] with Gaussian noise. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n } = SIZES[size];
  const rng = cp.random.default_rng(13);
  const x = cp.sort(rng.uniform(0, 10, n));
  const y = cp.sin(x).multiply(3).add(x.multiply(0.5)).add(rng.normal(0, 0.3, n));
  return { x, y };
}

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => {
    const { x, y } = inputs;
    const lo = cp.min(x);
    const hi = cp.max(x);
    const t = x.subtract(lo).multiply(2).divide(hi.subtract(lo)).subtract(1); // x mapped onto [-1, 1]
    const design = cp.power(t.get(':, None'), cp.arange(DEGREE + 1)); // (n, DEGREE + 1)
    const [coefficients] = cp.linalg.lstsq(design, y, { rcond: null }) as cp.NDArray[];
    const fitted = cp.matmul(design, coefficients);
    const residual = y.subtract(fitted);
    return {
      coefficients, // in powers of the scaled t, lowest first
      fitted,
      rms_error: cp.sqrt(cp.mean(cp.square(residual))),
    };
  });
}
