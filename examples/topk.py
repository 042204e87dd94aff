"""A top-k / unique-count report: the NumPy/CuPy twin of topk.ts."""

K = 10


def run(xp, inputs):
    values = inputs["values"]
    distinct, counts = xp.unique(values, return_counts=True)
    by_frequency = xp.argsort(-counts, kind="stable")[:K]
    n = values.size
    largest = xp.flip(xp.sort(xp.partition(values, n - K)[n - K:]))
    return {
        "distinct": xp.asarray(distinct.size),
        "most_common": xp.take(distinct, by_frequency),
        "most_common_counts": xp.take(counts, by_frequency),
        "singletons": xp.count_nonzero(counts == 1),
        "largest": largest,
    }
