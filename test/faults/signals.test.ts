// Ctrl-C and SIGTERM end a process that has compiled with NVRTC. NVRTC 11.8's nvrtcCompileProgram
// used to leave the SIGINT/SIGTERM actions without their flags, after which Node's handler caught
// its own re-raised signal forever: the process spun at 100% CPU until SIGKILL. Each case runs a
// child that compiles one way (synchronously, on libuv's pool, on warmup worker threads, under
// `cupyts explain`), says "ready", and then idles; it must die of the signal within the timeout.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { manifestKernel } from '../../src/runtime/kernel-manifest.js';
import { AXPY_SOURCE, HAS_NVRTC } from '../helpers/cuda.js';
import { childEnv, CLI, DIST_INDEX, scratch } from '../helpers/cli.js';

const tmp = scratch('cupyts-signals-');
afterAll(() => tmp.remove());

const DIST = path.dirname(DIST_INDEX);
const EXIT_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 20_000;

let runs = 0;

/** A child that compiles AXPY_SOURCE through the runtime (`how`, into a fresh cache), prints "ready" and idles. */
function compilingScript(how: 'compile' | 'compileAsync' | 'warmup'): string {
  const cacheDir = path.join(tmp.dir, `cache-${how}-${++runs}`);
  const compile = how === 'warmup'
    ? `const { warmupCache } = await import(${JSON.stringify(path.join(DIST, 'runtime/cache-warmup.js'))});
       const jobs = ['sm_80', 'sm_90'].map((arch, id) => ({ id, name: 'axpy.cu', source: ${JSON.stringify(AXPY_SOURCE)}, options: [], arch }));
       const s = await warmupCache(jobs, { cacheDir: ${JSON.stringify(cacheDir)}, maxBytes: 0, workers: 2 });
       if (s.compiled !== 2) throw new Error('warmup did not compile: ' + JSON.stringify(s));`
    : `const { NvrtcCompiler } = await import(${JSON.stringify(path.join(DIST, 'runtime/compiler.js'))});
       const c = new NvrtcCompiler({ disk: null });
       const k = await c.${how}({ source: ${JSON.stringify(AXPY_SOURCE)}, name: 'axpy.cu', arch: 'sm_80' });
       if (k.cache !== 'compiled') throw new Error('not compiled');`;
  return tmp.file(`compile-${how}-${runs}.mjs`, `${compile}\nprocess.stdout.write('ready\\n');\nsetInterval(() => {}, 1000);\n`);
}

/** Starts `node args…` and resolves once it printed "ready" (rejects if it exits first). */
function startUntilReady(args: string[], env: Record<string, string | undefined> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not get ready in ${READY_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, READY_TIMEOUT_MS);
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (/^ready$/m.test(stdout)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code ?? signal}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

/** Sends `signal` and waits for the child to end; a child still alive after the timeout is SIGKILLed. */
function endWith(child: ChildProcess, signal: NodeJS.Signals): Promise<{ signal: NodeJS.Signals | null; code: number | null; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    child.removeAllListeners('exit');
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ signal: sig, code, ms: Date.now() - t0 });
    });
    child.kill(signal);
  });
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

describe.skipIf(!HAS_NVRTC)('a process that has compiled with NVRTC still ends on SIGINT and SIGTERM', () => {
  for (const how of ['compile', 'compileAsync', 'warmup'] as const) {
    it.each(SIGNALS)(`after ${how}: %s ends it`, async (signal) => {
      const child = await startUntilReady([compilingScript(how)]);
      const end = await endWith(child, signal);
      expect(end.signal).toBe(signal); // not SIGKILL from the timeout
    });
  }

  it('a handler the program installs while a compile runs on the pool is kept (SIGHUP)', async () => {
    // NVRTC itself leaves SIGHUP alone, so the guard must not put back the action it saved.
    const script = tmp.file('handler-during-compile.mjs', `
      const { NvrtcCompiler } = await import(${JSON.stringify(path.join(DIST, 'runtime/compiler.js'))});
      const pending = new NvrtcCompiler({ disk: null }).compileAsync({ source: ${JSON.stringify(AXPY_SOURCE)}, name: 'axpy.cu', arch: 'sm_80' });
      await new Promise((r) => setTimeout(r, 20)); // NVRTC is at work on libuv's pool
      process.on('SIGHUP', () => { process.stdout.write('handled\\n'); process.exit(7); });
      await pending;
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `);
    const child = await startUntilReady([script]);
    const end = await endWith(child, 'SIGHUP');
    expect(end).toMatchObject({ code: 7, signal: null });
  });

  it.each(SIGNALS)('cupyts explain of a script that idles after computing: %s ends it', async (signal) => {
    const script = tmp.file('idle.mjs', `
      import * as cp from ${JSON.stringify(DIST_INDEX)};
      cp.asarray([1, 2, 3], { dtype: 'float32' }).mul(2).eval();
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `);
    // On the CPU backend explain compiles each CUDA kernel with NVRTC to check it.
    const child = await startUntilReady([CLI, 'explain', script], { CUPYTS_BACKEND: 'cpu', CUPYTS_CACHE_DIR: path.join(tmp.dir, 'explain-cache') });
    const end = await endWith(child, signal);
    expect(end.signal).toBe(signal);
  });
});
