// The cuFFT binding without a GPU: the search order, the error that lists every try, and the
// addon's calls and src/runtime/cufft.ts's plan cache against a stand-in libcufft.so
// (test/fixtures/cufft-stub.cc, built here with g++) that logs the arguments it receives.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupytsError } from '../../src/ir/errors.js';
import type { CudaDevice } from '../../src/runtime/cuda-device.js';
import { Cufft, cufftPlanKey, needs64BitPlan, type CufftPlanSpec } from '../../src/runtime/cufft.js';
import { CUFFT_TYPE } from '../../src/runtime/cufft-exports.js';
import { cufftCandidates, loadCufft, resetCufftLoadState } from '../../src/runtime/cufft-library.js';
import { native, PACKAGE_ROOT } from '../../src/runtime/native.js';

const dir = mkdtempSync(join(tmpdir(), 'cupyts-cufft-'));
const log = join(dir, 'calls.log');
const stub = join(dir, 'libcufft.so.11');

function compilerPresent(): boolean {
  try {
    execFileSync('g++', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HAS_GXX = compilerPresent();

function calls(): string[] {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  } finally {
    writeFileSync(log, '');
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cuFFT search', () => {
  it('tries the env folder (newest first, nvJitLink beside), the sonames, then CUDA_HOME', () => {
    const folder = join(dir, 'libs');
    execFileSync('mkdir', ['-p', folder]);
    for (const f of ['libcufft.so.11', 'libcufft.so.12', 'libcufftw.so.12', 'libnvJitLink.so.12']) writeFileSync(join(folder, f), '');
    const c = cufftCandidates({ CUPYTS_CUFFT_PATH: folder, CUDA_HOME: '/opt/cuda-x' });
    expect(c.slice(0, 2)).toEqual([
      { path: join(folder, 'libcufft.so.12'), preload: [join(folder, 'libnvJitLink.so.12')] },
      { path: join(folder, 'libcufft.so.11'), preload: [join(folder, 'libnvJitLink.so.12')] },
    ]);
    expect(c.slice(2, 6).map((x) => x.path)).toEqual(['libcufft.so', 'libcufft.so.12', 'libcufft.so.11', 'libcufft.so.10']);
    expect(cufftCandidates({ CUPYTS_CUFFT_PATH: join(folder, 'libcufft.so.11') })[0].path).toBe(join(folder, 'libcufft.so.11'));
  });

  it('says what it tried and how to fix it where cuFFT is missing', () => {
    resetCufftLoadState();
    // an addon that opens nothing: the real one stays unloaded for the stand-in library below
    const tried: string[] = [];
    const addon = {
      ...native(),
      preloadLibrary: () => '',
      loadCufft: (path: string) => {
        tried.push(path);
        return `${path}: cannot open shared object file`;
      },
      cufftLoadedPath: () => '',
    };
    const env = { CUPYTS_CUFFT_PATH: join(dir, 'missing', 'libcufft.so'), CUDA_HOME: join(dir, 'none') };
    expect(() => loadCufft(addon, env)).toThrow(expect.objectContaining({ code: 'ERR_CUFFT_NOT_FOUND' }));
    expect(() => loadCufft(addon, env)).toThrow(/could not load cuFFT\. Tried:\n {2}.*missing\/libcufft\.so: [\s\S]*CUPYTS_CUFFT_PATH/);
    // the env path, then the sonames; then the CUDA folders this machine has (none here, some on a GPU machine), each once
    expect(tried.slice(0, 5)).toEqual([env.CUPYTS_CUFFT_PATH, 'libcufft.so', 'libcufft.so.12', 'libcufft.so.11', 'libcufft.so.10']);
    expect(new Set(tried).size).toBe(tried.length); // the second call tried nothing: the failure is kept
    resetCufftLoadState();
  });

  it('calls into the addon fail with a clear code before cuFFT is loaded', () => {
    expect(() => native().cufftCreate()).toThrow(expect.objectContaining({ code: 'ERR_CUFFT_NOT_LOADED' }));
  });
});

describe.skipIf(!HAS_GXX)('cuFFT binding and plan cache (stand-in library)', () => {
  let device: CudaDevice;
  const freed: number[] = [];

  beforeAll(() => {
    execFileSync('g++', ['-shared', '-fPIC', '-O1', '-o', stub, join(PACKAGE_ROOT, 'test/fixtures/cufft-stub.cc')]);
    process.env.CUFFT_STUB_LOG = log;
    writeFileSync(log, '');
    resetCufftLoadState();
    expect(loadCufft(native(), { CUPYTS_CUFFT_PATH: stub })).toBe(stub);
    let next = 4096;
    device = {
      addon: native(), ordinal: 0, stream: 77n,
      alloc: (bytes: number) => {
        const ptr = next;
        next += bytes;
        return { ptr, dispose: () => freed.push(ptr) };
      },
    } as unknown as CudaDevice;
  });

  const spec = (over: Partial<CufftPlanSpec> = {}): CufftPlanSpec => ({
    kind: 'c2c', precision: 'float32', sizes: [8], batch: 3,
    input: { embed: [40], stride: 5, dist: 1 }, output: { embed: null, stride: 1, dist: 8 }, ...over,
  });

  it('makes a plan: auto-allocation off, the advanced layout as given, the device stream', () => {
    calls();
    const cufft = Cufft.for(device);
    expect(cufft.version).toBe(11303);
    const plan = cufft.plan(spec());
    expect(plan.workBytes).toBe(1024);
    expect(calls()).toEqual([
      `create ${plan.handle}`,
      `autoAllocation ${plan.handle} 0`,
      `makePlanMany ${plan.handle} n=8 in=40/5/1 out=null/1/8 type=${CUFFT_TYPE.C2C} batch=3`,
      `stream ${plan.handle} 77`,
    ]);
  });

  it('executes with the right call and direction, on a work area borrowed from the pool', () => {
    const cufft = Cufft.for(device);
    const c2c = cufft.plan(spec());
    calls();
    cufft.execute(c2c, 100, 200, true);
    // Each execution binds the plan to the current stream first (streams merge), then its work area.
    const [stream, workArea, exec] = calls();
    expect(stream).toBe(`stream ${c2c.handle} ${device.stream}`);
    const ptr = Number(workArea.split(' ')[2]);
    expect(workArea).toBe(`workArea ${c2c.handle} ${ptr}`);
    expect(exec).toBe(`C2C ${c2c.handle} 100 200 1`);
    expect(freed).toContain(ptr);
    const kinds = [
      ['c2c', 'float64', 'Z2Z'], ['r2c', 'float32', 'R2C'], ['r2c', 'float64', 'D2Z'], ['c2r', 'float32', 'C2R'],
    ] as const;
    for (const [kind, precision, call] of kinds) {
      const p = cufft.plan(spec({ kind, precision }));
      calls();
      cufft.execute(p, 1, 2);
      expect(calls()[2]).toBe(kind === 'c2c' ? `${call} ${p.handle} 1 2 -1` : `${call} ${p.handle} 1 2`);
    }
  });

  it('turns a failing cuFFT result into an error with its name', () => {
    const cufft = Cufft.for(device);
    const z2d = cufft.plan(spec({ kind: 'c2r', precision: 'float64' }));
    expect(() => cufft.execute(z2d, 1, 2)).toThrow(expect.objectContaining({ code: 'CUFFT_EXEC_FAILED', message: 'cufftExecZ2D: CUFFT_EXEC_FAILED (6)' }));
    expect(() => native().cufftExecC2C(999, 1, 2, -1)).toThrow(expect.objectContaining({ code: 'CUFFT_INVALID_PLAN' }));
    calls();
    expect(() => cufft.plan(spec({ sizes: [0] }))).toThrow(CupytsError);
    expect(() => native().cufftMakePlanMany(5, [0], null, 1, 1, null, 1, 1, CUFFT_TYPE.C2C, 1))
      .toThrow(expect.objectContaining({ code: 'CUFFT_INVALID_SIZE', call: 'cufftMakePlanMany' }));
  });

  it('uses the 64-bit planner past int32 extents', () => {
    const big = spec({ sizes: [2 ** 20], batch: 4096, input: { embed: null, stride: 1, dist: 2 ** 20 }, output: { embed: null, stride: 1, dist: 2 ** 20 } });
    expect(needs64BitPlan(big)).toBe(true);
    expect(needs64BitPlan(spec())).toBe(false);
    calls();
    const plan = Cufft.for(device).plan(big);
    expect(plan.workBytes).toBe(3 * 2 ** 32);
    expect(calls()[2]).toBe(`makePlanMany64 ${plan.handle} n=1048576 in=null/1/1048576 out=null/1/1048576 type=${CUFFT_TYPE.C2C} batch=4096`);
  });

  it('caches plans by key, bounded, destroying the least recently used, with statistics', () => {
    const cufft = Cufft.for(device);
    cufft.clear();
    calls();
    cufft.setMaxPlans(2);
    const a = cufft.plan(spec({ sizes: [16] }));
    const before = cufft.stats();
    expect(cufft.plan(spec({ sizes: [16] }))).toBe(a);
    expect(cufft.stats().hits).toBe(before.hits + 1);
    const b = cufft.plan(spec({ sizes: [32] }));
    cufft.plan(spec({ sizes: [16] })); // a is now the most recent
    calls();
    cufft.plan(spec({ sizes: [64] })); // evicts b
    expect(calls()).toContain(`destroy ${b.handle}`);
    expect(cufft.stats()).toMatchObject({ plansAlive: 2, workAreaBytes: 2048, maxPlans: 2 });
    expect(() => cufft.execute(b, 1, 2)).toThrow(/evicted plan/);
    expect(cufftPlanKey(0, spec())).toBe('dev0|c2c|float32|8|b3|in40/5/1|out-/1/8');
    expect(cufftPlanKey(1, spec())).not.toBe(cufftPlanKey(0, spec()));
    cufft.clear();
    expect(cufft.stats().plansAlive).toBe(0);
  });
});
