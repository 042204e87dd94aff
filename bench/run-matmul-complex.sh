#!/usr/bin/env bash
# The complex GEMM comparison of issue 18 on the GPU machine, in one command, from the repository root:
#   bash bench/run-matmul-complex.sh [--reps N] [--only PREFIX,...]
#   1. python3 bench/peers_matmul_complex.py "$@"  -> $OUT/matmul-complex-peers.json (CuPy, PyTorch, torch.compile)
#   2. node bench/matmul-complex.mjs "$@"          -> $OUT/matmul-complex-cupyts.json, and a markdown
#      table on stderr: each row's times and cupyts's fraction of the best peer
# $OUT defaults to bench/out. MATMUL_COMPLEX_PEERS: the peers script's --peers (default cupy,torch,torch_compile).
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-matmul-complex.sh "$@"
  fi
  echo "run-matmul-complex.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-matmul-complex.sh: the TypeScript build failed" >&2; exit 1; }
fi

echo "== peers: python3 bench/peers_matmul_complex.py $*" >&2
python3 bench/peers_matmul_complex.py --out "$out/matmul-complex-peers.json" --peers "${MATMUL_COMPLEX_PEERS:-cupy,torch,torch_compile}" "$@" || {
  echo "run-matmul-complex.sh: bench/peers_matmul_complex.py failed (exit $?)" >&2
  status=1
}

echo "== cupyts: node bench/matmul-complex.mjs $*" >&2
peers=()
[[ -f $out/matmul-complex-peers.json ]] && peers=(--peers "$out/matmul-complex-peers.json")
node bench/matmul-complex.mjs --out "$out/matmul-complex-cupyts.json" ${peers[@]+"${peers[@]}"} "$@" || {
  echo "run-matmul-complex.sh: bench/matmul-complex.mjs failed (exit $?)" >&2
  status=1
}
exit $status
