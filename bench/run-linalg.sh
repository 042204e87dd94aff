#!/usr/bin/env bash
# The linear-algebra comparison of issue 18 on the GPU machine, in one command, from the repository root:
#   bash bench/run-linalg.sh [--reps N] [--n 4096] [--batch 100000] [--only PREFIX,...] [--backend cuda|cpu]
#   1. node bench/linalg.mjs "$@"          -> $OUT/linalg-cupyts.json (cupyts)
#   2. python3 bench/peers_linalg.py "$@"  -> $OUT/linalg-peers.json  (CuPy, PyTorch)
#   3. node bench/summarize-linalg.mjs     -> $OUT/summary-linalg.md (and stdout): a markdown table
# $OUT defaults to bench/out. LINALG_PEERS: peers_linalg.py's --peers (default cupy,torch; numpy
# with --backend cpu, the check without a GPU: bash bench/run-linalg.sh --backend cpu --n 64 --batch 100).
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-linalg.sh "$@"
  fi
  echo "run-linalg.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-linalg.sh: the TypeScript build failed" >&2; exit 1; }
fi

echo "== cupyts: node bench/linalg.mjs $*" >&2
node bench/linalg.mjs --out "$out/linalg-cupyts.json" "$@" || { echo "run-linalg.sh: bench/linalg.mjs failed (exit $?)" >&2; status=1; }

echo "== peers: python3 bench/peers_linalg.py $*" >&2
peers_arg=()
[[ -n ${LINALG_PEERS:-} ]] && peers_arg=(--peers "$LINALG_PEERS")
python3 bench/peers_linalg.py --out "$out/linalg-peers.json" ${peers_arg[@]+"${peers_arg[@]}"} "$@" || {
  echo "run-linalg.sh: bench/peers_linalg.py failed (exit $?)" >&2
  status=1
}

if [[ -f $out/linalg-cupyts.json ]]; then
  peers=()
  [[ -f $out/linalg-peers.json ]] && peers=("$out/linalg-peers.json")
  node bench/summarize-linalg.mjs "$out/linalg-cupyts.json" ${peers[@]+"${peers[@]}"} | tee "$out/summary-linalg.md"
fi
exit $status
