// The scan geometry chooser (ir/scan-geometry.ts) is a pure function of lines × length and of
// which dimension the arrays walk with unit stride: its choices over a grid of shapes and axes,
// the launch it implies (grid, tiles per line, status buffer), and what planScan reads of real
// layouts (contiguous, transposed, strided, broadcast, 3-D middle axis).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import {
  ROW_SHARED_SCAN_LINES, chooseScanGeometry, LONG_LINE, SCAN_BLOCK, scanLaunch, statusBytes, WALK_LINES, type ScanGeometry, type ScanShape,
} from '../../src/ir/scan-geometry.js';
import type { ScanPlan } from '../../src/ir/scan-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice } from '../helpers/arrays.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

/** A C-contiguous (rows × cols) float32 array scanned along `axis`, as the plan describes it. */
function contiguous2d(rows: number, cols: number, axis: 0 | 1, computeBytes = 4): ScanShape {
  const along = axis === 1;
  return { lines: along ? rows : cols, length: along ? cols : rows, computeBytes, axisUnitBytes: along ? 8 : 0, lineUnitBytes: along ? 0 : 8 };
}

describe('chooseScanGeometry over a grid of shapes', () => {
  const sizes = [1, 2, 3, 4, 5, 31, 32, 33, 100, 1000, 2047, 2048, 4096, 65536, 2 ** 20];
  for (const rows of sizes) {
    for (const cols of sizes) {
      if (rows * cols > 2 ** 28) continue;
      for (const axis of [0, 1] as const) {
        const s = contiguous2d(rows, cols, axis);
        it(`(${rows}, ${cols}) axis ${axis}`, () => {
          const g = chooseScanGeometry(s);
          if (s.length <= 1) expect(g.kind).toBe('thread');
          else if (axis === 0 && s.lines >= WALK_LINES) expect(g.kind).toBe('thread');
          else if (axis === 0 && s.lines >= 32) expect(g.kind).toBe('columns');
          else if (s.length >= LONG_LINE) expect(g.kind).toBe('rows');
          else if (axis === 0 || s.length <= 4) expect(g.kind).toBe('thread');
          else expect(g.kind).toBe('warp');
          if (g.kind === 'warp') {
            expect(g.group * g.items).toBeGreaterThanOrEqual(Math.min(s.length, 32 * g.items));
            expect(g.group).toBeLessThanOrEqual(32);
          }
          if (g.kind === 'columns') {
            expect(g.lanes * g.segments).toBe(SCAN_BLOCK);
            expect(g.lanes).toBeGreaterThanOrEqual(32);
          }
          const launch = scanLaunch(g, s.lines, s.length, 4);
          expect(launch.grid).toBeGreaterThanOrEqual(1);
          expect(launch.grid).toBeLessThan(2 ** 31);
          expect(launch.block).toBe(SCAN_BLOCK);
          expect(launch.statusBytes > 0).toBe(launch.chunks > 1);
        });
      }
    }
  }
});

describe('chooseScanGeometry details', () => {
  it('row tiles hold 16 items of 4-byte compute types and 8 of 8-byte ones (16 KiB)', () => {
    expect(chooseScanGeometry(contiguous2d(1, 2 ** 20, 1, 4))).toEqual({ kind: 'rows', items: 16, group: 32, shared: true });
    expect(chooseScanGeometry(contiguous2d(1, 2 ** 20, 1, 8))).toEqual({ kind: 'rows', items: 8, group: 32, shared: true });
  });
  it(`rows keep their items in shared memory below ${ROW_SHARED_SCAN_LINES} lines, in registers from there on`, () => {
    expect(chooseScanGeometry(contiguous2d(ROW_SHARED_SCAN_LINES - 1, 2 ** 16, 1))).toMatchObject({ kind: 'rows', shared: true });
    expect(chooseScanGeometry(contiguous2d(ROW_SHARED_SCAN_LINES, 2 ** 16, 1))).toMatchObject({ kind: 'rows', shared: false });
    expect(chooseScanGeometry(contiguous2d(256, 2 ** 20, 1))).toMatchObject({ kind: 'rows', shared: false });
  });
  it('column tiles cover a short axis with fewer segments and more lanes', () => {
    expect(chooseScanGeometry(contiguous2d(20, 4096, 0))).toEqual({ kind: 'columns', lanes: 256, segments: 1, items: 32, group: 8 });
    expect(chooseScanGeometry(contiguous2d(60, 4000, 0))).toEqual({ kind: 'columns', lanes: 128, segments: 2, items: 32, group: 8 });
    expect(chooseScanGeometry(contiguous2d(70, 4000, 0))).toEqual({ kind: 'columns', lanes: 64, segments: 4, items: 32, group: 8 });
    expect(chooseScanGeometry(contiguous2d(4096, 4000, 0))).toEqual({ kind: 'columns', lanes: 32, segments: 8, items: 32, group: 8 });
    expect(chooseScanGeometry(contiguous2d(4096, 4000, 0, 8))).toEqual({ kind: 'columns', lanes: 32, segments: 8, items: 16, group: 8 });
    // From 4096 lines on, tiles are 64 lines wide.
    expect(chooseScanGeometry(contiguous2d(40, 4096, 0))).toEqual({ kind: 'columns', lanes: 128, segments: 2, items: 32, group: 8 });
    expect(chooseScanGeometry(contiguous2d(4096, 4096, 0))).toEqual({ kind: 'columns', lanes: 64, segments: 4, items: 32, group: 8 });
  });
  it('the grid benchmark\'s float32 scans: 16 KiB row tiles (65536 for 2^28 elements), 32 KiB column tiles, or a thread per column', () => {
    const rows = chooseScanGeometry(contiguous2d(1, 2 ** 28, 1));
    expect(scanLaunch(rows, 1, 2 ** 28, 4)).toMatchObject({ grid: 65536, chunks: 65536, statuses: 65536 + 2048 });
    const tall = chooseScanGeometry(contiguous2d(2 ** 20, 256, 0));
    expect(tall).toEqual({ kind: 'columns', lanes: 32, segments: 8, items: 32, group: 8 });
    expect(scanLaunch(tall, 256, 2 ** 20, 4)).toMatchObject({ grid: 32768, chunks: 4096 });
    const square = chooseScanGeometry(contiguous2d(2 ** 14, 2 ** 14, 0));
    expect(square).toEqual({ kind: 'columns', lanes: 64, segments: 4, items: 32, group: 8 });
    expect(scanLaunch(square, 2 ** 14, 2 ** 14, 4)).toMatchObject({ grid: 32768, chunks: 128 });
    expect(chooseScanGeometry(contiguous2d(256, 2 ** 20, 0))).toEqual({ kind: 'thread' });
    expect(scanLaunch({ kind: 'thread' }, 2 ** 20, 256, 4)).toMatchObject({ grid: 4096, chunks: 1, statusBytes: 0 });
  });
  it('a scan down an outer axis with lines enough to fill the device walks each line in one thread', () => {
    expect(chooseScanGeometry(contiguous2d(256, 2 ** 20, 0))).toEqual({ kind: 'thread' });
    expect(chooseScanGeometry(contiguous2d(2 ** 14, WALK_LINES, 0))).toEqual({ kind: 'thread' });
    expect(chooseScanGeometry(contiguous2d(2 ** 14, WALK_LINES - 1, 0)).kind).toBe('columns');
  });
  it('a lane group per short line: the smallest power of two whose lanes hold the line in 4 items each', () => {
    expect(chooseScanGeometry(contiguous2d(1000, 5, 1))).toEqual({ kind: 'warp', group: 2, items: 4 });
    expect(chooseScanGeometry(contiguous2d(1000, 64, 1))).toEqual({ kind: 'warp', group: 16, items: 4 });
    expect(chooseScanGeometry(contiguous2d(1000, 2000, 1))).toEqual({ kind: 'warp', group: 32, items: 4 });
  });
  it('fewer than 32 adjacent long lines are scanned as rows (strided loads), short ones a thread each', () => {
    expect(chooseScanGeometry(contiguous2d(2 ** 20, 3, 0)).kind).toBe('rows');
    expect(chooseScanGeometry(contiguous2d(1000, 3, 0)).kind).toBe('thread');
  });
  it('the layout that most bytes walk with unit stride decides', () => {
    const base = { lines: 1000, length: 1000, computeBytes: 4 };
    expect(chooseScanGeometry({ ...base, axisUnitBytes: 4, lineUnitBytes: 8 }).kind).toBe('columns');
    expect(chooseScanGeometry({ ...base, axisUnitBytes: 8, lineUnitBytes: 4 }).kind).toBe('warp');
    expect(chooseScanGeometry({ ...base, axisUnitBytes: 4, lineUnitBytes: 4 }).kind).toBe('warp');
  });
  it('empty scans and lines of one element take the one-thread path', () => {
    for (const [lines, length] of [[0, 5], [5, 0], [7, 1], [0, 0]]) {
      expect(chooseScanGeometry({ lines, length, computeBytes: 4, axisUnitBytes: 8, lineUnitBytes: 0 }).kind).toBe('thread');
    }
  });
});

describe('scanLaunch and the status buffer', () => {
  it('rows: one tile per 256 × items elements of each line; statuses (tiles and groups) only where lines have several tiles', () => {
    const g: ScanGeometry = { kind: 'rows', items: 16, group: 32, shared: true };
    // (The launch follows whatever the geometry says.)
    // A status per tile and per group of 32 tiles.
    expect(scanLaunch(g, 1, 2 ** 28, 4)).toEqual({ grid: 65536, block: 256, chunks: 65536, statuses: 65536 + 2048, statusBytes: 8 + (65536 + 2048) * 8 });
    expect(scanLaunch(g, 3, 33 * 4096, 4).statuses).toBe(3 * (33 + 2));
    expect(scanLaunch(g, 10, 4096, 4)).toEqual({ grid: 10, block: 256, chunks: 1, statuses: 0, statusBytes: 0 });
    expect(scanLaunch(g, 10, 4097, 4).grid).toBe(20);
  });
  it('columns: a status per tile and lane, and per group of 8 tiles and lane', () => {
    const g: ScanGeometry = { kind: 'columns', lanes: 32, segments: 8, items: 16, group: 8 };
    expect(scanLaunch(g, 100, 1000, 4)).toEqual({ grid: 4 * 8, block: 256, chunks: 8, statuses: 4 * 9 * 32, statusBytes: 8 + 4 * 9 * 32 * 8 });
    expect(scanLaunch(g, 100, 1100, 4).statuses).toBe(4 * (9 + 2) * 32);
  });
  it('8-byte compute types keep flags, aggregates and prefixes in three arrays', () => {
    // counter and flags rounded to 16 bytes (the value arrays of complex128 start aligned), then aggregates and prefixes
    expect(statusBytes(3, 8)).toBe(32 + 3 * 16);
    expect(statusBytes(4, 16)).toBe(32 + 4 * 32);
    expect(statusBytes(5, 8)).toBe(32 + 5 * 16);
    expect(statusBytes(4, 4)).toBe(8 + 4 * 8);
    expect(statusBytes(0, 8)).toBe(0);
  });
  it('warp and thread launches cover every line', () => {
    expect(scanLaunch({ kind: 'warp', group: 8, items: 4 }, 1000, 30, 4).grid).toBe(Math.ceil(8000 / 256));
    expect(scanLaunch({ kind: 'thread' }, 1000, 3, 4).grid).toBe(4);
  });
});

describe('planScan reads the layout of real arrays', () => {
  const planOf = (a: cp.NDArray): ScanPlan => {
    const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'scan');
    if (!plan || plan.kind !== 'scan') throw new Error('no scan plan');
    return plan;
  };
  const x = toDevice(randomArray('float32', [3000, 200], 1));
  const cases: Array<[string, () => cp.NDArray, ScanGeometry['kind']]> = [
    ['contiguous rows', () => cp.cumsum(x, { axis: 1 }), 'warp'],
    ['contiguous columns', () => cp.cumsum(x, { axis: 0 }), 'columns'],
    ['transposed input along its rows: input reads columns, output writes rows (tie: rows)', () => cp.cumsum(x.T, { axis: 1 }), 'rows'],
    ['transposed input along its columns: input reads the axis, output writes lines (tie: the axis)', () => cp.cumsum(x.T, { axis: 0 }), 'warp'],
    ['transposed float64 input along its columns: the input has more bytes', () => cp.cumsum(x.astype('float64').T, { axis: 0, dtype: 'float32' }), 'warp'],
    ['transposed float32 input scanned as float64 along its columns: the output has more bytes', () => cp.cumsum(x.T, { axis: 0, dtype: 'float64' }), 'columns'],
    ['3-D middle axis', () => cp.cumsum(toDevice(randomArray('float64', [4, 3000, 50], 2)), { axis: 1 }), 'columns'],
    ['3-D last axis', () => cp.cumsum(toDevice(randomArray('float64', [4, 3000, 50], 2)), { axis: 2 }), 'warp'],
    ['flattened (axis=None)', () => cp.cumsum(x), 'rows'],
    ['a column scan of a broadcast row', () => cp.cumsum(cp.broadcast_to(toDevice(randomArray('float32', [1, 64], 3)), [5000, 64]), { axis: 0 }), 'columns'],
  ];
  cases.forEach(([label, make, kind]) => it(label, () => {
    const plan = planOf(make());
    expect(plan.geometry.kind).toBe(kind);
    expect(plan.key).toContain(`|${plan.geometry.kind[0]}`);
    expect(plan.name).toContain(`_${plan.geometry.kind}_`);
  }));
});
