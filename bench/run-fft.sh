#!/usr/bin/env bash
# The FFT comparison of issue 19 on the GPU machine, in one command, from the repository root:
#   bash bench/run-fft.sh [--reps N]
#   1. python3 bench/peers_fft.py          -> $OUT/peers-fft.json  (cupy.fft, torch.fft)
#   2. node bench/fft-runtime.mjs --peers  -> $OUT/cupyts-fft.json, and $OUT/summary-fft.md (and
#      stdout): the markdown table (cupyts, bare cuFFT, CuPy, PyTorch, best peer / cupyts, GB/s)
# $OUT defaults to bench/out. Where node is not on PATH but .device/run.sh is (a device run
# carrying .device), it re-runs itself through that script.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v node >/dev/null 2>&1; then
  if [[ -x .device/run.sh || -f .device/run.sh ]]; then
    exec bash .device/run.sh bash bench/run-fft.sh "$@"
  fi
  echo "run-fft.sh: node is not on PATH (and there is no .device/run.sh)" >&2
  exit 1
fi

out=${OUT:-bench/out}
mkdir -p "$out"
status=0

if [[ ! -f dist/index.js || src/api/fft-transforms.ts -nt dist/api/fft-transforms.js ]]; then
  echo "== building dist/ (npx tsc -p tsconfig.build.json)" >&2
  npx tsc -p tsconfig.build.json || { echo "run-fft.sh: the TypeScript build failed" >&2; exit 1; }
fi

echo "== peers: python3 bench/peers_fft.py $*" >&2
python3 bench/peers_fft.py --out "$out/peers-fft.json" "$@" >/dev/null || {
  echo "run-fft.sh: bench/peers_fft.py failed (exit $?)" >&2
  status=1
}

peers=()
[[ -f $out/peers-fft.json ]] && peers=(--peers "$out/peers-fft.json")
echo "== cupyts: node bench/fft-runtime.mjs $*" >&2
node bench/fft-runtime.mjs --out "$out/cupyts-fft.json" ${peers[@]+"${peers[@]}"} "$@" | tee "$out/summary-fft.md" || {
  echo "run-fft.sh: bench/fft-runtime.mjs failed" >&2
  status=1
}
exit $status
