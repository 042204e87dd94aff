// Counting what one run of a program launches, for bench/workloads.mjs.
//
// Two counts, taken together around the same code:
// - planned: kernels cupyts's evaluator ran (the evaluation observer of src/api/explain-hook.ts,
//   one per kernel group: fused elementwise, reductions, scans, sorts, bincounts, writes). Works
//   on both backends; it does not see library calls (cuBLAS, cuFFT, cuSOLVER) or the extra
//   launches of a multi-pass kernel (a split reduction, a radix sort's passes).
// - on the GPU, every launch the driver is asked for: the native addon's launch() (every
//   generated kernel, each pass counted) and its cuBLAS / cuFFT / cuSOLVER compute calls (one
//   call may be several kernels inside the library), plus the device-to-host reads (each one a
//   synchronization the program waits on). The addon's functions are wrapped in place while
//   counting and put back afterwards.

const LIBRARY_CALL = /^(cublas([SDCZ]gemm|Gemm)|cufftExec|cusolverDn)/;
const NOT_A_COMPUTE_CALL = /(_bufferSize|Create|Destroy|Set|Params)/;

/** How the runner first loaded the plan's kernel; a failure to say is never the run's failure. */
function cacheOutcome(runner, plan) {
  try {
    return runner.report(plan).cache ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A counter for `backend` ('cuda' or 'cpu'): count(fn) runs fn() and returns
 * { result, planned, launches, library, reads, cache } (launches, library and reads null on the
 * CPU backend). cache: on the GPU, how each distinct kernel of the run was first loaded
 * ({ compiled: n, disk: n, memory: n }: compiled by NVRTC, read from the disk cache, or already
 * loaded before this run), asked of the runner after fn() returned, so it costs fn() nothing.
 */
export async function kernelCounter(backend) {
  const { addEvaluationObserver } = await import(new URL('../dist/api/explain-hook.js', import.meta.url).href);
  const addon = backend === 'cuda'
    ? (await import(new URL('../dist/runtime/native.js', import.meta.url).href)).native()
    : undefined;
  const names = addon ? Object.keys(addon).filter((k) => typeof addon[k] === 'function') : [];
  const launchNames = names.filter((k) => k === 'launch');
  const libraryNames = names.filter((k) => LIBRARY_CALL.test(k) && !NOT_A_COMPUTE_CALL.test(k));
  const readNames = names.filter((k) => k === 'memcpyDtoH' || k === 'memcpyDtoHAsync');

  const seenPlans = new Set(); // plan keys counted in an earlier run

  return function count(fn) {
    const n = { planned: 0, launches: 0, library: 0, reads: 0 };
    const plans = new Map(); // plan key -> [runner, plan, loaded before the run]
    const stop = addEvaluationObserver(({ runner }) => ({
      kernelRan(plan) {
        n.planned += 1;
        if (runner.kind === 'cuda' && !plans.has(plan.key)) plans.set(plan.key, [runner, plan, seenPlans.has(plan.key)]);
      },
    }));
    const saved = [];
    const wrap = (key, field) => {
      const original = addon[key];
      saved.push([key, original]);
      addon[key] = function counted(...args) {
        n[field] += 1;
        return original.apply(this, args);
      };
    };
    if (addon) {
      launchNames.forEach((k) => wrap(k, 'launches'));
      libraryNames.forEach((k) => wrap(k, 'library'));
      readNames.forEach((k) => wrap(k, 'reads'));
    }
    try {
      const result = fn();
      if (!addon) return { result, planned: n.planned, launches: null, library: null, reads: null, cache: null };
      const cache = {};
      for (const [key, [runner, plan, before]] of plans) {
        const outcome = before ? 'memory' : cacheOutcome(runner, plan);
        cache[outcome] = (cache[outcome] ?? 0) + 1;
        seenPlans.add(key);
      }
      return { result, ...n, cache };
    } finally {
      stop();
      for (const [key, original] of saved) addon[key] = original;
    }
  };
}
