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


def image(torch, inputs, twin):
    img = inputs["image"]
    height, width = img.shape
    f32 = torch.float32

    def wrapped(n):
        i = torch.arange(n, dtype=f32, device=img.device)
        return torch.minimum(i, n - i)

    kernel = torch.exp((torch.square(wrapped(height)[:, None]) + torch.square(wrapped(width))) / (-2 * twin.SIGMA**2))
    kernel = kernel / kernel.sum()
    spectrum = torch.fft.rfft2(img.to(f32)) * torch.fft.rfft2(kernel)
    blurred = torch.fft.irfft2(spectrum, s=(height, width))

    levels, pixels = twin.LEVELS, img.numel()
    histogram = torch.bincount(img.ravel(), minlength=levels)
    cdf = torch.cumsum(histogram, 0)
    cdf_min = torch.where(histogram > 0, cdf, torch.full_like(cdf, pixels)).min()
    # NumPy divides integers into float64: so does this twin (torch would give float32)
    scaled = torch.round(((cdf - cdf_min) * (levels - 1)).to(torch.float64) / (pixels - cdf_min))
    lookup = torch.clamp(scaled, 0, levels - 1).to(torch.uint8)
    equalized = lookup[img.long()]
    return {"blurred": blurred, "histogram": histogram, "equalized": equalized}


def knn(torch, inputs, twin):
    points, labels, query = inputs["points"], inputs["labels"], inputs["query"]
    distance2 = torch.square(query).sum(1, keepdim=True) - 2 * (query @ points.T) + torch.square(points).sum(1)
    nearest_d2, indices = torch.topk(distance2, twin.K, dim=1, largest=False, sorted=True)
    distances = torch.sqrt(torch.clamp(nearest_d2, min=0))
    votes = (labels[indices][..., None] == torch.arange(twin.CLASSES, device=labels.device)).sum(1)
    return {"indices": indices, "distances": distances, "predicted": torch.argmax(votes, 1)}


def rolling(torch, inputs, twin):
    prices = inputs["prices"]
    window = twin.WINDOW
    level = prices.mean(1, keepdim=True)
    x = prices - level

    def window_sum(v):
        s = torch.nn.functional.pad(torch.cumsum(v, 1), (1, 0))
        return s[:, window:] - s[:, :-window]

    mean = window_sum(x) / window
    std = torch.sqrt(torch.clamp(window_sum(torch.square(x)) / window - torch.square(mean), min=0))
    zscore = (x[:, window - 1:] - mean) / std
    return {"rolling_mean": mean + level, "rolling_std": std, "zscore": zscore,
            "outliers": torch.count_nonzero(torch.abs(zscore) > 2, dim=1)}


def mandelbrot(torch, inputs, twin):
    re, im = inputs["re"], inputs["im"]
    c = torch.complex(re[None, :].expand(im.shape[0], -1), im[:, None].expand(-1, re.shape[0]))
    z = torch.zeros_like(c)
    counts = torch.zeros(c.shape, dtype=torch.int32, device=c.device)
    for _ in range(twin.ITERATIONS):
        inside = torch.square(z.real) + torch.square(z.imag) <= 4
        z = torch.where(inside, z * z + c, z)
        counts = counts + inside
    area = (counts == twin.ITERATIONS).to(torch.float64).mean() * (3.0 * 2.4)
    return {"counts": counts, "area": area}


def mlp(torch, inputs, twin):
    x, labels, w1, b1, w2, b2 = (inputs[k] for k in ("x", "labels", "w1", "b1", "w2", "b2"))
    F = torch.nn.functional
    logits = F.linear(F.relu(F.linear(x, w1.T, b1)), w2.T, b2)
    return {"probabilities": torch.softmax(logits, 1), "loss": F.cross_entropy(logits, labels),
            "accuracy": (torch.argmax(logits, 1) == labels).to(torch.float32).mean()}


def topk(torch, inputs, twin):
    values = inputs["values"]
    distinct, counts = torch.unique(values, return_counts=True)
    by_frequency = torch.sort(-counts, stable=True).indices[:twin.K]
    return {"distinct": torch.tensor(distinct.numel()), "most_common": distinct[by_frequency],
            "most_common_counts": counts[by_frequency], "singletons": torch.count_nonzero(counts == 1),
            "largest": torch.topk(values, twin.K).values}


TWINS = {f.__name__: f for f in (kmeans, pca, logistic, options, nbody, heat, image, knn, rolling, mandelbrot, mlp, topk)}
# torch.compile is timed on every program; where it cannot fuse (the FFTs, sorts and unique of
# image and topk, complex numbers in mandelbrot) it falls back to eager kernels, which the
# comparison shows.
COMPILE = set(TWINS)
NO_COMPILE_WHY = {}
