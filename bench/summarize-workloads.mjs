// Markdown tables of the gallery benchmark (issue 25): each program, cupyts (bench/workloads.mjs)
// against CuPy, PyTorch and torch.compile (bench/peers_workloads.py), and the targets.
//
// Usage: node bench/summarize-workloads.mjs FILE.json...
// Any number of workloads documents (cupyts and peers, from one run or from runs of a few programs
// each); they merge by program, a later file winning for the same program and implementation.
//
// Columns: median wall ms per run of each implementation; kernels = what one cupyts run launched
// (the evaluator's kernels; on the GPU also "L launches, C library calls, R reads to the host",
// see bench/kernel-count.mjs); "vs best" = the fastest peer's ms / cupyts's ms (above 1: cupyts is
// faster); "vs CuPy" likewise against eager CuPy; "agree" = the smallest fraction, over a peer's
// outputs, of elements within the gallery's rtol/atol of cupyts's outputs. A second table gives the
// first run of each (compilation included) and how cupyts's kernels were loaded in it (on the GPU).
// Peers with no result in any program get no column. Targets (issue 25):
//   geomean  - the geometric mean of best peer ms / cupyts ms >= 1;
//   CuPy     - no program slower than eager CuPy.
import { readFileSync } from 'node:fs';

const PEERS = [['cupy', 'CuPy'], ['torch', 'torch'], ['torch_compile', 'torch.compile']];

const paths = process.argv.slice(2);
if (paths.length === 0) {
  process.stderr.write('usage: node bench/summarize-workloads.mjs FILE.json...\n');
  process.exit(2);
}

const notes = [];
const sources = [];
/** program -> { title, results: { impl -> result } } */
const programs = new Map();
for (const path of paths) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    notes.push(`could not read ${path}: ${err.message.split('\n')[0]}`);
    continue;
  }
  if (doc.kind !== 'workloads') {
    notes.push(`${path}: not a workloads document (kind ${doc.kind}), skipped`);
    continue;
  }
  const versions = doc.versions ? ` (${Object.entries(doc.versions).map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
  sources.push(`${doc.impl}: ${doc.device}, size ${doc.size}, ${doc.date}${versions} (${path})`);
  for (const [name, e] of Object.entries(doc.programs ?? {})) {
    const p = programs.get(name) ?? { title: name, results: {} };
    programs.set(name, p);
    if (doc.impl === 'cupyts') {
      p.title = e.title ?? name;
      p.results.cupyts = e;
    } else {
      Object.assign(p.results, e);
    }
  }
}
for (const p of programs.values()) {
  for (const impl of Object.keys(p.results)) if (impl !== 'cupyts' && !PEERS.some(([q]) => q === impl)) PEERS.push([impl, impl]);
}
const present = (q) => [...programs.values()].some((p) => p.results[q]);
PEERS.splice(0, PEERS.length, ...PEERS.filter(([q]) => present(q)));

/** The agreement a peer's result has with cupyts's outputs (1 where every element is within tolerance). */
const agreeOf = (r) => (typeof r?.agree === 'number' ? r.agree : undefined);
/** ms of one implementation on one program, or undefined where missing or failed. */
function ms(p, impl) {
  const r = p.results[impl];
  return r && !r.error && typeof r.median_ms === 'number' ? r.median_ms : undefined;
}
const fmtMs = (v) => (v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const fmtRatio = (v) => (v === undefined ? '-' : `${v >= 0.1 ? v.toFixed(2) : v.toPrecision(2)}x`);
const geomean = (xs) => (xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : undefined);
function msCell(p, impl, field = 'median_ms') {
  const r = p.results[impl];
  if (!r) return '-';
  if (r.unavailable) return 'n/a';
  if (r.error) return /Timeout/.test(r.error) ? 'timed out' : 'error';
  return typeof r[field] === 'number' ? fmtMs(r[field]) : '-';
}
function kernelsCell(r) {
  const k = r?.kernels;
  if (!k) return '-';
  return k.launches === null || k.launches === undefined ? `${k.planned}`
    : `${k.planned} (${k.launches} L, ${k.library_calls} C, ${k.reads_to_host} R)`;
}

const lines = [];
for (const s of sources) lines.push(`- ${s}`);
for (const n of notes) lines.push(`- note: ${n}`);
lines.push('', `| program | cupyts ms | ${PEERS.map(([, l]) => `${l} ms`).join(' | ')} | vs best | vs CuPy | kernels | agree | misses |`);
lines.push(`| --- | ---: | ${PEERS.map(() => '---:').join(' | ')} | ---: | ---: | --- | ---: | --- |`);
const vsBest = [];
const vsCupy = [];
let slowerThanCupy = 0;
let cupytsFailed = 0;
const problems = [];
for (const [name, p] of programs) {
  const ours = ms(p, 'cupyts');
  const peerMs = PEERS.map(([q]) => ms(p, q)).filter((v) => v !== undefined);
  const best = peerMs.length ? Math.min(...peerMs) : undefined;
  const cupy = ms(p, 'cupy');
  const misses = [];
  if (ours === undefined) {
    cupytsFailed += 1;
    misses.push(p.results.cupyts ? 'cupyts failed' : 'no cupyts result');
    if (p.results.cupyts?.error) problems.push(`${name}: cupyts: ${p.results.cupyts.error.split('\n')[0]}`);
  } else {
    if (best !== undefined) vsBest.push(best / ours);
    if (cupy !== undefined) vsCupy.push(cupy / ours);
    if (cupy !== undefined && ours > cupy) { misses.push('slower than CuPy'); slowerThanCupy += 1; }
  }
  const agrees = PEERS.map(([q]) => agreeOf(p.results[q])).filter((v) => v !== undefined);
  const agree = agrees.length ? Math.max(...agrees) : undefined; // cupyts agrees with at least one peer this well
  if (agree !== undefined && agree < 1) misses.push('outputs differ');
  for (const [q] of PEERS) {
    const r = p.results[q];
    if (r?.error) problems.push(`${name}: ${q}: ${r.error.split('\n')[0]}`);
    const differ = Object.entries(r?.outputs ?? {}).filter(([, o]) => o.agree < 1);
    if (differ.length) {
      problems.push(`${name}: ${q}'s outputs differ from cupyts's: ` +
        differ.map(([k, o]) => `${k} ${(100 * o.agree).toFixed(3)}% within tolerance${o.error ? ` (${o.error})` : o.max_abs_diff != null ? `, max |diff| ${o.max_abs_diff.toPrecision(3)}` : ''}`).join('; '));
    }
  }
  lines.push(`| ${name} | ${ours === undefined ? msCell(p, 'cupyts') : fmtMs(ours)} | ${PEERS.map(([q]) => msCell(p, q)).join(' | ')} | ` +
    `${fmtRatio(best !== undefined && ours !== undefined ? best / ours : undefined)} | ` +
    `${fmtRatio(cupy !== undefined && ours !== undefined ? cupy / ours : undefined)} | ${kernelsCell(p.results.cupyts)} | ` +
    `${agree === undefined ? '-' : agree.toFixed(4)} | ${misses.join('; ')} |`);
}

lines.push('', 'First run (ms: compilation, or the disk caches, included):', '');
lines.push(`| program | cupyts | ${PEERS.map(([, l]) => l).join(' | ')} | cupyts kernels: compiled / from disk / loaded |`);
lines.push(`| --- | ---: | ${PEERS.map(() => '---:').join(' | ')} | --- |`);
for (const [name, p] of programs) {
  const c = p.results.cupyts?.first_run_kernels;
  const loads = c ? `${c.compiled ?? 0} / ${c.disk ?? 0} / ${c.memory ?? 0}` : '-';
  lines.push(`| ${name} | ${msCell(p, 'cupyts', 'first_run_ms')} | ${PEERS.map(([q]) => msCell(p, q, 'first_run_ms')).join(' | ')} | ${loads} |`);
}

const g = geomean(vsBest);
const gc = geomean(vsCupy);
lines.push('', '### targets', '');
lines.push(`- geometric mean of best peer ms / cupyts ms >= 1: ${g === undefined ? 'not measured' : `${fmtRatio(g)} over ${vsBest.length} programs, ${g >= 1 ? 'met' : 'missed'}`}`);
lines.push(`- no program slower than eager CuPy: ${vsCupy.length === 0 ? 'not measured' : slowerThanCupy === 0 ? 'met' : `missed in ${slowerThanCupy}`} ` +
  `(${vsCupy.length} programs compared; geometric mean of CuPy ms / cupyts ms ${fmtRatio(gc)})`);
if (cupytsFailed) lines.push(`- cupyts failed or is missing in ${cupytsFailed} of ${programs.size} programs`);
for (const p of problems) lines.push(`- ${p}`);
process.stdout.write(`${lines.join('\n')}\n`);
