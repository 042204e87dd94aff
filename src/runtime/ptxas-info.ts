// What ptxas says of a kernel's resources when NVRTC compiles to CUBIN with
// `--ptxas-options=-v`: registers, spills, stack and shared memory. This is how `cupyts explain`
// reports resource use on a machine with NVRTC and no GPU (on a GPU, cuFuncGetAttribute says it).
//
//   ptxas info    : Compiling entry function 'k' for 'sm_80'
//   ptxas info    : Function properties for k
//   ptxas         .     0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
//   ptxas info    : Used 22 registers, 1024 bytes smem, 360 bytes cmem[0], 8 bytes cmem[2]

/** The NVRTC option that makes ptxas report resource use in the program log. */
export const PTXAS_VERBOSE_OPTION = '--ptxas-options=-v';

export interface PtxasResources {
  registers: number;
  spillStoreBytes: number;
  spillLoadBytes: number;
  stackBytes: number;
  sharedBytes: number;
  /** cmem[0]: the kernel's parameters and constants. */
  constBytes: number;
}

/** The resources of entry function `name` in an NVRTC log, or undefined if the log does not say. */
export function parsePtxasInfo(log: string, name: string): PtxasResources | undefined {
  const lines = log.replace(/\0/g, '').split('\n');
  const start = lines.findIndex((l) => l.includes(`Compiling entry function '${name}'`));
  if (start < 0) return undefined;
  const out: PtxasResources = { registers: 0, spillStoreBytes: 0, spillLoadBytes: 0, stackBytes: 0, sharedBytes: 0, constBytes: 0 };
  let sawUsed = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.includes('Compiling entry function')) break;
    const frame = /(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/.exec(line);
    if (frame) {
      out.stackBytes = Number(frame[1]);
      out.spillStoreBytes = Number(frame[2]);
      out.spillLoadBytes = Number(frame[3]);
    }
    const used = /Used (\d+) registers/.exec(line);
    if (used) {
      sawUsed = true;
      out.registers = Number(used[1]);
      out.sharedBytes = Number(/(\d+) bytes smem/.exec(line)?.[1] ?? 0);
      out.constBytes = Number(/(\d+) bytes cmem\[0\]/.exec(line)?.[1] ?? 0);
      break;
    }
  }
  return sawUsed ? out : undefined;
}

/** The entry functions an NVRTC log reports on, in its order (the compiler's cupyts_report_* marker left out). */
export function ptxasEntryNames(log: string): string[] {
  const names = [...log.replace(/\0/g, '').matchAll(/Compiling entry function '([^']+)'/g)].map((m) => m[1]);
  return names.filter((n) => !n.startsWith('cupyts_report_'));
}
