// Sort windows (src/ir/sort-window.ts): a view of a few positions at one end of a lazy sort or
// partition (`argpartition(d, k - 1)[..., :k]`, `sort(x)[-k:]`, `argsort(x)[::-1][:k]`) whose
// sort nothing else can read (its array disposed while lazy, as cp.tidy does) is computed from
// those positions only, and must give bitwise the positions of the whole result (computed first,
// then viewed): every dtype with NaN, ±0, ±inf and ties at kth, both ends, every axis, strided and
// reversed views, producers, several lines. The windows are checked through the plans; views that
// need more than a window, and sorts something else can still read, keep the whole sort. Writes
// and copy on write behave as without a window. Every kernel built compiles (NVRTC).
import '../helpers/topk-any-line.js'; // first: before the library reads its tunables
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { SORT_WINDOW_MAX } from '../../src/ir/sort-window.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareWindowed, unseenView, windowsOf } from '../helpers/sort-window.js';
import { DTYPE_NAMES, randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 9100;
/** Few distinct values (ties at kth), and NaN, ±inf, ±0 for floats. */
const data = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -6, high: 6, special: true });

/** compareWindowed's windows: 'first=k' / 'last=k'. */
const compare = (x: cp.NDArray, op: (x: cp.NDArray) => cp.NDArray, view: (r: cp.NDArray) => cp.NDArray, record = true): string[] =>
  compareWindowed(x, op, view, record).windows;

describe('sort windows: the positions of the whole result', () => {
  it('every dtype: partition heads and tails, sort heads and tails, values and indices', () => {
    for (const dtype of DTYPE_NAMES) {
      const cases: Array<[number[], number]> = [[[200], -1], [[200], 0], [[3, 150], -1], [[150, 2], 0]];
      for (const [shape, axis] of cases) {
        const x = toDevice(data(dtype, shape));
        {
          const n = shape[(axis + shape.length) % shape.length];
          const along = (spec: string) => (r: cp.NDArray) => (axis === -1 || shape.length === 1 ? r.get(`..., ${spec}`) : r.get(`${spec}, ...`));
          for (const k of [1, 5, 32]) {
            // The NVRTC check takes every dtype's kernels of one geometry, and the others of two dtypes.
            const r = shape.length === 1 && axis === -1 && (k === 5 || dtype === 'float32' || dtype === 'float64');
            expect(compare(x, (a) => cp.argpartition(a, k - 1, axis), along(`:${k}`), r)).toEqual([`first=${k}`]);
            expect(compare(x, (a) => cp.partition(a, k - 1, axis), along(`:${k}`), r)).toEqual([`first=${k}`]);
            expect(compare(x, (a) => cp.argpartition(a, -k, axis), along(`-${k}:`), r)).toEqual([`last=${k}`]);
            expect(compare(x, (a) => cp.partition(a, n - k, axis), along(`${n - k}:`), r)).toEqual([`last=${k}`]);
            expect(compare(x, (a) => cp.argsort(a, axis), along(`:${k}`), r)).toEqual([`first=${k}`]);
            expect(compare(x, (a) => cp.sort(a, axis), along(`-${k}:`), r)).toEqual([`last=${k}`]);
          }
        }
      }
    }
  }, 300_000);

  it('views inside the window: steps, reversal, one position, other axes sliced too', () => {
    const x = toDevice(data('float32', [4, 300]));
    expect(compare(x, (a) => cp.argpartition(a, 9, 1), (r) => r.get(':, 2:8:3'))).toEqual(['first=10']);
    expect(compare(x, (a) => cp.argpartition(a, 9, 1), (r) => r.get('1:3, 9'))).toEqual(['first=10']);
    expect(compare(x, (a) => cp.partition(a, 290, 1), (r) => r.get('::-1, :289:-1'))).toEqual(['last=10']);
    // NumPy's argsort(x)[::-1][:k]: views of views compose.
    expect(compare(x, (a) => cp.sort(a, 1), (r) => r.get(':, ::-1').get(':, :7'))).toEqual(['last=7']);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.T.get('::-1').get(':3'))).toEqual(['last=3']);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get('2, 3:5'))).toEqual(['first=5']);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get(':, 0'))).toEqual(['first=1']);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get(':, -1'))).toEqual(['last=1']);
    // Fused producers and a strided input.
    const d = toDevice(data('float64', [300, 5]));
    expect(compare(d, (a) => cp.argpartition(cp.abs(a.T).multiply(-1), 3, -1), (r) => r.get(':, :4'))).toEqual(['first=4']);
    expect(compare(d, (a) => cp.sort(a.get('::2'), 0), (r) => r.get('-3:'))).toEqual(['last=3']);
    // axis None (flattened), and a view of a view.
    expect(compare(d, (a) => cp.argpartition(a, 6, null), (r) => r.get(':7'))).toEqual(['first=7']);
    expect(compare(d, (a) => cp.argsort(a, null), (r) => r.get(':20').get('5:'))).toEqual(['first=20']);
  });

  it('keeps the whole sort where a view needs more than a window', () => {
    const x = toDevice(data('float32', [2, 200]));
    expect(compare(x, (a) => cp.argpartition(a, 9, 1), (r) => r.get(':, :11'))).toEqual([]); // past kth
    expect(compare(x, (a) => cp.argpartition(a, 9, 1), (r) => r.get(':, 5:15'))).toEqual([]);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get(`:, :${SORT_WINDOW_MAX + 1}`))).toEqual([]);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get(':, 5:-5'))).toEqual([]);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get('0'))).toEqual([]); // the whole line
    expect(compare(x, (a) => cp.argsort(a, 0), (r) => r.get(':1'))).toEqual([]); // a line of 2: no window is a quarter of it
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.T)).toEqual([]);
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.T.get(':40'))).toEqual([]); // 40 of 200: more than SORT_WINDOW_MAX
    // Computed first: a view of data, no window.
    const s = cp.argsort(x, 1);
    cp.eval(s);
    expect(windowsOf(unseenView(() => s.get(':, :3')))).toEqual([]);
    // Empty views read nothing.
    expect(toHost(cp.argsort(x, 1).get(':, 3:3')).shape).toEqual([2, 0]);
  });

  it('computes the whole sort where something else can still read it', () => {
    const x = toDevice(data('int32', [5, 100]));
    // The sort's array is alive: it may be read later.
    const p = cp.argpartition(x, 3, 1);
    const head = p.get(':, :4');
    expect(windowsOf(head)).toEqual([]);
    const all = toHost(p).data as BigInt64Array;
    const want = Array.from({ length: 5 }, (_, i) => Array.from(all.subarray(i * 100, i * 100 + 4))).flat();
    expect(Array.from(toHost(head).data as BigInt64Array)).toEqual(want);
    // Disposed, but two views read it; a view between alive and wider than a window.
    const two = cp.tidy(() => { const q = cp.argsort(x, 1); return [q.get(':, :2'), q.get(':, -2:')]; });
    expect(windowsOf(two[0])).toEqual([]);
    const wider = cp.tidy(() => cp.argsort(x, 1).get(':, :50'));
    const inner = unseenView(() => wider.get(':, :3'));
    expect(windowsOf(inner)).toEqual([]);
    // The view between alive but inside a window itself: its window.
    const near = cp.tidy(() => cp.argsort(x, 1).get(':, :6'));
    expect(windowsOf(unseenView(() => near.get(':, 1:3')))).toEqual(['first=6']);
    expect(toHost(near.get(':, 1:3')).data).toEqual(toHost(cp.argsort(x, 1).get(':, 1:3')).data);
  });

  it('writes into a window view and copy on write behave as without a window', () => {
    const x = toDevice(data('float32', [3, 200]));
    const v = unseenView(() => cp.sort(x, 1).get(':, -3:'));
    expect(windowsOf(v)).toEqual(['last=3']);
    const before = toHost(v).data as Float32Array;
    const w = v.get(':, 1');
    v.set(':, 1', 7);
    expect(Array.from(toHost(w).data as Float32Array)).toEqual([7, 7, 7]);
    const after = toHost(v).data as Float32Array;
    expect(Array.from(after).filter((_, i) => i % 3 !== 1)).toEqual(Array.from(before).filter((_, i) => i % 3 !== 1));
    // The sort reads its input as of its birth, whatever is written before the view is computed.
    const a = cp.array([9, 3, 7, 1, 5, 8, 2, 6, 4, 0, 11, 10, 12, 13, 14, 15], { dtype: 'float64' });
    const head = unseenView(() => cp.argsort(a).get(':2'));
    a.set(9, 100);
    a.set(3, -1);
    expect(windowsOf(head)).toEqual(['first=2']);
    expect(Array.from(toHost(head).data as BigInt64Array)).toEqual([9n, 3n]);
  });

  it('plans the top-k strategy on a device', () => {
    const strategy = (a: cp.NDArray) => explainPlans([a.node]).map((p) => p.plan).map((p) => (p.kind === 'sort' ? p.strategy : p.kind));
    const big = cp.zeros([64, 100000], { dtype: 'float32' });
    for (const dtype of ['bool', 'int8', 'float16', 'int32', 'float64', 'uint64'] as const) {
      const a = unseenView(() => cp.argpartition(cp.zeros([200000], { dtype }), 7).get(':8'));
      const b = unseenView(() => cp.sort(cp.zeros([300, 1000], { dtype }).add(1), 1).get(':, -3:'));
      recordCuda(a, b);
      expect(strategy(a)).toEqual(['topk']);
      expect(strategy(b)).toEqual(['topk']);
    }
    const c = unseenView(() => cp.partition(big, -32, 1).get(':, -32:'));
    recordCuda(c);
    expect(strategy(c)).toEqual(['topk']);
  });
});

describe('cp.jit replays windows only where nothing else can read the sort (found by a review of 0ba879b)', () => {
  const data = () => cp.array(Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) + 1), { dtype: 'float64' });
  const whole = Array.from({ length: 64 }, (_, i) => i + 1);
  it('an evaluation of the same graph with the sort still held computes it whole', () => {
    const f = cp.jit((x: cp.NDArray) => {
      const a = cp.tidy(() => cp.sort(x).get(':2'));
      a.toArraySync(); // a cut; this evaluation computes a window (first=2)
      const s = cp.sort(x);
      s.get(':2').toArraySync(); // the same graph, but s is held
      return s;
    });
    expect(f(data()).toArraySync()).toEqual(whole);
    expect(f(data()).toArraySync()).toEqual(whole);
  });
  it('a sort two views read is computed whole', () => {
    const f = cp.jit((x: cp.NDArray) => {
      cp.tidy(() => cp.sort(x).get(':2')).toArraySync();
      const [head, tail] = cp.tidy(() => { const s = cp.sort(x); return [s.get(':2'), s.get('-2:')]; });
      head.toArraySync();
      return tail;
    });
    expect(f(data()).toArraySync()).toEqual([63, 64]);
    expect(f(data()).toArraySync()).toEqual([63, 64]);
  });
  it('disposing the sort or not, decided by the data', () => {
    const f = cp.jit((x: cp.NDArray) => {
      const s = cp.sort(x);
      const head = s.get(':2');
      const keep = (cp.max(x).item() as number) > 100;
      if (!keep) s.dispose();
      head.toArraySync();
      return keep ? s : head;
    });
    expect(f(data()).toArraySync()).toEqual([1, 2]);
    expect(f(data().add(100)).toArraySync()).toEqual(whole.map((v) => v + 100));
    expect(f(data()).toArraySync()).toEqual([1, 2]);
    expect(f(data().add(100)).toArraySync()).toEqual(whole.map((v) => v + 100));
  });
});

describe('views of a lazy sort stay views (session 35: windows made when a view was built broke these)', () => {
  // (No window here: the sorts' arrays are alive.)
  const x = () => cp.array([9, 3, 7, 1, 5, 8, 2, 6, 4, 0, 11, 10], { dtype: 'float64' });
  it('a write into the sort result is kept, near either end', () => {
    const s = cp.sort(x());
    s.set(0, 99);
    s.set(-1, 100);
    expect(Array.from(s.dataSync() as Float64Array)).toEqual([99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100]);
    const p = cp.argpartition(x(), 1);
    p.set(':2', -1);
    expect(Array.from(p.get(':2').dataSync() as BigInt64Array)).toEqual([-1n, -1n]);
  });
  it('a view and its sort see each other\'s writes', () => {
    const s = cp.sort(x());
    const v = s.get(':2');
    s.set(0, 99);
    expect(Array.from(v.dataSync() as Float64Array)).toEqual([99, 1]);
    v.set(1, 42);
    expect((s.dataSync() as Float64Array)[1]).toBe(42);
  });
  it('a view made after its sort\'s input was written shows the sort of the old input', () => {
    const a = x();
    const p = cp.argsort(a);
    a.set(0, -100);
    expect(Array.from(p.get(':2').dataSync() as BigInt64Array)).toEqual([9n, 3n]);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
