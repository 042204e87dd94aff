// Writes docs/API.md from the built cupyts (dist/index.js) and docs/cupy-routines.json.
// `npm run docs:api` builds dist/ first and runs this; test/unit/api-doc.test.ts checks the result.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDoc } from './api-doc.mjs';

const root = new URL('../', import.meta.url);
const cp = await import(new URL('dist/index.js', root).href);
const routines = JSON.parse(readFileSync(new URL('docs/cupy-routines.json', root), 'utf8'));
const target = fileURLToPath(new URL('docs/API.md', root));
writeFileSync(target, renderApiDoc(cp, routines));
console.log(`wrote ${target}`);
