"""Causal multi-head self-attention with einsum: the NumPy/CuPy twin of attention.ts."""
import math


def run(xp, inputs):
    q, k, v = inputs["q"], inputs["k"], inputs["v"]
    seq, dim = q.shape[2], q.shape[3]
    scores = xp.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(dim)
    future = xp.triu(xp.ones((seq, seq), dtype=bool), 1)
    masked = xp.where(future, -xp.inf, scores)
    shifted = masked - masked.max(axis=-1, keepdims=True)
    weights = xp.exp(shifted)
    attention = weights / weights.sum(axis=-1, keepdims=True)
    out = xp.einsum("bhqk,bhkd->bhqd", attention, v)
    plogp = attention * xp.log(xp.where(attention > 0, attention, 1))
    entropy = plogp.sum(axis=-1) * -1
    return {"out": out, "entropy": entropy}
