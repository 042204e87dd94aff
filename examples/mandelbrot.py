"""The Mandelbrot set with complex arrays: the NumPy/CuPy twin of mandelbrot.ts."""

ITERATIONS = 40


def run(xp, inputs):
    re, im = inputs["re"], inputs["im"]
    c = re[None, :] + im[:, None] * 1j
    z = xp.zeros_like(c)
    counts = xp.zeros(c.shape, dtype=xp.int32)
    for _ in range(ITERATIONS):
        inside = xp.square(z.real) + xp.square(z.imag) <= 4
        z = xp.where(inside, z * z + c, z)
        counts = counts + inside
    grid_area = 3.0 * 2.4
    area = (counts == ITERATIONS).mean() * grid_area
    return {"counts": counts, "area": area}
