// Writes by renaming (src/api/assign-rename.ts) inside cp.jit: a write into a buffer the trace
// made itself, while lazy arrays still read it, allocates a fresh buffer (an allocation step of
// the launch list) and exchanges the two buffers' memory (a host step), so a replay repeats the
// exchange on its own buffers instead of copying the array for its readers each step. Every
// result is compared bitwise with fn run eagerly; writes into arguments and closure arrays are
// not renamed (their buffers are the caller's); a replay's allocation steps reuse buffers no
// later step reads, so a loop of renamed writes inside fn keeps its memory flat. An index fault
// of a buffer a renamed write replaced goes with the old contents (jit fuzzer F17).
import { afterEach, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';

const bytesOf = (a: cp.NDArray) => {
  const t = a.toTypedArray() as ArrayBufferView;
  return Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex');
};

/** A plate of n x n values in [0, 1) that differ with `phase`. */
const plate = (n: number, phase: number, dtype: 'float32' | 'float64' = 'float32') =>
  cp.sin(cp.arange(n * n, { dtype }).mul(0.37).add(phase)).mul(0.5).add(0.5).reshape([n, n]).eval();

/** Heat steps as the gallery's example writes them (examples/heat.ts). */
function heat(steps: number) {
  return (p: cp.NDArray) => {
    const u = p.copy();
    for (let s = 0; s < steps; s++) {
      const centre = u.get('1:-1, 1:-1');
      const lap = u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).subtract(centre.multiply(4));
      u.set('1:-1, 1:-1', centre.add(lap.multiply(0.2)));
    }
    return [u, cp.mean(u)];
  };
}

const kernelsOf = (f: ReturnType<typeof cp.jit>, ...args: unknown[]) => f.explain(...args).segments.flatMap((s) => s.kernels);

afterEach(() => cp.get_default_memory_pool().set_limit(null));

describe('cp.jit: writes by renaming replay', () => {
  // (512 x 512 float32 is 1 MiB: a write into its interior renames, src/api/assign-rename.ts)
  for (const dtype of ['float32', 'float64'] as const) {
    it(`heat steps on ${dtype}: the launch list renames (no copy of u a step), results bitwise as eager`, () => {
      const fn = heat(6);
      const f = cp.jit(fn);
      const kernels = kernelsOf(f, plate(512, 0, dtype));
      expect(kernels.filter((k) => k === 'rename')).toHaveLength(6);
      expect(kernels.filter((k) => k === `alloc_${dtype}`)).toHaveLength(6);
      for (const phase of [1, 2, 3]) {
        const p = plate(512, phase, dtype);
        const want = (fn(p) as cp.NDArray[]).map(bytesOf);
        expect((f(p) as cp.NDArray[]).map(bytesOf)).toEqual(want);
      }
    });
  }

  it('lazy readers made before a renamed write keep the old values; views of the written array see the write', () => {
    const fn = (p: cp.NDArray) => {
      const u = p.mul(2);
      const row = u.get(5); // a view: sees both writes
      const before = u.add(1); // a lazy reader: the values before the first write
      u.set('1:-1, 1:-1', u.get('2:, 1:-1').sub(u.get(':-2, 1:-1')));
      const middle = cp.sum(u, 0); // between the writes
      u.set('3:9', u.get('0:6').mul(-1));
      return { u, row, before, middle, total: cp.sum(before) };
    };
    const f = cp.jit(fn);
    expect(kernelsOf(f, plate(512, 0)).filter((k) => k === 'rename')).toHaveLength(2);
    for (const phase of [4, 5]) {
      const p = plate(512, phase);
      const want = Object.values(fn(p)).map(bytesOf);
      expect(Object.values(f(p) as Record<string, cp.NDArray>).map(bytesOf)).toEqual(want);
    }
  });

  it('writes into an argument or a closure array are not renamed (their buffers are the caller\'s); results as eager', () => {
    const outside = plate(512, 9).copy().eval();
    const fn = (u: cp.NDArray) => {
      const reader = u.add(outside);
      u.set('1:-1, 1:-1', u.get('2:, 1:-1').mul(0.5));
      outside.set('1:-1, 1:-1', outside.get(':-2, 1:-1').add(1));
      return [reader, u.mul(1), outside.mul(1)];
    };
    const f = cp.jit(fn);
    const [u0, o0] = [plate(512, 6).copy().eval(), outside.copy().eval()];
    expect(kernelsOf(f, u0)).not.toContain('rename');
    // eager on copies of the argument and the closure array, then the replay on the originals
    for (const phase of [7, 8]) {
      const u = plate(512, phase).copy().eval();
      const uEager = u.copy().eval();
      const saved = outside.copy().eval();
      const want = (fn(uEager) as cp.NDArray[]).map(bytesOf);
      outside.set('...', saved);
      const got = (f(u) as cp.NDArray[]).map(bytesOf);
      expect(got).toEqual(want);
      expect(bytesOf(u)).toEqual(bytesOf(uEager));
    }
    expect(bytesOf(o0)).not.toEqual(bytesOf(outside));
  });

  it('a replay of 40 renamed writes of a 1 MiB array keeps its memory flat (allocation steps reuse dead buffers)', () => {
    const f = cp.jit(heat(40));
    const p = plate(512, 0);
    const first = f(p) as cp.NDArray[];
    const want = first.map(bytesOf);
    first.forEach((r) => r.dispose());
    const pool = cp.get_default_memory_pool();
    // 40 fresh buffers would need 40 MiB; the replay needs u, one fresh buffer and the mean
    pool.set_limit(pool.used_bytes() + 6 * (1 << 20));
    for (let k = 0; k < 3; k++) {
      const got = f(p) as cp.NDArray[];
      expect(got.map(bytesOf)).toEqual(want);
      got.forEach((r) => r.dispose());
    }
  });

  it('a take through an out-of-range index that fn then overwrites whole raises only where eager does (jit fuzzer F17)', () => {
    // The write renames the take's buffer (its readers keep the old contents, and the index fault
    // with them), in the replay as eagerly; before, the replay wrote in place and the fault stayed.
    const fn = (x: cp.NDArray, i: cp.NDArray) => {
      const taken = cp.take(x, i, { axis: 0 });
      const before = taken.get(cp.asarray([0])); // a reader made before the write: raises
      taken.fill(-1.5);
      return { before, taken };
    };
    const outcome = (r: Record<string, cp.NDArray>) => Object.values(r).map((a) => {
      try { return bytesOf(a); } catch (e) { return (e as cp.CupytsError).code; }
    });
    const f = cp.jit(fn);
    const x = cp.arange(5, { dtype: 'float32' });
    for (const index of [1, 4, 9, 2]) {
      const i = cp.asarray(Int32Array.of(index));
      const want = outcome(fn(x, i));
      expect([index, outcome(f(x, i) as Record<string, cp.NDArray>)]).toEqual([index, want]);
      if (index === 9) expect(want[0]).toBe('ERR_INDEX');
    }
  });

  it('a buffer an allocation step reuses leaves the index fault of its old contents behind', () => {
    // The gather's output is dead after its own step; the join's allocation takes it. Before, the
    // join's result kept the gather's fault, and replays raised ERR_INDEX where eager did not.
    const fn = (x: cp.NDArray, i: cp.NDArray) => {
      const taken = cp.take(x, i);
      taken.eval();
      return cp.concatenate([x, x]);
    };
    const outcome = (a: cp.NDArray) => { try { return bytesOf(a); } catch (e) { return (e as cp.CupytsError).code; } };
    const f = cp.jit(fn);
    const x = cp.arange(5, { dtype: 'float32' }).eval();
    for (const bad of [false, true, true, false]) {
      const i = cp.asarray(Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2, 3, bad ? 9 : 4]));
      expect([bad, outcome(f(x, i) as cp.NDArray)]).toEqual([bad, outcome(fn(x, i))]);
    }
    expect(f.explain(x, cp.asarray(Int32Array.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4))).segments[0].kernels).toContain('alloc_float32');
  });

  it('results of earlier calls keep their values', () => {
    const f = cp.jit(heat(3));
    const first = f(plate(512, 1)) as cp.NDArray[];
    const kept = first.map(bytesOf);
    f(plate(512, 2));
    f(plate(512, 3));
    expect(first.map(bytesOf)).toEqual(kept);
  });
});
