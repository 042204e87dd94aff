// The linear-algebra comparison as a markdown table: node bench/summarize-linalg.mjs CUPYTS.json [PEERS.json]
// One row per benchmark: cupyts', CuPy's and torch's median ms, and the best peer's time over
// cupyts' (>= 0.95 is the issue's target: cupyts at least 0.95x as fast as the best peer).
import { readFileSync } from 'node:fs';

const [mine, peersFile] = process.argv.slice(2);
const ours = JSON.parse(readFileSync(mine, 'utf8'));
const peers = peersFile ? JSON.parse(readFileSync(peersFile, 'utf8')).peers : {};
const names = Object.keys(peers);
const cell = (r) => (!r ? '' : r.error ? 'failed' : r.median_ms.toFixed(3));
const row = (cells) => `| ${cells.join(' | ')} |`;
const lines = [row(['row', 'cupyts ms', ...names.map((p) => `${p} ms`), 'best peer / cupyts']), row(['---', ...new Array(names.length + 2).fill('---:')])];
for (const r of ours.rows) {
  const theirs = names.map((p) => peers[p].find((x) => x.name === r.name));
  const times = theirs.filter((x) => x && !x.error).map((x) => x.median_ms);
  const ratio = r.error || times.length === 0 ? '' : (Math.min(...times) / r.median_ms).toFixed(2);
  lines.push(row([r.name, cell(r), ...theirs.map(cell), ratio]));
}
console.log(lines.join('\n'));
for (const r of ours.rows.filter((x) => x.error)) console.log(`\n- cupyts ${r.name}: ${r.error}`);
