"""2-D heat equation stencil: the NumPy/CuPy twin of heat.ts."""

COURANT = 0.2
STEPS = 50


def run(xp, inputs):
    u = inputs["plate"].copy()
    for _ in range(STEPS):
        centre = u[1:-1, 1:-1]
        laplacian = u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - centre * 4
        u[1:-1, 1:-1] = centre + laplacian * COURANT
    return {"temperature": u, "mean_temperature": u.mean()}
