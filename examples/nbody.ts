// Gravitational n-body: a few leapfrog (kick-drift-kick) steps with all-pairs forces.
//
// Broadcasting builds every pairwise separation at once: pos[None, :, :] - pos[:, None, :] is
// (n, n, 3). A softening length ε keeps close encounters finite and makes the self-interaction
// term zero (its separation is zero), so no mask is needed.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 64 },
  bench: { n: 4096 },
};

export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n } = SIZES[size];
  const rng = cp.random.default_rng(11);
  return {
    positions: rng.standard_normal([n, 3], { dtype: 'float32' }),
    velocities: rng.standard_normal([n, 3], { dtype: 'float32' }).multiply(0.1),
    masses: rng.uniform(0.5, 1.5, n, { dtype: 'float32' }).divide(n),
  };
}

const STEPS = 4;
const DT = 0.01;
const SOFTENING = 0.05;

/** Accelerations (n, 3): a_i = Σ_j m_j (x_j - x_i) / (|x_j - x_i|² + ε²)^(3/2), with G = 1. */
function accelerations(positions: cp.NDArray, masses: cp.NDArray): cp.NDArray {
  const separation = positions.get('None, :, :').subtract(positions.get(':, None, :')); // (n, n, 3)
  const distance2 = cp.sum(cp.square(separation), -1).add(SOFTENING ** 2); // (n, n)
  const weight = masses.multiply(cp.power(distance2, -1.5)); // m_j / r³ per pair, masses broadcast along rows
  return cp.sum(separation.multiply(weight.get(':, :, None')), 1);
}

/**
 * The leapfrog steps. cp.jit traces them at their first call for these shapes and replays their
 * kernels after that, without building, scheduling or planning the steps again (the results are
 * bitwise the same).
 */
const simulate = cp.jit((masses: cp.NDArray, positions: cp.NDArray, velocities: cp.NDArray) => {
  let acc = accelerations(positions, masses);
  for (let step = 0; step < STEPS; step++) {
    velocities = velocities.add(acc.multiply(DT / 2)); // half kick
    positions = positions.add(velocities.multiply(DT)); // drift
    acc = accelerations(positions, masses);
    velocities = velocities.add(acc.multiply(DT / 2)); // half kick
  }
  const kinetic = cp.sum(masses.multiply(cp.sum(cp.square(velocities), 1))).multiply(0.5);
  return { positions, velocities, kinetic_energy: kinetic };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => simulate(inputs.masses, inputs.positions, inputs.velocities));
}
