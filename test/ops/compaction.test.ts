// Stream compaction on the device (src/api/compaction.ts): the flat indices and coordinates of a
// mask's true elements against NumPy's flatnonzero and nonzero, over mask dtypes (NaN counts as
// true), shapes (empty, one element, all true, all false, every axis of size 1), strided and
// transposed masks and masks computed lazily; boolean-mask reads and writes through it; and the
// kernels it runs: a scan and a scatter, with only the count read back.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { flatTrueIndices, trueCoordinates } from '../../src/api/compaction.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 900;
const MASK_DTYPES: DTypeName[] = ['bool', 'int8', 'uint16', 'int64', 'float16', 'float32', 'float64'];
const SHAPES = [[0], [1], [7], [3, 0, 2], [4, 5], [2, 1, 6], [1, 1, 1], [3, 4, 5, 2], [1000]];

describe('compaction', () => {
  it('flat indices and coordinates of the true elements, as NumPy', () => {
    const cases: ValueCase[] = [];
    for (const dtype of MASK_DTYPES) {
      for (const shape of SHAPES) {
        const m = randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: -1, high: 2 });
        const label = `${dtype} ${JSON.stringify(shape)}`;
        cases.push(
          { label: `flat ${label}`, expr: 'np.flatnonzero(m)', inputs: { m }, run: () => flatTrueIndices(toDevice(m)) },
          { label: `coords ${label}`, expr: 'list(np.nonzero(m))', inputs: { m }, run: () => trueCoordinates(toDevice(m)) },
        );
      }
    }
    const f = randomArray('float32', [5, 6], seed++);
    cases.push(
      { label: 'NaN is true', expr: 'np.flatnonzero(np.array([0, np.nan, 0, -0.0, np.inf]))', run: () => flatTrueIndices(cp.array([0, NaN, 0, -0, Infinity], { dtype: 'float64' })) },
      { label: 'all true', expr: 'list(np.nonzero(np.ones((3, 4))))', run: () => trueCoordinates(cp.ones([3, 4])) },
      { label: 'all false', expr: 'list(np.nonzero(np.zeros((3, 4))))', run: () => trueCoordinates(cp.zeros([3, 4])) },
      { label: 'transposed mask', expr: 'list(np.nonzero(f.T > 0.5))', inputs: { f }, run: () => trueCoordinates(toDevice(f).T.greater(0.5)) },
      { label: 'strided mask', expr: 'np.flatnonzero(f[::2, 1::3] > 0.3)', inputs: { f }, run: () => flatTrueIndices(toDevice(f).get([cp.slice(null, null, 2), cp.slice(1, null, 3)]).greater(0.3)) },
      { label: 'mask read', expr: 'f[f > 0.5]', inputs: { f }, run: () => { const x = toDevice(f); return x.get(x.greater(0.5)); } },
      { label: 'mask read, rows', expr: 'f[f[:, 0] > 0.5]', inputs: { f }, run: () => { const x = toDevice(f); return x.get(x.get([cp.slice(), 0]).greater(0.5)); } },
      { label: 'mask write', expr: '(lambda x: (x.__setitem__(x > 0.5, -1), x)[1])(f.copy())', inputs: { f }, run: () => { const x = toDevice(f).copy(); x.set(x.greater(0.5), -1); return x; } },
    );
    checkCases(cases);
  });

  it('runs scans and a scatter on the device, reading back only the count', () => {
    const m = cp.random.default_rng(3).random([64, 33]).greater(0.5).eval();
    const runner = currentRunner();
    const kinds: string[] = [];
    const run = runner.run;
    runner.run = (plan) => { kinds.push(plan.kind); return run.call(runner, plan); };
    try {
      flatTrueIndices(m).eval();
    } finally {
      runner.run = run;
    }
    // The mask's running count, and the flat indices 0..n-1 (made on the device, not uploaded).
    expect(kinds.filter((k) => k === 'scan')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'reduce')).toHaveLength(0);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every kernel the tests above ran', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(3);
  }, 600_000);
});
