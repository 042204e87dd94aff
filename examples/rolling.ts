// Rolling-window statistics of many time series at once, through cumulative sums.
//
// A window sum is a difference of two prefix sums: with c = cumsum(x) and a 0 in front,
// sum(x[i-w+1 .. i]) = c[i+1] - c[i+1-w]. The same trick on x² gives the variance
// (E[x²] - E[x]²). Prefix sums grow large and that difference cancels digits, so the series are
// centred first and the program works in float64, as pandas does.
import * as cp from 'cupyts';

const SIZES = {
  test: { series: 4, length: 2000 },
  bench: { series: 64, length: 262_144 },
};

const WINDOW = 50;

/** Random walks (cumulative sums of normal steps), one per row. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { series, length } = SIZES[size];
  const rng = cp.random.default_rng(23);
  return { prices: cp.cumsum(rng.standard_normal([series, length]), 1).add(100) };
}

/** Prefix sums along the time axis with a leading 0: (series, length + 1). */
function prefixSums(x: cp.NDArray): cp.NDArray {
  return cp.pad(cp.cumsum(x, 1), [[0, 0], [1, 0]]);
}

/**
 * The statistics of one batch of series. cp.jit traces it at its first call for a shape and
 * replays its kernels after that: pad writes its prefix sums into fresh arrays, and each write is
 * an evaluation of its own, so an eager run spends more time building and planning its seven
 * evaluations on the host than the device spends computing them (the results are bitwise the same).
 */
const rolling = cp.jit((prices: cp.NDArray) => {
  const x = prices.subtract(cp.mean(prices, 1, { keepdims: true })); // centre each series
  const c = prefixSums(x);
  const c2 = prefixSums(cp.square(x));
  const windowSum = (s: cp.NDArray) => s.get(`:, ${WINDOW}:`).subtract(s.get(`:, :-${WINDOW}`));
  const mean = windowSum(c).divide(WINDOW); // (series, length - WINDOW + 1)
  const variance = cp.maximum(windowSum(c2).divide(WINDOW).subtract(cp.square(mean)), 0);
  const std = cp.sqrt(variance);
  // How unusual is the last value of each window? Its z-score within the window.
  const zscore = x.get(`:, ${WINDOW - 1}:`).subtract(mean).divide(std);
  return {
    rolling_mean: mean.add(cp.mean(prices, 1, { keepdims: true })), // back in price units
    rolling_std: std,
    zscore,
    outliers: cp.count_nonzero(cp.abs(zscore).greater(2), 1), // per series
  };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => rolling(inputs.prices));
}
