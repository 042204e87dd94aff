#!/usr/bin/env bash
# The grid benchmark of issue 16 on the GPU machine, in one command, from the repository root:
#   bash bench/run-grid.sh [--only FAMILIES] [--scale-log2 S] [--reps N] [--warmup N] [--budget-ms MS] [--no-check]
#   1. node bench/grid.mjs "$@"          -> $OUT/grid-cupyts$TAG.json (cupyts; also the device-copy bandwidth)
#   2. python3 bench/peers_grid.py "$@"  -> $OUT/grid-peers$TAG.json  (CuPy, PyTorch, torch.compile)
#   3. node bench/summarize-grid.mjs $OUT/grid-*.json -> $OUT/summary-grid$TAG.md (and stdout):
#      a table per family (ms of each, cupyts's fraction of copy bandwidth, ratio to the best peer)
#      and the targets (no cell slower than eager PyTorch; geometric mean >= torch.compile; every
#      cell over 256 MiB of minimal traffic at >= 0.75 of copy bandwidth).
# Families: scans, reductions, broadcast_reduce, transposed, multi_stat (55 cells in all). The
# arguments go to both benchmarks. Environment: OUT (default bench/out); GRID_TAG, a suffix for the
# file names (-TAG), for runs of a few families each; GRID_PEERS, peers_grid.py's --peers (default
# cupy,torch,torch_compile); GRID_PARTS, the parts to run (default cupyts,peers).
# torch.compile compiles once per cell (seconds each): where one command must stay under about 10
# minutes, run the grid in two parts and summarize the four files together afterwards, e.g.
#   GRID_TAG=-a bash bench/run-grid.sh --only scans,reductions
#   GRID_TAG=-b bash bench/run-grid.sh --only broadcast_reduce,transposed,multi_stat
#   node bench/summarize-grid.mjs grid-cupyts-a.json grid-peers-a.json grid-cupyts-b.json grid-peers-b.json
# Both benchmarks write their JSON after every cell, so a run cut short keeps the cells it finished.
# Without a GPU: node bench/grid.mjs --cpu --scale-log2 -12 and python3 bench/peers_grid.py --cpu
# --scale-log2 -12 run every cell at small sizes (CPU backend, NumPy); --dry-run lists the cells.
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-grid.sh "$@"
  fi
  echo "run-grid.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
tag=${GRID_TAG:-}
parts=${GRID_PARTS:-cupyts,peers}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-grid.sh: the TypeScript build failed" >&2; exit 1; }
fi

if [[ ,$parts, == *,cupyts,* ]]; then
  echo "== cupyts: node bench/grid.mjs $*" >&2
  node bench/grid.mjs --out "$out/grid-cupyts$tag.json" "$@" || {
    echo "run-grid.sh: bench/grid.mjs failed or gave a wrong result (exit $?)" >&2
    status=1
  }
fi

if [[ ,$parts, == *,peers,* ]]; then
  peers=()
  [[ -n ${GRID_PEERS:-} ]] && peers=(--peers "$GRID_PEERS")
  echo "== peers: python3 bench/peers_grid.py ${peers[*]} $*" >&2
  python3 bench/peers_grid.py --out "$out/grid-peers$tag.json" ${peers[@]+"${peers[@]}"} "$@" || {
    echo "run-grid.sh: bench/peers_grid.py failed or a peer failed (exit $?)" >&2
    status=1
  }
fi

files=()
for f in "$out/grid-cupyts$tag.json" "$out/grid-peers$tag.json"; do
  [[ -f $f ]] && files+=("$f")
done
if (( ${#files[@]} )); then
  echo "== summary: node bench/summarize-grid.mjs ${files[*]}" >&2
  node bench/summarize-grid.mjs "${files[@]}" | tee "$out/summary-grid$tag.md"
fi
exit $status
