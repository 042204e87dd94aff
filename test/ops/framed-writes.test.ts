// Renamed writes framed in one kernel (src/ir/frame-plan.ts, src/api/assign-rename.ts): the value
// inside the box, the old contents copied around it. Against NumPy, and bit for bit against the
// same write with framing off (a kernel for the box and a copy per complement view), over every
// dtype, boxes of every rank and place (interior, off-centre, a row, a run of rows, one element,
// a constant value, a transposed, broadcast or gathered value), the two loops of the CUDA kernel
// (rows shorter and longer than ROWS_MIN_LENGTH), and under cp.jit. On a GPU these run the CUDA
// kernels; elsewhere NVRTC compiles every kernel they built.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setFramedWrites } from '../../src/api/assign-rename.js';
import { addEvaluationObserver } from '../../src/api/explain-hook.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { frameOf } from '../../src/ir/frame-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpyOne, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

// The reason of every write's kernels, and the CUDA source of every kernel (for the NVRTC check).
const sources = new Map<string, string>();
let reasons: string[] = [];
let stop: () => void = () => {};
beforeEach(() => {
  reasons = [];
  stop = addEvaluationObserver(({ groups }) => {
    for (const g of groups) reasons.push(g.reason);
    return { kernelRan: (plan) => { if (plan.kind === 'elementwise' && !sources.has(plan.key)) sources.set(plan.key, generateCudaPlan(plan).source); } };
  });
});
// (framing is on for CUDA devices by default: 'all' frames on the CPU backend too, 'off' nowhere)
afterEach(() => { stop(); setFramedWrites('cuda'); });
afterAll(() => setFramedWrites('cuda'));
const framedKernels = () => reasons.filter((r) => r.includes('in one kernel')).length;

/** The bytes of an array's elements (bitwise comparison; float16 through its bits). */
function bits(a: cp.NDArray): number[] {
  const h = toHost(a);
  const d = h.data as ArrayLike<number | bigint>;
  return Array.from({ length: d.length }, (_, i) => (typeof d[i] === 'bigint' ? Number(d[i]) : Object.is(d[i], -0) ? -1e-300 : (d[i] as number)));
}

// [label, shape, index written, value from u (JS), the same in NumPy, framed?]
type Case = [string, number[], string, (u: cp.NDArray) => cp.NDArray | number | boolean, string, boolean];
const anyDtype = (rows: number, cols: number): Case[] => [
  ['interior, a shifted slice', [rows, cols], '1:-1, 1:-1', (u) => u.get(':-2, 2:'), 'u[:-2, 2:]', true],
  ['off-centre box', [rows, cols], '2:-1, 3:', (u) => u.get(':-3, :-3'), 'u[:-3, :-3]', true],
  ['a row', [rows, cols], '5', (u) => u.get(4), 'u[4]', true],
  ['rows 2 to 9', [rows, cols], '2:9', (u) => u.get('0:7'), 'u[0:7]', true],
  ['one element', [rows, cols], '3, 4', (u) => u.get('0, 0'), 'u[0, 0]', true],
  ['a broadcast row', [rows, cols], '1:, 1:', (u) => u.get('0, 1:'), 'u[0, 1:]', true],
  ['a 3-D box', [4, 5, cols], '1:-1, 1:3, 2:', (u) => u.get(':-2, 2:4, :-2'), 'u[:-2, 2:4, :-2]', true],
  ['a 1-D run', [rows * 3], '3:-3', (u) => u.get(':-6'), 'u[:-6]', true],
  ['a column (no frame: copies)', [rows, cols], ':, 3', (u) => u.get(':, 0'), 'u[:, 0]', false],
];
const numeric = (rows: number): Case[] => [
  ['a heat stencil', [rows, rows], '1:-1, 1:-1',
    (u) => u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).subtract(u.get('1:-1, 1:-1').multiply(4)),
    'u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - u[1:-1, 1:-1] * 4', true],
  ['a constant', [rows, rows], '1:-1, 2:-2', () => 7, '7', true],
  ['a transposed value', [rows, rows], '1:-1, 1:-1', (u) => u.T.get('1:-1, 1:-1').add(1), 'u.T[1:-1, 1:-1] + 1', true],
  ['a gathered value', [rows, rows], '1:-1, 1:-1', (u) => cp.take(u.get('1:-1'), cp.asarray(Array.from({ length: rows - 2 }, (_, i) => (i * 7) % rows)), 1),
    `np.take(u[1:-1], (np.arange(${rows - 2}) * 7) % ${rows}, axis=1)`, true],
];

/** Runs `c` on a copy of `h` with framing on or off: the written array, a lazy reader made before the write, and the kernels' reasons. */
function write(h: HostArray, c: Case, framed: boolean): { u: cp.NDArray; before: cp.NDArray; framedKernels: number; reasons: string } {
  setFramedWrites(framed ? 'all' : 'off');
  reasons = [];
  const u = toDevice(h).copy().eval();
  const before = u.add(0); // a lazy reader: the write must keep u's old values for it (a rename)
  const row = u.get(0); // a lazy view: sees the write
  u.set(c[2], c[3](u) as cp.NDArray);
  const got = { u: u.copy().eval(), before: before.eval(), row: row.copy().eval() };
  return { u: got.u, before: got.before, framedKernels: framedKernels(), reasons: reasons.join('; ') };
}

function check(dtype: DTypeName, c: Case, seed: number): void {
  const [, shape, index, , py, framed] = c;
  const h = randomArray(dtype, shape, seed, { low: -40, high: 40 });
  const on = write(h, c, true);
  const off = write(h, c, false);
  expect(on.framedKernels, `${c[0]}, ${dtype}: framed kernels (${on.reasons})`).toBe(framed ? 1 : 0);
  expect(off.framedKernels).toBe(0);
  const want = numpyOne(`(lambda u: [u.__setitem__(np.s_[${index}], ${py}), u][1])(u.copy())`, { u: h });
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(on.u), want.value as HostArray);
  expect(cmp.ok ? '' : cmp.message).toBe('');
  expect(bits(on.u)).toEqual(bits(off.u));
  expect(bits(on.before)).toEqual(bits(toDevice(h)));
}

describe('renamed writes framed in one kernel, against NumPy and against the copies', () => {
  const dtypes: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128'];
  let seed = 100;
  for (const dtype of dtypes) {
    it(`${dtype}: every kind of box`, () => {
      for (const c of anyDtype(12, 9)) check(dtype, c, seed++);
    });
  }
  for (const dtype of ['float32', 'float64', 'int32', 'complex64'] as const) {
    for (const n of [20, 70, 131]) { // rows shorter and longer than the CUDA kernel's rows path takes
      it(`${dtype} ${n}x${n}: stencils, constants, transposed and gathered values`, () => {
        for (const c of numeric(n)) check(dtype, c, seed++);
        for (const c of anyDtype(n, n + 3)) check(dtype, c, seed++);
      });
    }
  }

  it('a value with random draws is not framed (a draw depends on its linear index): the copies, as before', () => {
    setFramedWrites('all');
    const u = cp.zeros([40, 40], 'float32').eval();
    const before = u.add(0);
    reasons = [];
    cp.random.seed(3);
    u.set('1:-1, 1:-1', cp.random.random([38, 38], 'float32').add(u.get('1:-1, 1:-1')));
    expect(framedKernels()).toBe(0);
    expect(reasons.some((r) => r.includes('renamed'))).toBe(true);
    expect(cp.all(u.get('0')).item()).toBe(false);
    expect(before.sum().item()).toBe(0);
  });

  for (const mode of ['all', 'off'] as const) {
    it(`an index error pending on the target (a scatter's) is raised by the next read after a renamed write (framing ${mode})`, () => {
      setFramedWrites(mode);
      const u = cp.zeros([30, 30], 'float32').eval();
      u.set([cp.asarray([0, 99])], 1); // row 99 of 30: raised once, by the first read of u
      const before = u.add(0);
      reasons = [];
      u.set('1:-1, 1:-1', cp.arange(28 * 28, { dtype: 'float32' }).reshape([28, 28]).add(1)); // a value that does not read u
      expect(reasons.some((r) => r.includes('in one kernel'))).toBe(mode === 'all');
      expect(() => u.toTypedArray()).toThrow(/out of bounds|index/);
      expect(before.shape).toEqual([30, 30]);
    });
  }

  it('heat steps under cp.jit replay the framed kernel, bitwise as eager and as the copies', () => {
    const h = randomArray('float32', [96, 96], 7, { low: 0, high: 10 });
    const steps = (plate: cp.NDArray) => {
      const u = plate.copy();
      for (let s = 0; s < 5; s++) {
        const c = u.get('1:-1, 1:-1');
        const lap = u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).subtract(c.multiply(4));
        u.set('1:-1, 1:-1', c.add(lap.multiply(0.2)));
      }
      return u;
    };
    const plate = toDevice(h);
    const eager = bits(steps(plate));
    setFramedWrites('off');
    const copies = bits(steps(plate));
    setFramedWrites('all');
    const f = cp.jit(steps);
    for (let call = 0; call < 3; call++) expect(bits(f(plate) as cp.NDArray)).toEqual(eager);
    expect(copies).toEqual(eager);
    expect(f.explain(plate).segments.flatMap((s) => s.kernels).filter((k) => k.startsWith('framed_')).length).toBe(5);
  });
});

describe('frameOf', () => {
  it('finds the storage dimensions and the start of a box in row-major layouts, and refuses the rest', () => {
    expect(frameOf([4094, 4094], [4096, 1], 4097, 4096 * 4096)).toEqual({ full: [4096, 4096], starts: [1, 1] });
    expect(frameOf([3, 8, 2], [60, 6, 1], 68, 300)).toEqual({ full: [5, 10, 6], starts: [1, 1, 2] });
    expect(frameOf([600], [1], 3000, 6000)).toEqual({ full: [6000], starts: [3000] });
    expect(frameOf([5], [3], 0, 15)).toBeUndefined(); // a column: last stride 3
    expect(frameOf([2, 4], [3, 1], 0, 6)).toBeUndefined(); // rows overlap (4 > 3)
    expect(frameOf([2, 3], [4, 1], 2, 12)).toBeUndefined(); // runs past its row (2 + 3 > 4)
    expect(frameOf([2, 3], [4, 1], 0, 10)).toBeUndefined(); // a storage of partial rows
  });
});

describeCompilesEveryKernel(sources, HAS_NVRTC, 10);
