// `cupyts cache …` through the built CLI: record a manifest, warm it up for two arches with
// NVRTC alone (no GPU), several processes warming one cache at once, corrupt entries found by
// verify and compiled again on the next load, ls/stats/clear/path, and usage errors.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readManifest } from '../../src/runtime/kernel-manifest.js';
import { scanCache } from '../../src/runtime/cache-maintenance.js';
import { HAS_CUDA_DEVICE, HAS_NVRTC } from '../helpers/cuda.js';
import { childEnv, cli, cliAsync, DIST_INDEX, scratch } from '../helpers/cli.js';

const tmp = scratch('cupyts-cache-cli-');
afterAll(() => tmp.remove());

/** Three distinct kernels (one of them evaluated twice). */
const SCRIPT = tmp.file('three-kernels.mjs', `
import * as cp from ${JSON.stringify(DIST_INDEX)};
const x = cp.asarray(new Float32Array(256).fill(0.5));
x.mul(2).add(1).sin().eval();
x.mul(2).add(1).sin().eval();
x.exp().sub(x).eval();
cp.asarray([1, 2, 3], { dtype: 'int32' }).mul(3).eval();
`);
const ARCHES = 'sm_80,sm_90';

let manifest = '';
beforeAll(() => {
  manifest = path.join(tmp.dir, 'kernels.jsonl');
  const r = cli(['cache', 'record', SCRIPT, '-o', manifest], { CUPYTS_BACKEND: 'cpu' });
  if (r.status !== 0) throw new Error(`cache record failed: ${r.stderr}`);
});

function freshDir(name: string): string {
  return path.join(tmp.dir, name);
}

describe('cache record', () => {
  it('writes each distinct kernel once, with its CUDA source', () => {
    const kernels = readManifest(manifest);
    expect(kernels.map((k) => k.name)).toEqual(['fused_multiply_add_sin_f32.cu', 'fused_exp_subtract_f32.cu', 'fused_multiply_i32.cu']);
    for (const k of kernels) {
      expect(k.arch).toBeNull(); // recorded on the CPU backend
      expect(k.source).toContain('__global__');
    }
  });

  it('CUPYTS_CACHE_RECORD does the same for any program, appending', () => {
    const file = path.join(tmp.dir, 'env.jsonl');
    for (let i = 0; i < 2; i++) {
      const r = spawnSync(process.execPath, [SCRIPT], { env: childEnv({ CUPYTS_BACKEND: 'cpu', CUPYTS_CACHE_RECORD: file }), encoding: 'utf8' });
      expect(r.status).toBe(0);
    }
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(6); // two runs appended
    expect(readManifest(file)).toEqual(readManifest(manifest)); // read back as the same three
  });
});

describe.skipIf(!HAS_NVRTC)('cache warmup (NVRTC, no GPU needed)', () => {
  it('compiles every kernel for each arch, then finds them all cached', () => {
    const dir = freshDir('warm');
    const first = cli(['cache', 'warmup', '--manifest', manifest, '--arch', ARCHES, '--dir', dir, '--json']);
    expect(first.stderr).toMatch(/cupyts cache warmup: 3 kernels × 2 arches \(sm_80, sm_90\) = 6 compiles with NVRTC \d+\.\d+ into /);
    expect(first.status).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1).toMatchObject({ jobs: 6, compiled: 6, cached: 0, failed: [], targets: ['sm_80', 'sm_90'] });
    const again = cli(['cache', 'warmup', '--manifest', manifest, '--arch', ARCHES, '--dir', dir]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/compiled 0, already cached 6, failed 0/);
    // progress lines on a non-TTY
    expect(again.stderr).toMatch(/^6\/6 \(100%\) {2}compiled 0, cached 6, failed 0$/m);

    const ls = JSON.parse(cli(['cache', 'ls', '--dir', dir, '--json']).stdout);
    expect(ls).toHaveLength(6);
    expect(new Set(ls.map((e: { name: string }) => e.name))).toEqual(new Set(readManifest(manifest).map((k) => k.name)));
    expect(new Set(ls.map((e: { arch: string }) => e.arch))).toEqual(new Set(['sm_80', 'sm_90']));
    const stats = JSON.parse(cli(['cache', 'stats', '--dir', dir, '--json']).stdout);
    expect(stats).toMatchObject({ entries: 6, arches: [{ arch: 'sm_80', entries: 3 }, { arch: 'sm_90', entries: 3 }] });
    const text = cli(['cache', 'ls', '--dir', dir]);
    expect(text.stdout).toMatch(/^sm_\d0 +[0-9a-f]{12} +[\d.]+ KiB +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +fused_\w+\.cu$/m);
    expect(cli(['cache', 'verify', '--dir', dir]).stdout).toMatch(/checked 6 kernels in .*: 0 bad/);
  });

  it('the warmed entries are the ones the runtime looks up (same keys)', () => {
    const dir = freshDir('warm');
    const kernel = readManifest(manifest)[0];
    const probe = `
      const { NvrtcCompiler } = await import(${JSON.stringify(path.join(path.dirname(DIST_INDEX), 'runtime/compiler.js'))});
      const { DiskKernelCache } = await import(${JSON.stringify(path.join(path.dirname(DIST_INDEX), 'runtime/kernel-cache.js'))});
      const c = new NvrtcCompiler({ disk: new DiskKernelCache({ dir: process.argv[1] }) });
      const source = ${JSON.stringify(kernel.source)};
      process.stdout.write(c.compile({ source, name: 'x.cu', arch: 'sm_90' }).cache);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, dir], { env: childEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('disk');
  });

  it('several processes warming one manifest into one cache at once leave every entry valid', async () => {
    const dir = freshDir('concurrent');
    const N = 4;
    const runs = await Promise.all(Array.from({ length: N }, () => cliAsync(['cache', 'warmup', '--manifest', manifest, '--arch', ARCHES, '--dir', dir, '--jobs', '2', '--json'])));
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.status).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.compiled + s.cached).toBe(6);
      expect(s.failed).toEqual([]);
    }
    const verify = JSON.parse(cli(['cache', 'verify', '--dir', dir, '--json']).stdout);
    expect(verify).toMatchObject({ checked: 6, bad: [] });
    expect(scanCache(dir).strays).toEqual([]); // no temp files left behind
    expect(fs.readdirSync(path.join(dir, 'sm_80')).sort()).toHaveLength(6); // 3 × (.bin + .json)
  });

  it('verify finds corrupt entries (exit 1); the next load compiles them again', () => {
    const dir = freshDir('corrupt');
    expect(cli(['cache', 'warmup', '--manifest', manifest, '--arch', ARCHES, '--dir', dir]).status).toBe(0);
    const entries = scanCache(dir).entries;
    const flipped = entries[0].file;
    const bytes = fs.readFileSync(flipped);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(flipped, bytes);
    const truncated = entries[3].file;
    fs.truncateSync(truncated, 30);

    const verify = cli(['cache', 'verify', '--dir', dir]);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain(`BAD ${entries[0].arch}/${entries[0].key}: checksum mismatch (payload damaged)`);
    expect(verify.stdout).toContain(`BAD ${entries[3].arch}/${entries[3].key}: truncated: 30 bytes, shorter than the 48-byte header`);
    expect(verify.stdout).toMatch(/checked 6 kernels in .*: 2 bad \(run with --fix/);

    const reload = cli(['cache', 'warmup', '--manifest', manifest, '--arch', ARCHES, '--dir', dir]);
    expect(reload.status).toBe(0);
    expect(reload.stdout).toMatch(/compiled 2, already cached 4, failed 0/);
    expect(cli(['cache', 'verify', '--dir', dir]).status).toBe(0);
  });

  it('verify --fix removes bad entries and exits 0', () => {
    const dir = freshDir('fix');
    expect(cli(['cache', 'warmup', '--manifest', manifest, '--arch', 'sm_80', '--dir', dir]).status).toBe(0);
    fs.writeFileSync(scanCache(dir).entries[1].file, 'garbage');
    const r = cli(['cache', 'verify', '--fix', '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 bad; removed 1/);
    expect(scanCache(dir).entries).toHaveLength(2);
  });

  it('a kernel NVRTC rejects: exit 1, the summary names it with its log', () => {
    const bad = tmp.file('bad.jsonl', `${JSON.stringify({ ...readManifest(manifest)[0], name: 'broken.cu', source: 'extern "C" __global__ void broken() { undeclared_thing(); }' })}\n`);
    const r = cli(['cache', 'warmup', '--manifest', bad, '--arch', 'sm_80', '--dir', freshDir('bad')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/compiled 0, already cached 0, failed 1/);
    expect(r.stdout).toMatch(/FAILED broken\.cu for sm_80:\n {4}NVRTC_ERROR_COMPILATION\n.*undeclared_thing/);
  });

  it('an arch newer than this NVRTC knows is compiled as PTX of the newest it knows', () => {
    const r = cli(['cache', 'warmup', '--manifest', manifest, '--arch', 'sm_999', '--dir', freshDir('ptx'), '--json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.targets).toHaveLength(1);
    expect(s.targets[0]).toMatch(/^compute_\d+$/);
    expect(s.compiled).toBe(3);
  });
});

describe('cache ls, stats, clear, path', () => {
  it('path follows --dir and CUPYTS_CACHE_DIR; clear empties the folder', () => {
    const dir = freshDir('plain');
    expect(cli(['cache', 'path'], { CUPYTS_CACHE_DIR: dir }).stdout.trim()).toBe(dir);
    expect(cli(['cache', 'path', '--dir', `${dir}/x`]).stdout.trim()).toBe(`${dir}/x`);
    expect(cli(['cache', 'ls'], { CUPYTS_CACHE_DIR: dir }).stdout).toBe(`no kernels in ${dir}\n`);
    fs.mkdirSync(path.join(dir, 'sm_90'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sm_90', `${'a'.repeat(64)}.bin`), 'not a real entry');
    const stats = cli(['cache', 'stats', '--dir', dir]);
    expect(stats.stdout).toMatch(/kernels {2}1, 0\.0 KiB of 1024\.0 MiB \(CUPYTS_CACHE_MAX_BYTES/);
    expect(cli(['cache', 'stats', '--dir', dir], { CUPYTS_CACHE_MAX_BYTES: '0' }).stdout).toMatch(/of no cap/);
    const clear = cli(['cache', 'clear', '--dir', dir]);
    expect(clear.status).toBe(0);
    expect(clear.stdout).toMatch(/^removed 1 kernels/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('cache: usage errors exit 2', () => {
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no --manifest', ['cache', 'warmup', '--arch', 'sm_80'], {}, /required option '--manifest <file>' not specified/],
    ['a missing manifest', ['cache', 'warmup', '--manifest', '/nonexistent/m.jsonl', '--arch', 'sm_80'], {}, /manifest \/nonexistent\/m\.jsonl: expected a readable file, got ENOENT/],
    ['a manifest that is not one', ['cache', 'warmup', '--manifest', SCRIPT, '--arch', 'sm_80'], {}, /manifest .*three-kernels\.mjs: line \d+: expected one JSON object per line/],
    ['a bad --arch', ['cache', 'warmup', '--manifest', SCRIPT, '--arch', 'sm80'], {}, /cache warmup: --arch: expected arches like 'sm_80,sm_90', got 'sm80'/],
    ['a bad --jobs', ['cache', 'warmup', '--manifest', SCRIPT, '--arch', 'sm_80', '--jobs', '0'], {}, /cache warmup: --jobs: expected a positive integer, got '0'/],
    ['a bad CUPYTS_CACHE_MAX_BYTES', ['cache', 'stats'], { CUPYTS_CACHE_MAX_BYTES: 'big' }, /environment variable CUPYTS_CACHE_MAX_BYTES: expected a byte count/],
    ['record without a script', ['cache', 'record'], {}, /missing required argument 'script'/],
    ['an unknown subcommand', ['cache', 'frobnicate'], {}, /unknown command 'frobnicate'/],
  ];
  it.each(cases)('%s', (_name, args, env, message) => {
    const r = cli(args, env);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });

  it.skipIf(HAS_CUDA_DEVICE || !HAS_NVRTC)('no --arch and no device: exit 2 saying to pass --arch', () => {
    const r = cli(['cache', 'warmup', '--manifest', manifest]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cache warmup: expected --arch (e.g. --arch sm_80,sm_90): there is no CUDA device here to take the arch from');
  });
});
