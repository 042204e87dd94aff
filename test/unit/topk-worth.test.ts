// When an evaluation computes a window of a sort instead of the whole line (src/ir/topk-plan.ts
// topkWorth, with the default tunables): lists of up to 4 pairs on any line, longer lists only on
// lines of at least 32 times the list's square; and the plans that follow from it (a sort's window
// top-k does not take is computed by the radix select of its lines, then sorted: src/ir/sort-plan.ts).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { TOPK_TUNING, TOPK_TUNING_DEFAULTS, topkWorth } from '../../src/ir/topk-plan.js';

const windows = (a: cp.NDArray) => explainPlans([a.node]).flatMap(({ plan }) => (plan.kind === 'sort' && plan.window ? [plan.window.count] : []));
const strategies = (a: cp.NDArray) => explainPlans([a.node]).flatMap(({ plan }) => (plan.kind === 'sort' ? [plan.strategy] : []));

describe('topkWorth', () => {
  it('reads the default tunables here', () => {
    expect(TOPK_TUNING.lineFactor).toBe(TOPK_TUNING_DEFAULTS.lineFactor);
  });
  it('lists of up to 4 on any line; longer lists on lines of 32 times their square', () => {
    expect(topkWorth(1, 8)).toBe(true);
    expect(topkWorth(4, 16)).toBe(true);
    expect(topkWorth(5, 2047)).toBe(false);
    expect(topkWorth(8, 2048)).toBe(true);
    expect(topkWorth(9, 8191)).toBe(false);
    expect(topkWorth(16, 8192)).toBe(true);
    expect(topkWorth(17, 32767)).toBe(false);
    expect(topkWorth(32, 32768)).toBe(true);
    expect(topkWorth(32, 100, { ...TOPK_TUNING_DEFAULTS, lineFactor: 0 })).toBe(true);
  });
  it('plans windows by the rule', () => {
    const short = cp.zeros([4, 1024], { dtype: 'float32' });
    const long = cp.zeros([2, 40000], { dtype: 'float32' });
    expect(windows(cp.tidy(() => cp.argpartition(short, 3, 1).get(':, :4')))).toEqual([4]);
    expect(windows(cp.tidy(() => cp.argpartition(short, 7, 1).get(':, :8')))).toEqual([]);
    expect(windows(cp.tidy(() => cp.argpartition(long, 7, 1).get(':, :8')))).toEqual([8]);
    expect(windows(cp.tidy(() => cp.sort(long, 1).get(':, -32:')))).toEqual([32]);
    expect(strategies(cp.tidy(() => cp.sort(long, 1).get(':, -32:')))).toEqual(['topk']);
    // Not worth a top-k: a sort's window through the select, a partition's whole partition.
    const tail = cp.tidy(() => cp.sort(short, 1).get(':, -32:'));
    expect([windows(tail), strategies(tail)]).toEqual([[32], ['select-block']]);
    const head = cp.tidy(() => cp.argpartition(short, 7, 1).get(':, :8'));
    expect([windows(head), strategies(head)]).toEqual([[], ['select-block']]);
    // The scheduler's reason names a window only where the plan computes one (a review of session 38).
    const reasons = (a: cp.NDArray) => explainPlans([a.node]).flatMap(({ group, plan }) => (plan.kind === 'sort' ? [group.reason] : []));
    expect(reasons(head)).toEqual(['a sort is computed in kernels of its own']);
    expect(reasons(tail)).toEqual(['a sort is computed in kernels of its own: only the last 32 of each line (nothing else can read the rest)']);
  });
});
