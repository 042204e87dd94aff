#!/usr/bin/env bash
# The cp.random comparison of issue 23 on the GPU machine, in one command, from the repository root:
#   bash bench/run-random.sh [--reps N] [--size-log2 S] [--only PREFIX,...]
#   1. python3 bench/peers_random.py "$@"  -> $OUT/random-peers.json  (CuPy, PyTorch)
#   2. node bench/random.mjs "$@" --peers  -> $OUT/random-cupyts.json, and the markdown table on
#      stdout (also $OUT/summary-random.md): each peer's median over cupyts's (above 1: cupyts faster)
# $OUT defaults to bench/out. RANDOM_PEERS: peers_random.py's --peers (default cupy,torch).
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-random.sh "$@"
  fi
  echo "run-random.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-random.sh: the TypeScript build failed" >&2; exit 1; }
fi

echo "== peers: python3 bench/peers_random.py $*" >&2
python3 bench/peers_random.py --out "$out/random-peers.json" --peers "${RANDOM_PEERS:-cupy,torch}" "$@" || {
  echo "run-random.sh: bench/peers_random.py failed (exit $?)" >&2
  status=1
}

echo "== cupyts: node bench/random.mjs $*" >&2
node bench/random.mjs --out "$out/random-cupyts.json" --peers "$out/random-peers.json" "$@" | tee "$out/summary-random.md" || {
  echo "run-random.sh: bench/random.mjs failed" >&2
  status=1
}
exit $status
