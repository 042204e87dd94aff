// Exit codes and option checking shared by the commands: 0 success, 1 failure, 2 usage (a bad
// option, argument, environment variable or input file). Options are checked with zod here, at
// the edge, and reach the commands as plain typed values.
import { CommanderError } from 'commander';
import { z } from 'zod';

import { CupytsError, describe } from '../ir/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Error codes that mean the command was used wrongly (exit 2), not that its work failed. */
const USAGE_CODES = new Set(['ERR_USAGE', 'ERR_MANIFEST', 'ERR_CONFIG']);

export function usageError(message: string): CupytsError {
  return new CupytsError('ERR_USAGE', message);
}

/** The exit code for an error a command threw. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
  }
  if (err instanceof CupytsError && USAGE_CODES.has(err.code)) return EXIT_USAGE;
  return EXIT_FAILURE;
}

/**
 * An error as the command prints it: "cupyts: <message>". Errors about cupyts as a whole (its
 * environment, a library it could not load) already read "cupyts: …" for programs that use the
 * library, and are not named twice.
 */
export function errorLine(message: string): string {
  return message.startsWith('cupyts: ') ? message : `cupyts: ${message}`;
}

function flag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Checks a command's options with `schema`; the first problem is a usage error naming the option. */
export function parseOptions<S extends z.ZodType>(command: string, schema: S, options: unknown): z.infer<S> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue.path[0] ?? '');
  // the value at the issue's path (an element of a repeated option), else the whole option
  let got: unknown = options;
  for (const step of issue.path) {
    if (got === null || typeof got !== 'object') break;
    got = (got as Record<PropertyKey, unknown>)[step as PropertyKey];
  }
  throw usageError(`${command}: ${key ? `${flag(key)}: ` : ''}${issue.message}, got ${describe(got)}`);
}

export const archList = z
  .string()
  .transform((v) => v.split(',').map((a) => a.trim()).filter((a) => a !== ''))
  .pipe(z.array(z.string().regex(/^(sm|compute)_\d+[a-z]?$/, "expected arches like 'sm_80,sm_90'")).min(1, "expected arches like 'sm_80,sm_90'"));

export const positiveInt = z
  .string()
  .regex(/^\d+$/, 'expected a positive integer')
  .transform(Number)
  .pipe(z.number().int().min(1, 'expected a positive integer').max(1024, 'expected at most 1024'));
