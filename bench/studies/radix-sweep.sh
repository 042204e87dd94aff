#!/usr/bin/env bash
# A sweep of the radix sort's tunables (src/ir/radix-tuning.ts) on the GPU machine, in one command
# from the repository root:   OUT=/some/dir bash bench/studies/radix-sweep.sh [--reps N]
# Each setting runs `node bench/sorts.mjs --only $ONLY` (the 1-D float32 and int64 sorts and
# argsorts, unique with counts; default and t384_i21_b2 add rows of 4096 and 65536 sorted along
# the last axis, on chip and by the segmented radix sort) with its environment, into
# $OUT/radix-sweep/<setting>.json, then prints (and writes to $OUT/radix-sweep/summary.md) one
# table: each row's median milliseconds per setting. RADIX_SWEEP_ONLY=name,name runs only those
# settings (the table then covers every setting whose JSON is in the folder). RADIX_SWEEP_BASE=dir
# adds the setting "base": the same rows from another tree's build (dir/dist and dir/bench, e.g. the
# commit before a change), with this tree's native addon. RADIX_SWEEP_EXTRA_ROWS=prefix,prefix adds
# rows (bench/sorts.mjs names) to the settings that run the long list.
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
ONLY=sort_f32_2^2,argsort_f32_2^2,sort_i64_2^2,argsort_i64_2^2,unique_counts_i32_2^
ROWS=$ONLY,sort_rows_f32_65536x4096,sort_rows_f32_4096x65536${RADIX_SWEEP_EXTRA_ROWS:+,$RADIX_SWEEP_EXTRA_ROWS}

# name | environment | --only
# Session 40's ncu: CUB's onesweep pass is 384 threads x 18 keys at 56 registers, 3 blocks an SM;
# ours 384 x 21 at 80 registers, 2 blocks. These settings try CUB's geometry and its neighbours
# (session 41: keys alone now take 384 x 18 at 3 blocks, pairs 384 x 21 at 2).
settings=(
  "default||$ROWS"
  "t384_i18_b3|CUPYTS_RADIX_ITEMS=18 CUPYTS_RADIX_MIN_BLOCKS=3 CUPYTS_RADIX_KEYS_ITEMS=18 CUPYTS_RADIX_KEYS_MIN_BLOCKS=3|$ONLY"
  "t384_i16_b3|CUPYTS_RADIX_ITEMS=16 CUPYTS_RADIX_MIN_BLOCKS=3 CUPYTS_RADIX_KEYS_ITEMS=16 CUPYTS_RADIX_KEYS_MIN_BLOCKS=3|$ONLY"
  "t384_i21_b2|CUPYTS_RADIX_ITEMS=21 CUPYTS_RADIX_MIN_BLOCKS=2 CUPYTS_RADIX_KEYS_ITEMS=21 CUPYTS_RADIX_KEYS_MIN_BLOCKS=2|$ROWS"
  "t256_i18_b4|CUPYTS_RADIX_THREADS=256 CUPYTS_RADIX_ITEMS=18 CUPYTS_RADIX_MIN_BLOCKS=4 CUPYTS_RADIX_KEYS_ITEMS=18 CUPYTS_RADIX_KEYS_MIN_BLOCKS=4|$ONLY"
  "hist_h4|CUPYTS_RADIX_HISTOGRAM_ITEMS=4|$ONLY"
  "peers_match|CUPYTS_RADIX_PEERS_MATCH=1|$ROWS"
  "digit_cache|CUPYTS_RADIX_DIGIT_CACHE=1|$ROWS"
  "no_digit_cache|CUPYTS_RADIX_DIGIT_CACHE=0|$ROWS"
  "digit_cache_i16|CUPYTS_RADIX_DIGIT_CACHE=1 CUPYTS_RADIX_KEYS_ITEMS=16|$ONLY"
)
for s in "${settings[@]}"; do
  IFS='|' read -r name envs only <<<"$s"
  if [[ -n ${RADIX_SWEEP_ONLY:-} && ",$RADIX_SWEEP_ONLY," != *",$name,"* ]]; then continue; fi
  echo "== $name: $envs node bench/sorts.mjs --only $only ${reps[*]}" >&2
  env $envs node bench/sorts.mjs --only "$only" "${reps[@]}" --out "$out/$name.json" 2>&1 | tee "$out/$name.log" >&2
done

if [[ -n ${RADIX_SWEEP_BASE:-} && ( -z ${RADIX_SWEEP_ONLY:-} || ",$RADIX_SWEEP_ONLY," == *",base,"* ) ]]; then
  echo "== base: node $RADIX_SWEEP_BASE/bench/sorts.mjs --only $ROWS ${reps[*]}" >&2
  CUPYTS_NATIVE_PATH=$PWD/build/Release/cupyts.node node "$RADIX_SWEEP_BASE/bench/sorts.mjs" --only "$ROWS" "${reps[@]}" \
    --out "$out/base.json" 2>&1 | tee "$out/base.log" >&2
fi

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
