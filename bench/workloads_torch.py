"""The PyTorch twins of the gallery (examples/<name>.ts), for bench/peers_workloads.py.

Each twin is fn(torch, inputs, twin) -> dict: the same program as examples/<name>.py written the
way a PyTorch user would (torch's own functions where it has one), on the same inputs (tensors on
the GPU, or the CPU with --cpu) and with the same outputs (names, shapes, dtypes). `twin` is the
NumPy twin's module: constants such as iteration counts are read from it, so they are declared
once. COMPILE lists the programs torch.compile is timed on; NO_COMPILE_WHY says why the others are
not.
"""


def kmeans(torch, inputs, twin):
    points, init = inputs["points"], inputs["init"]
    k = init.shape[0]
    pp = (points * points).sum(1, keepdim=True)

    def squared_distances(c):
        return pp - 2 * (points @ c.T) + (c * c).sum(1)

    ids = torch.arange(k, device=points.device)
    centroids = init
    labels = torch.argmin(squared_distances(centroids), 1)
    for _ in range(twin.ITERATIONS):
        onehot = (labels[:, None] == ids).to(points.dtype)
        counts = onehot.sum(0)
        sums = onehot.T @ points
        centroids = torch.where(counts[:, None] > 0, sums / torch.clamp(counts, min=1)[:, None], centroids)
        labels = torch.argmin(squared_distances(centroids), 1)
    inertia = torch.square(points - centroids[labels]).sum()
    return {"centroids": centroids, "labels": labels, "inertia": inertia}


TWINS = {f.__name__: f for f in (kmeans,)}
COMPILE = {"kmeans"}
NO_COMPILE_WHY = {}
