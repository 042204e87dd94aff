"""Leapfrog n-body steps: the NumPy/CuPy twin of nbody.ts."""

STEPS = 4
DT = 0.01
SOFTENING = 0.05


def accelerations(xp, positions, masses):
    separation = positions[None, :, :] - positions[:, None, :]
    distance2 = xp.square(separation).sum(axis=-1) + SOFTENING**2
    weight = masses * xp.power(distance2, -1.5)
    return (separation * weight[:, :, None]).sum(axis=1)


def run(xp, inputs):
    masses, positions, velocities = inputs["masses"], inputs["positions"], inputs["velocities"]
    acc = accelerations(xp, positions, masses)
    for _ in range(STEPS):
        velocities = velocities + acc * (DT / 2)
        positions = positions + velocities * DT
        acc = accelerations(xp, positions, masses)
        velocities = velocities + acc * (DT / 2)
    kinetic = (masses * xp.square(velocities).sum(axis=1)).sum() * 0.5
    return {"positions": positions, "velocities": velocities, "kinetic_energy": kinetic}
