// The grid benchmark's scripts without a GPU: bench/grid.mjs and bench/peers_grid.py list the same
// cells (ids, shapes, bytes) at every scale, and bench/summarize-grid.mjs flags the cells that miss
// issue 16's targets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const PYTHON = process.env.PYTHON ?? 'python3';

interface Cell { id: string; family: string; program: string; shape: number[]; axis: number | null; bytes: number }

function plan(cmd: string, script: string, args: string[]): Cell[] {
  const out = execFileSync(cmd, [script, '--dry-run', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as { cells: Cell[] }).cells;
}

describe('bench/grid.mjs and bench/peers_grid.py', () => {
  for (const args of [[], ['--scale-log2', '-12'], ['--scale-log2', '-7', '--only', 'reductions,multi_stat']]) {
    it(`list the same cells (${args.join(' ') || 'full size'})`, () => {
      const ours = plan(process.execPath, 'bench/grid.mjs', args);
      const peers = plan(PYTHON, 'bench/peers_grid.py', args);
      expect(ours.length).toBeGreaterThan(0);
      expect(peers).toEqual(ours);
      expect(new Set(ours.map((c) => c.id)).size).toBe(ours.length);
    });
  }

  it('scale every cell to about 2^S of its elements, keeping its id', () => {
    const full = plan(process.execPath, 'bench/grid.mjs', []);
    const small = plan(process.execPath, 'bench/grid.mjs', ['--scale-log2', '-12']);
    expect(small.map((c) => c.id)).toEqual(full.map((c) => c.id));
    for (const [i, c] of small.entries()) {
      const ratio = full[i].shape.reduce((a, b) => a * b, 1) / c.shape.reduce((a, b) => a * b, 1);
      expect(ratio).toBe(2 ** 12);
    }
    expect(full.find((c) => c.id === 'sum 2^24x8 axis=0')?.bytes).toBe((2 ** 27 + 8) * 4);
  });
});

describe('bench/summarize-grid.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-grid-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const MiB = 2 ** 20;
  const meta = (family: string, bytes: number) => ({ family, program: 'sum', shape: [8, 8], axis: 0, bytes });
  const cupyts = {
    kind: 'grid', impl: 'cupyts', device: 'fake', scale_log2: 0, date: 'today', copy_gbps: 1000,
    cells: {
      // 512 MiB in 0.5 ms: 1073.7 GB/s, above copy; faster than every peer.
      fast: { ...meta('reductions', 512 * MiB), results: { cupyts: { median_ms: 0.5, kernels: 1, ok: true } } },
      // 512 MiB in 1 ms: 0.537 of copy; slower than eager torch.
      slow: { ...meta('reductions', 512 * MiB), results: { cupyts: { median_ms: 1, kernels: 2, ok: true } } },
      wrong: { ...meta('scans', MiB), results: { cupyts: { median_ms: 0.1, ok: false } } },
    },
  };
  const peer = (ms: number) => ({ median_ms: ms, ok: true });
  const peers = {
    kind: 'grid', impl: 'peers', device: 'fake', scale_log2: 0, date: 'today',
    cells: {
      fast: { ...meta('reductions', 512 * MiB), results: { cupy: peer(0.6), torch: peer(0.7), torch_compile: peer(0.6) } },
      slow: { ...meta('reductions', 512 * MiB), results: { cupy: peer(0.9), torch: peer(0.8), torch_compile: { median_ms: null, error: 'guard' } } },
      wrong: { ...meta('scans', 2 * MiB), results: { cupy: peer(0.2), torch: peer(0.2), torch_compile: peer(0.2) } },
    },
  };
  writeFileSync(join(dir, 'cupyts.json'), JSON.stringify(cupyts));
  writeFileSync(join(dir, 'peers.json'), JSON.stringify(peers));
  const text = execFileSync(process.execPath, ['bench/summarize-grid.mjs', join(dir, 'cupyts.json'), join(dir, 'peers.json')], { encoding: 'utf8' });
  const row = (id: string) => text.split('\n').find((l) => l.startsWith(`| ${id} |`)) ?? '';

  it('writes a table per family with every implementation', () => {
    expect(text).toContain('### reductions');
    expect(text).toContain('### scans');
    expect(row('fast')).toBe('| fast | 8x8 | 0.5000 | 0.6000 | 0.7000 | 0.6000 | 1.074 | 1.20x | 1 |  |');
  });

  it('flags the cells that miss the targets', () => {
    expect(row('slow')).toContain('| 0.537 |');
    expect(row('slow')).toContain('slower than torch; < 0.75 of copy');
    expect(row('slow')).toContain('| error |');
    expect(row('wrong')).toContain('(wrong)');
    expect(row('wrong')).toContain('cupyts wrong');
    expect(text).toContain('no cell slower than eager PyTorch: missed in 1 cells (2 cells compared)');
    expect(text).toContain('geometric mean >= torch.compile: 1.20x over 1 cells, met');
    expect(text).toContain('cells over 256 MiB at >= 0.75 of copy: missed in 1 cells (2 cells over 256 MiB)');
  });

  it('notes a cell whose bytes differ between the files', () => {
    expect(text).toContain('wrong: shapes or bytes differ between files');
  });
});
