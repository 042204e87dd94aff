#!/usr/bin/env bash
# A sweep of the radix sort's tunables (src/ir/radix-tuning.ts) on the GPU machine, in one command
# from the repository root:   OUT=/some/dir bash bench/studies/radix-sweep.sh [--reps N]
# Each setting runs `node bench/sorts.mjs --only sort_f32,argsort_f32,sort_i64` (the 1-D float32
# and int64 sorts; the first and last settings add the rows sorted along the last axis, whose
# short lines take the bitonic or on-chip radix path) with its environment, into
# $OUT/radix-sweep/<setting>.json, then prints (and writes to $OUT/radix-sweep/summary.md) one
# table: each row's median milliseconds per setting. RADIX_SWEEP_ONLY=name,name runs only those
# settings (the table then covers every setting whose JSON is in the folder).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -f .device/run.sh ]]; then exec bash .device/run.sh bash bench/studies/radix-sweep.sh "$@"; fi
  echo "radix-sweep.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi
# dist/ is what the bench runs: built where it is missing or older than a source file.
if [[ ! -f dist/index.js || -n $(find src -newer dist/index.js -name '*.ts' | head -1) ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "radix-sweep.sh: the TypeScript build failed" >&2; exit 1; }
fi

out=${OUT:-bench/out}/radix-sweep
mkdir -p "$out"
reps=("$@")
[[ ${#reps[@]} -eq 0 ]] && reps=(--reps 3)
ONLY=sort_f32,argsort_f32,sort_i64
ROWS=$ONLY,sort_rows_f32

# name | environment | --only
settings=(
  "default|CUPYTS_RADIX_THREADS=384 CUPYTS_RADIX_ITEMS=21 CUPYTS_RADIX_MIN_BLOCKS=2|$ROWS"
  "t384_i21_b1|CUPYTS_RADIX_MIN_BLOCKS=1|$ONLY"
  "t384_i16_b2|CUPYTS_RADIX_ITEMS=16|$ONLY"
  "t384_i26_b2|CUPYTS_RADIX_ITEMS=26|$ONLY"
  "t256_i16_b3|CUPYTS_RADIX_THREADS=256 CUPYTS_RADIX_ITEMS=16|$ONLY"
  "t256_i21_b2|CUPYTS_RADIX_THREADS=256 CUPYTS_RADIX_MIN_BLOCKS=2|$ONLY"
  "t512_i15_b1|CUPYTS_RADIX_THREADS=512 CUPYTS_RADIX_ITEMS=15|$ONLY"
  "hist_match_h16|CUPYTS_RADIX_HISTOGRAM_MATCH=1 CUPYTS_RADIX_HISTOGRAM_ITEMS=16|$ONLY"
  "bitonic512|CUPYTS_SORT_BITONIC_MAX=512|sort_rows_f32"
)
for s in "${settings[@]}"; do
  IFS='|' read -r name envs only <<<"$s"
  if [[ -n ${RADIX_SWEEP_ONLY:-} && ",$RADIX_SWEEP_ONLY," != *",$name,"* ]]; then continue; fi
  echo "== $name: $envs node bench/sorts.mjs --only $only ${reps[*]}" >&2
  env $envs node bench/sorts.mjs --only "$only" "${reps[@]}" --out "$out/$name.json" 2>&1 | tee "$out/$name.log" >&2
done

node - "$out" <<'JS' | tee "$out/summary.md"
const fs = require('node:fs');
const dir = process.argv[2];
const runs = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ name: f.slice(0, -5), data: JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) }));
const names = [...new Set(runs.flatMap((r) => r.data.rows.map((x) => x.name)))];
const cell = (r, n) => { const x = r.data.rows.find((y) => y.name === n); return !x ? '' : x.error ? 'error' : x.median_ms.toFixed(3); };
console.log(`| row (median ms) | ${runs.map((r) => r.name).join(' | ')} |`);
console.log(`|---|${runs.map(() => '---:').join('|')}|`);
for (const n of names) console.log(`| ${n} | ${runs.map((r) => cell(r, n)).join(' | ')} |`);
JS
