// When an evaluation computes a window of a sort instead of the whole line (src/ir/topk-plan.ts
// topkWorth, with the default tunables): lists of 1 or 2 on any line, longer lists only on lines of
// at least 512 elements per pair of the list; and the plans that follow from it.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { TOPK_TUNING, TOPK_TUNING_DEFAULTS, topkWorth } from '../../src/ir/topk-plan.js';

const windows = (a: cp.NDArray) => explainPlans([a.node]).flatMap(({ plan }) => (plan.kind === 'sort' && plan.window ? [plan.window.count] : []));

describe('topkWorth', () => {
  it('reads the default tunables here', () => {
    expect(TOPK_TUNING.minLinePerPair).toBe(TOPK_TUNING_DEFAULTS.minLinePerPair);
  });
  it('lists of 1 and 2 on any line; longer lists on long lines', () => {
    expect(topkWorth(1, 8)).toBe(true);
    expect(topkWorth(2, 64)).toBe(true);
    expect(topkWorth(3, 2047)).toBe(false);
    expect(topkWorth(3, 2048)).toBe(true);
    expect(topkWorth(8, 4095)).toBe(false);
    expect(topkWorth(8, 4096)).toBe(true);
    expect(topkWorth(17, 16383)).toBe(false);
    expect(topkWorth(32, 16384)).toBe(true);
    expect(topkWorth(8, 100, { ...TOPK_TUNING_DEFAULTS, minLinePerPair: 0 })).toBe(true);
  });
  it('plans windows by the rule', () => {
    const short = cp.zeros([4, 1024], { dtype: 'float32' });
    const long = cp.zeros([2, 20000], { dtype: 'float32' });
    expect(windows(cp.tidy(() => cp.argpartition(short, 1, 1).get(':, :2')))).toEqual([2]);
    expect(windows(cp.tidy(() => cp.argpartition(short, 7, 1).get(':, :8')))).toEqual([]);
    expect(windows(cp.tidy(() => cp.argpartition(long, 7, 1).get(':, :8')))).toEqual([8]);
    expect(windows(cp.tidy(() => cp.sort(long, 1).get(':, -32:')))).toEqual([32]);
  });
});
