// The kernel cache and `cupyts cache …` against what a new user found (issue 14): a cache folder
// that cannot be created (warmup looped forever), manifest lines with NVRTC options cupyts never
// passes (`--pre-include=/etc/passwd` was read), damaged sidecars that warmup counted as cached,
// a read-only cache that `clear` and `verify --fix` reported as done, an arch NVRTC does not know,
// CUPYTS_CACHE_SAVE_SOURCE ignored by warmup, SI units refused, "cupyts: cupyts:", and kernels
// that did not compile for sm_35 to sm_53. Every command runs in a child with a time limit, so a
// hang fails the test instead of stalling the run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { scanCache } from '../../src/runtime/cache-maintenance.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { loadNvrtc } from '../../src/runtime/cuda-libraries.js';
import { readManifest } from '../../src/runtime/kernel-manifest.js';
import { native } from '../../src/runtime/native.js';
import { KERNEL_OPTIONS, KERNEL_OPTIONS_EXPECTED } from '../../src/runtime/nvrtc-options.js';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { CudaModule } from '../../src/runtime/cuda-module.js';
import { AXPY_SOURCE, HAS_CUDA_DEVICE, HAS_NVRTC } from '../helpers/cuda.js';
import { expectClose, hostArray, numpy, type HostArray } from '../helpers/numpy-oracle.js';
import { childEnv, CLI, DIST_INDEX, scratch, type CliResult } from '../helpers/cli.js';

const tmp = scratch('cupyts-cache-faults-');
fs.chmodSync(tmp.dir, 0o755); // the read-only cases run the command as another user, who must reach it
afterAll(() => tmp.remove());

const TIME_LIMIT_MS = 60_000;

/** The built command in a child, killed after the time limit (a hang is a failure, with its output). */
function run(args: readonly string[], env: Record<string, string | undefined> = {}, user: { uid?: number; gid?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: childEnv(env), encoding: 'utf8', timeout: TIME_LIMIT_MS, ...user });
  if (r.error) throw new Error(`cupyts ${args.join(' ')}: ${r.error.message}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Kernels of each kind the runtime generates: elementwise, reduction, scan, and scatter-add on float64 and float16. */
const KINDS_SCRIPT = tmp.file('kinds.mjs', `
import * as cp from ${JSON.stringify(DIST_INDEX)};
const x = cp.asarray(new Float64Array([1, 2, 3, 4, 5, 6]));
x.mul(2).add(1).sin().eval();
x.reshape([2, 3]).sum({ axis: 1 }).eval();
cp.cumsum(x).eval();
const t = cp.zeros([4], { dtype: 'float64' });
cp.add.at(t, cp.asarray([0, 1, 1, 3], { dtype: 'int64' }), cp.asarray([1, 2, 3, 4], { dtype: 'float64' }));
t.eval();
const h = cp.zeros([4], { dtype: 'float16' });
cp.add.at(h, cp.asarray([0, 0, 2], { dtype: 'int32' }), 1);
h.eval();
`);

let manifest = '';
let kernelCount = 0;
beforeAll(() => {
  manifest = path.join(tmp.dir, 'kinds.jsonl');
  const r = run(['cache', 'record', KINDS_SCRIPT, '-o', manifest], { CUPYTS_BACKEND: 'cpu' });
  if (r.status !== 0) throw new Error(`cache record failed: ${r.stderr}`);
  kernelCount = readManifest(manifest).length;
});

let dirs = 0;
const freshDir = () => path.join(tmp.dir, `cache-${++dirs}`);
const warmup = (dir: string, arch = 'sm_80', env: Record<string, string> = {}, file = manifest) =>
  run(['cache', 'warmup', '--manifest', file, '--arch', arch, '--dir', dir, '--jobs', '2'], env);

/** A manifest of the recorded kernels' first line, with `options` replaced. */
function manifestWithOptions(name: string, options: string[]): string {
  const [first] = readManifest(manifest);
  return tmp.file(name, `${JSON.stringify(first)}\n${JSON.stringify({ ...first, name: 'second.cu', options })}\n`);
}

describe.skipIf(!HAS_NVRTC)('a cache folder that cannot be created is an error, not a hang', () => {
  const notAFolder = () => tmp.file('a-file', 'not a folder');
  const cases: Array<[string, () => string, string]> = [
    ['under /proc (Node\'s recursive mkdir looped forever there)', () => '/proc/cupyts-cache', 'ENOENT'],
    ['under a regular file', () => path.join(notAFolder(), 'cache'), 'ENOTDIR'],
    ['a regular file', notAFolder, 'ENOTDIR'],
  ];
  it.each(cases)('--dir %s: exit 1 naming the folder', (_what, dir, code) => {
    const target = dir();
    if (target.startsWith('/proc/') && !fs.existsSync('/proc/self')) return; // no procfs here
    for (const r of [warmup(target), run(['cache', 'warmup', '--manifest', manifest, '--arch', 'sm_80'], { CUPYTS_CACHE_DIR: target })]) {
      expect(r.stderr).toContain(`cupyts: cache warmup: expected a kernel cache folder that can be created and written, got ${target} (${code})`);
      expect(r.status).toBe(1);
    }
  });

  it.skipIf(!fs.existsSync('/proc/self'))('a program with CUPYTS_CACHE_DIR and CUPYTS_CACHE_RECORD under /proc runs, with a warning each', () => {
    const script = tmp.file('compiles.mjs', `
      const { NvrtcCompiler } = await import(${JSON.stringify(path.join(path.dirname(DIST_INDEX), 'runtime/compiler.js'))});
      const { DiskKernelCache } = await import(${JSON.stringify(path.join(path.dirname(DIST_INDEX), 'runtime/kernel-cache.js'))});
      const c = new NvrtcCompiler({ disk: new DiskKernelCache({ dir: process.env.CUPYTS_CACHE_DIR }) });
      process.stdout.write(c.compile({ source: ${JSON.stringify(AXPY_SOURCE)}, name: 'axpy.cu', arch: 'sm_80' }).cache + '\\n');
      const cp = await import(${JSON.stringify(DIST_INDEX)});
      process.stdout.write(cp.asarray([1, 2]).mul(2).toString() + '\\n');
    `);
    const r = spawnSync(process.execPath, [script], {
      env: childEnv({ CUPYTS_BACKEND: 'cpu', CUPYTS_CACHE_DIR: '/proc/cupyts-cache', CUPYTS_CACHE_RECORD: '/proc/cupyts-record/k.jsonl' }),
      encoding: 'utf8', timeout: TIME_LIMIT_MS,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('compiled\n[2 4]\n');
    expect(r.stderr).toContain('kernel cache dir /proc/cupyts-cache is not writable (ENOENT); compiled kernels are kept in memory only');
    expect(r.stderr).toContain('could not record kernels into /proc/cupyts-record/k.jsonl (ENOENT)');
  });
});

describe.skipIf(!HAS_NVRTC)('a manifest line may carry only the NVRTC options cupyts passes itself', () => {
  const refused = ['--pre-include=/etc/passwd', '-include', '-I/tmp', '--include-path=/tmp', '-DX=1', '--define-macro=X', '--gpu-architecture=sm_50', '-default-device', '--use_fast_math', ''];
  it.each(refused)('%j: exit 2 naming line 2 and the option; nothing compiled', (option) => {
    const dir = freshDir();
    const r = warmup(dir, 'sm_80', {}, manifestWithOptions('bad-options.jsonl', [option]));
    expect(r.stderr).toContain(`line 2: field options.0: expected ${KERNEL_OPTIONS_EXPECTED} (got ${JSON.stringify(option).replace(/^"|"$/g, "'")})`);
    expect(r.status).toBe(2);
    expect(scanCache(dir).entries).toEqual([]);
  });

  it.each(KERNEL_OPTIONS)('%s (one cupyts passes) is accepted', (option) => {
    const r = warmup(freshDir(), 'sm_80', {}, manifestWithOptions('good-options.jsonl', [option]));
    expect(r.stderr).not.toMatch(/cupyts: /);
    expect(r.stdout).toMatch(/compiled 2, already cached 0, failed 0/);
    expect(r.status).toBe(0);
  });

  it('a compile request with another option is refused before NVRTC sees it', () => {
    const compiler = new NvrtcCompiler({ disk: null });
    expect(() => compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_80', options: ['--pre-include=/etc/passwd'] })).toThrow(
      expect.objectContaining({ code: 'ERR_ARG', message: expect.stringMatching(/^nvrtc: expected only NVRTC options cupyts passes itself .*, got '--pre-include=\/etc\/passwd'$/) }),
    );
  });
});

describe.skipIf(!HAS_NVRTC)('a damaged sidecar: verify flags it, warmup repairs it', () => {
  it('empty, not JSON, wrong length, wrong arch: warmup compiles those again and verify then passes', () => {
    const dir = freshDir();
    expect(warmup(dir).status).toBe(0);
    const entries = scanCache(dir).entries;
    expect(entries.length).toBe(kernelCount);
    const sidecar = (i: number) => entries[i].file.replace(/\.bin$/, '.json');
    const meta = (i: number) => JSON.parse(fs.readFileSync(sidecar(i), 'utf8'));
    fs.writeFileSync(sidecar(0), '');
    fs.writeFileSync(sidecar(1), '{');
    fs.writeFileSync(sidecar(2), JSON.stringify({ ...meta(2), binaryBytes: meta(2).binaryBytes + 1 }));
    fs.writeFileSync(sidecar(3), JSON.stringify({ ...meta(3), arch: 'sm_90' }));

    const verify = run(['cache', 'verify', '--dir', dir]);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toMatch(new RegExp(`checked ${kernelCount} kernels in .*: 4 bad`));
    expect(verify.stdout).toContain(`BAD sm_80/${entries[0].key}: metadata is not JSON`);
    expect(verify.stdout).toContain(`BAD sm_80/${entries[3].key}: metadata says arch sm_90, the entry is under sm_80`);

    const repair = warmup(dir);
    expect(repair.status).toBe(0);
    expect(repair.stdout).toContain(`compiled 4, already cached ${kernelCount - 4}, failed 0`);
    expect(run(['cache', 'verify', '--dir', dir]).stdout).toMatch(/: 0 bad/);
    expect(meta(0).arch).toBe('sm_80');
  });
});

describe('a read-only cache: clear and verify --fix exit 1 and name what they could not remove', () => {
  // chmod does not stop root, so as root the command runs as the user nobody (65534).
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

  /** A cache of two bad entries in an arch folder nobody (or this user) may write. */
  function readOnlyCache(): { dir: string; files: string[] } {
    const dir = freshDir();
    const arch = path.join(dir, 'sm_80');
    fs.mkdirSync(arch, { recursive: true });
    const files = ['1', '2'].map((d) => path.join(arch, `${d.repeat(64)}.bin`));
    for (const f of files) fs.writeFileSync(f, 'not an entry');
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(arch, 0o555);
    for (const f of files) fs.chmodSync(f, 0o644);
    return { dir, files };
  }

  /** Whether `asUser` is really kept from removing files there (root without CAP_SETUID is not). */
  function removalBlocked(file: string): boolean {
    const r = spawnSync(process.execPath, ['-e', `require('fs').unlinkSync(${JSON.stringify(file)})`], { ...asUser, encoding: 'utf8' });
    if (r.status === 0) fs.writeFileSync(file, 'not an entry'); // put it back (the folder was not read-only for it)
    return r.status !== 0 && !r.error;
  }

  it('cache clear', (context) => {
    const { dir, files } = readOnlyCache();
    if (!removalBlocked(files[0])) context.skip(); // cannot make a folder read-only for the user running the command here
    const r = run(['cache', 'clear', '--dir', dir], {}, asUser);
    for (const f of files) expect(r.stderr).toContain(`cupyts cache clear: could not remove ${f} (EACCES)`);
    expect(r.status).toBe(1);
    expect(scanCache(dir).entries).toHaveLength(2);
  });

  it('cache verify --fix', (context) => {
    const { dir, files } = readOnlyCache();
    if (!removalBlocked(files[0])) context.skip();
    const r = run(['cache', 'verify', '--fix', '--dir', dir], {}, asUser);
    expect(r.stdout).toMatch(/2 bad; removed 0/);
    for (const f of files) expect(r.stderr).toContain(`cupyts cache verify --fix: could not remove ${f} (EACCES)`);
    expect(r.status).toBe(1);
  });

  it('a writable cache still clears with exit 0', () => {
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, 'sm_80'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sm_80', `${'3'.repeat(64)}.bin`), 'x');
    const r = run(['cache', 'clear', '--dir', dir]);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!HAS_NVRTC)('warmup --arch: an arch this NVRTC does not support is a usage error (exit 2)', () => {
  const supported = HAS_NVRTC ? loadNvrtc(native()).supportedArchs : [];
  const list = supported.map((a) => `sm_${a}`).join(', ');
  const older = `sm_${Math.min(...supported) - 1}`;
  const unknownPtx = `compute_${Math.max(...supported) + 1}`;
  it.each(['sm_20', older, unknownPtx])('%s', (arch) => {
    const r = warmup(freshDir(), arch);
    expect(r.stderr).toContain(`cupyts: cache warmup: --arch: expected arches this NVRTC supports (${list}), got '${arch}'`);
    expect(r.status).toBe(2);
  });
});

describe.skipIf(!HAS_NVRTC)('settings warmup and the cache commands honour', () => {
  it('CUPYTS_CACHE_SAVE_SOURCE=1: warmup writes each kernel\'s .cu beside it', () => {
    const dir = freshDir();
    expect(warmup(dir, 'sm_80', { CUPYTS_CACHE_SAVE_SOURCE: '1' }).status).toBe(0);
    const sources = new Set(readManifest(manifest).map((k) => k.source));
    const entries = scanCache(dir).entries;
    expect(entries).toHaveLength(kernelCount);
    for (const e of entries) expect(sources.has(fs.readFileSync(e.file.replace(/\.bin$/, '.cu'), 'utf8'))).toBe(true);
  });

  const sizes: Array<[string, number]> = [
    ['2GB', 2 * 1000 ** 3], ['2GiB', 2 * 1024 ** 3], ['2G', 2 * 1024 ** 3], ['512m', 512 * 1024 ** 2], ['1.5MB', 1.5 * 1000 ** 2],
    ['10kB', 10 * 1000], ['10KB', 10 * 1000], ['10KiB', 10 * 1024], ['1TB', 1000 ** 4], ['1TiB', 1024 ** 4], ['4096', 4096], ['0', 0],
  ];
  it.each(sizes)('CUPYTS_CACHE_MAX_BYTES=%s is %d bytes', (text, bytes) => {
    const r = run(['cache', 'stats', '--dir', freshDir(), '--json'], { CUPYTS_CACHE_MAX_BYTES: text });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).maxBytes).toBe(bytes);
  });

  it.each(['lots', '2gb', '-1', '1e9', '2 GB B'])('CUPYTS_CACHE_MAX_BYTES=%s: exit 2, the error says cupyts once and lists the units', (text) => {
    const r = run(['cache', 'stats'], { CUPYTS_CACHE_MAX_BYTES: text });
    expect(r.stderr).toMatch(/^cupyts: environment variable CUPYTS_CACHE_MAX_BYTES: expected a byte count like .*kB, MB, GB, TB: powers of 1000; KiB, MiB, GiB, TiB/);
    expect(r.stderr).not.toContain('cupyts: cupyts:');
    expect(r.status).toBe(2);
  });
});

describe.skipIf(!HAS_NVRTC)('every kernel kind compiles for the oldest archs NVRTC supports (sm_35 to sm_53 have no atomicAdd on double)', () => {
  it('warmup for each supported arch below sm_60, sm_60 and the newest: nothing fails', () => {
    const supported = loadNvrtc(native()).supportedArchs;
    const archs = [...supported.filter((a) => a <= 60), Math.max(...supported)].map((a) => `sm_${a}`);
    const r = warmup(freshDir(), [...new Set(archs)].join(','));
    expect(r.stdout).toContain(`compiled ${kernelCount * new Set(archs).size}, already cached 0, failed 0`);
    expect(r.status).toBe(0);
  }, 90_000); // several archs of every recorded kernel: past 30 s on a loaded 2-core machine
});

describe.skipIf(!HAS_CUDA_DEVICE)('the compare-and-swap atomicAdd on double (before sm_60) adds exactly on the device', () => {
  // The device JIT-compiles PTX for compute_50 into its own arch, so the pre-sm_60 branch of the
  // prelude runs on any GPU, where this NVRTC can still build for compute_50 (11.x and 12.x; not 13.x).
  const canBuild = HAS_NVRTC && loadNvrtc(native()).supportedArchs.includes(50);
  it.skipIf(!canBuild)('200,000 contended adds into 7 bins equal NumPy\'s bincount', () => {
    const source = `${CUDA_PRELUDE}
extern "C" __global__ void scatter_add_f64(double* bins, const double* values, const int* index, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) cp_atomic_add(&bins[index[i]], values[i]);
}`;
    const compiled = new NvrtcCompiler({ disk: null }).compile({ source, name: 'scatter_add_f64.cu', arch: 'compute_50' });
    expect(Buffer.from(compiled.binary).toString('utf8')).toContain('atom.global.cas.b64'); // the fallback, not atom.add.f64
    const n = 200_000;
    const bins = 7;
    // whole numbers: every order of the adds gives the same exact sum
    const values = hostArray('float64', [n], (i) => (i % 13) + 1);
    const index = hostArray('int32', [n], (i) => (i * 2654435761) % bins);
    const device = CudaDevice.open(0);
    const module = new CudaModule(device, compiled.binary);
    using out = device.alloc(bins * 8);
    using v = device.alloc(n * 8);
    using idx = device.alloc(n * 4);
    out.write(new Float64Array(bins));
    v.write(values.data);
    idx.write(index.data);
    module.kernel('scatter_add_f64').launch(Math.ceil(n / 256), 256, 'pppi', [out.ptr, v.ptr, idx.ptr, n]);
    const got = new Float64Array(bins);
    out.read(got);
    const [expected] = numpy([{ expr: 'np.bincount(index, weights=values, minlength=7)', inputs: { index, values } }]);
    if (!expected.ok) throw new Error(expected.error);
    expectClose({ dtype: 'float64', shape: [bins], data: got }, expected.value as HostArray, { rtol: 0, atol: 0 });
  });
});
