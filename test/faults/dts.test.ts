// The published declarations (dist/**/*.d.ts, what `npm install cupyts` gives a TypeScript
// project) must compile without @types/node: a consumer with `types: []` and full checking of
// declaration files compiles against dist/index.d.ts, and no declaration it reaches names Node's
// types. The same consumer checks that dtype names are a union: a misspelt one does not compile.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST_INDEX } from '../helpers/cli.js';
import { PACKAGE_ROOT } from '../../src/runtime/native.js';

const DIST_TYPES = DIST_INDEX.replace(/\.js$/, '.d.ts');

const CONSUMER = `
import * as cp from ${JSON.stringify(DIST_INDEX)};

const x: cp.NDArray = cp.arange(6, undefined, undefined, { dtype: 'float32' }).reshape(2, 3);
const y: cp.NDArray = cp.sum(x.mul(2).add(1), { axis: 1, dtype: 'f8' });
const names: readonly cp.DTypeName[] = cp.DTYPE_NAMES;
const d: cp.DType = cp.toDType('int32');
const shape: number[] = y.shape;
export const used = [names, d, shape, x.astype(cp.float16), cp.zeros([2], { dtype: 'uint8' })];

// @ts-expect-error a misspelt dtype name does not compile
x.astype('flaot32');
// @ts-expect-error nor in an options object
cp.zeros([2], { dtype: 'float128' });
// @ts-expect-error nor where a DType or name is taken
cp.toDType('int128');
`;

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  types: [], // no @types/node, nor any other ambient types
  skipLibCheck: false, // check the declaration files themselves
};

/** What in a declaration file needs Node's types (in its code, not its comments). */
const NODE_TYPES = /\bBuffer\b|\bNodeJS\.|from ['"]node:|<reference types=["']node["']/;
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/(?!\/).*$/gm, '');

const dir = mkdtempSync(join(tmpdir(), 'cupyts-dts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('published declarations', () => {
  it('compile for a consumer without @types/node, and refuse misspelt dtype names', () => {
    if (!existsSync(DIST_TYPES)) throw new Error(`${DIST_TYPES} is missing: build it first with \`npx tsc -p tsconfig.build.json\``);
    const file = join(dir, 'consumer.ts');
    writeFileSync(file, CONSUMER);
    const program = ts.createProgram([file], OPTIONS);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${relative(PACKAGE_ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
    expect(problems).toEqual([]);

    const reached = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.startsWith(join(PACKAGE_ROOT, 'dist')));
    expect(reached).toContain(DIST_TYPES);
    const nodeTyped = reached.filter((f) => NODE_TYPES.test(withoutComments(readFileSync(f, 'utf8')))).map((f) => relative(PACKAGE_ROOT, f));
    expect(nodeTyped, 'declarations reached from dist/index.d.ts that name Node types').toEqual([]);
  });
});
