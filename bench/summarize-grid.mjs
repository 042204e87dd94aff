// Markdown tables of the grid benchmark (issue 16): one table per family, cupyts
// (bench/grid.mjs) against CuPy, PyTorch and torch.compile (bench/peers_grid.py), with the
// targets checked.
//
// Usage: node bench/summarize-grid.mjs FILE.json...
// Any number of grid documents (cupyts and peers, from one run or from runs of a few families
// each); they merge by cell id, a later file winning for the same cell and implementation.
//
// Columns: ms of each implementation (median); "of copy" = cupyts's minimal traffic bytes / its
// median time / the device-copy bandwidth measured by grid.mjs; "vs best" = the fastest peer's ms /
// cupyts's ms (above 1: cupyts is faster). Targets (flagged in the last column):
//   slower than torch  - no cell slower than eager PyTorch;
//   < 0.75 of copy     - every cell whose minimal traffic exceeds 256 MiB at >= 0.75 of copy;
//   geomean            - the geometric mean of torch.compile ms / cupyts ms >= 1, per family and overall.
// A failed or wrong result shows as "error" / "(wrong)" and counts as missing for the targets,
// except a cupyts one, which misses them.
import { readFileSync } from 'node:fs';

const FAMILIES = ['scans', 'reductions', 'broadcast_reduce', 'transposed', 'multi_stat'];
const PEERS = [['cupy', 'CuPy'], ['torch', 'torch'], ['torch_compile', 'torch.compile']];
const BIG_BYTES = 256 * 2 ** 20;
const COPY_TARGET = 0.75;

const paths = process.argv.slice(2);
if (paths.length === 0) {
  process.stderr.write('usage: node bench/summarize-grid.mjs FILE.json...\n');
  process.exit(2);
}

const notes = [];
const cells = new Map();
const sources = [];
let copyGbps;
for (const path of paths) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    notes.push(`could not read ${path}: ${err.message.split('\n')[0]}`);
    continue;
  }
  if (doc.kind !== 'grid') {
    notes.push(`${path}: not a grid document (kind ${doc.kind}), skipped`);
    continue;
  }
  sources.push(`${doc.impl}: ${doc.device}, scale 2^${doc.scale_log2}, ${doc.date} (${path})`);
  if (doc.impl === 'cupyts' && typeof doc.copy_gbps === 'number') copyGbps = doc.copy_gbps;
  for (const [id, c] of Object.entries(doc.cells ?? {})) {
    const known = cells.get(id);
    if (!known) {
      cells.set(id, { ...c, results: { ...c.results } });
      continue;
    }
    if (known.bytes !== c.bytes || JSON.stringify(known.shape) !== JSON.stringify(c.shape)) {
      notes.push(`${id}: shapes or bytes differ between files (${known.shape} ${known.bytes} vs ${c.shape} ${c.bytes})`);
    }
    Object.assign(known.results, c.results);
  }
}

// Any other implementation in the files (numpy in peers_grid.py --cpu) gets a column after these.
for (const c of cells.values()) {
  for (const impl of Object.keys(c.results)) if (impl !== 'cupyts' && !PEERS.some(([p]) => p === impl)) PEERS.push([impl, impl]);
}

/** ms of one implementation on one cell, or undefined where missing, failed or wrong. */
function ms(cell, impl) {
  const r = cell.results[impl];
  if (!r || r.error || typeof r.median_ms !== 'number' || r.ok === false) return undefined;
  return r.median_ms;
}
function msCell(cell, impl) {
  const r = cell.results[impl];
  if (!r) return '-';
  if (r.error || typeof r.median_ms !== 'number') return 'error';
  return `${fmtMs(r.median_ms)}${r.ok === false ? ' (wrong)' : ''}`;
}
const fmtMs = (v) => (v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toFixed(4));
const fmtRatio = (v) => (v === undefined ? '-' : `${v >= 0.1 ? v.toFixed(2) : v.toPrecision(2)}x`);
const geomean = (xs) => (xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : undefined);
const shapeText = (shape) => shape.map((d) => (d >= 1024 && (d & (d - 1)) === 0 ? `2^${Math.log2(d)}` : `${d}`)).join('x');

const lines = [];
for (const s of sources) lines.push(`- ${s}`);
lines.push(`- device copy: ${copyGbps ?? '-'} GB/s (grid.mjs)`);
for (const n of notes) lines.push(`- note: ${n}`);

const all = { cells: 0, vsTorch: 0, slowerThanTorch: 0, big: 0, belowCopy: 0, cupytsFailed: 0, vsCompile: [] };
for (const family of FAMILIES) {
  const rows = [...cells.entries()].filter(([, c]) => c.family === family);
  if (rows.length === 0) continue;
  lines.push('', `### ${family}`, '');
  lines.push(`| cell | shape run | cupyts ms | ${PEERS.map(([, l]) => `${l} ms`).join(' | ')} | of copy | vs best | kernels | misses |`);
  lines.push(`| --- | --- | ---: | ${PEERS.map(() => '---:').join(' | ')} | ---: | ---: | ---: | --- |`);
  const vsCompile = [];
  for (const [id, c] of rows) {
    const ours = ms(c, 'cupyts');
    const misses = [];
    const peerMs = PEERS.map(([p]) => ms(c, p)).filter((v) => v !== undefined);
    const best = peerMs.length ? Math.min(...peerMs) : undefined;
    const frac = ours !== undefined && copyGbps ? c.bytes / (ours * 1e-3) / 1e9 / copyGbps : undefined;
    const torch = ms(c, 'torch');
    const compiled = ms(c, 'torch_compile');
    all.cells += 1;
    if (ours === undefined) {
      const r = c.results.cupyts;
      misses.push(!r ? 'no cupyts result' : r.ok === false ? 'cupyts wrong' : 'cupyts failed');
      all.cupytsFailed += 1;
    } else {
      if (torch !== undefined) all.vsTorch += 1;
      if (torch !== undefined && ours > torch) { misses.push('slower than torch'); all.slowerThanTorch += 1; }
      if (c.bytes > BIG_BYTES && frac !== undefined) all.big += 1;
      if (c.bytes > BIG_BYTES && frac !== undefined && frac < COPY_TARGET) { misses.push(`< ${COPY_TARGET} of copy`); all.belowCopy += 1; }
      if (compiled !== undefined) vsCompile.push(compiled / ours);
    }
    const kernels = c.results.cupyts?.kernels ?? '-';
    const fracText = frac === undefined ? '-' : `${frac.toFixed(3)}${c.bytes > BIG_BYTES ? '' : '*'}`;
    lines.push(`| ${id} | ${shapeText(c.shape)} | ${msCell(c, 'cupyts')} | ${PEERS.map(([p]) => msCell(c, p)).join(' | ')} | ` +
      `${fracText} | ${fmtRatio(best !== undefined && ours !== undefined ? best / ours : undefined)} | ${kernels} | ${misses.join('; ')} |`);
  }
  const g = geomean(vsCompile);
  all.vsCompile.push(...vsCompile);
  lines.push('', `Geometric mean of torch.compile ms / cupyts ms over ${vsCompile.length} cells: ${fmtRatio(g)}` +
    `${g !== undefined && g < 1 ? ' (misses the target: >= 1)' : ''}. * = minimal traffic <= 256 MiB (no bandwidth target).`);
}

const g = geomean(all.vsCompile);
lines.push('', '### targets', '');
if (!copyGbps) lines.push('- no device-copy bandwidth (no grid.mjs document): the bandwidth target is not checked');
const verdict = (measured, missed) => (measured === 0 ? 'not measured' : missed === 0 ? 'met' : `missed in ${missed} cells`);
lines.push(`- no cell slower than eager PyTorch: ${verdict(all.vsTorch, all.slowerThanTorch)} (${all.vsTorch} cells compared)`);
lines.push(`- geometric mean >= torch.compile: ${g === undefined ? 'not measured' : `${fmtRatio(g)} over ${all.vsCompile.length} cells, ${g >= 1 ? 'met' : 'missed'}`}`);
lines.push(`- cells over 256 MiB at >= ${COPY_TARGET} of copy: ${verdict(all.big, all.belowCopy)} (${all.big} cells over 256 MiB)`);
if (all.cupytsFailed) lines.push(`- cupyts failed, gave a wrong result or is missing in ${all.cupytsFailed} of ${all.cells} cells`);
process.stdout.write(`${lines.join('\n')}\n`);
