// The gallery check shared by test/examples (CPU backend) and test/gpu (CUDA): each program's
// test-size inputs saved as .npz, its NumPy twin (examples/<name>.py) run on those same arrays
// by one python3 process (test/examples/run_twin.py), and the outputs compared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cp from '../../src/index.js';
import type { GalleryEntry } from '../../examples/index.js';
import { toHost } from './arrays.js';
import { compareArrays, type HostArray } from './numpy-oracle.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const RUN_TWIN = fileURLToPath(new URL('../examples/run_twin.py', import.meta.url));

export interface TwinRun {
  inputs: Map<string, Record<string, cp.NDArray>>;
  /** The twin's outputs of one program. */
  expected(name: string): cp.NpzFile;
  /** '' when python3 ran every twin, else its exit status and stderr. */
  failure: string;
  cleanup(): void;
}

/** Makes every program's test inputs (on the current backend) and runs all the NumPy twins on them. */
export function runTwins(gallery: readonly GalleryEntry[]): TwinRun {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-gallery-'));
  const inputs = new Map(gallery.map((e) => [e.name, e.module.makeInputs('test')]));
  for (const [name, arrays] of inputs) cp.savez(join(dir, `${name}-in.npz`), arrays);
  const proc = spawnSync(process.env.PYTHON ?? 'python3', [RUN_TWIN, EXAMPLES, dir, ...inputs.keys()], { encoding: 'utf8' });
  return {
    inputs,
    expected: (name) => cp.load(join(dir, `${name}-out.npz`)) as cp.NpzFile,
    failure: proc.status === 0 ? '' : `python3 exited with ${proc.status ?? proc.signal}:\n${proc.stderr}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Share of the elements of an integer array that differ. */
function mismatchShare(actual: HostArray, expected: HostArray): number {
  let differ = 0;
  for (let i = 0; i < expected.data.length; i++) if (actual.data[i] !== expected.data[i]) differ++;
  return differ / Math.max(1, expected.data.length);
}

/**
 * '' when every output matches the twin's (same keys, dtypes and shapes; floats within the
 * entry's tolerances), else what differs. Integers are exact unless `integerShare` allows a share
 * of them to differ (on the GPU, where contracted multiply-adds can flip a decision such as a
 * Mandelbrot escape).
 */
export function compareOutputs(entry: GalleryEntry, outputs: Record<string, cp.NDArray>, expected: cp.NpzFile, integerShare = 0): string {
  const keys = Object.keys(outputs).sort();
  const want = [...expected.files].sort();
  if (keys.join() !== want.join()) return `keys: got ${keys.join(', ')}, the twin gave ${want.join(', ')}`;
  const problems: string[] = [];
  for (const key of keys) {
    const actual = toHost(outputs[key]);
    const wanted = toHost(expected.get(key)!);
    const cmp = compareArrays(actual, wanted, { rtol: entry.rtol, atol: entry.atol });
    if (cmp.ok) continue;
    const integer = !/float|complex/.test(wanted.dtype) && actual.dtype === wanted.dtype && actual.shape.join() === wanted.shape.join();
    if (integer && mismatchShare(actual, wanted) <= integerShare) continue;
    problems.push(`${key}: ${cmp.message}`);
  }
  return problems.join('\n');
}
