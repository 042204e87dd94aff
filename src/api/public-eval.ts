// cp.eval(...arrays): computes several arrays together (one kernel where they share a shape).
import { evaluate as run } from './evaluate.js';
import { usable, type NDArray } from './ndarray.js';

export function evaluate(...arrays: NDArray[]): void {
  const runner = arrays[0]?.runner;
  if (runner) run(runner, arrays.map((a) => usable('eval', a).node));
}
