// Finding and loading cuSOLVER, like cuBLAS (./cuda-libraries.ts): $CUPYTS_CUSOLVER_PATH (a file
// or a folder), the sonames through the system's library path, then the lib folders of
// $CUDA_HOME, $CUDA_PATH and /usr/local/cuda. cuSOLVER needs cuBLAS, cublasLt, cuSPARSE and (from
// CUDA 12) nvJitLink: cuBLAS is loaded first, and the others found beside a candidate are
// preloaded, so a folder that holds them all works without LD_LIBRARY_PATH.
import { join } from 'node:path';
import { CupytsError } from '../ir/errors.js';
import { librarySearchOrder, libraryFilesIn, loadCublas } from './cuda-libraries.js';
import { native, type NativeAddon } from './native.js';
import type { Environment } from './types.js';

/** The environment variable that names the cuSOLVER library file, or the folder that holds it. */
export const CUSOLVER_ENV = 'CUPYTS_CUSOLVER_PATH';
const CUSOLVER_SONAMES = ['libcusolver.so', 'libcusolver.so.12', 'libcusolver.so.11'];
/** Libraries cuSOLVER links against that may sit beside it, preloaded in this order. */
const DEPENDENCIES = ['libnvJitLink.so', 'libcublasLt.so', 'libcublas.so', 'libcusparse.so'];

/** A cuSOLVER file to try, and the libraries beside it to preload first. */
export interface CusolverCandidate {
  path: string;
  preload: string[];
}

function dependenciesIn(dir: string): string[] {
  return DEPENDENCIES.map((base) => libraryFilesIn(dir, base)[0]).filter((p): p is string => p !== undefined);
}

function folderCandidates(dir: string): CusolverCandidate[] {
  const preload = dependenciesIn(dir);
  return libraryFilesIn(dir, 'libcusolver.so').map((path) => ({ path, preload }));
}

/** The cuSOLVER search order (see the file comment). */
export function cusolverCandidates(env: Environment = process.env): CusolverCandidate[] {
  return librarySearchOrder(
    env,
    env[CUSOLVER_ENV],
    CUSOLVER_SONAMES.map((path) => ({ path, preload: [] })),
    folderCandidates,
    (path) => ({ path, preload: dependenciesIn(join(path, '..')) }),
  );
}

let cusolverState: string | CupytsError | undefined;

/** Loads cuSOLVER once (first candidate that opens) and returns its path; throws ERR_CUSOLVER_NOT_FOUND listing every try. */
export function loadCusolver(addon: NativeAddon = native(), env: Environment = process.env): string {
  if (cusolverState instanceof CupytsError) throw cusolverState;
  if (cusolverState) return cusolverState;
  let cublasNote = '';
  try {
    loadCublas(addon, env);
  } catch (err) {
    cublasNote = `\n(cuBLAS, which cuSOLVER needs, did not load either: ${(err as Error).message.split('\n')[0]})`;
  }
  const tried: string[] = [];
  for (const candidate of cusolverCandidates(env)) {
    for (const dep of candidate.preload) addon.preloadLibrary(dep);
    const reason = addon.loadCusolver(candidate.path);
    if (reason === '') {
      cusolverState = addon.cusolverLoadedPath() || candidate.path;
      return cusolverState;
    }
    tried.push(`  ${candidate.path}: ${reason}`);
  }
  cusolverState = new CupytsError(
    'ERR_CUSOLVER_NOT_FOUND',
    'cupyts: could not load cuSOLVER (numpy.linalg on the GPU needs it). Tried:\n' + tried.join('\n') + cublasNote +
      `\nTo fix: install cuSOLVER from a CUDA 11+ toolkit or the nvidia-cusolver wheel, and set ${CUSOLVER_ENV} ` +
      'to the libcusolver.so file or the folder that holds it (with cuBLAS, cuSPARSE and nvJitLink beside it or on the library path).',
  );
  throw cusolverState;
}
