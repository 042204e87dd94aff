// docs/API.md is generated (scripts/api-doc.mjs) from cupyts' exports and CuPy's routine lists:
// rendered here from src/, it must equal the committed file, so the document cannot drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { declare, keyword, positional, required } from '../../src/api/signature.js';
import * as t from '../../src/api/param-types.js';
import { PACKAGE_ROOT } from '../../src/runtime/native.js';
import { lookup, renderApiDoc, type CupyRoutines } from '../../scripts/api-doc.mjs';

const routines = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'docs/cupy-routines.json'), 'utf8')) as CupyRoutines;

describe('docs/API.md', () => {
  it('is what scripts/gen-api-doc.mjs writes from the current exports', () => {
    const committed = readFileSync(join(PACKAGE_ROOT, 'docs/API.md'), 'utf8');
    expect(committed, 'docs/API.md is out of date: run `npm run docs:api` and commit the result').toBe(renderApiDoc(cp, routines));
  });

  it('lists CuPy names as fully qualified cupy names, each once per page', () => {
    expect(routines.pages.length).toBeGreaterThan(0);
    for (const page of routines.pages) {
      expect(page.names.length, page.page).toBeGreaterThan(0);
      expect(new Set(page.names).size, page.page).toBe(page.names.length);
      for (const name of page.names) expect(name, page.page).toMatch(/^cupy(\.\w+)+$/);
    }
  });
});

describe('CuPy name lookup', () => {
  it('maps cupy.X to cp.X, submodules to cp submodules and cupy.ndarray.X to NDArray members', () => {
    expect(lookup(cp, 'cupy.zeros')).toEqual({ present: true, value: cp.zeros });
    expect(lookup(cp, 'cupy.linalg.norm')).toEqual({ present: true, value: cp.linalg.norm });
    expect(lookup(cp, 'cupy.random.normal')).toEqual({ present: true, value: cp.random.normal });
    expect(lookup(cp, 'cupy.ndarray.sum')).toEqual({ present: true, value: cp.NDArray.prototype.sum });
    expect(lookup(cp, 'cupy.ndarray.shape').present).toBe(true); // an accessor, found without calling it
  });

  it('finds no routine that cupyts lacks, nor Object or Function members', () => {
    for (const name of ['cupy.no_such_routine', 'cupy.linalg.no_such_routine', 'cupy.toString', 'cupy.zeros.call', 'cupy.ndarray.constructor', 'cupyx.zeros']) {
      expect(lookup(cp, name).present, name).toBe(false);
    }
  });
});

describe('renderApiDoc', () => {
  const declared = declare('sum', [required('a', t.number), positional('axis', t.nullable(t.axes), null), keyword('keepdims', t.boolean, false)], (v) => v);
  const plain = (): number => 0;
  const fake = { sum: declared, zeros: plain, linalg: { norm: plain } };
  const doc = renderApiDoc(fake, {
    source: { repository: 'https://github.com/cupy/cupy', commit: 'abc', index: 'docs/source/reference/routines.rst' },
    pages: [
      { page: 'math', title: 'Mathematical functions', path: 'docs/source/reference/math.rst', names: ['cupy.sum', 'cupy.zeros', 'cupy.diff'] },
      { page: 'linalg', title: 'Linear algebra (cupy.linalg)', path: 'docs/source/reference/linalg.rst', names: ['cupy.linalg.norm', 'cupy.linalg.qr', 'cupy.sum'] },
    ],
  });

  it('shows a declared function\'s signature text and nothing for an undeclared one', () => {
    expect(doc).toContain(`| \`cupy.sum\` | yes | \`${declared.signature.text}\` |`);
    expect(doc).toContain('| `cupy.zeros` | yes |  |');
    expect(doc).toContain('| `cupy.diff` | no |  |');
  });

  it('counts each page and all distinct names, and lists what is missing by name', () => {
    expect(doc).toContain('| [Mathematical functions](#mathematical-functions) | 2 | 3 |');
    expect(doc).toContain('| [Linear algebra (cupy.linalg)](#linear-algebra-cupylinalg) | 2 | 3 |');
    expect(doc).toContain('| all pages (each name once) | 3 | 5 |');
    expect(doc).toContain('Missing (1): `cupy.diff`.');
    expect(doc).toContain('Missing (1): `cupy.linalg.qr`.');
  });
});
