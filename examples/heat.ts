// The 2-D heat equation, u_t = α ∇²u, by explicit finite differences on a square plate.
//
// The five-point Laplacian is four shifted slices of the same array: u[2:, 1:-1] is the
// neighbour below every interior point, u[:-2, 1:-1] the one above, and so on. The update writes
// the interior in place (u[1:-1, 1:-1] = ...), so the boundary keeps its fixed temperature.
// As in NumPy, the right-hand side is computed from the old u before the write.
import * as cp from 'cupyts';

const SIZES = {
  test: { n: 64 },
  bench: { n: 4096 },
};

/** A plate at random temperatures in [0, 1), with a hot top edge. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { n } = SIZES[size];
  const rng = cp.random.default_rng(5);
  const plate = rng.random([n, n], { dtype: 'float32' });
  plate.set('0, :', 10);
  return { plate };
}

// α dt / dx² must stay below 1/4 for the explicit scheme to be stable.
const COURANT = 0.2;
const STEPS = 50;

/**
 * The steps, from a copy of the plate (the input stays as it was). cp.jit traces them at the
 * first call for a plate's shape and replays their kernels after that, without building,
 * scheduling or planning the 50 steps again. Each write into u while the step's lazy slices still
 * read it goes into a fresh buffer that then takes u's place (no copy of u a step), in the replay
 * as eagerly; the results are bitwise the same.
 */
const simulate = cp.jit((plate: cp.NDArray) => {
  const u = plate.copy();
  for (let step = 0; step < STEPS; step++) {
    const centre = u.get('1:-1, 1:-1');
    const laplacian = u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).subtract(centre.multiply(4));
    u.set('1:-1, 1:-1', centre.add(laplacian.multiply(COURANT)));
  }
  return { temperature: u, mean_temperature: cp.mean(u) };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => simulate(inputs.plate));
}
