// The gallery (examples/): every program runs at its test size on the CPU backend, and its NumPy
// twin (examples/<name>.py) runs on the very same input arrays (saved as .npz, so no random
// generator has to agree); every output must match in dtype, shape and value within the entry's
// tolerances (integers exactly).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { gallery } from '../../examples/index.js';
import { toHost } from '../helpers/arrays.js';
import { compareArrays } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});
cp.useBackend('cpu');

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const RUN_TWIN = fileURLToPath(new URL('./run_twin.py', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cupyts-gallery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runTwin(name: string, inputsFile: string, outputsFile: string): void {
  const proc = spawnSync(process.env.PYTHON ?? 'python3', [RUN_TWIN, join(EXAMPLES, `${name}.py`), inputsFile, outputsFile], { encoding: 'utf8' });
  if (proc.status !== 0) throw new Error(`${name}.py failed (${proc.status ?? proc.signal}):\n${proc.stderr}`);
}

describe('gallery: each program against its NumPy twin on the CPU backend', () => {
  it('lists programs with distinct names', () => {
    expect(new Set(gallery.map((e) => e.name)).size).toBe(gallery.length);
  });

  it.each(gallery.map((e) => [e.name, e] as const))('%s', (name, entry) => {
    const inputs = entry.module.makeInputs('test');
    const inputsFile = join(dir, `${name}-in.npz`);
    const outputsFile = join(dir, `${name}-out.npz`);
    cp.savez(inputsFile, inputs);
    const outputs = entry.module.run(inputs);
    runTwin(name, inputsFile, outputsFile);
    const expected = cp.load(outputsFile) as cp.NpzFile;
    expect(Object.keys(outputs).sort()).toEqual([...expected.files].sort());
    for (const [key, actual] of Object.entries(outputs)) {
      const cmp = compareArrays(toHost(actual), toHost(expected.get(key)!), { rtol: entry.rtol, atol: entry.atol });
      expect(cmp.ok ? '' : `${key}: ${cmp.message}`).toBe('');
    }
  });
});
