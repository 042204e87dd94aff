// docs/API.md, rendered from cupyts' exports and CuPy's routine lists (docs/cupy-routines.json).
// A pure function of its two inputs: scripts/gen-api-doc.mjs writes the file from the built dist/,
// and test/unit/api-doc.test.ts renders it from src/ and compares, so the document cannot drift.

const INTRO = `# cupyts API coverage

Which of CuPy's NumPy routines cupyts provides, page by page as CuPy's reference lists them
(\`docs/source/reference/routines.rst\` and the pages it links). Generated from cupyts' exports by
\`npm run docs:api\` (\`scripts/gen-api-doc.mjs\`); do not edit it by hand:
\`test/unit/api-doc.test.ts\` fails when it and the exports disagree.

\`cupy.X\` is looked up as \`cp.X\`, \`cupy.linalg.X\` as \`cp.linalg.X\`, \`cupy.random.X\` as
\`cp.random.X\`, and so on; \`cupy.ndarray.X\` as a method or attribute of \`cp.NDArray\`. Where a
function declares its parameters (\`src/api/signature.ts\`), its signature is shown.

## Calling convention

NumPy's positional forms work as in NumPy, and a trailing plain object carries NumPy's keyword
arguments under NumPy's names:

\`\`\`ts
cp.sum(x, 1);                           // numpy.sum(x, 1)
cp.sum(x, { axis: 1, keepdims: true }); // numpy.sum(x, axis=1, keepdims=True)
cp.sum(x, 1, { keepdims: true });       // numpy.sum(x, 1, keepdims=True)
\`\`\`

\`undefined\` is an omitted argument (the default applies) and \`null\` is NumPy's \`None\`. In a
signature, \`*\` starts the keyword-only parameters, which only the options object can pass. A
keyword cupyts does not support yet, an unknown keyword, an argument given both positionally and
by keyword, or too many arguments is a \`CupytsError\` naming the function and the argument.
`;

/**
 * The markdown of docs/API.md.
 * @param {object} cp the cupyts module namespace (`import * as cp from 'cupyts'`)
 * @param {{source: {repository: string, commit: string, index: string}, pages: {page: string, title: string, path: string, names: string[]}[]}} routines
 *   the contents of docs/cupy-routines.json
 * @returns {string}
 */
export function renderApiDoc(cp, routines) {
  const pages = routines.pages.map((page) => ({ ...page, rows: page.names.map((name) => routineRow(cp, name)) }));
  const { repository, commit } = routines.source;
  const out = [INTRO];

  out.push('## Summary', '');
  out.push(`CuPy's lists are from ${repository} at commit \`${commit}\` (\`docs/cupy-routines.json\`).`, '');
  out.push('| page | covered | of |', '| --- | ---: | ---: |');
  for (const page of pages) out.push(`| [${page.title}](#${anchor(page.title)}) | ${countPresent(page.rows)} | ${page.rows.length} |`);
  const distinct = new Map(pages.flatMap((page) => page.rows.map((row) => [row.name, row])));
  out.push(`| all pages (each name once) | ${countPresent([...distinct.values()])} | ${distinct.size} |`, '');

  for (const page of pages) {
    out.push(`## ${page.title}`, '');
    out.push(`CuPy: [\`${page.path}\`](${repository}/blob/${commit}/${page.path}) · ${countPresent(page.rows)} of ${page.rows.length} in cupyts.`, '');
    out.push('| CuPy | in cupyts | signature |', '| --- | --- | --- |');
    for (const row of page.rows) {
      out.push(`| \`${row.name}\` | ${row.present ? 'yes' : 'no'} | ${row.signature ? `\`${escapeCell(row.signature)}\`` : ''} |`);
    }
    const missing = page.rows.filter((row) => !row.present);
    out.push('', missing.length === 0 ? 'Missing: none.' : `Missing (${missing.length}): ${missing.map((row) => `\`${row.name}\``).join(', ')}.`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** One CuPy name: whether cupyts has it, and its declared signature if it has one. */
function routineRow(cp, name) {
  const found = lookup(cp, name);
  const signature = found.present ? declaredSignature(found.value) : undefined;
  return { name, present: found.present, signature };
}

/**
 * `cupy.a.b` -> `cp.a.b`; `cupy.ndarray.m` -> `cp.NDArray.prototype.m`. An accessor on the
 * prototype is an instance attribute (`x.shape`, `x.T`): present, and not called. Members every
 * object or function has (`constructor`, `toString`, `call`) are not cupyts routines.
 */
export function lookup(cp, name) {
  const [root, ...path] = name.split('.');
  if (root !== 'cupy') return { present: false };
  let value = cp;
  let onPrototype = false;
  if (path[0] === 'ndarray') {
    value = cp.NDArray?.prototype;
    onPrototype = true;
    path.shift();
  }
  for (const key of path) {
    const descriptor = findProperty(value, key);
    if (descriptor === undefined) return { present: false };
    value = 'value' in descriptor ? descriptor.value : onPrototype ? undefined : value[key];
    onPrototype = false;
  }
  return { present: true, value };
}

function findProperty(object, key) {
  if (key === 'constructor' || object === null || (typeof object !== 'object' && typeof object !== 'function')) return undefined;
  for (let o = object; o !== null && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

/** `fn.signature.text` of a function made by `declare` (src/api/signature.ts). */
function declaredSignature(value) {
  const text = typeof value === 'function' ? value.signature?.text : undefined;
  return typeof text === 'string' ? text : undefined;
}

function countPresent(rows) {
  return rows.filter((row) => row.present).length;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchor(title) {
  return title.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

function escapeCell(text) {
  return text.replace(/\|/g, '\\|');
}
