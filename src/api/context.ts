// The runner arrays are created and evaluated with, chosen once from the backend in use.
import { currentBackend } from '../runtime/backend.js';
import { CpuRunner } from './cpu-runner.js';
import { CudaRunner } from './cuda-runner.js';
import type { Runner } from './runners.js';

let cuda: CudaRunner | undefined;
let cpu: CpuRunner | undefined;

export function runnerFor(kind: 'cuda' | 'cpu'): Runner {
  if (kind === 'cuda') return (cuda ??= new CudaRunner());
  return (cpu ??= new CpuRunner());
}

/** The runner of the current backend. */
export function currentRunner(): Runner {
  return runnerFor(currentBackend());
}
