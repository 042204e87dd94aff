// cp.jit signatures whose trace is cut (a host readback, random draws, a library call that runs at
// the call): fn runs each call, and each evaluation in it whose graph has the shape of one the
// trace ran replays that evaluation's kernels (src/api/jit-segments.ts) with no scheduling. Every
// result is compared bitwise with fn run eagerly; scheduling is counted to see what replayed.
import { describe, expect, it, vi } from 'vitest';
import * as cp from '../../src/index.js';
import { peakArrayBufferGrowth } from '../helpers/memory.js';

const schedules = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/compiler/schedule.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/compiler/schedule.js')>();
  return { ...real, scheduleGroups: (...args: Parameters<typeof real.scheduleGroups>) => { schedules.count++; return real.scheduleGroups(...args); } };
});

const hex = (a: cp.NDArray) => {
  const t = a.toTypedArray() as ArrayBufferView;
  return `${a.dtype.name}${JSON.stringify(a.shape)}:${Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex')}`;
};
const leaves = (x: unknown): cp.NDArray[] => (x instanceof cp.NDArray ? [x] : Array.isArray(x) ? x.flatMap(leaves) : x && typeof x === 'object' ? Object.values(x).flatMap(leaves) : []);
const seq = (shape: number[], phase: number, dtype = 'float32') =>
  cp.asarray(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.round(Math.sin(i * 1.3 + phase) * 40) / 8)).astype(dtype as 'float32').reshape(shape);

type Fn = (...args: any[]) => unknown;

/** fn jitted vs eager over argument lists; returns how many schedulings each jitted call made. */
function compare(fn: Fn, argLists: unknown[][]): { f: ReturnType<typeof cp.jit>; scheduled: number[] } {
  const f = cp.jit(fn);
  const scheduled: number[] = [];
  for (const args of argLists) {
    leaves(args).forEach((a) => a.eval()); // computing a lazy argument is not fn's scheduling
    const want = leaves(fn(...args)).map(hex);
    const before = schedules.count;
    const got = f(...args);
    scheduled.push(schedules.count - before);
    expect(leaves(got).map(hex)).toEqual(want);
  }
  return { f, scheduled };
}

describe('cp.jit: the segments of a cut signature replay', () => {
  it('a readback between two segments: both replay, the host branch runs each call', () => {
    let runs = 0;
    const fn = (x: cp.NDArray, y: cp.NDArray) => {
      runs++;
      const norm = cp.sqrt(cp.sum(x.mul(x))).item() as number;
      const scale = norm > 100 ? 0.5 : 2; // a branch on the value read back
      return [x.mul(y).add(1).mul(scale), cp.max(y.sub(x), 0)];
    };
    const small = () => seq([6, 4], 0.1);
    const big = () => seq([6, 4], 0.2).mul(10);
    const { f, scheduled } = compare(fn, [[small(), seq([6, 4], 1)], [small().mul(1.01), seq([6, 4], 2)], [big(), seq([6, 4], 3)], [big(), seq([6, 4], 4)]]);
    expect(runs).toBe(8); // fn runs each call, jitted or not
    expect(scheduled[1]).toBe(0); // the traced branch: both evaluations replayed
    expect(scheduled[2]).toBeGreaterThan(0); // the other branch has another scalar: evaluated as usual
    const e = f.explain(small(), seq([6, 4], 1));
    expect(e.mode).toBe('call');
    expect(e.replayable).toBe(2);
    expect(e.segments[0].cut).toContain('readback');
  });

  it('a value read back and used as a scalar is never replayed with the traced value', () => {
    const fn = (x: cp.NDArray) => x.mul(cp.sum(x).item() as number).sub(1);
    compare(fn, [[seq([5], 0)], [seq([5], 1)], [seq([5], 2)]]);
  });

  it('random draws: a generator that advances draws anew each call, as eager does; a fresh one with a seed replays', () => {
    const draws = (rng: cp.random.Generator) => (x: cp.NDArray) => [x.add(rng.random(x.shape, { dtype: 'float32' })), cp.sum(x.mul(2))];
    const eager = draws(cp.random.default_rng(3));
    const f = cp.jit(draws(cp.random.default_rng(3)));
    for (let k = 0; k < 3; k++) {
      const x = seq([8], k).eval();
      const want = (eager(x) as cp.NDArray[]).map(hex);
      const before = schedules.count;
      expect((f(x) as cp.NDArray[]).map(hex)).toEqual(want);
      if (k > 0) expect(schedules.count - before).toBeGreaterThan(0); // the draw's counter is part of its shape
    }
    const seeded = (x: cp.NDArray) => x.add(cp.random.default_rng(5).random(x.shape, { dtype: 'float32' }));
    const { scheduled } = compare(seeded, [[seq([8], 0)], [seq([8], 1)]]);
    expect(scheduled[1]).toBe(0);
  });

  it('a library call that runs at the call (linalg): the evaluations around it replay', () => {
    const fn = (x: cp.NDArray) => cp.abs(cp.linalg.inv(x.mul(2).add(cp.eye(4).mul(40)))).add(cp.sum(x));
    const { scheduled } = compare(fn, [[seq([4, 4], 0, 'float64')], [seq([4, 4], 1, 'float64')], [seq([4, 4], 2, 'float64')]]);
    expect(scheduled[1]).toBe(scheduled[2]);
    expect(scheduled[2]).toBeLessThan(scheduled[0]);
  });

  it('views, reductions over axes, sorts and non-contiguous arguments around a readback', () => {
    const fn = (x: cp.NDArray) => {
      const n = cp.count_nonzero(cp.greater(x, 0)).item() as number;
      return { t: x.T.mul(2), part: x.get('::2, 1:').add(n > 0 ? 1 : 0), s: cp.sort(x, -1), m: cp.mean(x, 0), c: cp.cumsum(x, 1) };
    };
    const { scheduled } = compare(fn, [[seq([4, 6], 0, 'float64')], [seq([4, 6], 1, 'float64')], [seq([6, 4], 2, 'float64').T], [seq([6, 4], 3, 'float64').T]]);
    expect(scheduled[1]).toBe(0);
    expect(scheduled[3]).toBe(0);
  });

  it('the same buffer passed twice, or arrays read through different views of one buffer, are told apart', () => {
    const fn = (a: cp.NDArray, b: cp.NDArray) => { const s = cp.sum(a).item() as number; return a.mul(b).add(s > 1e9 ? 1 : 0); };
    const x = seq([6], 0).eval();
    const y = seq([6], 1).eval();
    const { scheduled } = compare(fn, [[x, y], [y, x], [x, x], [y, y], [seq([12], 2).eval().get('::2'), seq([12], 3).eval().get('1::2')]]);
    expect(scheduled[1]).toBe(0);
  });

  it('writes inside fn with a cut: the values are those of eager runs', () => {
    const fn = (x: cp.NDArray) => { x.set('0:2', x.get('0:2').mul(2)); const s = cp.sum(x).item() as number; return x.add(s > 0 ? 1 : 2); };
    const f = cp.jit(fn);
    const a = seq([5], 0);
    const b = seq([5], 0);
    for (let k = 0; k < 3; k++) {
      expect(hex(f(a) as cp.NDArray)).toBe(hex(fn(b) as cp.NDArray));
      expect(hex(a)).toBe(hex(b));
    }
  });

  it('the first call\'s result stays valid after later replays, disposed or not', () => {
    const f = cp.jit((x: cp.NDArray) => { const m = cp.max(x).item() as number; return x.sub(m > 100 ? 0 : 1).mul(3); });
    const first = f(seq([7], 0)) as cp.NDArray;
    const want = hex(seq([7], 0).sub(1).mul(3));
    for (let k = 1; k < 4; k++) (f(seq([7], k)) as cp.NDArray).dispose();
    expect(hex(first)).toBe(want);
    first.dispose();
    expect(hex(f(seq([7], 9)) as cp.NDArray)).toBe(hex(seq([7], 9).sub(1).mul(3)));
  });

  it('a loop of segment replays keeps memory flat (results disposed)', () => {
    const growth = peakArrayBufferGrowth(2000, () => {
      const x = seq([256], 0);
      const f = cp.jit((a: cp.NDArray) => { const s = cp.sum(a).item() as number; return [cp.sin(a.mul(2)), a.add(s > 1e9 ? 1 : 0)]; });
      return () => (f(x) as cp.NDArray[]).forEach((r) => r.dispose());
    });
    expect(growth).toBeLessThan(256 * 4 * 200);
  });
});
