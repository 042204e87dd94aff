// cp.cuda.Event and cp.cuda.get_elapsed_time on the current backend: elapsed time between two
// recorded events around evaluated work, and errors at the call.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';

setBackendNotice(() => {});

const err = (fn: () => unknown) => {
  try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
  return 'no error';
};

describe('cp.cuda.Event', () => {
  it('times the work between two recorded events', () => {
    const start = new cp.cuda.Event();
    const end = new cp.cuda.Event();
    start.record();
    const x = cp.arange(200000, { dtype: 'float64' }).sin().sum().eval();
    end.record();
    end.synchronize();
    const ms = cp.cuda.get_elapsed_time(start, end);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(ms)).toBe(true);
    expect(x.shape).toEqual([]);
  });

  it('refuses unrecorded events and bad arguments', () => {
    const a = new cp.cuda.Event();
    const b = new cp.cuda.Event();
    expect(err(() => a.synchronize())).toMatch(/^ERR_ARG: Event.synchronize: expected a recorded event/);
    b.record();
    expect(err(() => cp.cuda.get_elapsed_time(a, b))).toMatch(/^ERR_ARG: get_elapsed_time: expected a recorded event/);
    expect(err(() => cp.cuda.get_elapsed_time(a, 3 as never))).toMatch(/^ERR_ARG: get_elapsed_time: expected end_event to be a cp.cuda.Event, got 3/);
    expect(err(() => new (cp.cuda.Event as unknown as new (x: number) => unknown)(1))).toMatch(/^ERR_ARG: cuda.Event/);
    expect(err(() => (a.record as unknown as (x: number) => void)(1))).toMatch(/^ERR_ARG: Event.record/);
  });
});
