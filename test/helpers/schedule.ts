// Running a program on a GPU's schedule without a GPU: the CPU runner reports kind 'cuda' while
// `f` builds and evaluates, so the scheduler plans what a GPU would run (it fuses more: column
// statistics into row kernels, no WebAssembly splits) and the CPU's generated code executes it.
import { currentRunner } from '../../src/api/context.js';

/** Runs `f` with the GPU's schedule (`gpu`) on the CPU's code, or the CPU's own. */
export function onSchedule<T>(gpu: boolean, f: () => T): T {
  const runner = currentRunner() as { kind: string };
  const emulate = gpu && runner.kind === 'cpu';
  if (emulate) Object.defineProperty(runner, 'kind', { value: 'cuda', configurable: true, writable: true });
  try {
    return f();
  } finally {
    if (emulate) Object.defineProperty(runner, 'kind', { value: 'cpu', configurable: true, writable: false });
  }
}
