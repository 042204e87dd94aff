#!/usr/bin/env bash
# The gallery benchmark of issue 25 on the GPU machine, in one command, from the repository root:
#   bash .device/run.sh bash bench/run-workloads.sh [--only kmeans,pca,...] [--reps N] [--budget-ms MS]
#   1. node bench/workloads.mjs             -> $OUT/workloads-cupyts$TAG.json (cupyts: ms per run,
#      first run, kernels), and the inputs and outputs as .npy under $WORKLOADS_DATA
#   2. python3 bench/peers_workloads.py     -> $OUT/workloads-peers$TAG.json (CuPy, PyTorch,
#      torch.compile on the same inputs; their outputs compared with cupyts's)
#   3. node bench/summarize-workloads.mjs   -> $OUT/summary-workloads$TAG.md (and stdout)
# --only, --reps, --warmup and --budget-ms go to both benchmarks.
# Environment:
#   OUT                 where the results go (default bench/out)
#   WORKLOADS_SIZE      bench (default) or test (the small sizes of the tests)
#   WORKLOADS_DATA      the inputs and outputs (default bench/out/workloads-data; not under $OUT,
#                       so hundreds of MB of .npy do not travel back)
#   WORKLOADS_PARTS     the parts to run (default cupyts,peers); peers alone first writes the data
#                       (workloads.mjs --prepare) where it is missing
#   WORKLOADS_PEERS     peers_workloads.py --peers (default cupy,torch,torch_compile)
#   WORKLOADS_TAG       a suffix for the file names (-TAG), for runs in parts
#   WORKLOADS_CPU=1     the CPU backend and NumPy / CPU PyTorch peers (checking without a GPU)
#   WORKLOADS_CUPYTS_TIMEOUT_S, WORKLOADS_PEERS_TIMEOUT_S   limits of steps 1 and 2 (default 200
#                       and 330 s, so one device call stays under 10 minutes); a step cut short
#                       keeps the programs it finished (both write their JSON after each program)
#   WORKLOADS_PEER_TIMEOUT_S   peers_workloads.py --timeout-s: the limit of one (program, peer),
#                       torch.compile's compilation included (default 150 s)
# Where one call cannot hold torch.compile's compilations, run it in two calls; the second one's
# summary includes the first one's results where the machine kept $WORKLOADS_DATA (its results/
# folder; remove the folder to start clean), and any machine with node can summarize the files:
#   WORKLOADS_PEERS=cupy,torch bash bench/run-workloads.sh
#   WORKLOADS_PARTS=peers WORKLOADS_PEERS=torch_compile WORKLOADS_TAG=-compile WORKLOADS_PEERS_TIMEOUT_S=480 bash bench/run-workloads.sh
#   node bench/summarize-workloads.mjs workloads-cupyts.json workloads-peers.json workloads-peers-compile.json
# Without a GPU: WORKLOADS_CPU=1 WORKLOADS_SIZE=test bash bench/run-workloads.sh
# Where node is not on PATH but .device/run.sh is (a device run carrying .device), it re-runs
# itself through that script, which unpacks node, node_modules and the addon first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-workloads.sh "$@"
  fi
  echo "run-workloads.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
tag=${WORKLOADS_TAG:-}
parts=${WORKLOADS_PARTS:-cupyts,peers}
data=${WORKLOADS_DATA:-bench/out/workloads-data}
size=${WORKLOADS_SIZE:-bench}
cpu=()
[[ ${WORKLOADS_CPU:-} == 1 ]] && cpu=(--cpu)
mkdir -p "$out" "$data"
status=0

if [[ ! -f dist/index.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-workloads.sh: the TypeScript build failed" >&2; exit 1; }
fi
if [[ ! -f dist/examples/index.js ]] || [[ -n $(find examples -name '*.ts' -newer dist/examples/index.js 2>/dev/null) ]]; then
  echo "== building dist/examples/ (npx tsc -p tsconfig.examples.json)" >&2
  if ! npx tsc -p tsconfig.examples.json; then
    [[ -f dist/examples/index.js ]] || { echo "run-workloads.sh: the examples' build failed" >&2; exit 1; }
    echo "run-workloads.sh: the examples' build reported errors; going on with what it emitted" >&2
    status=1
  fi
fi

cupyts_json="$out/workloads-cupyts$tag.json"
peers_json="$out/workloads-peers$tag.json"
if [[ ,$parts, == *,cupyts,* ]]; then
  echo "== cupyts: node bench/workloads.mjs --size $size ${cpu[*]} $*" >&2
  timeout -k 10 "${WORKLOADS_CUPYTS_TIMEOUT_S:-200}" \
    node bench/workloads.mjs --size "$size" --data "$data" --out "$cupyts_json" ${cpu[@]+"${cpu[@]}"} "$@"
  rc=$?
  if (( rc )); then
    echo "run-workloads.sh: bench/workloads.mjs failed, a program failed or it timed out (exit $rc)" >&2
    status=1
  fi
elif [[ ! -f $data/manifest.json ]]; then
  echo "== data: node bench/workloads.mjs --prepare --size $size ${cpu[*]} $*" >&2
  timeout -k 10 "${WORKLOADS_CUPYTS_TIMEOUT_S:-200}" \
    node bench/workloads.mjs --prepare --size "$size" --data "$data" --out "$out/workloads-prepare$tag.json" ${cpu[@]+"${cpu[@]}"} "$@" || status=1
fi

if [[ ,$parts, == *,peers,* ]]; then
  peers=()
  [[ -n ${WORKLOADS_PEERS:-} ]] && peers=(--peers "$WORKLOADS_PEERS")
  [[ -n ${WORKLOADS_PEER_TIMEOUT_S:-} ]] && peers+=(--timeout-s "$WORKLOADS_PEER_TIMEOUT_S")
  echo "== peers: python3 bench/peers_workloads.py ${peers[*]} ${cpu[*]} $*" >&2
  timeout -k 10 "${WORKLOADS_PEERS_TIMEOUT_S:-330}" \
    python3 bench/peers_workloads.py --data "$data" --out "$peers_json" ${peers[@]+"${peers[@]}"} ${cpu[@]+"${cpu[@]}"} "$@"
  rc=$?
  if (( rc )); then
    echo "run-workloads.sh: bench/peers_workloads.py failed, a peer failed or it timed out (exit $rc)" >&2
    status=1
  fi
fi

# This call's documents are kept beside the data too: a later call with another tag (torch.compile
# in a call of its own) summarizes them with its own, this call's winning where both have a result.
results="$data/results"
mkdir -p "$results"
files=()
for f in "$results"/workloads-*.json; do
  [[ -f $f && $(basename "$f") != "workloads-cupyts$tag.json" && $(basename "$f") != "workloads-peers$tag.json" ]] && files+=("$f")
done
for f in "$cupyts_json" "$peers_json"; do
  if [[ -f $f ]]; then
    cp "$f" "$results/"
    files+=("$f")
  fi
done
if (( ${#files[@]} )); then
  echo "== summary: node bench/summarize-workloads.mjs ${files[*]}" >&2
  node bench/summarize-workloads.mjs "${files[@]}" | tee "$out/summary-workloads$tag.md"
fi
exit $status
