// cp.cuda.nccl.rendezvous between processes on one machine (the CPU backend: the id exchange and
// the barrier are the same there): two ranks agree on one communicator id, and a rank that
// never joins is an ERR_NCCL_TIMEOUT error naming it, not a hang.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { childEnv, DIST_INDEX, scratch } from '../helpers/cli.js';

setBackendNotice(() => {});
const tmp = scratch('cupyts-rendezvous-');
afterAll(() => tmp.remove());

const RANK = tmp.file('rank.mjs', `
import * as cp from ${JSON.stringify(DIST_INDEX)};
const [rank, nranks, port] = process.argv.slice(2).map(Number);
const id = await cp.cuda.nccl.rendezvous(rank, nranks, port, { timeout: 20000 });
process.stdout.write(Buffer.from(id).toString('hex'));
`);

/** A free TCP port on localhost. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function runRank(rank: number, nranks: number, port: number): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [RANK, String(rank), String(nranks), String(port)], { env: childEnv({ CUPYTS_BACKEND: 'cpu' }) });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

const code = async (p: Promise<unknown>) => p.then(() => 'no error', (e) => (e as cp.CupytsError).code);

describe('cp.cuda.nccl.rendezvous', () => {
  it('gives every process of a communicator the same id', async () => {
    const port = await freePort();
    // the non-zero ranks start first: they retry until rank 0 listens
    const results = await Promise.all([runRank(2, 3, port), runRank(1, 3, port), runRank(0, 3, port)]);
    for (const r of results) expect(r.code, r.err).toBe(0);
    const ids = results.map((r) => r.out);
    expect(ids[0]).toMatch(/^[0-9a-f]{256}$/);
    expect(new Set(ids).size).toBe(1);
  }, 60000);

  it('names the ranks that did not join, after the timeout', async () => {
    const port = await freePort();
    const err = await cp.cuda.nccl.rendezvous(0, 3, port, { timeout: 300 }).catch((e: cp.CupytsError) => e);
    expect((err as cp.CupytsError).code).toBe('ERR_NCCL_TIMEOUT');
    expect((err as Error).message).toContain('ranks 1, 2 of 3');
    expect(await code(cp.cuda.nccl.rendezvous(1, 2, port, { timeout: 200 }))).toBe('ERR_NCCL_TIMEOUT');
  });

  it('returns at once for one rank, and checks its arguments', async () => {
    expect(await cp.cuda.nccl.rendezvous(0, 1, 1)).toHaveLength(128);
    expect(() => cp.cuda.nccl.rendezvous(2, 2, 1000)).toThrow(/rank 2 of 2/);
    expect(() => cp.cuda.nccl.rendezvous(0, 2, 70000)).toThrow(/TCP port/);
    expect(() => (cp.cuda.nccl.rendezvous as (...a: unknown[]) => unknown)(0, 2, 1000, { tiemout: 1 })).toThrow(/tiemout/);
  });
});
