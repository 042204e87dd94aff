// The CPU-fallback notice on stderr: kept (a user should know no GPU is used), but once per
// process, even with two copies of cupyts loaded, and not at all where the CPU is chosen with
// CUPYTS_BACKEND=cpu. Runs the built package in child processes, as a user's program would.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_INDEX, childEnv, scratch } from '../helpers/cli.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';

const tmp = scratch('cupyts-notice-');
afterAll(() => tmp.remove());

// Two module instances of cupyts (the second through another URL), each choosing a backend and computing.
const SCRIPT = `
const a = await import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)});
const b = await import(${JSON.stringify(`${pathToFileURL(DIST_INDEX).href}?second-copy`)});
for (const cp of [a, b]) {
  for (let i = 0; i < 3; i++) cp.asarray([1, 2, 3]).add(i).sum().item();
  console.log(cp.currentBackend());
}
`;

function run(env: Record<string, string | undefined>): { stdout: string; stderr: string; status: number | null } {
  const file = tmp.file('notice.mjs', SCRIPT);
  const r = spawnSync(process.execPath, [file], { env: childEnv(env), encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe.skipIf(HAS_CUDA_DEVICE)('the CPU-fallback notice', () => {
  it('is printed once per process, and says how to choose the CPU without it', () => {
    const r = run({ CUPYTS_BACKEND: undefined });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('cpu\ncpu\n');
    const notices = r.stderr.split('\n').filter((line) => line.startsWith('cupyts: using the CPU backend'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/CUPYTS_BACKEND=cpu chooses it without this notice/);
  });

  it('is not printed where CUPYTS_BACKEND=cpu chooses the CPU', () => {
    const r = run({ CUPYTS_BACKEND: 'cpu' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('cpu\ncpu\n');
    expect(r.stderr).toBe('');
  });
});
