// k-nearest-neighbour classification.
//
// All query-to-reference squared distances come from one matrix product (|q|² - 2 q·x + |x|²).
// argpartition puts the k smallest of each row first without sorting the whole row; only those
// k are then sorted (argsort of the gathered distances, take_along_axis to reorder the indices).
// The prediction is the most common label among the k, counted with a one-hot sum per row.
import * as cp from 'cupyts';

const SIZES = {
  test: { references: 2000, queries: 100, d: 8 },
  bench: { references: 500_000, queries: 512, d: 32 },
};

const CLASSES = 4;
const K = 8;

/** Reference points around one random centre per class, with their labels, and query points. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { references, queries, d } = SIZES[size];
  const rng = cp.random.default_rng(17);
  const centres = rng.standard_normal([CLASSES, d], { dtype: 'float32' }).multiply(2);
  const labels = rng.integers(0, CLASSES, references);
  const points = cp.take(centres, labels, 0).add(rng.standard_normal([references, d], { dtype: 'float32' }));
  const query = rng.standard_normal([queries, d], { dtype: 'float32' }).multiply(2);
  return { points, labels, query };
}

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => {
    const { points, labels, query } = inputs;
    const distance2 = cp.sum(cp.square(query), 1, { keepdims: true })
      .subtract(cp.matmul(query, points.T).multiply(2))
      .add(cp.sum(cp.square(points), 1)); // (queries, references)
    const nearest = cp.argpartition(distance2, K - 1, 1).get(`:, :${K}`); // the k nearest, in no order
    const nearestD2 = cp.take_along_axis(distance2, nearest, 1);
    const order = cp.argsort(nearestD2, 1);
    const indices = cp.take_along_axis(nearest, order, 1); // the k nearest, closest first
    const distances = cp.sqrt(cp.maximum(cp.take_along_axis(nearestD2, order, 1), 0));
    // Votes: one-hot of the neighbours' labels (queries, K, CLASSES) summed over the neighbours.
    const votes = cp.sum(cp.take(labels, indices).get('..., None').equal(cp.arange(CLASSES)), 1);
    return { indices, distances, predicted: cp.argmax(votes, 1) };
  });
}
