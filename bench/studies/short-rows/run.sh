#!/usr/bin/env bash
# Short-row standardization study of session 21 (bench/RESULTS.md): the kernels cupyts generates for
# (A - A.mean(1)) / A.std(1) over float32 rows of 12, 24 and 48 (384 MiB) against hand variants
# (variants.cu): a thread per row with float4, and rows staged in shared memory. CuPy, CUDA events,
# NVRTC with cupyts's --fmad=false. Run from the repository root with dist/ built; OLD_DIST names
# another build's dist/ to add its kernels:  bash bench/studies/short-rows/run.sh
set -euo pipefail
here=bench/studies/short-rows
out=${OUT:-bench/out}/short-rows
mkdir -p "$out"
if command -v node >/dev/null 2>&1; then
  for build in new ${OLD_DIST:+old}; do
    dist=dist; [[ $build == old ]] && dist=$OLD_DIST
    for c in 12 24 48; do
      node "$dist/cli/main.js" explain --full-source --arch sm_90 \
        -e 'A.sub(A.mean({axis:1,keepdims:true})).div(A.std({axis:1,keepdims:true}))' \
        --var "A=float32[$((100663296 / c)),$c]" 2>/dev/null > "$out/$build-$c.txt"
      grep '^    |' "$out/$build-$c.txt" | sed 's/^    | \{0,1\}//' > "$out/$build-$c.cu"
      grep 'launch:' "$out/$build-$c.txt" > "$out/$build-$c.launch"
    done
  done
fi
python3 "$here/bench.py" "$out" "$here/variants.cu"
