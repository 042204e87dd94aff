// Monte Carlo pricing of a European and an Asian (arithmetic-average) call option.
//
// Under Black–Scholes the log price moves by (r - σ²/2) dt + σ √dt Z each step, so a whole path
// is a cumsum of the increments along the time axis and exp() of it. The European call pays
// max(S_T - K, 0) at maturity, the Asian call max(mean_t S_t - K, 0); the price is the discounted
// mean payoff, and its standard error std / √paths says how far to trust it.
import * as cp from 'cupyts';

const SIZES = {
  test: { paths: 2000, steps: 64 },
  bench: { paths: 200_000, steps: 252 },
};

/** One standard normal draw per path and trading day. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { paths, steps } = SIZES[size];
  const rng = cp.random.default_rng(2024);
  return { shocks: rng.standard_normal([paths, steps], { dtype: 'float32' }) };
}

const SPOT = 100;
const STRIKE = 105;
const RATE = 0.03;
const VOLATILITY = 0.25;
const MATURITY = 1; // years

/** Discounted mean payoff and its standard error. */
function price(payoff: cp.NDArray, discount: number): [cp.NDArray, cp.NDArray] {
  const n = payoff.shape[0];
  return [cp.mean(payoff).multiply(discount), cp.std(payoff, { ddof: 1 }).multiply(discount / Math.sqrt(n))];
}

/**
 * Both prices from one matrix of shocks. cp.jit traces it at its first call for a shape and
 * replays its kernels after that, without building, scheduling or planning them again: the
 * program is a few kernels over data the device reads in a fraction of a millisecond, so building
 * it each call would cost more than computing it (the results are bitwise the same).
 */
const priceBoth = cp.jit((shocks: cp.NDArray) => {
  const steps = shocks.shape[1];
  const dt = MATURITY / steps;
  const drift = (RATE - 0.5 * VOLATILITY ** 2) * dt;
  // Log-price increments, accumulated along the time axis: one row per path.
  const logPaths = cp.cumsum(shocks.multiply(VOLATILITY * Math.sqrt(dt)).add(drift), 1);
  const prices = cp.exp(logPaths).multiply(SPOT);
  const discount = Math.exp(-RATE * MATURITY);
  const european = cp.maximum(prices.get(':, -1').subtract(STRIKE), 0);
  const asian = cp.maximum(cp.mean(prices, 1).subtract(STRIKE), 0);
  const [europeanPrice, europeanError] = price(european, discount);
  const [asianPrice, asianError] = price(asian, discount);
  return { european: europeanPrice, european_stderr: europeanError, asian: asianPrice, asian_stderr: asianError };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => priceBoth(inputs.shocks));
}
