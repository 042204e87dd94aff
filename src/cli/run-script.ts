// Running a user's program inside this process (for `cupyts explain` and `cupyts cache record`),
// so that the evaluation observer sees its evaluations. JavaScript only: .js, .mjs and .cjs.
// A .ts script runs only where this Node strips types itself (Node ≥ 22.6 with
// --experimental-strip-types, on by default from 23.6); on Node 20 the error says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { CupytsError } from '../ir/errors.js';
import { usageError } from './usage.js';

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** Whether this Node runs TypeScript files itself (type stripping). */
function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

/** Checks `script` and returns its absolute path; a missing file, a folder or an unsupported kind is a usage error. */
export function checkScript(command: string, script: string): string {
  const file = resolve(script);
  if (!existsSync(file)) throw usageError(`${command}: expected a script file, got '${script}' (not found)`);
  if (!statSync(file).isFile()) throw usageError(`${command}: expected a script file, got '${script}' (${statSync(file).isDirectory() ? 'a folder' : 'not a regular file'})`);
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

/**
 * Where a syntax error in `file` is, as Node reports it ("file:line", the line, a caret, the
 * message), or undefined where the file itself parses. A SyntaxError that `import()` gives for an
 * ES module does not say where it is (Node 20 keeps that for its own report of an uncaught
 * error), so `node --check` is asked.
 */
function syntaxErrorPlace(file: string): string | undefined {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  if (check.status === 0 || !check.stderr) return undefined;
  const lines = check.stderr.split('\n');
  const end = lines.findIndex((l) => l.startsWith('SyntaxError'));
  return (end < 0 ? lines : lines.slice(0, end + 1)).join('\n').trim();
}

const CLI_DIR = dirname(fileURLToPath(import.meta.url));

/** A stack without its last frames where they are Node's module loader and this command running the script. */
function scriptStack(stack: string): string {
  const lines = stack.split('\n');
  const ours = (l: string) => /^\s+at /.test(l) && (l.includes('node:internal/') || l.includes(CLI_DIR) || l.includes('/commander/'));
  while (lines.length > 1 && ours(lines[lines.length - 1])) lines.pop();
  return lines.join('\n');
}

/** What the script's error says: its stack (the file and line of each call), or for a syntax error, where it is. */
function describeFailure(file: string, error: unknown): string {
  if (!(error instanceof Error)) return `it threw ${String(error)}, not an Error`;
  const stack = scriptStack(error.stack ?? `${error.name}: ${error.message}`);
  const located = stack.includes(file) || stack.includes(pathToFileURL(file).href);
  if (!(error instanceof SyntaxError) || located) return stack;
  return syntaxErrorPlace(file) ?? `${error.name}: ${error.message} (in a module the script imports; \`node --check <module>\` shows where)`;
}

/** A script that threw, or did not parse: exit 1, with its error's file, line and stack. */
export class ScriptError extends CupytsError {
  constructor(command: string, file: string, error: unknown) {
    super('ERR_SCRIPT', `${command}: the script ${file} failed:\n${describeFailure(file, error)}`, { cause: error });
  }
}

/** Imports (runs) the script; an error it throws (or a syntax error) becomes a ScriptError. */
export async function runScript(command: string, file: string, args: readonly string[] = []): Promise<void> {
  process.argv = [process.argv[0], file, ...args];
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    throw new ScriptError(command, file, error);
  }
}
