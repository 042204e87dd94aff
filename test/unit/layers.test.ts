// The import rules of ../shared/STYLE.md: ir imports nothing of ours; codegen only ir; runtime
// never codegen (or api); only runtime/native.ts loads the .node file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/runtime/native.js';

const SRC = join(PACKAGE_ROOT, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

function importedLayers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => relative(SRC, join(file, '..', s)).split('/')[0]);
}

const ALLOWED: Record<string, string[]> = {
  ir: ['ir'],
  codegen: ['ir', 'codegen'],
  runtime: ['ir', 'runtime'],
  compiler: ['ir', 'compiler'],
  api: ['ir', 'codegen', 'runtime', 'compiler', 'api'],
  cli: ['ir', 'codegen', 'runtime', 'compiler', 'api', 'cli', 'index.js'],
};

describe('layering', () => {
  for (const layer of Object.keys(ALLOWED)) {
    it(`src/${layer} imports only ${ALLOWED[layer].join(', ')}`, () => {
      let files: string[] = [];
      try {
        files = filesUnder(join(SRC, layer));
      } catch {
        return; // the layer does not exist yet
      }
      for (const f of files) {
        for (const used of importedLayers(f)) {
          expect(ALLOWED[layer], `${relative(SRC, f)} imports ${used}`).toContain(used);
        }
      }
    });
  }

  it('only src/runtime/native.ts loads the .node file', () => {
    const loaders = filesUnder(SRC).filter((f) => /\.node['"]|createRequire/.test(readFileSync(f, 'utf8')));
    expect(loaders.map((f) => relative(SRC, f))).toEqual(['runtime/native.ts']);
  });
});
