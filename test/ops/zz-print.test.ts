import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaSort } from '../../src/codegen/sort-cuda.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice } from '../helpers/arrays.js';
import { unseenView } from '../helpers/sort-window.js';
import { randomArray } from '../helpers/numpy-oracle.js';
setBackendNotice(() => {});
it('print', () => {
  const x = toDevice(randomArray('float16', [9, 100], 1, {}));
  const dump = (name: string, a: cp.NDArray) => {
    for (const { plan } of explainPlans([a.node])) if (plan.kind === 'sort') {
      const g = generateCudaSort(plan);
      writeFileSync(`/tmp/rv/${name}.cu`, `// strategy ${plan.strategy} kth ${plan.kth} window ${JSON.stringify(plan.window)} key ${plan.key}\n` + g.source);
    }
  };
  dump('warp_head_arg_f16', unseenView(() => cp.argsort(cp.multiply(x, 2), 1).get(':, :5')));
  dump('warp_tail_f16', unseenView(() => cp.sort(x, 1).get(':, -9:')));
  const y = toDevice(randomArray('int8', [3, 1000], 1, {}));
  dump('block_tail_i8', unseenView(() => cp.sort(y, 1).get(':, -9:')));
  dump('warp_part_i64', cp.argpartition(toDevice(randomArray('int64', [3, 100], 1, {})), 5, 0));
});
