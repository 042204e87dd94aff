// `cupyts explain`, run as a user would (the built CLI in a child process). The CPU-backend
// path runs everywhere (with the NVRTC check where NVRTC is present); the GPU path where a
// device exists.
import { afterAll, describe, expect, it } from 'vitest';

import { HAS_CUDA_DEVICE, HAS_NVRTC } from '../helpers/cuda.js';
import { cli, DIST_INDEX, scratch } from '../helpers/cli.js';

const tmp = scratch('cupyts-explain-cli-');
afterAll(() => tmp.remove());

const CPU = { CUPYTS_BACKEND: 'cpu', CUPYTS_CACHE_DIR: `${tmp.dir}/cache` };
const EXPR = ['-e', 'cp.sin(x).mul(2).add(y)', '--var', 'x=float32[1024,1024]', '--var', 'y=float32[1024]'];

/** A script with two evaluations, the second with a shape cut, that also prints to stdout. */
const SCRIPT = tmp.file('two-evals.mjs', `
import * as cp from ${JSON.stringify(DIST_INDEX)};
const x = cp.asarray(new Float32Array(4096).fill(0.5));
const y = x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1);
console.log('first value', (await y.data())[0]);
const col = cp.asarray([[1], [2], [3]], { dtype: 'float64' });
const a = col.add(1);
const b = a.mul(cp.asarray([[1, 2, 3, 4]], { dtype: 'float64' }));
cp.eval(b, a);
`);

describe('cupyts explain on the CPU backend', () => {
  it('-e with --var prints the graph, the kernel and why, its launch and its CUDA source', () => {
    const r = cli(['explain', ...EXPR], CPU);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^== evaluation 1 \(cpu backend; CUDA kernels generated from the same plans/);
    expect(out).toMatch(/%\d+ = data\(\) : float32\(1024, 1024\)/);
    expect(out).toMatch(/%\d+ = data\(\) : float32\(1024,\)/);
    expect(out).toMatch(/%\d+ = sin\(%\d+\) : float32\(1024, 1024\)/);
    expect(out).toMatch(/%\d+ = add\(%\d+, %\d+\) : float32\(1024, 1024\)/);
    expect(out).toContain('kernel 1: fused_sin_multiply_add_f32 (CUDA C)');
    expect(out).toContain('  why: the requested arrays of shape (1024, 1024)');
    expect(out).toMatch(/computes %\d+ from %\d+, %\d+; 1048576 elements, iteration dims \[1024, 1024\]/);
    const launch = /launch: grid (\d+) × block (\d+)/.exec(out);
    expect(launch).not.toBeNull();
    expect(Number(launch![1])).toBeGreaterThanOrEqual(Math.ceil(1048576 / Number(launch![2]) / 4));
    expect(out).toMatch(/\| \/\/ … shared prelude of \d+ lines left out \(--full-source shows it\) …/);
    expect(out).toMatch(/\| extern "C" __global__ void __launch_bounds__\(\d+\) fused_sin_multiply_add_f32\(/);
    if (HAS_NVRTC) {
      expect(out).toMatch(/nvrtc \d+\.\d+: compiles for sm_\d+ \(\d+ ms; checked here, not run/);
      expect(out).toMatch(/resources: [1-9]\d* registers, spill stores 0 B, spill loads 0 B, stack \d+ B, shared 0 B, constant \d+ B \(ptxas\)/);
    } else {
      expect(out).toContain('not compiled');
    }
  });

  it.skipIf(!HAS_NVRTC)('gives each entry function of a module with several its own resources (a radix sort: histogram, passes)', () => {
    const r = cli(['explain', '-e', 'cp.sort(x)', '--var', 'x=float32[1048576]'], CPU);
    expect(r.status).toBe(0);
    for (const entry of ['sort_f32_histogram', 'sort_f32_onesweep']) {
      expect(r.stdout).toMatch(new RegExp(`resources of ${entry}: [1-9]\\d* registers, spill stores \\d+ B, spill loads \\d+ B, stack \\d+ B, shared [1-9]\\d* B, constant \\d+ B \\(ptxas\\)`));
    }
    expect(r.stdout).not.toMatch(/cupyts_report_/);
  });

  it('--full-source prints the prelude too', () => {
    const short = cli(['explain', ...EXPR], CPU).stdout;
    const full = cli(['explain', '--full-source', ...EXPR], CPU).stdout;
    expect(full.split('\n').length).toBeGreaterThan(short.split('\n').length + 20);
    expect(full).not.toContain('shared prelude');
  });

  it.skipIf(!HAS_NVRTC)('--arch picks the arch NVRTC checks for', () => {
    const r = cli(['explain', '--arch', 'sm_80', ...EXPR], CPU);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/compiles for sm_80 /);
  });

  it('--format json on a script: one document on stdout (the script prints to stderr), every evaluation and cut', () => {
    const r = cli(['explain', '--format', 'json', SCRIPT], CPU);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('first value');
    const doc = JSON.parse(r.stdout);
    expect(doc.backend).toBe('cpu');
    expect(doc.evaluations).toHaveLength(2);
    const [first, second] = doc.evaluations;
    expect(first.graph.map((n: { op: string }) => n.op)).toEqual(['data', 'scalar', 'multiply', 'scalar', 'add', 'sin', 'multiply', 'cos', 'add', 'exp', 'scalar', 'subtract']);
    expect(first.graph[0]).toMatchObject({ op: 'data', dtype: 'float32', shape: [4096], inputs: [] });
    expect(first.kernels).toHaveLength(1);
    expect(first.kernels[0]).toMatchObject({ language: 'cuda', size: 4096, reason: 'the requested arrays of shape (4096,)' });
    expect(first.kernels[0].source).toContain('__global__');
    expect(second.kernels.map((k: { reason: string }) => k.reason)).toEqual([
      'shape (3, 1) differs from the kernel of shape (3, 4) that reads it',
      'the requested arrays of shape (3, 4)',
    ]);
    // the second kernel reads what the first computed
    expect(second.kernels[1].inputs).toContain(second.kernels[0].outputs[0]);
    if (HAS_NVRTC) {
      for (const k of [...first.kernels, ...second.kernels]) {
        expect(k.compile.ok).toBe(true);
        expect(k.resources.registers).toBeGreaterThan(0);
      }
    }
  });

  it('--cpu shows the JavaScript kernels', () => {
    const r = cli(['explain', '--cpu', '-e', 'x.mul(3).exp()', '--var', 'x=float64[10]'], {});
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== evaluation 1 (cpu backend; JavaScript kernels)');
    expect(r.stdout).toContain('kernel 1: fused_multiply_exp_f64 (JavaScript)');
    expect(r.stdout).toMatch(/\| return function fused_multiply_exp_f64\(/);
    expect(r.stdout).not.toContain('__global__');
  });
});

describe('cupyts explain: usage and failures', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no script and no -e', ['explain'], /explain: expected a script or -e '<expression>', got neither/],
    ['both', ['explain', SCRIPT, '-e', 'x'], /explain: expected a script or -e '<expression>', got both/],
    ['--var without -e', ['explain', SCRIPT, '--var', 'x=float32[2]'], /explain: --var: expected with -e only/],
    ['a bad --var', ['explain', '-e', 'x', '--var', 'x=float32(2)'], /explain: --var: expected name=dtype\[shape\], e\.g\. 'x=float32\[1024,1024\]', got 'x=float32\(2\)'/],
    ['an unknown dtype', ['explain', '-e', 'x', '--var', 'x=float8[2]'], /explain: --var: expected a dtype \(bool, int8, .*\), got 'x=float8\[2\]'/],
    ['a bad --format', ['explain', '--format', 'xml', '-e', 'x'], /explain: --format: .*"text"\|"json".*, got 'xml'/],
    ['a missing script', ['explain', `${tmp.dir}/nope.mjs`], /explain: expected a script file, got '.*nope\.mjs' \(not found\)/],
    ['a syntax error in -e', ['explain', '-e', 'x.(', '--var', 'x=float32[2]'], /explain: -e: expected a JavaScript expression, got a syntax error/],
    ['-e not giving an array', ['explain', '-e', '1 + 1'], /explain: -e: expected the expression to give an NDArray \(or an array of them\), got 2/],
    ['an unknown option', ['explain', '--bogus'], /unknown option '--bogus'/],
  ];
  it.each(cases)('%s: exit 2 and a clear message', (_name, args, message) => {
    const r = cli(args, CPU);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });

  it('a .ts script: on Node 20, exit 2 saying what to do', () => {
    const ts = tmp.file('prog.ts', 'const n: number = 1;\n');
    const r = cli(['explain', ts], CPU);
    if ((process.features as { typescript?: unknown }).typescript) return; // this Node runs .ts itself
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected a \.js, \.mjs or \.cjs script, got '.*prog\.ts': Node v\d+.* cannot run TypeScript itself\. Compile it first/);
  });

  it('a script that throws: exit 1 with its error, after what it evaluated', () => {
    const bad = tmp.file('throws.mjs', `import * as cp from ${JSON.stringify(DIST_INDEX)};\ncp.asarray([1, 2]).add(1).eval();\nthrow new Error('boom in the script');\n`);
    const r = cli(['explain', bad], CPU);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('boom in the script');
    expect(r.stdout).toContain('== evaluation 1');
  });
});

describe.skipIf(!HAS_CUDA_DEVICE)('cupyts explain on the GPU', () => {
  it('reports the launch, a cache miss then a disk hit in a new process, and cuFuncGetAttribute resources', () => {
    const env = { CUPYTS_BACKEND: 'cuda', CUPYTS_CACHE_DIR: `${tmp.dir}/gpu-cache` };
    const first = cli(['explain', '--format', 'json', ...EXPR], env);
    expect(first.status).toBe(0);
    const k1 = JSON.parse(first.stdout).evaluations[0].kernels[0];
    expect(k1.cache).toBe('compiled');
    expect(k1.launch.grid).toBeGreaterThan(0);
    expect(k1.resources).toMatchObject({ from: 'cuFuncGetAttribute' });
    expect(k1.resources.registers).toBeGreaterThan(0);
    const second = cli(['explain', ...EXPR], env);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('cache: hit (disk)');
    expect(second.stdout).toMatch(/resources: \d+ registers, local \(spills \+ stack\) \d+ B, shared \d+ B, constant \d+ B \(cuFuncGetAttribute\)/);
  });
});

describe('--help', () => {
  const commands = ['info', 'demo', 'explain', 'cache', 'cache record', 'cache warmup', 'cache ls', 'cache stats', 'cache verify', 'cache clear', 'cache path'];
  it.each(commands)('cupyts %s --help shows an example and exits 0', (command) => {
    const r = cli([...command.split(' '), '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nExamples?:\n {2}\$ (npx )?cupyts /);
  });
});
