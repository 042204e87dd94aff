// Temporaries of cp.tidy that a returned result still reads (disposed while lazy) are computed only
// when the result is; their buffers are then freed as soon as nothing can read them, not when V8's
// collector runs (src/api/release.ts releaseComputed, src/ir/readers.ts letGoOfIntermediate).
// Measured before the fix on the gallery's topk at its test size: the CPU pool grew by about 1 MB a
// run until a collection (on the H200 at its bench size, 2.4 -> 10.8 GB over 60 runs).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';

setBackendNotice(() => {});

const pool = () => cp.get_default_memory_pool().used_bytes();

describe('cp.tidy temporaries that a result reads', () => {
  it('are freed when the result is computed, loop after loop, and the result is right', () => {
    const n = 1 << 11; // every partial sum an integer below 2^24: exact in float32 in any scan order (the GPU's too)
    const x = cp.asarray(Float32Array.from({ length: n }, (_, i) => (i * 7919) % n)).eval();
    const want = (() => {
      const s = Float32Array.from(x.toTypedArray() as Float32Array).sort();
      let acc = 0;
      return Float32Array.from(s, (v) => Math.fround((acc = Math.fround(acc + Math.fround(v * 2))) + 1));
    })();
    const base = pool();
    for (let k = 0; k < 4; k++) {
      const r = cp.tidy(() => {
        const sorted = cp.sort(x); // a kernel of its own, computed with the result
        const doubled = sorted.mul(2); // fused into the scan that reads it
        const running = cp.cumsum(doubled); // a kernel of its own too
        return running.add(1);
      });
      expect(Array.from(r.toTypedArray() as Float32Array)).toEqual(Array.from(want));
      r.dispose();
      expect(pool()).toBe(base);
    }
  });

  it('stay alive while another result of the tidy still reads them (readers not returned are disposed)', () => {
    const x = cp.asarray(Float32Array.from([3, 1, 2])).eval();
    let later: cp.NDArray | undefined;
    const r = cp.tidy(() => {
      const sorted = cp.sort(x);
      later = sorted.mul(10); // a second lazy reader of the sort, not returned: disposed by tidy
      return sorted.add(1);
    });
    expect(Array.from(r.toTypedArray() as Float32Array)).toEqual([2, 3, 4]);
    expect(later!.disposed).toBe(true);
    // two results read the same temporary: computing the first must not free it under the second
    const kept = cp.tidy(() => {
      const sorted = cp.sort(x);
      return [sorted.add(1), sorted.mul(10)];
    });
    expect(Array.from(kept[0].toTypedArray() as Float32Array)).toEqual([2, 3, 4]);
    expect(Array.from(kept[1].toTypedArray() as Float32Array)).toEqual([10, 20, 30]); // the sort's buffer was not freed under it
    kept.forEach((a) => a.dispose());
    r.dispose();
  });
});

describe('a cp.jit function whose outside array was disposed', () => {
  const message = /jit: fn reads an array from outside its arguments that was disposed/;

  it('refuses to replay once an array it read from outside is disposed', () => {
    const c = cp.asarray(Float32Array.from([1, 2, 3])).eval();
    const f = cp.jit((y: cp.NDArray) => c.add(y));
    const y = cp.asarray(Float32Array.from([10, 20, 30])).eval();
    expect(Array.from(f(y).toTypedArray() as Float32Array)).toEqual([11, 22, 33]);
    c.dispose();
    expect(() => f(y)).toThrow(message);
  });

  it('says the same where the array was a view of a cp.tidy temporary freed by its last lazy reader', () => {
    const a = cp.asarray(Float32Array.from([3, 1, 2, 5])).eval();
    const [view, other] = cp.tidy(() => {
      const sorted = cp.sort(a);
      return [sorted.get('1:'), sorted.mul(2)];
    });
    view.eval(); // an alias of the sort's buffer, which the tidy released
    const f = cp.jit((y: cp.NDArray) => view.add(y));
    const y = cp.asarray(Float32Array.from([10, 20, 30])).eval();
    expect(Array.from(f(y).toTypedArray() as Float32Array)).toEqual([12, 23, 35]);
    view.dispose();
    expect(Array.from(other.toTypedArray() as Float32Array)).toEqual([2, 4, 6, 10]); // frees the sort's buffer
    expect(() => f(y)).toThrow(message);
  });
});
