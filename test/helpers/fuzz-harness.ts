// What the frozen differential fuzzers (test/ops/*-fuzz.test.ts of NumPy comparisons) share: their
// environment switches, the list of known findings a case is excluded by, and one test per group
// of generated cases.
//   FUZZ_SCALE=n   n times the cases;  FUZZ_SEED=s   other seeds;
//   FUZZ_ALL=1     the known findings too;  FUZZ_REPORT=path   failures written there, not failed.
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';

export const FUZZ = {
  scale: Number(process.env.FUZZ_SCALE ?? 1),
  seed: Number(process.env.FUZZ_SEED ?? 0),
  all: process.env.FUZZ_ALL === '1',
  report: process.env.FUZZ_REPORT,
};

export interface FuzzFailure { label: string; expr: string; message: string; tags: Record<string, unknown>; inputs?: unknown }

/** The first known finding that matches `c`, or null. */
export function knownReason<C>(known: ReadonlyArray<(c: C) => string | null>, c: C): string | null {
  for (const k of known) {
    const r = k(c);
    if (r) return r;
  }
  return null;
}

const reported: FuzzFailure[] = [];

/** A group's time limit, longer with FUZZ_SCALE (a group of the multi-eval fuzzer at FUZZ_SCALE=3 took 30-60 s on 2 busy cores). */
const GROUP_TIMEOUT_MS = 60_000 * Math.max(1, FUZZ.scale);

/**
 * One test per group: its cases less the known findings (all with FUZZ_ALL=1), checked by `check`;
 * `after` runs after each check (a statistics dump).
 */
export function fuzzGroups<C>(groups: Record<string, C[]>, known: ReadonlyArray<(c: C) => string | null>, check: (cases: C[]) => FuzzFailure[], after?: () => void): void {
  for (const [name, cases] of Object.entries(groups)) {
    const run = FUZZ.all ? cases : cases.filter((c) => knownReason(known, c) === null);
    it(`${name}: ${run.length} programs (${cases.length - run.length} known findings excluded)`, () => {
      const failures = check(run);
      after?.();
      if (FUZZ.report) {
        reported.push(...failures);
        writeFileSync(FUZZ.report, JSON.stringify(reported, (_, v) => (typeof v === 'bigint' ? `${v}n` : v), 1));
        return;
      }
      expect(failures.map((f) => `${f.label}\n    ${f.expr}\n    ${f.message}`).join('\n')).toBe('');
    }, GROUP_TIMEOUT_MS);
  }
}
