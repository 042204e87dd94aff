// Runs a NumPy fixture generator (test/fixtures/gen_*.py) into a temp dir and returns its JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function runNumpyFixture<T>(script: string): T {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-fixture-'));
  try {
    const out = join(dir, 'fixture.json');
    execFileSync('python3', [script, out], { stdio: 'inherit' });
    return JSON.parse(readFileSync(out, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
