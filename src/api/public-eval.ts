// cp.eval(...arrays): computes several arrays together (one kernel where they share a shape).
import { evaluate as run } from './evaluate.js';
import type { NDArray } from './ndarray.js';
import { toArrays } from './operands.js';

export function evaluate(...args: NDArray[]): void {
  const arrays = toArrays('eval', args);
  const runner = arrays[0]?.runner;
  if (runner) run(runner, arrays.map((a) => a.node));
}
