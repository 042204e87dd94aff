// k-means clustering (Lloyd's algorithm) with a fixed number of iterations.
//
// NumPy users will recognise every line: squared distances through the expansion
// |x - c|² = |x|² - 2 x·c + |c|², so the heavy part is one matrix product; the assignment
// step is an argmin along the centroid axis; the update step turns the labels into a one-hot
// matrix and averages the points of each cluster with a second matrix product.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 2000, d: 4, k: 5 },
  bench: { n: 1_000_000, d: 16, k: 64 },
};

/** Points drawn around k well-separated centres, and the first k points as initial centroids. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n, d, k } = SIZES[size];
  const rng = cp.random.default_rng(42);
  const centres = rng.uniform(-10, 10, [k, d], { dtype: 'float32' });
  const which = rng.integers(0, k, n);
  // Fancy indexing with an integer array: one centre row per point, plus unit noise.
  const points = cp.take(centres, which, 0).add(rng.standard_normal([n, d], { dtype: 'float32' }));
  return { points, init: points.get(`:${k}`) };
}

const ITERATIONS = 10;

/** Squared Euclidean distances between every point (n, d) and every centroid (k, d): (n, k). */
function squaredDistances(points: cp.NDArray, centroids: cp.NDArray): cp.NDArray {
  const pp = cp.sum(points.multiply(points), 1, { keepdims: true }); // (n, 1)
  const cc = cp.sum(centroids.multiply(centroids), 1); // (k,) broadcasts along rows
  return pp.subtract(cp.matmul(points, centroids.T).multiply(2)).add(cc);
}

/**
 * Lloyd's iterations. cp.jit traces them at their first call for these shapes and replays their
 * kernels and matrix products after that, without building, scheduling or planning them again
 * (the results are bitwise the same).
 */
const cluster = cp.jit((points: cp.NDArray, init: cp.NDArray) => {
  const k = init.shape[0];
  let centroids = init;
  let labels = cp.argmin(squaredDistances(points, centroids), 1);
  for (let it = 0; it < ITERATIONS; it++) {
    // One-hot (n, k): labels[:, None] == arange(k), as float so it can be multiplied.
    const onehot = labels.get(':, None').equal(cp.arange(k)).astype(points.dtype);
    const counts = cp.sum(onehot, 0); // points per cluster
    const sums = cp.matmul(onehot.T, points); // (k, d) sum of the points of each cluster
    // An empty cluster keeps its old centroid (np.where with a broadcast condition).
    centroids = cp.where(counts.get(':, None').greater(0), sums.divide(cp.maximum(counts, 1).get(':, None')), centroids);
    labels = cp.argmin(squaredDistances(points, centroids), 1);
  }
  // Inertia: the sum of squared distances of each point to its own centroid.
  const nearest = cp.take(centroids, labels, 0);
  const inertia = cp.sum(cp.square(points.subtract(nearest)));
  return { centroids, labels, inertia };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => cluster(inputs.points, inputs.init));
}
