// A frequency report over a large integer array: how many distinct values, which values occur
// most often (ties broken by the smaller value), and the k largest values.
//
// unique(..., return_counts=True) sorts once and counts the runs. A stable argsort of the
// negated counts ranks by frequency and keeps equal counts in value order. For the largest
// values, partition moves the k largest to the end without a full sort; only those k are sorted.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 20_000 },
  bench: { n: 1 << 24 },
};

const K = 10;

/** Log-uniform integers in [1, 10⁶): small values repeat often, large ones rarely. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n } = SIZES[size];
  const rng = cp.random.default_rng(99);
  return { values: cp.floor(cp.exp(rng.uniform(0, Math.log(1e6), n))).astype('int64') };
}

/**
 * The report of one array. cp.jit traces it at its first call for an array size: the number of
 * distinct values is read back (unique's result size depends on the data), so later calls run the
 * function again, but each evaluation in it whose graph has the shape of one the trace ran (those
 * after the readback: where the array has as many distinct values as the traced one) replays the
 * trace's kernels without scheduling or planning them (the results are bitwise the same).
 */
const report = cp.jit((values: cp.NDArray) => {
  const [distinct, counts] = cp.unique(values, { return_counts: true }) as cp.NDArray[];
  const byFrequency = cp.argsort(cp.negative(counts), { kind: 'stable' }).get(`:${K}`);
  const n = values.size;
  // The partition disposed at once (cp.tidy): nothing else reads it, so only its last K positions
  // are computed, in one read of the array (examples/README.md).
  const largest = cp.tidy(() => cp.flip(cp.sort(cp.partition(values, n - K).get(`${n - K}:`))));
  return {
    distinct: cp.asarray(distinct.size), // unique's length is known only after it ran
    most_common: cp.take(distinct, byFrequency),
    most_common_counts: cp.take(counts, byFrequency),
    singletons: cp.count_nonzero(counts.equal(1)),
    largest,
  };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => report(inputs.values));
}
