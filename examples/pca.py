"""PCA through the SVD: the NumPy/CuPy twin of pca.ts."""

COMPONENTS = 3


def run(xp, inputs):
    samples = inputs["samples"]
    n = samples.shape[0]
    centred = samples - samples.mean(axis=0)
    _, s, vt = xp.linalg.svd(centred, full_matrices=False)
    biggest = xp.argmax(xp.abs(vt), axis=1)[:, None]
    signs = xp.sign(xp.take_along_axis(vt, biggest, axis=1))
    axes = (vt * signs)[:COMPONENTS]
    variance = s**2 / (n - 1)
    return {
        "components": axes,
        "explained_variance": variance[:COMPONENTS],
        "explained_ratio": variance[:COMPONENTS] / variance.sum(),
        "projected": centred @ axes.T,
    }
