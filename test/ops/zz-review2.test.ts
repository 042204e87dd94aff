import { it, expect } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice } from '../helpers/arrays.js';
import { unseenView } from '../helpers/sort-window.js';
import { randomArray } from '../helpers/numpy-oracle.js';
setBackendNotice(() => {});
it('explain', () => {
  const x = toDevice(randomArray('float32', [9, 100], 1, {}));
  for (const a of [unseenView(() => cp.argpartition(x, 7, 1).get(':, :8')), unseenView(() => cp.sort(x, 1).get(':, :8')), unseenView(() => cp.sort(x, 1).get(':, :3'))]) {
    for (const { group, plan } of explainPlans([a.node])) if (plan.kind === 'sort') console.log(plan.strategy, JSON.stringify(plan.window), plan.kth, (group as any).reason, plan.name);
  }
});
