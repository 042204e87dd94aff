// Self and total time per function of a V8 .cpuprofile (the format node:inspector's Profiler
// and `node --cpu-prof` write). Usage as a script: node profile-summary.mjs FILE [TOP]
import { readFileSync } from 'node:fs';

/** A table of the `top` functions by self time, then by total (inclusive) time. */
export function summarize(profile, top = 30) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (dt[i + 1] ?? dt[i] ?? 0)));
  const key = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^.*\/(dist|node_modules)\//, '$1/') : '';
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const self = new Map();
  const total = new Map();
  let all = 0;
  for (const [id, us] of hits) {
    all += us;
    const k = key(nodes.get(id));
    self.set(k, (self.get(k) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = key(nodes.get(cur));
      if (seen.has(kk)) continue; // recursion counts once
      seen.add(kk);
      total.set(kk, (total.get(kk) ?? 0) + us);
    }
  }
  const fmt = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, us]) => `  ${(us / 1000).toFixed(1).padStart(9)} ms ${(100 * us / all).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return `sampled ${(all / 1000).toFixed(1)} ms\nself time:\n${fmt(self)}\ntotal time:\n${fmt(total)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(summarize(JSON.parse(readFileSync(process.argv[2], 'utf8')), Number(process.argv[3] ?? 30)));
}
