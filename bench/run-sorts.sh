#!/usr/bin/env bash
# The sorting comparison of issue 17 on the GPU machine, in one command, from the repository root:
#   bash bench/run-sorts.sh [--reps N] [--scale-log2 S] [--only PREFIX,...]
#   1. node bench/sorts.mjs "$@"          -> $OUT/sorts-cupyts.json (cupyts; also the device-copy bandwidth)
#   2. python3 bench/peers_sorts.py "$@"  -> $OUT/sorts-peers.json  (CuPy, PyTorch)
#   3. node bench/summarize-sorts.mjs     -> $OUT/summary-sorts.md (and stdout): a markdown table
# $OUT defaults to bench/out. SORT_PEERS: peers_sorts.py's --peers (default cupy,torch).
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-sorts.sh "$@"
  fi
  echo "run-sorts.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-sorts.sh: the TypeScript build failed" >&2; exit 1; }
fi

echo "== cupyts: node bench/sorts.mjs $*" >&2
node bench/sorts.mjs --out "$out/sorts-cupyts.json" "$@" || { echo "run-sorts.sh: bench/sorts.mjs failed (exit $?)" >&2; status=1; }

echo "== peers: python3 bench/peers_sorts.py $*" >&2
python3 bench/peers_sorts.py --out "$out/sorts-peers.json" --peers "${SORT_PEERS:-cupy,torch}" "$@" || {
  echo "run-sorts.sh: bench/peers_sorts.py failed (exit $?)" >&2
  status=1
}

if [[ -f $out/sorts-cupyts.json ]]; then
  peers=()
  [[ -f $out/sorts-peers.json ]] && peers=("$out/sorts-peers.json")
  node bench/summarize-sorts.mjs "$out/sorts-cupyts.json" ${peers[@]+"${peers[@]}"} | tee "$out/summary-sorts.md"
fi
exit $status
