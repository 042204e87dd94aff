// The NVRTC options of a kernel compile, built in one place. cupyts passes the architecture, and
// besides it only the options listed in KERNEL_OPTIONS; a compile request (and a manifest line,
// which is input from outside) with any other option is refused, so that no input can make NVRTC
// read files (`--pre-include`, `--include-path`), define macros, or change the code it generates.
import { PTXAS_VERBOSE_OPTION } from './ptxas-info.js';

/** The options cupyts itself adds to a compile besides the architecture: ptxas' resource report (`cupyts explain`). */
export const KERNEL_OPTIONS: readonly string[] = [PTXAS_VERBOSE_OPTION];

/**
 * The NVRTC options a user kernel (cp.RawKernel, cp.RawModule) may pass: the language dialect and
 * line info. None reads files, defines macros or changes the arithmetic (no fast math).
 */
export const USER_KERNEL_OPTIONS: readonly string[] = [
  '-std=c++03', '-std=c++11', '-std=c++14', '-std=c++17', '--std=c++03', '--std=c++11', '--std=c++14', '--std=c++17',
  '-lineinfo', '--generate-line-info',
];

/** What a refused option is told: the options that are accepted. */
export const KERNEL_OPTIONS_EXPECTED = `only NVRTC options cupyts passes itself (${KERNEL_OPTIONS.join(', ')}; the architecture is added per target) or lets user kernels pass (${USER_KERNEL_OPTIONS.join(', ')})`;

/** The first option of `options` that cupyts does not pass itself (nor lets a user kernel pass), or undefined. */
export function refusedKernelOption(options: readonly string[]): string | undefined {
  return options.find((o) => !KERNEL_OPTIONS.includes(o) && !USER_KERNEL_OPTIONS.includes(o));
}

/**
 * Always given: no contraction of a multiply and an add into one fused multiply-add. NumPy rounds
 * after every operation, and so does the CPU backend; a fused kernel that contracted `a * b - c`
 * would change results that NumPy users compare exactly (a quantile's virtual index landing a hair
 * off an integer, histogram edges). The kernels are memory-bound, so it costs no measurable time.
 */
export const FIXED_OPTIONS: readonly string[] = ['--fmad=false'];

/** The options NVRTC is given for `arch`: the architecture, the fixed options, then `options` (checked by the caller). */
export function nvrtcOptions(arch: string, options: readonly string[]): string[] {
  return [`--gpu-architecture=${arch}`, ...FIXED_OPTIONS, ...options];
}
