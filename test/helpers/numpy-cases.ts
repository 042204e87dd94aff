// Tables of cases checked against NumPy in one oracle call: each case builds cupyts arrays and
// names the NumPy expression it must equal (one array or a list of them), or the error both
// must raise. Every kernel the backend runs meanwhile (lazy evaluations and the in-place writes
// of assign alike) has its CUDA source recorded into cudaSources, for the NVRTC check.
import { expect } from 'vitest';
import { currentRunner } from '../../src/api/context.js';
import type { NDArray } from '../../src/api/ndarray.js';
import type { Runner } from '../../src/api/runners.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { cudaSources, toHost } from './arrays.js';
import { compareArrays, numpy, type HostArray, type OracleScalar } from './numpy-oracle.js';

export interface ValueCase {
  label: string;
  /** The NumPy expression over `np` and the inputs. */
  expr: string;
  inputs?: Record<string, HostArray | OracleScalar>;
  run: () => NDArray | NDArray[];
  /** Compare floats within the default tolerance (computed values) instead of bit for bit (moved values). */
  approx?: boolean;
}

export interface ErrorCase {
  label: string;
  /** The NumPy expression that must raise too; null where NumPy has no counterpart. */
  expr: string | null;
  inputs?: Record<string, HostArray | OracleScalar>;
  run: () => unknown;
  /** The whole message, or a pattern. */
  message: string | RegExp;
  code: string;
}

const wrapped = new WeakSet<Runner>();

/** Records the CUDA source of every kernel the current backend runs from now on. */
export function recordEveryKernelRun(): void {
  const runner = currentRunner();
  if (wrapped.has(runner)) return;
  wrapped.add(runner);
  const run = runner.run.bind(runner);
  runner.run = (plan) => {
    if (!cudaSources.has(plan.key)) cudaSources.set(plan.key, generateCudaPlan(plan).source);
    return run(plan);
  };
}

/** Runs every case, compares with NumPy's answers, and fails once listing every mismatch. */
export function checkCases(cases: readonly ValueCase[]): void {
  recordEveryKernelRun();
  const answers = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs ?? {} })));
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const want = answers[i];
    if (!want.ok) {
      failures.push(`${c.label}: NumPy raised ${want.error}`);
      return;
    }
    let got: NDArray | NDArray[];
    try {
      got = c.run();
    } catch (err) {
      failures.push(`${c.label}: threw ${(err as Error).message}`);
      return;
    }
    const gots = Array.isArray(got) ? got : [got];
    const wants = Array.isArray(want.value) ? want.value : [want.value];
    if (gots.length !== wants.length) {
      failures.push(`${c.label}: ${gots.length} arrays, NumPy gave ${wants.length}`);
      return;
    }
    gots.forEach((g, k) => {
      const cmp = compareArrays(toHost(g), wants[k], { signedZero: !c.approx });
      if (!cmp.ok) failures.push(`${c.label}${gots.length > 1 ? ` [${k}]` : ''}: ${cmp.message}`);
    });
  });
  expect(failures, failures.join('\n')).toEqual([]);
  expect(cases.length).toBeGreaterThan(0);
}

/** Each case must throw a CupytsError with this code and message, and NumPy must raise as well. */
export function checkErrors(cases: readonly ErrorCase[]): void {
  const withNumpy = cases.filter((c) => c.expr !== null);
  const answers = numpy(withNumpy.map((c) => ({ expr: c.expr!, inputs: c.inputs ?? {} })));
  const failures: string[] = [];
  withNumpy.forEach((c, i) => {
    if (answers[i].ok) failures.push(`${c.label}: NumPy did not raise for ${c.expr}`);
  });
  for (const c of cases) {
    let thrown: unknown;
    try {
      c.run();
    } catch (err) {
      thrown = err;
    }
    if (!(thrown instanceof Error)) {
      failures.push(`${c.label}: did not throw`);
      continue;
    }
    const { message, code } = thrown as Error & { code?: string };
    const matches = typeof c.message === 'string' ? message === c.message : c.message.test(message);
    if (!matches) failures.push(`${c.label}: message ${JSON.stringify(message)}, expected ${String(c.message)}`);
    if (code !== c.code) failures.push(`${c.label}: code ${code}, expected ${c.code}`);
  }
  expect(failures, failures.join('\n')).toEqual([]);
}
