// The launches of a device-wide radix sort (src/api/cuda-radix-launch.ts) against a recording
// stand-in for the device and the module: the one scratch buffer's regions (statuses, digit
// totals, tile counters, then the ping-pong pairs) are disjoint, aligned and inside the buffer;
// the memset zeroes exactly the first three; each pass reads the pair the pass before wrote; the
// buffer is freed after the launches. No GPU needed: the kernels are not run (the emulated sort
// tests run them, test/ops/sort-emulated.test.ts; the device tests, test/gpu/sort-device.test.ts).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { launchRadixSort } from '../../src/api/cuda-radix-launch.js';
import { generateCudaRadix } from '../../src/codegen/sort-radix-cuda.js';
import type { SortPlan } from '../../src/ir/sort-plan.js';
import type { CudaBuffer } from '../../src/runtime/cuda-buffer.js';
import type { CudaDevice } from '../../src/runtime/cuda-device.js';
import type { CudaModule } from '../../src/runtime/cuda-module.js';

function sortPlan(a: cp.NDArray): SortPlan {
  const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
  if (!plan || plan.kind !== 'sort') throw new Error('no sort plan');
  return plan;
}

interface Recorded {
  allocs: Array<{ ptr: number; bytes: number; disposed: boolean }>;
  memsets: Array<{ ptr: number; value: number; bytes: number }>;
  launches: Array<{ name: string; grid: number; args: Map<string, number> }>;
}

/** Runs launchRadixSort on stand-ins; each launch's pointer and integer arguments by parameter kind. */
function record(plan: SortPlan): Recorded {
  const gen = generateCudaRadix(plan);
  const rec: Recorded = { allocs: [], memsets: [], launches: [] };
  let next = 1 << 20;
  const device = {
    stream: 0,
    info: { multiprocessors: 4 },
    alloc(bytes: number) {
      const entry = { ptr: next, bytes, disposed: false };
      next += bytes + (1 << 20);
      rec.allocs.push(entry);
      return { ptr: entry.ptr, dispose: () => { entry.disposed = true; } };
    },
    addon: { memsetD8: (ptr: number, value: number, bytes: number) => rec.memsets.push({ ptr, value, bytes }) },
  } as unknown as CudaDevice;
  const module = {
    kernel: (name: string) => ({
      launch: (grid: number, _threads: number, _types: string, values: Array<number | bigint>) => {
        const args = new Map<string, number>();
        gen.params.forEach((p, k) => {
          if (['keysIn', 'positionsIn', 'keysOut', 'positionsOut', 'status', 'totals', 'tileCounter', 'shift'].includes(p.kind)) args.set(p.kind, Number(values[k]));
        });
        rec.launches.push({ name, grid, args });
      },
    }),
  } as unknown as CudaModule;
  const output = { ptr: 7 } as unknown as CudaBuffer;
  launchRadixSort(device, plan, gen, module, output);
  return rec;
}

describe('radix sort launches: one scratch buffer', () => {
  const cases: Array<[string, () => cp.NDArray]> = [
    ['sort float32, 1-D', () => cp.sort(cp.zeros([100_000], { dtype: 'float32' }))],
    ['argsort float32, 1-D (payloads)', () => cp.argsort(cp.zeros([100_000], { dtype: 'float32' }))],
    ['argsort int64 rows (8 passes)', () => cp.argsort(cp.zeros([3, 40_000], { dtype: 'int64' }), -1)],
    ['sort uint8 (one pass, no pairs)', () => cp.sort(cp.zeros([100_000], { dtype: 'uint8' }))],
  ];
  for (const [label, build] of cases) {
    it(label, () => {
      const plan = sortPlan(build());
      expect(plan.strategy).toBe('radix');
      const { radix } = plan;
      const rec = record(plan);
      expect(rec.allocs).toHaveLength(1);
      const [buffer] = rec.allocs;
      expect(buffer.disposed).toBe(true);
      const total = plan.lines * plan.length;
      const tiles = plan.lines * Math.ceil(plan.length / radix.tile);
      const [histogram, ...passes] = rec.launches;
      expect(histogram.name).toMatch(/_histogram$/);
      expect(passes.map((p) => p.args.get('shift'))).toEqual(Array.from({ length: radix.passes }, (_, p) => 8 * p));
      const first = passes[0].args;
      const status = first.get('status')!;
      const totals = first.get('totals')!;
      const counter = first.get('tileCounter')!;
      expect(histogram.args.get('totals')).toBe(totals);
      // [start, bytes] of each region; pairs only where a sort has more than one pass (and payloads only for argsort).
      const regions: Array<[string, number, number]> = [
        ['status', status, tiles * 256 * 8], ['totals', totals, plan.lines * radix.passes * 256 * 4], ['tileCounter', counter, radix.passes * 4],
      ];
      if (radix.passes > 1) {
        const pairs = new Set<number>();
        for (const p of passes) {
          for (const k of ['keysIn', 'keysOut'] as const) pairs.add(p.args.get(k)!);
        }
        expect(pairs.size).toBe(2);
        for (const ptr of pairs) regions.push(['keys', ptr, total * radix.keyBytes]);
        if (radix.payloadBytes > 0) {
          const payloads = new Set(passes.flatMap((p) => [p.args.get('positionsIn')!, p.args.get('positionsOut')!]));
          expect(payloads.size).toBe(2);
          for (const ptr of payloads) regions.push(['payloads', ptr, total * radix.payloadBytes]);
        } else {
          expect(passes.every((p) => p.args.get('positionsIn') === 0 && p.args.get('positionsOut') === 0)).toBe(true);
        }
        // Each pass reads what the pass before wrote.
        for (let p = 1; p < passes.length; p++) {
          expect(passes[p].args.get('keysIn')).toBe(passes[p - 1].args.get('keysOut'));
          expect(passes[p].args.get('positionsIn')).toBe(passes[p - 1].args.get('positionsOut'));
        }
      } else {
        expect(first.get('keysIn')).toBe(0);
        expect(first.get('keysOut')).toBe(0);
      }
      // Inside the buffer, aligned to 256 bytes, disjoint.
      for (const [name, start, bytes] of regions) {
        expect({ name, aligned: (start - buffer.ptr) % 256 }).toEqual({ name, aligned: 0 });
        expect(start).toBeGreaterThanOrEqual(buffer.ptr);
        expect(start + bytes).toBeLessThanOrEqual(buffer.ptr + buffer.bytes);
      }
      const sorted = [...regions].sort((a, b) => a[1] - b[1]);
      for (let k = 1; k < sorted.length; k++) expect(sorted[k][1]).toBeGreaterThanOrEqual(sorted[k - 1][1] + sorted[k - 1][2]);
      // One memset: zero from the buffer's start over the statuses, totals and counters, and not into the pairs.
      expect(rec.memsets).toHaveLength(1);
      const [memset] = rec.memsets;
      expect(memset.ptr).toBe(buffer.ptr);
      expect(memset.value).toBe(0);
      expect(memset.ptr + memset.bytes).toBeGreaterThanOrEqual(counter + radix.passes * 4);
      const pairStarts = regions.filter(([name]) => name === 'keys' || name === 'payloads').map(([, start]) => start);
      for (const start of pairStarts) expect(memset.ptr + memset.bytes).toBeLessThanOrEqual(start);
    });
  }
});
