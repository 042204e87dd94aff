// Device-wide scans (ir/scan-geometry.ts, codegen/cuda-scan.ts) against the CPU backend at sizes
// that chain many tiles: integer scans must match exactly (any look-back slip shows), float scans
// within a normwise tolerance of a float64 CPU scan, and every device scan run twice must agree
// bit for bit (determinism). Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import type { ScanGeometry } from '../../src/ir/scan-geometry.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { f16BitsToNumber, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Build = (x: cp.NDArray) => cp.NDArray;

interface Case {
  label: string;
  input: HostArray;
  build: Build;
  geometry: ScanGeometry['kind'];
  /**
   * Exact for integer results; else the normwise relative error bound against `reference` (loose
   * enough for an in-order float32 scan, which the CPU backend does: about 1e-4 at 2^24).
   */
  tol?: number;
  /** The float64 CPU scan the result is compared with (defaults to `build` on the CPU). */
  reference?: Build;
}

function geometryOf(a: cp.NDArray): ScanGeometry['kind'] | undefined {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'scan');
  return plan?.kind === 'scan' ? plan.geometry.kind : undefined;
}

const bytesOf = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

/** Element i as a number (float16 is held as its bits). */
const valueAt = (h: HostArray, i: number) => (h.dtype === 'float16' ? f16BitsToNumber(Number(h.data[i])) : Number(h.data[i]));

function normwiseError(got: HostArray, want: HostArray): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.data.length; i++) {
    const w = valueAt(want, i);
    const g = valueAt(got, i);
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w)) return Infinity;
      continue;
    }
    num += (g - w) ** 2;
    den += w * w;
  }
  return Math.sqrt(num / Math.max(den, 1e-300));
}

function firstDifference(got: HostArray, want: HostArray): string {
  const i = Array.from({ length: want.data.length }, (_, k) => k).find((k) => got.data[k] !== want.data[k]);
  return i === undefined ? 'equal' : `element ${i}: device ${got.data[i]}, cpu ${want.data[i]}`;
}

function check(c: Case): void {
  const [first, second, geometry] = onBackend('cuda', () => {
    const x = toDevice(c.input);
    const a = c.build(x);
    const g = geometryOf(a);
    return [toHost(a), toHost(c.build(x)), g] as const;
  });
  expect(geometry).toBe(c.geometry);
  expect(bytesOf(first).equals(bytesOf(second)), 'two device runs differ').toBe(true);
  const want = onBackend('cpu', () => toHost((c.reference ?? c.build)(toDevice(c.input))));
  expect(first.shape).toEqual(want.shape);
  if (c.tol === undefined) expect(firstDifference(first, want)).toBe('equal');
  else expect(normwiseError(first, want)).toBeLessThan(c.tol);
}

const ints = (shape: number[], seed: number, dtype: DTypeName = 'int32') => randomArray(dtype, shape, seed, { low: -1000, high: 1000 });
const floats = (shape: number[], seed: number, dtype: DTypeName = 'float32') => randomArray(dtype, shape, seed, { low: -1, high: 1 });
const sum = (o?: Record<string, unknown>): Build => (x) => cp.cumsum(x, o);
const sum64 = (o?: Record<string, unknown>): Build => (x) => cp.cumsum(x, { ...o, dtype: 'float64' });

describe.skipIf(!HAS_CUDA_DEVICE)('device scans against the CPU backend, twice bit for bit', () => {
  const cases: Case[] = [
    // 1-D: tiles chained along one line (look-back windows of 256 tiles and spinning).
    { label: 'int32 -> int64 cumsum of 2^20', input: ints([2 ** 20], 1), build: sum(), geometry: 'rows' },
    { label: 'int32 -> int64 cumsum of 2^24+13', input: ints([2 ** 24 + 13], 2), build: sum(), geometry: 'rows' },
    { label: 'int16 cumsum as int32 (packed status) of 2^24+13', input: ints([2 ** 24 + 13], 3, 'int16'), build: sum({ dtype: 'int32' }), geometry: 'rows' },
    { label: 'float32 cumsum of 2^24+13', input: floats([2 ** 24 + 13], 4), build: sum(), reference: sum64(), tol: 5e-4, geometry: 'rows' },
    { label: 'float64 cumsum of 2^24+13', input: floats([2 ** 24 + 13], 5, 'float64'), build: sum(), tol: 1e-12, geometry: 'rows' },
    { label: 'float32 fused cumsum(x*2+1) of 2^20', input: floats([2 ** 20], 6), build: (x) => cp.cumsum(x.mul(2).add(1)), reference: (x) => cp.cumsum(x.astype('float64').mul(2).add(1)), tol: 1e-4, geometry: 'rows' },
    { label: 'bool -> int64 cumsum of 2^22+1', input: randomArray('bool', [2 ** 22 + 1], 7), build: sum(), geometry: 'rows' },
    { label: 'int8 cumprod of ±1 (exact) of 2^20', input: signs([2 ** 20], 8), build: (x) => cp.cumprod(x), geometry: 'rows' },
    { label: 'nancumsum float32 with NaN (a fused where) of 2^20', input: floats([2 ** 20], 9), build: (x) => cp.nancumsum(cp.where(x.greater(0.9), NaN, x)), reference: (x) => cp.nancumsum(cp.where(x.greater(0.9), NaN, x).astype('float64')), tol: 1e-4, geometry: 'rows' },
    // Many lines: each geometry, each axis.
    { label: '(300, 2^16) int32 axis 1: rows chained per line', input: ints([300, 2 ** 16], 10), build: sum({ axis: 1 }), geometry: 'rows' },
    { label: '(300, 2^16) int32 axis 0: columns', input: ints([300, 2 ** 16], 10), build: sum({ axis: 0 }), geometry: 'columns' },
    { label: '(2^16, 300) int32 axis 0: columns chained (2400 tiles per line group)', input: ints([2 ** 16, 300], 11), build: sum({ axis: 0 }), geometry: 'columns' },
    { label: '(2^16, 300) float32 axis 0: columns chained', input: floats([2 ** 16, 300], 12), build: sum({ axis: 0 }), reference: sum64({ axis: 0 }), tol: 1e-4, geometry: 'columns' },
    { label: '(2^16, 300) float64 axis 0: columns chained, split status', input: floats([2 ** 16, 300], 13, 'float64'), build: sum({ axis: 0 }), tol: 1e-12, geometry: 'columns' },
    { label: '(2^16, 300) int32 axis 1: warp groups', input: ints([2 ** 16, 300], 14), build: sum({ axis: 1 }), geometry: 'warp' },
    { label: '(2^20, 7) float32 axis 1: warp groups of 2', input: floats([2 ** 20, 7], 15), build: sum({ axis: 1 }), reference: sum64({ axis: 1 }), tol: 1e-6, geometry: 'warp' },
    { label: '(2^18, 64) int32 axis 0: 64 long adjacent lines', input: ints([2 ** 18, 64], 16), build: sum({ axis: 0 }), geometry: 'columns' },
    { label: '(2^22, 3) int32 axis 0: three strided long lines', input: ints([2 ** 22, 3], 17), build: sum({ axis: 0 }), geometry: 'rows' },
    { label: '(3, 2^22) float32 axis 1', input: floats([3, 2 ** 22], 18), build: sum({ axis: 1 }), reference: sum64({ axis: 1 }), tol: 2e-4, geometry: 'rows' },
    { label: '(2^20, 3) int32 axis 1: a thread per line', input: ints([2 ** 20, 3], 19), build: sum({ axis: 1 }), geometry: 'thread' },
    { label: '(8, 5000, 33) int32 middle axis', input: ints([8, 5000, 33], 20), build: sum({ axis: 1 }), geometry: 'columns' },
    { label: '(8, 5000, 33) int32 middle axis, transposed to (33, 5000, 8)', input: ints([8, 5000, 33], 21), build: (x) => cp.cumsum(x.transpose(2, 1, 0), { axis: 1 }), geometry: 'columns' },
    { label: '(5000, 3000) int32 transposed, axis 1 (long rows of a transposed view)', input: ints([3000, 5000], 22), build: (x) => cp.cumsum(x.T, { axis: 1 }), geometry: 'rows' },
    // Tile edges of the 32 KiB tiles: 'rows' tiles of 8192 (4-byte) or 4096 (8-byte) elements, groups of 32 tiles.
    ...[8191, 8192, 8193, 32 * 8192, 32 * 8192 + 1, 33 * 8192 + 5].map((n, i): Case =>
      ({ label: `int32 cumsum of ${n} (rows tile edge)`, input: ints([n], 30 + i), build: sum({ dtype: 'int32' }), geometry: n > 2047 ? 'rows' : 'warp' })),
    ...[4095, 4097, 32 * 4096 + 1].map((n, i): Case =>
      ({ label: `float64 cumsum of ${n} (8-byte rows tile edge)`, input: floats([n], 40 + i, 'float64'), build: sum(), tol: 1e-12, geometry: 'rows' })),
    // 'columns' edges: 256 positions per tile (32 lanes × 8 segments × 32 items), 8 tiles per look-back group.
    ...[255, 256, 257, 2048, 2049, 16 * 2048 + 1].map((n, i): Case =>
      ({ label: `(${n}, 300) int32 axis 0 (columns tile edge)`, input: ints([n, 300], 50 + i), build: sum({ axis: 0, dtype: 'int32' }), geometry: 'columns' })),
    { label: '(5000, 5000) int32 axis 0: 64-lane columns (128 positions per tile)', input: ints([5000, 5000], 60), build: sum({ axis: 0, dtype: 'int32' }), geometry: 'columns' },
    { label: '(5000, 5000) float32 axis -2', input: floats([5000, 5000], 61), build: sum({ axis: -2 }), reference: sum64({ axis: -2 }), tol: 1e-4, geometry: 'columns' },
    { label: '(2^14, 600) int32 strided view [::2, ::3] axis 0', input: ints([2 ** 14, 600], 62), build: (x) => cp.cumsum(x.get('::2, ::3'), { axis: 0, dtype: 'int32' }), geometry: 'columns' },
    { label: '(3000, 300) float64 nancumprod axis 0 (values near 1, NaN)', input: floats([3000, 300], 63, 'float64'), build: (x) => cp.nancumprod(cp.where(x.greater(0.95), NaN, x.mul(0.01).add(1)), { axis: 0 }), tol: 1e-12, geometry: 'columns' },
    // A thread per line walking the whole axis (WALK_LINES = 2^17 adjacent lines or more).
    { label: '(1000, 2^17) int32 axis 0: a thread per column (62 batches of 16 and a tail of 8)', input: ints([1000, 2 ** 17], 64), build: sum({ axis: 0, dtype: 'int32' }), geometry: 'thread' },
    { label: '(256, 2^18) float32 axis 0: a thread per column', input: floats([256, 2 ** 18], 65), build: sum({ axis: 0 }), reference: sum64({ axis: 0 }), tol: 1e-6, geometry: 'thread' },
    { label: '(2, 50, 2^17) int32 middle axis: a thread per line', input: ints([2, 50, 2 ** 17], 66), build: sum({ axis: 1, dtype: 'int32' }), geometry: 'thread' },
    { label: '(100, 2^17) float32 fused cumprod(1 + x/100) axis 0', input: floats([100, 2 ** 17], 67), build: (x) => cp.cumprod(x.mul(0.01).add(1), { axis: 0 }), reference: (x) => cp.cumprod(x.astype('float64').mul(0.01).add(1), { axis: 0 }), tol: 1e-5, geometry: 'thread' },
    { label: 'float16 cumsum of 2^14 (rounded to float16 at each step, as NumPy)', input: floats([2 ** 14], 23, 'float16'), build: sum(), reference: sum64(), tol: 5e-2, geometry: 'rows' },
  ];
  cases.forEach((c) => it(c.label, () => check(c), 120_000));
});

/** ±1 int8 values: a cumprod that stays exact. */
function signs(shape: number[], seed: number): HostArray {
  const h = randomArray('bool', shape, seed);
  const data = Int8Array.from(h.data as Uint8Array, (b) => (b ? 1 : -1));
  return { dtype: 'int8', shape, data };
}
