// checkCases with a tolerance per case: for functions whose floats NumPy computes in another order
// (sums, products of differences), so bit-identical answers are not expected.
import { expect } from 'vitest';
import type { NDArray } from '../../src/api/ndarray.js';
import { toHost } from './arrays.js';
import { recordEveryKernelRun, type ValueCase } from './numpy-cases.js';
import { compareArrays, numpy, type CompareOptions } from './numpy-oracle.js';

export interface CloseCase extends ValueCase {
  /** Float tolerance (else the dtype's default tolerance); integers and bools compare exactly. */
  tol?: CompareOptions;
}

/** Runs every case, compares with NumPy within tolerance, and fails once listing every mismatch. */
export function checkClose(cases: readonly CloseCase[]): void {
  recordEveryKernelRun();
  const answers = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs ?? {} })));
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const want = answers[i];
    if (!want.ok) return void failures.push(`${c.label}: NumPy raised ${want.error}`);
    let got: NDArray | NDArray[];
    try {
      got = c.run();
    } catch (err) {
      return void failures.push(`${c.label}: threw ${(err as Error).message}`);
    }
    const gots = Array.isArray(got) ? got : [got];
    const wants = Array.isArray(want.value) ? want.value : [want.value];
    if (gots.length !== wants.length) return void failures.push(`${c.label}: ${gots.length} arrays, NumPy gave ${wants.length}`);
    gots.forEach((g, k) => {
      const cmp = compareArrays(toHost(g), wants[k], c.tol);
      if (!cmp.ok) failures.push(`${c.label}${gots.length > 1 ? ` [${k}]` : ''}: ${cmp.message}`);
    });
  });
  expect(failures).toEqual([]);
  expect(cases.length).toBeGreaterThan(0);
}
