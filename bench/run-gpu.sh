#!/usr/bin/env bash
# The elementwise comparison on the GPU machine, in one command, from the repository root:
#   1. node bench/elementwise.mjs           -> $OUT/cupyts-elementwise.json
#   2. python3 bench/peers.py               -> $OUT/peers.json  (CuPy, cupy.fuse, torch, torch.compile)
#   3. node bench/reductions.mjs            -> $OUT/cupyts-reductions.json
#   4. node bench/views.mjs                 -> $OUT/cupyts-views.json (x + x.T, strided-slice sum)
#   5. node bench/summarize.mjs             -> $OUT/summary-{elementwise,reductions,views}.md (and stdout)
#   6. node bench/matmul-random.mjs         -> $OUT/cupyts-matmul-random.json, and its table against
#      peers.json (matmul 4096^2 float32/float16, standard_normal 2^28, sum(normal**2))
#      -> $OUT/summary-matmul-random.md
# $OUT defaults to bench/out. Extra arguments go to both benchmarks (e.g. --size-log2 26 --reps 20).
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-gpu.sh "$@"
  fi
  echo "run-gpu.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-gpu.sh: the TypeScript build failed" >&2; exit 1; }
fi

echo "== cupyts: node bench/elementwise.mjs $*" >&2
node bench/elementwise.mjs --out "$out/cupyts-elementwise.json" "$@" > /dev/null || {
  echo "run-gpu.sh: bench/elementwise.mjs failed (exit $?)" >&2
  status=1
}

echo "== peers: python3 bench/peers.py $*" >&2
python3 bench/peers.py --out "$out/peers.json" "$@" > /dev/null || {
  echo "run-gpu.sh: bench/peers.py failed (exit $?)" >&2
  status=1
}

echo "== cupyts: node bench/reductions.mjs" >&2
node bench/reductions.mjs --out "$out/cupyts-reductions.json" || {
  echo "run-gpu.sh: bench/reductions.mjs failed (exit $?)" >&2
  status=1
}

echo "== cupyts: node bench/views.mjs" >&2
node bench/views.mjs --out "$out/cupyts-views.json" || {
  echo "run-gpu.sh: bench/views.mjs failed (exit $?)" >&2
  status=1
}

for part in elementwise reductions views; do
  if [[ -f $out/cupyts-$part.json ]]; then
    echo "== summary: $part" >&2
    node bench/summarize.mjs "$out/cupyts-$part.json" "$out/peers.json" | tee "$out/summary-$part.md"
  fi
done

echo "== cupyts: node bench/matmul-random.mjs $*" >&2
node bench/matmul-random.mjs --out "$out/cupyts-matmul-random.json" --peers "$out/peers.json" "$@" \
    2> >(tee "$out/summary-matmul-random.md" >&2) > /dev/null || {
  echo "run-gpu.sh: bench/matmul-random.mjs failed (exit $?)" >&2
  status=1
}
exit $status
