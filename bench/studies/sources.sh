#!/usr/bin/env bash
# Writes the full CUDA source of the generated kernels the studies time into $1 (default
# bench/out/studies), through `cupyts explain --full-source` (needs dist/: npx tsc -p tsconfig.build.json).
# On the GPU machine run it through .device/run.sh, which provides node.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${1:-bench/out/studies}
mkdir -p "$out"
N=268435456
source_of() { # expression, vars..., output file (last)
  local file=${*: -1}
  node dist/cli/main.js explain --full-source -e "$1" "${@:2:$#-2}" 2>/dev/null |
    sed -n '/source:/,$p' | sed 's/^    | //' | grep -v '^  source:' > "$out/$file"
}
source_of 'x.mul(2).add(y)' --var x=float32[$N] --var y=float32[$N] axpy.cu
source_of 'cp.subtract(cp.exp(cp.add(cp.multiply(cp.sin(x.mul(1.5).add(0.5)), x), cp.cos(x))), 1)' --var x=float32[$N] chain8.cu
source_of 'cp.random.default_rng(1).standard_normal(268435456, {dtype:"float32"})' normal.cu
ls -l "$out"
