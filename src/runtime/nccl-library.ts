// Finding and loading NCCL, like cuFFT (./cufft-library.ts): $CUPYTS_NCCL_PATH (a file or a
// folder), the sonames through the system's library path, then the lib folders of $CUDA_HOME,
// $CUDA_PATH and /usr/local/cuda.
import { CupytsError } from '../ir/errors.js';
import { librarySearchOrder, libraryFilesIn } from './cuda-libraries.js';
import { native, type NativeAddon } from './native.js';
import type { Environment } from './types.js';

/** The environment variable that names the NCCL library file, or the folder that holds it. */
export const NCCL_ENV = 'CUPYTS_NCCL_PATH';
const NCCL_SONAMES = ['libnccl.so.2', 'libnccl.so'];

/** The NCCL search order (see the file comment). */
export function ncclCandidates(env: Environment = process.env): string[] {
  return librarySearchOrder(env, env[NCCL_ENV], NCCL_SONAMES, (dir) => libraryFilesIn(dir, 'libnccl.so'), (path) => path);
}

let ncclState: string | CupytsError | undefined;

/** Loads NCCL once (first candidate that opens) and returns its path; throws ERR_NCCL_NOT_FOUND listing every try. */
export function loadNccl(addon: NativeAddon = native(), env: Environment = process.env): string {
  if (ncclState instanceof CupytsError) throw ncclState;
  if (ncclState) return ncclState;
  const tried: string[] = [];
  for (const path of ncclCandidates(env)) {
    const reason = addon.loadNccl(path);
    if (reason === '') {
      ncclState = addon.ncclLoadedPath() || path;
      return ncclState;
    }
    tried.push(`  ${path}: ${reason}`);
  }
  ncclState = new CupytsError(
    'ERR_NCCL_NOT_FOUND',
    'cupyts: could not load NCCL. Tried:\n' + tried.join('\n') +
      `\nTo fix: install NCCL 2 (the libnccl2 package or the nvidia-nccl wheel), and set ${NCCL_ENV} ` +
      'to the libnccl.so file or the folder that holds it.',
  );
  throw ncclState;
}

/** Forgets a failed or successful load (tests of the search order). */
export function resetNcclLoadState(): void {
  ncclState = undefined;
}
