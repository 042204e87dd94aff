#!/usr/bin/env bash
# Nsight Compute of one 1-D radix sort's kernels, cupyts's against CUB's (through CuPy), on the GPU
# machine:   OUT=/some/dir bash bench/studies/radix-ncu.sh [log2 of the size, default 26]
# Each side sorts the same float32 keys three times; ncu profiles the second sort's histogram and its
# first two passes (the first pass of cupyts reads the input, later ones its scratch). Writes
# $OUT/radix-ncu.tgz: each side's report, its details page (CSV) and its SASS with per-instruction
# stall samples (CSV).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
: "${OUT:?set OUT}"
log2=${1:-26}
ncu=$(command -v ncu || ls /usr/local/cuda*/bin/ncu 2>/dev/null | head -1)
work=$(mktemp -d)
sections=(--section SpeedOfLight --section LaunchStats --section Occupancy --section WarpStateStats
  --section InstructionStats --section SchedulerStats --section MemoryWorkloadAnalysis_Tables
  --section ComputeWorkloadAnalysis --section SourceCounters)
cat > "$work/ours.mjs" <<JS
const cp = await import('$PWD/dist/index.js');
cp.useBackend('cuda');
const x = cp.random.default_rng(1).random([2 ** $log2], { dtype: 'float32' }).eval();
for (let i = 0; i < 3; ++i) { const s = cp.sort(x); s.eval(); s.item(0); s.dispose(); }
JS
cat > "$work/cub.py" <<PY
import cupy as cp
x = cp.random.default_rng(1).random(2 ** $log2, dtype=cp.float32)
for _ in range(3):
    cp.sort(x); cp.cuda.Device().synchronize()
PY
bash .device/run.sh true >/dev/null
export PATH=/tmp/cupyts-tools/bin:$PATH
"$ncu" "${sections[@]}" --kernel-name regex:'onesweep|histogram' --launch-skip 5 --launch-count 3 -f -o "$work/ours" \
  node "$work/ours.mjs" > "$work/ours.log" 2>&1
"$ncu" "${sections[@]}" --kernel-name regex:'Onesweep|RadixSortHistogram' --launch-skip 5 --launch-count 3 -f -o "$work/cub" \
  python3 "$work/cub.py" > "$work/cub.log" 2>&1
for side in ours cub; do
  "$ncu" -i "$work/$side.ncu-rep" --page details --csv > "$work/$side-details.csv" 2>&1
  "$ncu" -i "$work/$side.ncu-rep" --page source --csv --print-source sass > "$work/$side-sass.csv" 2>&1
done
tail -3 "$work"/*.log
tar -C "$work" -czf "$OUT/radix-ncu.tgz" . && ls -la "$OUT"
