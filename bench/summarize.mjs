// Prints a markdown comparison of cupyts (bench/elementwise.mjs or bench/reductions.mjs) with its
// peers (bench/peers.py).
// Usage: node bench/summarize.mjs <cupyts-elementwise.json> [<peers.json>]
// A missing or unreadable peers file leaves the peer columns as "-" (and says so).
import { readFileSync } from 'node:fs';

const PEERS = [
  ['cupy', 'cupy'],
  ['cupy_fuse', 'cupy.fuse'],
  ['torch', 'torch'],
  ['torch_compile', 'torch.compile'],
];

const [cupytsPath, peersPath] = process.argv.slice(2);
if (!cupytsPath) {
  process.stderr.write('usage: node bench/summarize.mjs <cupyts-elementwise.json> [<peers.json>]\n');
  process.exit(2);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const ours = readJson(cupytsPath);
const WORKLOADS = Object.keys(ours.results ?? {});
let peers = { results: {}, host_us_per_call: {} };
let peersNote = '';
if (peersPath) {
  try {
    peers = readJson(peersPath);
  } catch (err) {
    peersNote = `peers: could not read ${peersPath}: ${err.message.split('\n')[0]}`;
  }
} else {
  peersNote = 'peers: no peers.json given';
}

const ratioText = (v) => `${v >= 0.1 ? v.toFixed(2) : v.toPrecision(2)}x`;
// Any other peer in the file (numpy in peers.py --cpu) gets a column after these.
for (const w of Object.values(peers.results ?? {})) {
  for (const p of Object.keys(w)) if (!PEERS.some(([q]) => q === p)) PEERS.push([p, p]);
}
const fmt = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '-');
/** A peer's GB/s, or undefined where it is missing, failed or gave a wrong answer. */
function peerRate(workload, peer) {
  const r = peers.results?.[workload]?.[peer];
  if (!r || 'error' in r || typeof r.gbps !== 'number') return undefined;
  return r.ok === false ? undefined : r.gbps;
}
function peerCell(workload, peer) {
  const r = peers.results?.[workload]?.[peer];
  if (!r) return '-';
  if ('error' in r) return 'error';
  return r.ok === false ? `${fmt(r.gbps)} (wrong)` : fmt(r.gbps);
}

const lines = [];
lines.push(`cupyts: ${ours.device} (${ours.backend}), n = ${ours.n}, ${ours.date}`);
if (peers.device) lines.push(`peers: ${peers.device}, n = ${peers.n}, ${peers.date}`);
if (peers.n !== undefined && peers.n !== ours.n) lines.push(`note: the sizes differ (cupyts n = ${ours.n}, peers n = ${peers.n})`);
if (peers.device && peers.device !== ours.device) lines.push(`note: the devices differ`);
if (peersNote) lines.push(peersNote);
lines.push('');
lines.push('| workload | cupyts GB/s | fraction of copy | ' + PEERS.map(([, label]) => label).join(' | ') + ' | ratio to best peer |');
lines.push('| --- | ---: | ---: | ' + PEERS.map(() => '---:').join(' | ') + ' | ---: |');
for (const w of WORKLOADS) {
  const r = ours.results?.[w];
  if (!r) continue;
  const frac = w === 'copy' ? 1 : r.frac_of_copy;
  const rates = PEERS.map(([p]) => peerRate(w, p)).filter((v) => v !== undefined);
  const best = rates.length ? Math.max(...rates) : undefined;
  const ratio = best && typeof r.gbps === 'number' ? ratioText(r.gbps / best) : '-';
  const wrong = r.ok === false ? ' (wrong)' : '';
  lines.push(`| ${w} | ${fmt(r.gbps)}${wrong} | ${fmt(frac, 3)} | ` + PEERS.map(([p]) => peerCell(w, p)).join(' | ') + ` | ${ratio} |`);
}

const host = ours.host;
if (host) {
  lines.push('');
  lines.push(`Host overhead of \`2*x + y\` at n = ${host.n} (µs per call, lower is better; ratio = best peer / cupyts):`);
  lines.push('');
  lines.push('| | cupyts | ' + PEERS.map(([, label]) => label).join(' | ') + ' | ratio to best peer |');
  lines.push('| --- | ---: | ' + PEERS.map(() => '---:').join(' | ') + ' | ---: |');
  const hostPeers = PEERS.map(([p]) => peers.host_us_per_call?.[p]);
  const numeric = hostPeers.filter((v) => typeof v === 'number');
  const bestHost = numeric.length ? Math.min(...numeric) : undefined;
  const cells = hostPeers.map((v) => (typeof v === 'number' ? fmt(v, 2) : v ? 'error' : '-'));
  const ratio = bestHost && host.eval_us_with_sync ? ratioText(bestHost / host.eval_us_with_sync) : '-';
  lines.push(`| eval (loop, then one sync) | ${fmt(host.eval_us_with_sync, 2)} | ${cells.join(' | ')} | ${ratio} |`);
  lines.push('');
  lines.push(`cupyts alone: ${fmt(host.eval_us_host, 2)} µs/call of host time before the final sync; ` +
    `graph building ${fmt(host.build_us_per_op, 3)} µs per op.`);
}

const text = lines.join('\n');
process.stdout.write(`${text}\n`);
