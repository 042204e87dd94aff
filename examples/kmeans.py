"""k-means clustering: the NumPy/CuPy twin of kmeans.ts."""

ITERATIONS = 10


def squared_distances(xp, points, centroids):
    pp = (points * points).sum(axis=1, keepdims=True)
    cc = (centroids * centroids).sum(axis=1)
    return pp - 2 * (points @ centroids.T) + cc


def run(xp, inputs):
    points, init = inputs["points"], inputs["init"]
    k = init.shape[0]
    centroids = init
    labels = xp.argmin(squared_distances(xp, points, centroids), axis=1)
    for _ in range(ITERATIONS):
        onehot = (labels[:, None] == xp.arange(k)).astype(points.dtype)
        counts = onehot.sum(axis=0)
        sums = onehot.T @ points
        centroids = xp.where(counts[:, None] > 0, sums / xp.maximum(counts, 1)[:, None], centroids)
        labels = xp.argmin(squared_distances(xp, points, centroids), axis=1)
    nearest = centroids[labels]
    inertia = xp.square(points - nearest).sum()
    return {"centroids": centroids, "labels": labels, "inertia": inertia}
