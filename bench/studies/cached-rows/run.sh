#!/usr/bin/env bash
# The cached-row softmax study of session 20 (bench/RESULTS.md): the kernel cupyts generates for a
# row softmax over 2^20 rows of 256 float32 (warp per row, 8 elements a lane in registers) against
# hand-written variants (variants.cu), in CuPy on the GPU machine, CUDA events, the same NVRTC
# options as cupyts (--fmad=false). Run from the repository root, where dist/ is built:
#   bash bench/studies/cached-rows/run.sh            (a GPU machine with CuPy; node only for step 1)
# Step 1 (any machine with node and NVRTC) writes the generated source; step 2 times it.
set -euo pipefail
here=bench/studies/cached-rows
out=${OUT:-bench/out}
mkdir -p "$out"
if command -v node >/dev/null 2>&1; then
  node dist/cli/main.js explain --full-source --arch sm_90 \
    -e '(()=>{const e=cp.exp(A.sub(A.max(1,{keepdims:true})));return e.div(e.sum(1,{keepdims:true}))})()' \
    --var A=float32[1048576,256] 2>/dev/null | grep '^    |' | sed 's/^    | \{0,1\}//' > "$out/cached-rows-generated.cu"
fi
python3 "$here/bench.py" "$out/cached-rows-generated.cu" "$here/variants.cu"
