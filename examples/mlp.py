"""An MLP forward pass with softmax cross-entropy: the NumPy/CuPy twin of mlp.ts."""


def run(xp, inputs):
    x, labels, w1, b1, w2, b2 = (inputs[k] for k in ("x", "labels", "w1", "b1", "w2", "b2"))
    hidden = xp.maximum(x @ w1 + b1, 0)
    logits = hidden @ w2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
    picked = xp.take_along_axis(log_probs, labels[:, None], axis=1)
    return {
        "probabilities": xp.exp(log_probs),
        "loss": picked.mean() * -1,
        "accuracy": (xp.argmax(logits, axis=1) == labels).mean(),
    }
