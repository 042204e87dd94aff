#!/usr/bin/env bash
# The cells of session 20's cached-row table (bench/RESULTS.md), for this build and, where OLD_DIST
# names another build's dist/, for that one too, in one device call:
#   bash bench/studies/cached-rows/cells.sh                       (node on PATH, dist/ built)
#   OLD_DIST=.device/old/dist bash bench/studies/cached-rows/cells.sh
# Through the device tool (carry .device and dist): bash .device/run.sh bash bench/studies/cached-rows/cells.sh
# Same cells in the same order for both builds: the inputs match, so equal SHA-1s mean equal bits.
# CELLS replaces the list; PROFILE=1 adds each cell's calls (bench/programs-ab.mjs).
set -euo pipefail
cells=${CELLS:-"softmax:2^20x256:1 softmax:2^20x200:1 softmax:2^18x1000:1 softmax:2^16x4096:1 softmax:2^16x4000:1
softmax:2^14x2^14:1 logsumexp:2^20x256:1 standardize:2^20x256:1 l2norm:2^20x128:1 argmax:2^20x256:1
softmax:2^22x64:1 standardize:2^22x24:1"}
TAG=new node bench/programs-ab.mjs $cells
if [[ -n ${OLD_DIST:-} ]]; then
  CUPYTS_NATIVE_PATH=${CUPYTS_NATIVE_PATH:-$PWD/build/Release/cupyts.node} DIST=$OLD_DIST TAG=old node bench/programs-ab.mjs $cells
fi
