"""Monte Carlo option pricing: the NumPy/CuPy twin of options.ts."""
import math

SPOT = 100
STRIKE = 105
RATE = 0.03
VOLATILITY = 0.25
MATURITY = 1


def price(xp, payoff, discount):
    n = payoff.shape[0]
    return payoff.mean() * discount, payoff.std(ddof=1) * (discount / math.sqrt(n))


def run(xp, inputs):
    shocks = inputs["shocks"]
    steps = shocks.shape[1]
    dt = MATURITY / steps
    drift = (RATE - 0.5 * VOLATILITY**2) * dt
    log_paths = xp.cumsum(shocks * (VOLATILITY * math.sqrt(dt)) + drift, axis=1)
    prices = xp.exp(log_paths) * SPOT
    discount = math.exp(-RATE * MATURITY)
    european = xp.maximum(prices[:, -1] - STRIKE, 0)
    asian = xp.maximum(prices.mean(axis=1) - STRIKE, 0)
    european_price, european_error = price(xp, european, discount)
    asian_price, asian_error = price(xp, asian, discount)
    return {"european": european_price, "european_stderr": european_error, "asian": asian_price, "asian_stderr": asian_error}
