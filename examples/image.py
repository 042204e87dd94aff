"""FFT blur and histogram equalization: the NumPy/CuPy twin of image.ts."""

SIGMA = 3
LEVELS = 256


def gaussian_kernel(xp, height, width):
    def wrapped(n):
        i = xp.arange(n, dtype=xp.float32)
        return xp.minimum(i, n - i)

    dy = wrapped(height)[:, None]
    dx = wrapped(width)
    kernel = xp.exp((xp.square(dy) + xp.square(dx)) / (-2 * SIGMA**2))
    return kernel / kernel.sum()


def run(xp, inputs):
    image = inputs["image"]
    height, width = image.shape
    spectrum = xp.fft.rfft2(image.astype(xp.float32)) * xp.fft.rfft2(gaussian_kernel(xp, height, width))
    blurred = xp.fft.irfft2(spectrum, s=(height, width))

    pixels = image.size
    histogram = xp.bincount(image.ravel(), minlength=LEVELS)
    cdf = xp.cumsum(histogram)
    cdf_min = xp.where(histogram > 0, cdf, pixels).min()
    scaled = xp.round((cdf - cdf_min) * (LEVELS - 1) / (pixels - cdf_min))
    lookup = xp.clip(scaled, 0, LEVELS - 1).astype(xp.uint8)
    equalized = xp.take(lookup, image)
    return {"blurred": blurred, "histogram": histogram, "equalized": equalized}
