// Device sorts (src/codegen/sort-cuda.ts: a bitonic tile in shared memory for lines up to 2048;
// src/codegen/sort-radix-cuda.ts: a radix sort in shared memory for lines up to a radix tile, and
// through global memory, histogram then one onesweep kernel per 8-bit pass, beyond) against the CPU backend, which sorts with JavaScript: the results must be the same bit for bit
// (a stable order with NaN last is one permutation), over every dtype, every axis, lines shorter
// than a tile, one tile and many tiles (several merge passes), NaNs, ±0 and many duplicates; and
// every device sort run twice must agree bit for bit. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { DTYPE_NAMES, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const bytesOf = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

let seed = 4242;
/** Few distinct values (many ties), and NaN, ±inf, ±0 for floats. */
const input = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -20, high: 20, special: true });

type Build = (x: cp.NDArray) => cp.NDArray;

function sameOnBoth(label: string, h: HostArray, build: Build, failures: string[]): void {
  const want = onBackend('cpu', () => toHost(build(toDevice(h))));
  const [got, again] = onBackend('cuda', () => [toHost(build(toDevice(h))), toHost(build(toDevice(h)))]);
  if (!bytesOf(got).equals(bytesOf(want))) failures.push(`${label}: device differs from the CPU backend`);
  if (!bytesOf(got).equals(bytesOf(again))) failures.push(`${label}: two device runs differ`);
}

describe.skipIf(!HAS_CUDA_DEVICE)('device sort', () => {
  it('every dtype and axis, sizes across the tile, as the CPU backend, deterministic', () => {
    const failures: string[] = [];
    for (const dtype of DTYPE_NAMES) {
      for (const shape of [[1], [31], [2048], [2049], [5000], [3, 700], [9000, 2], [2, 3, 1500]]) {
        const h = input(dtype, shape);
        for (let axis = -1; axis < shape.length; axis++) {
          const label = `${dtype} ${JSON.stringify(shape)} axis ${axis}`;
          sameOnBoth(`sort ${label}`, h, (x) => cp.sort(x, axis), failures);
          sameOnBoth(`argsort ${label}`, h, (x) => cp.argsort(x, axis), failures);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('long 1-D lines (many merge passes), fused producers and strided views', () => {
    const failures: string[] = [];
    const f = input('float32', [1 << 20]);
    const d = input('float64', [300_001]);
    const i = input('int64', [1 << 18]);
    const m = input('float16', [64, 4100]);
    sameOnBoth('f32 2^20', f, (x) => cp.sort(x), failures);
    sameOnBoth('f32 2^20 argsort', f, (x) => cp.argsort(x), failures);
    sameOnBoth('f64 300001 argsort', d, (x) => cp.argsort(x), failures);
    sameOnBoth('i64 2^18 argsort', i, (x) => cp.argsort(x), failures);
    sameOnBoth('f16 rows of 4100', m, (x) => cp.argsort(x), failures);
    sameOnBoth('f16 columns', m, (x) => cp.sort(x, 0), failures);
    sameOnBoth('producer', d, (x) => cp.sort(cp.multiply(cp.abs(x), -1)), failures);
    sameOnBoth('reversed view', i, (x) => cp.argsort(cp.flip(x)), failures);
    sameOnBoth('transposed', m, (x) => cp.argsort(cp.transpose(x)), failures);
    sameOnBoth('median', m, (x) => cp.median(x, 1), failures);
    sameOnBoth('searchsorted', d, (x) => cp.searchsorted(cp.sort(x), cp.flip(x)), failures);
    expect(failures).toEqual([]);
  }, 600_000);

  it('radix paths: every dtype across the on-chip, one-chunk, many-chunk sizes, as the CPU backend', () => {
    const failures: string[] = [];
    for (const dtype of DTYPE_NAMES) {
      // 2560/2561: the float64 radix tile; 4096/4097: the 32-bit one; 70000: many tiles a line.
      for (const shape of [[2561], [4096], [4097], [3, 2600], [2, 20000], [70000], [5, 9000]]) {
        const h = input(dtype, shape);
        const label = `${dtype} ${JSON.stringify(shape)}`;
        sameOnBoth(`sort ${label}`, h, (x) => cp.sort(x), failures);
        sameOnBoth(`argsort ${label}`, h, (x) => cp.argsort(x), failures);
      }
      const wide = randomArray(dtype, [50000], seed++, { special: true });
      sameOnBoth(`sort ${dtype} wide values`, wide, (x) => cp.sort(x), failures);
      sameOnBoth(`argsort ${dtype} wide values`, wide, (x) => cp.argsort(x), failures);
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it('radix at 2^24 and beyond (chunks of several tiles), sorted and reversed input, argsort of argsort', () => {
    const failures: string[] = [];
    const f = input('float32', [(1 << 24) + 3]);
    const i = randomArray('int64', [(1 << 22) + 5], seed++, { special: true });
    sameOnBoth('f32 2^24+3 sort', f, (x) => cp.sort(x), failures);
    sameOnBoth('f32 2^24+3 argsort', f, (x) => cp.argsort(x), failures);
    sameOnBoth('f32 sorted input', f, (x) => cp.argsort(cp.sort(x)), failures);
    sameOnBoth('f32 reversed input', f, (x) => cp.argsort(cp.flip(cp.sort(x))), failures);
    sameOnBoth('i64 2^22 argsort', i, (x) => cp.argsort(x), failures);
    sameOnBoth('i64 argsort of argsort', i, (x) => cp.argsort(cp.argsort(x)), failures);
    sameOnBoth('f16 rows of 2^17', input('float16', [3, 1 << 17]), (x) => cp.sort(x), failures);
    sameOnBoth('bool 2^21', input('bool', [1 << 21]), (x) => cp.argsort(x), failures);
    sameOnBoth('f32 rows of 4096, many lines', input('float32', [4096, 4096]), (x) => cp.argsort(x), failures);
    expect(failures).toEqual([]);
  }, 900_000);
});
