// The radix sort's plans and kernels (src/ir/sort-plan.ts, src/codegen/sort-radix-cuda.ts): which
// strategy a line length takes, the geometry (passes by dtype, tiles that fit shared memory,
// chunks per line), and every radix kernel of every dtype, sort and argsort, on-chip and through
// global memory, with producers and strided views, compiles with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { bitonicBlock, radixGeometry, SORT_TILE_MAX, sortGrid, type SortPlan } from '../../src/ir/sort-plan.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { RADIX_TUNING, RADIX_TUNING_DEFAULTS, readRadixTuning } from '../../src/ir/radix-tuning.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { DTYPE_NAMES } from '../helpers/numpy-oracle.js';

function sortPlan(a: cp.NDArray): SortPlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!plan || plan.kind !== 'sort') throw new Error('no sort plan');
  return plan;
}

describe('radix sort plans', () => {
  it('strategy by line length: bitonic, radix in shared memory, radix through global memory', () => {
    const strategy = (n: number, dtype: cp.DTypeName = 'float32') => sortPlan(cp.sort(cp.zeros([n], { dtype }))).strategy;
    // The network up to the tuning's bitonicMax (512 by default: the H100's rows of 1024 and 2048 sorted faster by radix on chip).
    expect(RADIX_TUNING.bitonicMax).toBe(512);
    expect(strategy(RADIX_TUNING.bitonicMax)).toBe('bitonic');
    expect(strategy(RADIX_TUNING.bitonicMax + 1)).toBe('radix-tile');
    expect(strategy(SORT_TILE_MAX)).toBe('radix-tile');
    // On chip up to the pairs' words a thread (keys alone take fewer in the passes over memory).
    const onChip = { float32: RADIX_TUNING.threads * RADIX_TUNING.items, float64: RADIX_TUNING.threads * Math.ceil(RADIX_TUNING.items / 2) };
    expect(onChip).toEqual({ float32: 8064, float64: 4224 });
    expect(strategy(onChip.float32)).toBe('radix-tile');
    expect(strategy(onChip.float32 + 1)).toBe('radix');
    expect(strategy(onChip.float64, 'float64')).toBe('radix-tile');
    expect(strategy(onChip.float64 + 1, 'float64')).toBe('radix');
    expect(sortPlan(cp.sort(cp.zeros([3, 5000]), 0)).strategy).toBe('bitonic');
  });

  it('bitonic blocks: at least 256 threads, several short tiles a block, and the grid that covers them', () => {
    expect([32, 64, 128, 256, 512, 1024, 2048].map(bitonicBlock)).toEqual([
      { threads: 256, tiles: 16 }, { threads: 256, tiles: 8 }, { threads: 256, tiles: 4 }, { threads: 256, tiles: 2 },
      { threads: 256, tiles: 1 }, { threads: 512, tiles: 1 }, { threads: 512, tiles: 1 },
    ]);
    const grid = (shape: number[]) => sortGrid(sortPlan(cp.sort(cp.zeros(shape), -1)));
    expect(grid([1000, 50])).toBe(125); // tiles of 64, 8 a block
    expect(grid([1001, 50])).toBe(126); // the last block's last 7 tiles empty
    expect(grid([7, 3])).toBe(1); // tiles of 32, 16 a block
    expect(grid([1000, 300])).toBe(1000); // tiles of 512, one a block
  });

  it('passes by dtype, tiles within shared memory, at most 4096 chunks a line', () => {
    const passes = Object.fromEntries(DTYPE_NAMES.map((d) => [d, radixGeometry(DTYPES[d], 'values', 1 << 20).passes]));
    expect(passes).toMatchObject({ bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, float16: 3, int32: 4, float32: 4, int64: 8, uint64: 8, float64: 8 });
    for (const d of DTYPE_NAMES) {
      for (const output of ['values', 'indices'] as const) {
        const g = radixGeometry(DTYPES[d], output, 2 ** 28);
        // Keys and payloads take turns in one shared buffer.
        expect(g.tile * Math.max(g.keyBytes, g.payloadBytes)).toBeLessThanOrEqual(44 * 1024);
        expect(g.tile).toBe(g.threads * g.items);
        expect(g.chunks).toBeLessThanOrEqual(4096);
        expect(g.chunks * g.chunkTiles * g.tile).toBeGreaterThanOrEqual(2 ** 28);
      }
    }
    // A sort carries its keys alone (floats their bits), argsort the positions with them.
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28)).toMatchObject({ payloadBytes: 0, keyBytes: 4 });
    expect(radixGeometry(DTYPES.float64, 'values', 2 ** 27)).toMatchObject({ payloadBytes: 0, keyBytes: 8 });
    expect(radixGeometry(DTYPES.float32, 'indices', 2 ** 28)).toMatchObject({ payloadBytes: 4 });
    // The digit cache: by default (null), on for sorts of 4-byte keys alone (its GPU tests passed in session 45).
    expect(RADIX_TUNING_DEFAULTS.digitCache).toBe(null);
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28)).toMatchObject({ digitCache: true });
    expect(radixGeometry(DTYPES.float64, 'values', 2 ** 27)).toMatchObject({ digitCache: false });
    const auto = { ...RADIX_TUNING_DEFAULTS, digitCache: null };
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28, auto)).toMatchObject({ digitCache: true });
    expect(radixGeometry(DTYPES.int32, 'values', 2 ** 28, auto)).toMatchObject({ digitCache: true });
    expect(radixGeometry(DTYPES.float32, 'indices', 2 ** 28, auto)).toMatchObject({ digitCache: false });
    expect(radixGeometry(DTYPES.int64, 'values', 2 ** 27, auto)).toMatchObject({ digitCache: false });
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28, readRadixTuning({ CUPYTS_RADIX_DIGIT_CACHE: '0' }))).toMatchObject({ digitCache: false });
    expect(radixGeometry(DTYPES.int64, 'values', 2 ** 27, readRadixTuning({ CUPYTS_RADIX_DIGIT_CACHE: '1' }))).toMatchObject({ digitCache: true });
  });

  it('tunables: defaults, environment overrides, bad values ignored; a line of one tile takes the fewest items', () => {
    expect(readRadixTuning({})).toEqual(RADIX_TUNING_DEFAULTS);
    const t = readRadixTuning({ CUPYTS_RADIX_THREADS: '256', CUPYTS_RADIX_ITEMS: '15', CUPYTS_RADIX_HISTOGRAM_ITEMS: '4', CUPYTS_RADIX_HISTOGRAM_MATCH: '1',
      CUPYTS_RADIX_PEERS_MATCH: '1', CUPYTS_RADIX_DIGIT_CACHE: '1', CUPYTS_RADIX_MIN_BLOCKS: '2', CUPYTS_RADIX_KEYS_ITEMS: '12', CUPYTS_RADIX_KEYS_MIN_BLOCKS: '4', CUPYTS_SORT_BITONIC_MAX: '512' });
    expect(t).toEqual({ threads: 256, items: 15, histogramItems: 4, histogramMatch: true, peersMatch: true, digitCache: true, minBlocks: 2, keysItems: 12, keysMinBlocks: 4, bitonicMax: 512 });
    // Keys alone take keysItems and keysMinBlocks; with a payload, items (four fifths of them for 4-byte keys) and minBlocks.
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28, t)).toMatchObject({ items: 12, minBlocks: 4 });
    expect(radixGeometry(DTYPES.float32, 'indices', 2 ** 28, t)).toMatchObject({ items: 12, minBlocks: 2 });
    expect(radixGeometry(DTYPES.int64, 'indices', 2 ** 28, t)).toMatchObject({ items: 8, minBlocks: 2 });
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28)).toMatchObject({ threads: 384, items: 18, minBlocks: 3 });
    expect(radixGeometry(DTYPES.float32, 'indices', 2 ** 28)).toMatchObject({ threads: 384, items: 17, minBlocks: 2 });
    // Keys alone sort on chip up to the pairs' words (21: 8,064 4-byte keys, 4,224 8-byte ones), at the
    // pairs' 2 blocks an SM where a line needs more than their own 18 (9 for 8-byte keys).
    expect(radixGeometry(DTYPES.float64, 'values', 4096)).toMatchObject({ items: 11, tile: 4224, minBlocks: 2 });
    expect(radixGeometry(DTYPES.float32, 'values', 8000)).toMatchObject({ items: 21, tile: 8064, minBlocks: 2 });
    expect(radixGeometry(DTYPES.float32, 'values', 4096)).toMatchObject({ items: 11, minBlocks: 3 });
    expect(radixGeometry(DTYPES.float32, 'values', 9000)).toMatchObject({ items: 18, tile: 6912, minBlocks: 3 });
    expect(radixGeometry(DTYPES.float64, 'values', 5000)).toMatchObject({ items: 9, minBlocks: 3 });
    expect(readRadixTuning({ CUPYTS_RADIX_THREADS: '300', CUPYTS_RADIX_ITEMS: 'x', CUPYTS_SORT_BITONIC_MAX: '1000' })).toEqual(RADIX_TUNING_DEFAULTS);
    // 768 threads an SM unless told.
    expect(readRadixTuning({ CUPYTS_RADIX_THREADS: '256' }).minBlocks).toBe(3);
    expect(readRadixTuning({ CUPYTS_RADIX_THREADS: '512' }).minBlocks).toBe(1);
    // 1,152 for keys alone.
    expect(readRadixTuning({ CUPYTS_RADIX_THREADS: '256' }).keysMinBlocks).toBe(4);
    expect(readRadixTuning({ CUPYTS_RADIX_THREADS: '512' }).keysMinBlocks).toBe(2);
    expect(radixGeometry(DTYPES.float32, 'values', 2 ** 28, t)).toMatchObject({ threads: 256, items: 12, tile: 3072, histogramItems: 4 });
    expect(radixGeometry(DTYPES.int64, 'values', 2 ** 28, t)).toMatchObject({ items: 6 });
    // Shared memory caps the items: 44 KiB of 512 threads' 8-byte keys is 11 a thread.
    expect(radixGeometry(DTYPES.float64, 'values', 2 ** 28, { ...t, threads: 512, keysItems: 32 }).items).toBe(11);
    expect(radixGeometry(DTYPES.float32, 'values', 3000, t)).toMatchObject({ items: 12, tile: 3072 });
    expect(radixGeometry(DTYPES.float32, 'values', 2100, t)).toMatchObject({ items: 9, tile: 2304 });
  });
});

describe.skipIf(!HAS_NVRTC)('radix kernels compile with NVRTC 11.8', () => {
  it('every dtype, sort and argsort, both radix strategies, producers and views', () => {
    const sources: string[] = [];
    const add = (a: cp.NDArray) => {
      const plan = sortPlan(a);
      expect(plan.strategy.startsWith('radix')).toBe(true);
      sources.push(generateCudaPlan(plan).source);
    };
    for (const dtype of DTYPE_NAMES) {
      for (const n of [3000, 100_000]) {
        const x = cp.zeros([2, n], { dtype });
        add(cp.sort(x));
        add(cp.argsort(x));
      }
    }
    const f = cp.zeros([50, 9000], { dtype: 'float32' });
    add(cp.sort(cp.abs(f).mul(2), -1));
    add(cp.argsort(cp.transpose(cp.zeros([9000, 3], { dtype: 'float16' })), -1));
    add(cp.sort(cp.flip(cp.zeros([20000], { dtype: 'int64' }))));
    expect(compileAll(sources).kernels).toBe(sources.length);
  }, 600_000);
});
