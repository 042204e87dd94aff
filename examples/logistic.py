"""Logistic regression by gradient descent: the NumPy/CuPy twin of logistic.ts."""

STEPS = 100
LEARNING_RATE = 0.5


def sigmoid(xp, z):
    return 1 / (1 + xp.exp(-z))


def run(xp, inputs):
    x, y = inputs["features"], inputs["labels"]
    n, d = x.shape
    w = xp.zeros(d, dtype=xp.float32)
    b = xp.zeros((), dtype=xp.float32)
    for _ in range(STEPS):
        error = sigmoid(xp, x @ w + b) - y
        w = w - (x.T @ error) * (LEARNING_RATE / n)
        b = b - error.mean() * LEARNING_RATE
    z = x @ w + b
    loss = (xp.logaddexp(0, z) - y * z).mean()
    accuracy = ((z > 0) == y.astype(bool)).astype(xp.float32).mean()
    return {"weights": w, "bias": b, "loss": loss, "accuracy": accuracy}
