// Finding and loading cuFFT, like cuBLAS (./cuda-libraries.ts): $CUPYTS_CUFFT_PATH (a file or a
// folder), the sonames through the system's library path (newest first: libcufft.so.12 is CUDA
// 13's, .11 CUDA 12's, .10 CUDA 11's), then the lib folders of $CUDA_HOME, $CUDA_PATH and
// /usr/local/cuda. An nvJitLink found beside a candidate is preloaded (cuFFT 11+ may want it).
import { join } from 'node:path';
import { CupytsError } from '../ir/errors.js';
import { librarySearchOrder, libraryFilesIn } from './cuda-libraries.js';
import { native, type NativeAddon } from './native.js';
import type { Environment } from './types.js';

/** The environment variable that names the cuFFT library file, or the folder that holds it. */
export const CUFFT_ENV = 'CUPYTS_CUFFT_PATH';
const CUFFT_SONAMES = ['libcufft.so', 'libcufft.so.12', 'libcufft.so.11', 'libcufft.so.10'];

/** A cuFFT file to try, and the libraries beside it to preload first. */
export interface CufftCandidate {
  path: string;
  preload: string[];
}

function preloadsIn(dir: string): string[] {
  return libraryFilesIn(dir, 'libnvJitLink.so').slice(0, 1);
}

function folderCandidates(dir: string): CufftCandidate[] {
  const preload = preloadsIn(dir);
  return libraryFilesIn(dir, 'libcufft.so').map((path) => ({ path, preload }));
}

/** The cuFFT search order (see the file comment). */
export function cufftCandidates(env: Environment = process.env): CufftCandidate[] {
  return librarySearchOrder(
    env,
    env[CUFFT_ENV],
    CUFFT_SONAMES.map((path) => ({ path, preload: [] })),
    folderCandidates,
    (path) => ({ path, preload: preloadsIn(join(path, '..')) }),
  );
}

let cufftState: string | CupytsError | undefined;

/** Loads cuFFT once (first candidate that opens) and returns its path; throws ERR_CUFFT_NOT_FOUND listing every try. */
export function loadCufft(addon: NativeAddon = native(), env: Environment = process.env): string {
  if (cufftState instanceof CupytsError) throw cufftState;
  if (cufftState) return cufftState;
  const tried: string[] = [];
  for (const candidate of cufftCandidates(env)) {
    for (const dep of candidate.preload) addon.preloadLibrary(dep);
    const reason = addon.loadCufft(candidate.path);
    if (reason === '') {
      cufftState = addon.cufftLoadedPath() || candidate.path;
      return cufftState;
    }
    tried.push(`  ${candidate.path}: ${reason}`);
  }
  cufftState = new CupytsError(
    'ERR_CUFFT_NOT_FOUND',
    'cupyts: could not load cuFFT. Tried:\n' + tried.join('\n') +
      `\nTo fix: install cuFFT from a CUDA 11+ toolkit or the nvidia-cufft wheel, and set ${CUFFT_ENV} ` +
      'to the libcufft.so file or the folder that holds it.',
  );
  throw cufftState;
}

/** Forgets a failed or successful load (tests of the search order). */
export function resetCufftLoadState(): void {
  cufftState = undefined;
}
