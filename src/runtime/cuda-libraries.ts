// Finding and loading the CUDA driver (libcuda), NVRTC and cuBLAS. The search policy lives here;
// the addon only dlopens the paths it is given.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CupytsError } from '../ir/errors.js';
import { native, type NativeAddon } from './native.js';
import type { Environment } from './types.js';

/** The environment variable that names the NVRTC library file, or the folder that holds it. */
export const NVRTC_ENV = 'CUPYTS_NVRTC_PATH';
const NVRTC_SONAMES = ['libnvrtc.so', 'libnvrtc.so.13', 'libnvrtc.so.12', 'libnvrtc.so.11.2'];

/** A library to try: the file to dlopen, and the builtins library to preload first, if any. */
export interface LibraryCandidate {
  path: string;
  builtins?: string;
}

/** Newest-version-first NVRTC files in a folder (libnvrtc.so.13 before libnvrtc.so.12). */
function nvrtcFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^libnvrtc\.so(\.\d+)*$/.test(n))
    .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))
    .map((n) => join(dir, n));
}

function builtinsBeside(dir: string): string | undefined {
  try {
    const found = readdirSync(dir)
      .filter((n) => /^libnvrtc-builtins\.so(\.\d+)*$/.test(n))
      .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    return found.length ? join(dir, found[0]) : undefined;
  } catch {
    return undefined;
  }
}

function folderCandidates(dir: string): LibraryCandidate[] {
  const builtins = builtinsBeside(dir);
  return nvrtcFilesIn(dir).map((path) => ({ path, builtins }));
}

/**
 * The NVRTC search order: $CUPYTS_NVRTC_PATH (a file or a folder), then the usual sonames through
 * the system's library path, then the lib folders of $CUDA_HOME, $CUDA_PATH and /usr/local/cuda.
 */
export function nvrtcCandidates(env: Environment = process.env): LibraryCandidate[] {
  const out: LibraryCandidate[] = [];
  const named = env[NVRTC_ENV];
  if (named) {
    const isDir = existsSync(named) && statSync(named).isDirectory();
    if (isDir) out.push(...folderCandidates(named));
    else out.push({ path: named, builtins: builtinsBeside(join(named, '..')) });
  }
  out.push(...NVRTC_SONAMES.map((path) => ({ path })));
  const roots = [env.CUDA_HOME, env.CUDA_PATH, '/usr/local/cuda'].filter((r): r is string => !!r);
  for (const root of roots) {
    for (const lib of ['lib64', 'lib', 'targets/x86_64-linux/lib', 'targets/sbsa-linux/lib']) {
      out.push(...folderCandidates(join(root, lib)));
    }
  }
  return out;
}

export interface LoadedNvrtc {
  path: string;
  version: string; // "11.8"
  supportedArchs: number[];
}

let nvrtcState: LoadedNvrtc | CupytsError | undefined;

/** Loads NVRTC once (first candidate that opens); throws ERR_NVRTC_NOT_FOUND listing every try. */
export function loadNvrtc(addon: NativeAddon = native(), env: Environment = process.env): LoadedNvrtc {
  if (nvrtcState instanceof CupytsError) throw nvrtcState;
  if (nvrtcState) return nvrtcState;
  const tried: string[] = [];
  for (const candidate of nvrtcCandidates(env)) {
    if (candidate.builtins) addon.preloadLibrary(candidate.builtins);
    const reason = addon.loadNvrtc(candidate.path);
    if (reason === '') {
      const [major, minor] = addon.nvrtcVersion();
      nvrtcState = {
        path: addon.nvrtcLoadedPath() || candidate.path,
        version: `${major}.${minor}`,
        supportedArchs: addon.nvrtcSupportedArchs(),
      };
      return nvrtcState;
    }
    tried.push(`  ${candidate.path}: ${reason}`);
  }
  nvrtcState = new CupytsError(
    'ERR_NVRTC_NOT_FOUND',
    'cupyts: could not load NVRTC (the CUDA run-time compiler). Tried:\n' + tried.join('\n') +
      `\nTo fix: install NVRTC from a CUDA 11.2+ toolkit or the nvidia-cuda-nvrtc wheel, and set ${NVRTC_ENV} ` +
      'to the libnvrtc.so file or the folder that holds it.',
  );
  throw nvrtcState;
}

let driverState: true | CupytsError | undefined;

/** Loads libcuda.so.1 and calls cuInit once; throws ERR_CUDA_DRIVER where there is none. */
export function loadDriver(addon: NativeAddon = native()): void {
  if (driverState instanceof CupytsError) throw driverState;
  if (driverState) return;
  const reason = addon.loadDriver('libcuda.so.1');
  if (reason !== '') {
    driverState = new CupytsError(
      'ERR_CUDA_DRIVER',
      `cupyts: the NVIDIA driver library libcuda.so.1 could not be loaded (${reason}). ` +
        'Install the NVIDIA driver, or use the CPU backend (CUPYTS_BACKEND=cpu).',
    );
    throw driverState;
  }
  try {
    addon.init();
  } catch (err) {
    driverState = new CupytsError('ERR_CUDA_DRIVER', `cupyts: cuInit failed: ${(err as Error).message}`, { cause: err });
    throw driverState;
  }
  driverState = true;
}

/** The environment variable that names the cuBLAS library file, or the folder that holds it. */
export const CUBLAS_ENV = 'CUPYTS_CUBLAS_PATH';
const CUBLAS_SONAMES = ['libcublas.so', 'libcublas.so.13', 'libcublas.so.12', 'libcublas.so.11'];

export function libraryFilesIn(dir: string, base: string): string[] {
  try {
    const pattern = new RegExp(`^${base.replace(/\./g, '\\.')}(\\.\\d+)*$`);
    return readdirSync(dir)
      .filter((n) => pattern.test(n))
      .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** cuBLAS in a folder, each with the cublasLt beside it (cuBLAS needs it loaded first). */
function cublasFolderCandidates(dir: string): LibraryCandidate[] {
  const lt = libraryFilesIn(dir, 'libcublasLt.so')[0];
  return libraryFilesIn(dir, 'libcublas.so').map((path) => ({ path, builtins: lt }));
}

/**
 * The cuBLAS search order, like NVRTC's: $CUPYTS_CUBLAS_PATH (a file or a folder), the sonames
 * through the system's library path (cublasLt found the same way), then the lib folders of
 * $CUDA_HOME, $CUDA_PATH and /usr/local/cuda. `builtins` here is the cublasLt to preload.
 */
export function cublasCandidates(env: Environment = process.env): LibraryCandidate[] {
  return librarySearchOrder(
    env,
    env[CUBLAS_ENV],
    CUBLAS_SONAMES.map((path) => ({ path, builtins: path.replace('libcublas', 'libcublasLt') })),
    cublasFolderCandidates,
    (path) => ({ path, builtins: libraryFilesIn(join(path, '..'), 'libcublasLt.so')[0] }),
  );
}

/**
 * The search order of a CUDA library (cuBLAS, cuSOLVER, cuFFT): `named` (its environment variable:
 * a folder, searched with `inFolder`, or a file, made a candidate by `namedFile`), the sonames
 * through the system's library path, then the lib folders of $CUDA_HOME, $CUDA_PATH and /usr/local/cuda.
 */
export function librarySearchOrder<C>(
  env: Environment,
  named: string | undefined,
  sonames: C[],
  inFolder: (dir: string) => C[],
  namedFile: (path: string) => C,
): C[] {
  const out: C[] = [];
  if (named) {
    const isDir = existsSync(named) && statSync(named).isDirectory();
    out.push(...(isDir ? inFolder(named) : [namedFile(named)]));
  }
  out.push(...sonames);
  const roots = [env.CUDA_HOME, env.CUDA_PATH, '/usr/local/cuda'].filter((r): r is string => !!r);
  for (const root of roots) {
    for (const lib of ['lib64', 'lib', 'targets/x86_64-linux/lib', 'targets/sbsa-linux/lib']) {
      out.push(...inFolder(join(root, lib)));
    }
  }
  return out;
}

let cublasState: string | CupytsError | undefined;

/** Loads cuBLAS once (first candidate that opens) and returns its path; throws ERR_CUBLAS_NOT_FOUND listing every try. */
export function loadCublas(addon: NativeAddon = native(), env: Environment = process.env): string {
  if (cublasState instanceof CupytsError) throw cublasState;
  if (cublasState) return cublasState;
  const tried: string[] = [];
  for (const candidate of cublasCandidates(env)) {
    const ltReason = candidate.builtins ? addon.preloadLibrary(candidate.builtins) : '';
    const reason = addon.loadCublas(candidate.path);
    if (reason === '') {
      cublasState = addon.cublasLoadedPath() || candidate.path;
      return cublasState;
    }
    tried.push(`  ${candidate.path}: ${reason}${ltReason ? ` (cublasLt: ${ltReason})` : ''}`);
  }
  cublasState = new CupytsError(
    'ERR_CUBLAS_NOT_FOUND',
    'cupyts: could not load cuBLAS. Tried:\n' + tried.join('\n') +
      `\nTo fix: install cuBLAS from a CUDA 11+ toolkit or the nvidia-cublas wheel, and set ${CUBLAS_ENV} ` +
      'to the libcublas.so file or the folder that holds it (libcublasLt.so must be beside it).',
  );
  throw cublasState;
}
