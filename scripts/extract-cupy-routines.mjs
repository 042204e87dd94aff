// Reads the routine names of CuPy's reference pages into docs/cupy-routines.json, the data that
// docs/API.md is generated from. Run by hand, only to follow a newer CuPy:
//
//   node scripts/extract-cupy-routines.mjs <cupy checkout> [commit] > docs/cupy-routines.json
//
// The pages are the toctree of docs/source/reference/routines.rst, in its order. A page's names are
// the entries of its `autosummary` blocks and the ``name`` cells of its `csv-table` blocks (the
// dtype page lists NumPy aliases that way), qualified by the page's current `.. module::` /
// `.. currentmodule::`. Entries commented out with `#` are names CuPy does not provide; they are left out.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REFERENCE = 'docs/source/reference';

/** The page names listed in the toctree of routines.rst. */
function toctreePages(text) {
  const pages = [];
  for (const block of directiveBlocks(text, 'toctree')) {
    for (const line of block) if (!line.startsWith(':')) pages.push(line);
  }
  return pages;
}

/** The page's title (the first line underlined with `=`), without rst roles: "Linear algebra (cupy.linalg)". */
function pageTitle(text) {
  const lines = text.split('\n');
  const at = lines.findIndex((line, i) => i > 0 && /^=+$/.test(line) && lines[i - 1].trim() !== '');
  return at > 0 ? lines[at - 1].trim().replace(/:\w+:`([^`]*)`/g, '$1') : '';
}

/** The fully qualified names a page lists, in its order, each once. */
function pageNames(text) {
  const names = [];
  let module = 'cupy';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const directive = /^\.\. (currentmodule|module|autosummary|csv-table)::\s*(\S*)/.exec(lines[i]);
    if (!directive) continue;
    if (directive[1] === 'currentmodule' || directive[1] === 'module') { module = directive[2]; continue; }
    for (const entry of blockLines(lines, i + 1)) {
      if (entry.startsWith(':') || entry.startsWith('#')) continue;
      const name = directive[1] === 'autosummary' ? entry.split(/\s/)[0] : /^``([\w.]+)``/.exec(entry)?.[1];
      if (name) names.push(name.startsWith('cupy.') || name.startsWith('cupyx.') ? name : `${module}.${name}`);
    }
  }
  return [...new Set(names)];
}

/** The stripped, non-blank lines of each `.. kind::` block in the text. */
function directiveBlocks(text, kind) {
  const lines = text.split('\n');
  const blocks = [];
  lines.forEach((line, i) => { if (line.startsWith(`.. ${kind}::`)) blocks.push(blockLines(lines, i + 1)); });
  return blocks;
}

/** The indented lines after a directive, up to the next line that starts at column 0. */
function blockLines(lines, from) {
  const out = [];
  for (let i = from; i < lines.length && (lines[i].trim() === '' || /^\s/.test(lines[i])); i++) {
    if (lines[i].trim() !== '') out.push(lines[i].trim());
  }
  return out;
}

function main(checkout, commit) {
  const read = (page) => readFileSync(join(checkout, REFERENCE, `${page}.rst`), 'utf8');
  const pages = toctreePages(read('routines')).map((page) => {
    const text = read(page);
    return { page, title: pageTitle(text), path: `${REFERENCE}/${page}.rst`, names: pageNames(text) };
  });
  const data = {
    source: {
      repository: 'https://github.com/cupy/cupy',
      commit: commit ?? execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
      index: `${REFERENCE}/routines.rst`,
      note: 'Names of the autosummary and csv-table entries of each page in the toctree of routines.rst, '
        + 'qualified by the page\'s module; entries commented out with # are left out. '
        + 'Written by scripts/extract-cupy-routines.mjs; docs/API.md is generated from this file (npm run docs:api).',
    },
    pages,
  };
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

if (!process.argv[2]) {
  process.stderr.write('usage: node scripts/extract-cupy-routines.mjs <cupy checkout> [commit] > docs/cupy-routines.json\n');
  process.exit(2);
}
main(process.argv[2], process.argv[3]);
