"""Rolling-window statistics through cumsum: the NumPy/CuPy twin of rolling.ts."""

WINDOW = 50


def prefix_sums(xp, x):
    return xp.pad(xp.cumsum(x, axis=1), ((0, 0), (1, 0)))


def run(xp, inputs):
    prices = inputs["prices"]
    x = prices - prices.mean(axis=1, keepdims=True)
    c = prefix_sums(xp, x)
    c2 = prefix_sums(xp, xp.square(x))

    def window_sum(s):
        return s[:, WINDOW:] - s[:, :-WINDOW]

    mean = window_sum(c) / WINDOW
    variance = xp.maximum(window_sum(c2) / WINDOW - xp.square(mean), 0)
    std = xp.sqrt(variance)
    zscore = (x[:, WINDOW - 1:] - mean) / std
    return {
        "rolling_mean": mean + prices.mean(axis=1, keepdims=True),
        "rolling_std": std,
        "zscore": zscore,
        "outliers": xp.count_nonzero(xp.abs(zscore) > 2, axis=1),
    }
