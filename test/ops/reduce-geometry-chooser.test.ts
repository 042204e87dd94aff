// The geometry chooser (src/ir/reduce-geometry.ts) as a pure function: the cases of its table,
// the shapes the benchmarks measured at the bandwidth limit keeping their geometry, and
// invariants over a grid of kept × reduced extents × input layouts.
import { describe, expect, it } from 'vitest';
import {
  CACHED_REUSE, chooseReduceGeometry, readOrder, reduceBlock, reduceGrid, splitSegments, tileCoordinates, walkSize, type ReduceFacts, type ReduceGeometry,
} from '../../src/ir/reduce-geometry.js';

type Layout = 'contiguous' | 'transposed' | 'broadcast' | 'mixed';

/** Facts of a (kept × reduced) reduction of one (or two) 2-D inputs in the given layout. */
function facts(outSize: number, reduceSize: number, layout: Layout, passes = 1, sequential = passes > 1): ReduceFacts {
  const strides: Record<Layout, number[][]> = {
    contiguous: [[reduceSize, 1]], // rows contiguous: the reduced axis is fastest
    transposed: [[1, outSize]], // a transposed view: the kept axis is fastest
    broadcast: [[reduceSize, 1], [0, 1]], // pairwise-style: one operand broadcast along the kept axis
    mixed: [[reduceSize, 1], [1, outSize]], // A - A.T
  };
  return { outSize, reduceSize, nKept: outSize > 0 ? 1 : 0, inputStrides: strides[layout], passes, sequential };
}

const pick = (g: ReduceGeometry) => `${g.kind} ${g.lanes}x${g.outputsPerBlock}`;

describe('chooseReduceGeometry: the table', () => {
  it.each([
    // Measured at the bandwidth limit before the chooser: unchanged.
    ['row sums 16384²', facts(16384, 16384, 'contiguous'), 'block-per-row 512x1'],
    ['column sums 16384²', facts(16384, 16384, 'transposed'), 'column 16x32'],
    ['softmax over rows 8192²', facts(8192, 8192, 'contiguous', 3), 'block-per-row 512x1'],
    ['normalize rows 8192²', facts(8192, 8192, 'contiguous', 3), 'block-per-row 512x1'],
    ['softmax over columns 8192²', facts(8192, 8192, 'transposed', 3), 'column 16x32'],
    ['sum of 2^28', { ...facts(1, 2 ** 28, 'contiguous'), nKept: 0 }, 'split-rows 512x1'],
    ['few long rows (8 × 2^24)', facts(8, 2 ** 24, 'contiguous'), 'split-rows 512x1'],
    // The cliffs.
    ['pairwise distances 4096² × 64', facts(4096 * 4096, 64, 'broadcast'), 'group-per-row 8x32'],
    ['pairwise distances 300 × 200 × 64 (fewer outputs: more lanes)', facts(60000, 64, 'broadcast'), 'group-per-row 8x32'],
    ['rows of 256, 2^20 of them', facts(2 ** 20, 256, 'contiguous'), 'group-per-row 32x8'],
    ['rows of 1000, 16384 of them, one pass', facts(16384, 1000, 'contiguous'), 'group-per-row 32x8'],
    ['rows of 1000, 16384 of them, softmax (read thrice: a block of 8 elements a thread)', facts(16384, 1000, 'contiguous', 3), 'block-per-row 128x1'],
    ['rows of 300, softmax (at least two warps)', facts(2 ** 18, 300, 'contiguous', 3), 'block-per-row 64x1'],
    ['rows of 4096, softmax', facts(2 ** 16, 4096, 'contiguous', 3), 'block-per-row 512x1'],
    // Rows that load in 16-byte vectors hold 4 of them a thread, from one warp (session 24: softmax of
    // 2^20 rows of 300 float32 in 0.65 ms over 32 threads, 0.79 over 64; rows of 257 scalars the other way).
    ['rows of 300 float32 in float4, softmax (4 vectors a thread)', { ...facts(2 ** 20, 300, 'contiguous', 3), rowVectorWidth: 4 }, 'block-per-row 32x1'],
    ['rows of 1000 float32 in float4, softmax', { ...facts(2 ** 18, 1000, 'contiguous', 3), rowVectorWidth: 4 }, 'block-per-row 64x1'],
    ['rows of 4096 float32 in float4, softmax', { ...facts(2 ** 16, 4096, 'contiguous', 3), rowVectorWidth: 4 }, 'block-per-row 256x1'],
    ['rows of 1000 float64 in pairs, softmax (8 elements a thread, as scalars)', { ...facts(2 ** 18, 1000, 'contiguous', 3), rowVectorWidth: 2 }, 'block-per-row 128x1'],
    ['rows of 300 in float4, too few to fill the device with a warp each', { ...facts(1000, 300, 'contiguous', 3), rowVectorWidth: 4 }, 'block-per-row 512x1'],
    ['rows of 1000, one pass, too few for groups: a block of 512', facts(1000, 1000, 'contiguous'), 'block-per-row 512x1'],
    ['100 rows of 1000, softmax (too few rows to fill the device with 128 threads each)', facts(100, 1000, 'contiguous', 3), 'block-per-row 512x1'],
    ['2200 rows of 1000, softmax (enough rows for 128 threads each)', facts(2200, 1000, 'contiguous', 3), 'block-per-row 128x1'],
    ['rows of 1000 of three inputs (not held in registers: read again each pass)', { ...facts(2 ** 18, 1000, 'contiguous', 3), inputStrides: [[1000, 1], [1000, 1], [0, 1]] }, 'block-per-row 512x1'],
    ['rows of 100, softmax', facts(2 ** 16, 100, 'contiguous', 3), 'group-per-row 16x16'],
    ['rows of 8, 2^24 of them', facts(2 ** 24, 8, 'contiguous'), 'thread-per-output 1x256'],
    ['columns of 2^24 × 8 (few columns, long)', facts(8, 2 ** 24, 'transposed'), 'split-columns 64x8'],
    ['columns of 2^20 × 256 (split: blocks read 512-byte rows)', facts(256, 2 ** 20, 'transposed'), 'split-columns 4x128'],
    ['columns of 2^21 × 64 (split: blocks read whole 256-byte rows)', facts(64, 2 ** 21, 'transposed'), 'split-columns 8x64'],
    ['columns of 2^18 × 512 (split)', facts(512, 2 ** 18, 'transposed'), 'split-columns 4x128'],
    ['short columns: 64 × 2^21 (16 elements a lane)', facts(2 ** 21, 64, 'transposed'), 'column 4x128'],
    ['short columns: 8 × 2^24 (a thread per output)', facts(2 ** 24, 8, 'transposed'), 'column 1x512'],
    ['short columns, too few outputs to fill the device with one lane each', facts(8192, 8, 'transposed'), 'column 16x32'],
    ['columns of 512 × 2^18 (at the bandwidth limit: unchanged)', facts(2 ** 18, 512, 'transposed'), 'column 16x32'],
    ['columns of 3000 × 2000', facts(2000, 3000, 'transposed'), 'column 32x16'],
    ['column softmax of 2^20 × 256 (several passes: no split)', facts(256, 2 ** 20, 'transposed', 3), 'column 64x8'],
    ['((A - A.T)**2).sum(-1): a transposed input takes the column order', facts(8192, 8192, 'mixed'), 'column 16x32'],
    ['one output', facts(1, 100, 'transposed'), 'block-per-row 512x1'],
    // Rows read more than once: a 32-byte sector of each row per load (session 21's short-rows
    // study: standardizing rows of 24 float32 over 4 lanes ran at 0.6 of copy, over 8 at 0.88).
    ['rows of 24 float32, standardized', { ...facts(2 ** 22, 24, 'contiguous', 3), inputItemBytes: [4] }, 'group-per-row 8x32'],
    ['rows of 12 float32, standardized', { ...facts(2 ** 23, 12, 'contiguous', 3), inputItemBytes: [4] }, 'group-per-row 8x32'],
    ['rows of 12 float64 (a sector is 4 of them)', { ...facts(2 ** 23, 12, 'contiguous', 3), inputItemBytes: [8] }, 'group-per-row 4x64'],
    ['rows of 24 float16', { ...facts(2 ** 22, 24, 'contiguous', 3), inputItemBytes: [2] }, 'group-per-row 16x16'],
    ['rows of 12 bool (no more lanes than the row needs)', { ...facts(2 ** 23, 12, 'contiguous', 3), inputItemBytes: [1] }, 'group-per-row 16x16'],
    ['rows of 8 float32 keep a thread per output', { ...facts(2 ** 24, 8, 'contiguous', 3), inputItemBytes: [4] }, 'thread-per-output 1x256'],
    ['a broadcast operand: the narrowest unit-stride input decides', { ...facts(2 ** 22, 24, 'broadcast', 3), inputItemBytes: [8, 2] }, 'group-per-row 16x16'],
    ['rows read with a stride: no sector floor', { ...facts(2 ** 22, 24, 'contiguous', 3), inputStrides: [[48, 2]], inputItemBytes: [4] }, 'group-per-row 4x64'],
    ['one-pass sums keep fewer lanes (rows of 12 over 2 lanes: 122 µs, over 8: 279)', { ...facts(2 ** 23, 12, 'contiguous'), inputItemBytes: [4] }, 'group-per-row 2x128'],
  ])('%s', (_, f, want) => {
    expect(pick(chooseReduceGeometry(f))).toBe(want);
  });
});

describe('readOrder', () => {
  it('ignores inputs constant along the reduced dims (a per-row bias)', () => {
    expect(readOrder(1, [[1, 0], [100, 1]])).toBe('row');
    expect(readOrder(1, [[1, 0], [0, 0]])).toBe('column'); // nothing varies along the reduced dim: the first varying input decides
    expect(readOrder(1, [[0, 0], [1, 0]])).toBe('column');
  });
  it('takes the column order when any varying input is fastest along a kept dim', () => {
    expect(readOrder(1, [[100, 1], [1, 100]])).toBe('column');
    expect(readOrder(2, [[0, 1, 64]])).toBe('column');
    expect(readOrder(0, [[1, 100]])).toBe('row');
  });
  it('lets an input that reaches far fewer elements than the largest (read from cache) not vote, given the extents', () => {
    // n-body's forces over (i, c, j) = (4096, 3, 4096): weights w[i, j] stream, positions p[j, c] (4096 x 3) broadcast along i.
    const weights = [4096, 0, 1];
    const positions = [0, 1, 3];
    expect(readOrder(2, [positions, weights])).toBe('column');
    expect(readOrder(2, [positions, weights], [4096, 3, 4096])).toBe('row');
    // Both large: a transposed operand still takes the column order (((A - A.T)**2).sum(0)).
    expect(readOrder(1, [[1, 512], [512, 1]], [512, 512])).toBe('column');
    // The same layout over (n, 3, 100): the positions reach 300 elements, the weights 100 n. At n = 3 * CACHED_REUSE
    // the positions no longer vote; one row fewer, and they still do.
    expect(readOrder(2, [positions, [100, 0, 1]], [3 * CACHED_REUSE, 3, 100])).toBe('row');
    expect(readOrder(2, [positions, [100, 0, 1]], [3 * CACHED_REUSE - 1, 3, 100])).toBe('column');
  });
});

describe('chooseReduceGeometry: invariants over a grid', () => {
  const extents = [0, 1, 2, 7, 8, 9, 31, 32, 33, 100, 256, 257, 1000, 1024, 1025, 4096, 8191, 8192, 100_000, 2 ** 20, 2 ** 24];
  const layouts: Layout[] = ['contiguous', 'transposed', 'broadcast', 'mixed'];
  const grid: Array<[number, number, Layout, number]> = [];
  for (const o of extents) for (const r of extents) for (const l of layouts) for (const p of [1, 3]) grid.push([o, r, l, p]);

  it('blocks of 256 or 512 whole warps (a block per row read more than once: 64-512); groups of ≤ 32 lanes inside a warp; column blocks of 8-512 outputs', () => {
    const bad: string[] = [];
    for (const [o, r, l, p] of grid) {
      const g = chooseReduceGeometry(facts(o, r, l, p));
      const [x, y, z] = reduceBlock(g);
      const threads = x * y * z;
      const cachedRowBlock = g.kind === 'block-per-row' && p > 1 && o > 1;
      const ok = (cachedRowBlock ? [64, 128, 256, 512].includes(threads) : threads === 256 || threads === 512) &&
        Number.isInteger(Math.log2(g.lanes)) &&
        (g.kind === 'group-per-row' || g.kind === 'thread-per-output' ? g.order === 'row' && g.lanes <= 32 && threads === 256 : true) &&
        (g.kind === 'block-per-row' || g.kind === 'split-rows' ? (cachedRowBlock || g.lanes === 512) && g.outputsPerBlock === 1 : true) &&
        (g.order === 'column' ? [8, 16, 32, 64, 128, 256, 512].includes(g.outputsPerBlock) && threads === 512 : true);
      if (!ok) bad.push(`${o}×${r} ${l} p${p}: ${JSON.stringify(g)}`);
    }
    expect(bad).toEqual([]);
  });

  it('splits only single-pass plans, and only few outputs of long reductions', () => {
    const bad: string[] = [];
    for (const [o, r, l, p] of grid) {
      const g = chooseReduceGeometry(facts(o, r, l, p));
      if (g.split && (p > 1 || r < 4096 || o > 4096)) bad.push(`${o}×${r} ${l} p${p}: ${g.kind}`);
    }
    expect(bad).toEqual([]);
  });

  it('rows of at most 1024 (256 when read again) with many outputs never take a whole block per row', () => {
    for (const r of [9, 64, 256, 1000]) {
      expect(chooseReduceGeometry(facts(2 ** 20, r, 'contiguous')).kind).toBe('group-per-row');
    }
    expect(chooseReduceGeometry(facts(2 ** 20, 256, 'contiguous', 3)).kind).toBe('group-per-row');
  });

  it('launches cover every output once', () => {
    for (const [o, r, l] of grid) {
      const g = chooseReduceGeometry(facts(o, r, l));
      const blocks = g.split ? Math.ceil(o / g.outputsPerBlock) : reduceGrid(g, o);
      expect(blocks * g.outputsPerBlock).toBeGreaterThanOrEqual(o);
      expect((blocks - 1) * g.outputsPerBlock).toBeLessThan(Math.max(1, o));
    }
  });
});

describe('splitSegments', () => {
  it('keeps the old split for rows: segments a multiple of 8192 long, ~16 blocks per SM', () => {
    const g = chooseReduceGeometry({ ...facts(1, 2 ** 28, 'contiguous'), nKept: 0 });
    const s = splitSegments(g, 1, 2 ** 28, 132);
    expect(s.segmentLength % 8192).toBe(0);
    expect(s.segments).toBe(Math.ceil(2 ** 28 / s.segmentLength));
    expect(s.segments).toBeGreaterThanOrEqual(132 * 16 * 0.9);
  });
  it('fills the device for a few long columns', () => {
    const g = chooseReduceGeometry(facts(8, 2 ** 24, 'transposed'));
    const s = splitSegments(g, 8, 2 ** 24, 132);
    expect(s.segments * s.segmentLength).toBeGreaterThanOrEqual(2 ** 24);
    expect((s.segments - 1) * s.segmentLength).toBeLessThan(2 ** 24);
    expect(s.segments).toBeGreaterThanOrEqual(1000);
  });
  it('gives one segment to a reduction shorter than one stride', () => {
    const g: ReduceGeometry = { kind: 'split-rows', order: 'row', lanes: 512, outputsPerBlock: 1, split: true, walk: 'linear' };
    expect(splitSegments(g, 3, 100, 132)).toEqual({ segments: 1, segmentLength: 8192 });
  });
});

describe('tiled walks over two reduced dims', () => {
  /** ((A - A.T)**2).sum() over (n, n): A fastest along reduced dim 1, A.T along dim 0. */
  const crossed = (n: number, anyOrder = true, passes = 1): ReduceFacts =>
    ({ outSize: 1, reduceSize: n * n, nKept: 0, inputStrides: [[n, 1], [1, n]], passes, sequential: passes > 1, anyOrder });

  it('walks tiles where two inputs are fastest along different reduced dims', () => {
    expect(chooseReduceGeometry(crossed(300)).walk).toBe('tiles');
    expect(chooseReduceGeometry(crossed(16384)).kind).toBe('split-rows');
    expect(chooseReduceGeometry({ ...crossed(300), outSize: 5000, nKept: 1, inputStrides: [[90000, 300, 1], [90000, 1, 300]] }).walk).toBe('tiles');
  });

  it('keeps the C-order walk where order matters or the inputs agree', () => {
    expect(chooseReduceGeometry(crossed(300, false)).walk).toBe('linear'); // argmax, random draws, row outputs
    expect(chooseReduceGeometry(crossed(300, true, 2)).walk).toBe('linear');
    expect(chooseReduceGeometry({ ...crossed(300), inputStrides: [[300, 1], [300, 1]] }).walk).toBe('linear');
    expect(chooseReduceGeometry({ ...crossed(300), inputStrides: [[300, 1], [0, 0]] }).walk).toBe('linear');
  });

  it.each([[1, 1], [1, 40], [40, 1], [31, 33], [64, 64], [70, 5], [100, 100]])('visits each element of (%i, %i) once', (d0, d1) => {
    const g = chooseReduceGeometry({ ...crossed(1), reduceSize: d0 * d1, inputStrides: [[d1, 1], [1, d0]] });
    const steps = walkSize({ ...g, walk: 'tiles' }, [d0, d1], d0 * d1);
    expect(steps % 1024).toBe(0);
    const seen = new Set<number>();
    for (let r = 0; r < steps; r++) {
      const c = tileCoordinates(r, d0, d1);
      if (c) {
        expect(seen.has(c[0] * d1 + c[1])).toBe(false);
        seen.add(c[0] * d1 + c[1]);
      }
    }
    expect(seen.size).toBe(d0 * d1);
  });

  it('has 32 consecutive steps read one tile row (a warp reads whole lines of either input)', () => {
    // (100, 100): 4 × 4 tiles. Tile 5 is tiles-row 1, tiles-column 1; its row 2 starts at step 5 * 1024 + 64.
    for (let k = 0; k < 32; k++) expect(tileCoordinates(5 * 1024 + 64 + k, 100, 100)).toEqual([32 + 2, 32 + k]);
    // Tile 3 is the last column of tiles: columns 96…99, then padding.
    for (let k = 0; k < 32; k++) expect(tileCoordinates(3 * 1024 + 64 + k, 100, 100)).toEqual(k < 4 ? [2, 96 + k] : null);
  });
});
