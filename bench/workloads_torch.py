"""The PyTorch twins of the gallery (examples/<name>.ts), for bench/peers_workloads.py.

Each twin is fn(torch, inputs, twin) -> dict: the same program as examples/<name>.py written the
way a PyTorch user would (torch's own functions where it has one), on the same inputs (tensors on
the GPU, or the CPU with --cpu) and with the same outputs (names, shapes, dtypes). `twin` is the
NumPy twin's module: constants such as iteration counts are read from it, so they are declared
once. COMPILE lists the programs torch.compile is timed on; NO_COMPILE_WHY says why the others are
not.
"""
import math


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


def pca(torch, inputs, twin):
    samples = inputs["samples"]
    n = samples.shape[0]
    centred = samples - samples.mean(0)
    _, s, vt = torch.linalg.svd(centred, full_matrices=False)
    biggest = torch.argmax(torch.abs(vt), 1)[:, None]
    signs = torch.sign(torch.take_along_dim(vt, biggest, 1))
    axes = (vt * signs)[:twin.COMPONENTS]
    variance = s**2 / (n - 1)
    return {"components": axes, "explained_variance": variance[:twin.COMPONENTS],
            "explained_ratio": variance[:twin.COMPONENTS] / variance.sum(), "projected": centred @ axes.T}


def logistic(torch, inputs, twin):
    x, y = inputs["features"], inputs["labels"]
    n, d = x.shape
    w = torch.zeros(d, dtype=x.dtype, device=x.device)
    b = torch.zeros((), dtype=x.dtype, device=x.device)
    for _ in range(twin.STEPS):
        error = torch.sigmoid(x @ w + b) - y
        w = w - (x.T @ error) * (twin.LEARNING_RATE / n)
        b = b - error.mean() * twin.LEARNING_RATE
    z = x @ w + b
    loss = (torch.nn.functional.softplus(z) - y * z).mean()
    accuracy = ((z > 0) == y.bool()).to(x.dtype).mean()
    return {"weights": w, "bias": b, "loss": loss, "accuracy": accuracy}


def options(torch, inputs, twin):
    shocks = inputs["shocks"]
    paths, steps = shocks.shape
    dt = twin.MATURITY / steps
    drift = (twin.RATE - 0.5 * twin.VOLATILITY**2) * dt
    log_paths = torch.cumsum(shocks * (twin.VOLATILITY * math.sqrt(dt)) + drift, 1)
    prices = torch.exp(log_paths) * twin.SPOT
    discount = math.exp(-twin.RATE * twin.MATURITY)
    european = torch.clamp(prices[:, -1] - twin.STRIKE, min=0)
    asian = torch.clamp(prices.mean(1) - twin.STRIKE, min=0)
    scale = discount / math.sqrt(paths)
    return {"european": european.mean() * discount, "european_stderr": european.std() * scale,
            "asian": asian.mean() * discount, "asian_stderr": asian.std() * scale}


def nbody(torch, inputs, twin):
    masses, positions, velocities = inputs["masses"], inputs["positions"], inputs["velocities"]

    def accelerations(p):
        separation = p[None, :, :] - p[:, None, :]
        weight = masses * torch.pow(torch.square(separation).sum(-1) + twin.SOFTENING**2, -1.5)
        return (separation * weight[:, :, None]).sum(1)

    acc = accelerations(positions)
    for _ in range(twin.STEPS):
        velocities = velocities + acc * (twin.DT / 2)
        positions = positions + velocities * twin.DT
        acc = accelerations(positions)
        velocities = velocities + acc * (twin.DT / 2)
    kinetic = (masses * torch.square(velocities).sum(1)).sum() * 0.5
    return {"positions": positions, "velocities": velocities, "kinetic_energy": kinetic}


def heat(torch, inputs, twin):
    u = inputs["plate"].clone()
    for _ in range(twin.STEPS):
        centre = u[1:-1, 1:-1]
        laplacian = u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - centre * 4
        u[1:-1, 1:-1] = centre + laplacian * twin.COURANT
    return {"temperature": u, "mean_temperature": u.mean()}


TWINS = {f.__name__: f for f in (kmeans, pca, logistic, options, nbody, heat)}
COMPILE = {"kmeans", "pca", "logistic", "options", "nbody", "heat"}
NO_COMPILE_WHY = {}
