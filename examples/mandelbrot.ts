// The Mandelbrot set with complex arrays: iterate z ← z² + c from z = 0 for every point c of a
// grid, and count how many iterations each point stays within |z| ≤ 2.
//
// The grid is built by broadcasting: re[None, :] + 1j * im[:, None], with cp.complex(0, 1) for
// Python's 1j. Points that have escaped are frozen with where(), so nothing overflows.
import * as cp from 'cupyts';

const SIZES = {
  test: { height: 60, width: 90 },
  bench: { height: 2048, width: 3072 },
};

const ITERATIONS = 40;

/** The grid's axes: real parts along the width, imaginary parts along the height. */
export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { height, width } = SIZES[size];
  return { re: cp.linspace(-2.2, 0.8, width), im: cp.linspace(-1.2, 1.2, height) };
}

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => {
    const { re, im } = inputs;
    const c = re.get('None, :').add(im.get(':, None').multiply(cp.complex(0, 1))); // complex128 (height, width)
    let z = cp.zeros_like(c);
    let counts = cp.zeros(c.shape, 'int32');
    for (let i = 0; i < ITERATIONS; i++) {
      const inside = cp.square(z.real).add(cp.square(z.imag)).less_equal(4); // |z|² ≤ 4, no square root
      z = cp.where(inside, z.multiply(z).add(c), z);
      counts = counts.add(inside);
    }
    // Points that never escaped are (probably) in the set; their share of the grid estimates its area.
    const gridArea = 3.0 * 2.4;
    const area = cp.mean(counts.equal(ITERATIONS)).multiply(gridArea);
    return { counts, area };
  });
}
