// Which backend runs arrays: CUDA where a device (and NVRTC) is present, else the CPU, with a
// notice on stderr once per process (choosing the CPU with CUPYTS_BACKEND=cpu or useBackend()
// silences it). CUPYTS_BACKEND=cpu|cuda or useBackend() overrides the choice.
import { CupytsError, describe } from '../ir/errors.js';
import { readConfig } from './config.js';
import { loadNvrtc } from './cuda-libraries.js';
import { CudaDevice } from './cuda-device.js';
import { native } from './native.js';

export type BackendKind = 'cuda' | 'cpu';

/** Why CUDA cannot be used here, or undefined when it can. */
export function cudaUnavailableReason(): string | undefined {
  try {
    const addon = native();
    if (CudaDevice.count(addon) === 0) return 'no CUDA device was found (or the NVIDIA driver is missing)';
    loadNvrtc(addon);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

let chosen: BackendKind | undefined;

/**
 * Marks the process as told about the CPU fallback. A registered symbol on globalThis, so that
 * two copies of cupyts in one process (a CLI and the script it runs, say) tell it once.
 */
const NOTICE_GIVEN = Symbol.for('cupyts.cpuFallbackNotice');

function noticeOnce(message: string): void {
  const flags = globalThis as { [NOTICE_GIVEN]?: boolean };
  if (flags[NOTICE_GIVEN]) return;
  flags[NOTICE_GIVEN] = true;
  notify(message);
}

let notify: (message: string) => void = (message) => process.stderr.write(`${message}\n`);

/** Replaces the one-time notice printer (tests silence it). */
export function setBackendNotice(printer: (message: string) => void): void {
  notify = printer;
}

function requireCuda(source: string): void {
  const reason = cudaUnavailableReason();
  if (reason) throw new CupytsError('ERR_NO_CUDA', `${source}: the CUDA backend was asked for, but ${reason}`);
}

/** Forces a backend for the arrays created from now on; 'cuda' throws where CUDA is unusable. */
export function useBackend(kind: BackendKind): void {
  if (kind !== 'cuda' && kind !== 'cpu') {
    throw new CupytsError('ERR_ARG', `useBackend: expected 'cuda' or 'cpu', got ${describe(kind)}`);
  }
  if (kind === 'cuda') requireCuda('useBackend');
  chosen = kind;
}

/** The backend in use, chosen on first call. */
export function currentBackend(): BackendKind {
  if (chosen) return chosen;
  const wanted = readConfig().backend;
  if (wanted === 'cuda') {
    requireCuda('CUPYTS_BACKEND=cuda');
    chosen = 'cuda';
  } else if (wanted === 'cpu') {
    chosen = 'cpu';
  } else {
    const reason = cudaUnavailableReason();
    chosen = reason ? 'cpu' : 'cuda';
    if (reason) noticeOnce(`cupyts: using the CPU backend: ${reason.split('\n')[0]} (CUPYTS_BACKEND=cpu chooses it without this notice)`);
  }
  return chosen;
}
