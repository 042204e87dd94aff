#!/usr/bin/env bash
# 1-D scan study (issue 16; bench/RESULTS.md, session 22): cupyts's generated cumsum kernel for float32
# against hand variants (variants.cu) that separate the tile machinery, the local scan and the
# look-back, with float4 loads, backoff and other tile sizes, and persistent variants that hide the
# look-back's wait (MODE 9, 10); a float4 copy, CuPy and torch beside. CuPy, CUDA events. Run from the
# repository root with dist/ built: bash bench/studies/scan-1d/run.sh (ONLY=regex picks variants, e.g.
# ONLY='mode (7|9|10) '). Without a GPU: nvrtc-check.mjs (compiles, registers) and emulate.py (the
# protocol on the host).
set -euo pipefail
here=bench/studies/scan-1d
out=${OUT:-bench/out}/scan-1d
mkdir -p "$out"
if command -v node >/dev/null 2>&1; then
  node dist/cli/main.js explain --full-source --arch sm_90 -e 'cp.cumsum(x)' --var 'x=float32[268435456]' 2>/dev/null > "$out/generated.txt"
  grep '^    |' "$out/generated.txt" | sed 's/^    | \{0,1\}//' > "$out/generated.cu"
fi
python3 "$here/bench.py" "$out/generated.cu" "$here/variants.cu" | tee "$out/results.txt"
