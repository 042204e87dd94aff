// Running a user's program inside this process (for `cupyts explain` and `cupyts cache record`),
// so that the evaluation observer sees its evaluations. JavaScript only: .js, .mjs and .cjs.
// A .ts script runs only where this Node strips types itself (Node ≥ 22.6 with
// --experimental-strip-types, on by default from 23.6); on Node 20 the error says what to do.
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { usageError } from './usage.js';

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** Whether this Node runs TypeScript files itself (type stripping). */
function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

/** Checks `script` and returns its absolute path; a missing file or unsupported kind is a usage error. */
export function checkScript(command: string, script: string): string {
  const file = resolve(script);
  if (!existsSync(file) || !statSync(file).isFile()) throw usageError(`${command}: expected a script file, got '${script}' (not found)`);
  const ext = extname(file).toLowerCase();
  if (TS_EXTENSIONS.has(ext) && !nodeStripsTypes()) {
    throw usageError(
      `${command}: expected a .js, .mjs or .cjs script, got '${script}': Node ${process.version} cannot run TypeScript itself. ` +
        'Compile it first (e.g. `npx tsc` and pass the .js it writes), or use Node 22.6+ with --experimental-strip-types ' +
        '(on by default from Node 23.6).',
    );
  }
  if (!JS_EXTENSIONS.has(ext) && !TS_EXTENSIONS.has(ext)) {
    throw usageError(`${command}: expected a .js, .mjs or .cjs script, got '${script}'`);
  }
  return file;
}

/** Imports (runs) the script; its own errors propagate as they are (a failure, exit 1). */
export async function runScript(file: string, args: readonly string[] = []): Promise<void> {
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}
