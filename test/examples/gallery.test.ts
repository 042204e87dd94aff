// The gallery (examples/): every program runs at its test size on the CPU backend, and its NumPy
// twin (examples/<name>.py) runs on the very same input arrays (saved as .npz, so no random
// generator has to agree); every output must match in dtype, shape and value within the entry's
// tolerances (integers exactly). The twins run first, all in one python3 process.
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

const inputs = new Map(gallery.map((e) => [e.name, e.module.makeInputs('test')]));
for (const [name, arrays] of inputs) cp.savez(join(dir, `${name}-in.npz`), arrays);
const twins = spawnSync(process.env.PYTHON ?? 'python3', [RUN_TWIN, EXAMPLES, dir, ...inputs.keys()], { encoding: 'utf8' });

describe('gallery: each program against its NumPy twin on the CPU backend', () => {
  it('lists at least twelve programs with distinct names, and every twin ran', () => {
    expect(gallery.length).toBeGreaterThanOrEqual(12);
    expect(new Set(gallery.map((e) => e.name)).size).toBe(gallery.length);
    expect(twins.status === 0 ? '' : `${twins.status ?? twins.signal}: ${twins.stderr}`).toBe('');
  });

  it.each(gallery.map((e) => [e.name, e] as const))('%s', (name, entry) => {
    const outputs = entry.module.run(inputs.get(name)!);
    const expected = cp.load(join(dir, `${name}-out.npz`)) as cp.NpzFile;
    expect(Object.keys(outputs).sort()).toEqual([...expected.files].sort());
    for (const [key, actual] of Object.entries(outputs)) {
      const cmp = compareArrays(toHost(actual), toHost(expected.get(key)!), { rtol: entry.rtol, atol: entry.atol });
      expect(cmp.ok ? '' : `${key}: ${cmp.message}`).toBe('');
    }
  });
});
