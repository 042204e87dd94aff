// The sorting comparison as a markdown table (bench/run-sorts.sh): bench/sorts.mjs's JSON (cupyts)
// and bench/peers_sorts.py's (CuPy, PyTorch), row by row: ms of each, cupyts's ratio to the best
// peer (best peer ms / cupyts ms: >= 1 meets the issue's target), and for radix sorts the
// fraction of the device-copy bandwidth each pass reached: passes × elements × 2 × pair bytes
// (a pass reads and writes every (key, payload) pair once) / time / copy GB/s.
// Usage: node bench/summarize-sorts.mjs CUPYTS.json PEERS.json
import { readFileSync } from 'node:fs';

const [cupytsFile, peersFile] = process.argv.slice(2);
if (!cupytsFile) {
  process.stderr.write('usage: node bench/summarize-sorts.mjs CUPYTS.json [PEERS.json]\n');
  process.exit(2);
}
const ours = JSON.parse(readFileSync(cupytsFile, 'utf8'));
const peersDoc = peersFile ? JSON.parse(readFileSync(peersFile, 'utf8')) : { peers: {} };
const peerNames = Object.keys(peersDoc.peers ?? {});
const peerMs = (peer, name) => peersDoc.peers[peer].find((r) => r.name === name)?.median_ms;
const fmt = (ms) => (ms === undefined ? '—' : ms.toFixed(3));

/** The fraction of copy bandwidth per radix pass, where every sort of the row is a radix sort. */
function passFraction(row) {
  const sorts = row.sorts ?? [];
  if (!sorts.length || !sorts.every((s) => s.strategy === 'radix' || s.strategy === 'radix-tile') || !ours.copy_gbps) return undefined;
  const bytes = sorts.reduce((sum, s) => sum + (s.strategy === 'radix' ? s.passes : 1) * s.elements * 2 * s.pair_bytes, 0);
  return bytes / (row.median_ms * 1e-3) / 1e9 / ours.copy_gbps;
}

const lines = [
  `Sorting on ${ours.device?.name ?? 'the GPU'} (copy ${ours.copy_gbps?.toFixed(0) ?? '?'} GB/s); peers: ${peerNames.join(', ') || 'none'} (${peersDoc.device ?? ''})`,
  '',
  `| row | cupyts ms | plan | ${peerNames.map((p) => `${p} ms`).join(' | ')} | best peer / cupyts | copy fraction per pass |`,
  `|---|---:|---|${peerNames.map(() => '---:|').join('')}---:|---:|`,
];
let met = 0;
let total = 0;
for (const row of ours.rows) {
  if (row.error) {
    lines.push(`| ${row.name} | failed: ${row.error.slice(0, 80)} |`);
    continue;
  }
  const peerTimes = peerNames.map((p) => peerMs(p, row.name));
  const best = Math.min(...peerTimes.filter((t) => t !== undefined));
  const ratio = Number.isFinite(best) ? best / row.median_ms : undefined;
  if (ratio !== undefined) { total++; if (ratio >= 1) met++; }
  const frac = passFraction(row);
  const plan = (row.sorts ?? []).map((s) => `${s.strategy}×${s.passes}`).join(', ');
  lines.push(`| ${row.name} | ${fmt(row.median_ms)} | ${plan} | ${peerTimes.map(fmt).join(' | ')} | ${ratio === undefined ? '—' : ratio.toFixed(2)} | ${frac === undefined ? '—' : frac.toFixed(2)} |`);
}
lines.push('', `Rows at >= 1.0× the best peer: ${met} of ${total}.`);
// The op each peer ran where it is not the row's own (partition rows: PyTorch's topk or kthvalue).
const notes = ours.rows.map((row) => [row.name, peerNames.map((p) => [p, peersDoc.peers[p].find((r) => r.name === row.name)?.note]).filter(([, n]) => n)])
  .filter(([, n]) => n.length);
if (notes.length) lines.push('', 'Peer ops:', ...notes.map(([name, n]) => `- ${name}: ${n.map(([p, op]) => `${p} ${op}`).join('; ')}`));
process.stdout.write(`${lines.join('\n')}\n`);
