#!/usr/bin/env bash
# The whole test suite on the GPU machine, in one vitest run with 12 workers (the machine has 16 cores;
# NVRTC compiles contend for them, hence the long test timeout). Writes $OUT/summary.txt (counts per run,
# every failure with its message) and $OUT/logs.tgz (vitest's log and JSON report).
# Usage, through the device tool with carry [".device", "dist"]: bash scripts/device-tests.sh [K N] [vitest args]
# A machine whose kernel cache is warm ran the suite in 340 s; a fresh one compiles every kernel with
# NVRTC first and passed 570 s (session 16), so there run it in parts (every N-th file from the K-th),
# each its own device call: "1 3", "2 3", "3 3". Two parts no longer fit: in session 21 "1 2" on a fresh
# machine ran past 570 s (test/ops/elementwise.test.ts alone compiles for 140 s).
set -uo pipefail
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to a folder for the results}"
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader > "$OUT/gpu.txt" 2>&1
bash .device/run.sh true > "$OUT/setup.log" 2>&1
export PATH=/tmp/cupyts-tools/bin:$PATH
part=1 parts=1
if [[ ${1:-} =~ ^[0-9]+$ && ${2:-} =~ ^[0-9]+$ ]]; then part=$1 parts=$2; shift 2; fi
files=$(find test -name '*.test.ts' | sort | awk -v k="$part" -v n="$parts" '(NR - 1) % n == k - 1')
start=$(date +%s)
timeout 570 npx vitest run $files --maxWorkers 12 --testTimeout 240000 --reporter=default --reporter=json \
  --outputFile.json="$OUT/tests.json" "$@" > "$OUT/tests.log" 2>&1
echo "vitest rc=$? in $(( $(date +%s) - start )) s" > "$OUT/rc.txt"
python3 - "$OUT/tests.json" > "$OUT/summary.txt" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    sys.exit(f'no report: {e}')
print(f"{len(d['testResults'])} files: {d['numPassedTests']} passed, {d['numFailedTests']} failed, "
      f"{d['numPendingTests']} skipped, {d['numTotalTests']} in all")
for tr in d['testResults']:
    failed = [a for a in tr['assertionResults'] if a['status'] == 'failed']
    if tr.get('status') == 'failed' and not failed:
        print('FILE FAILED', tr['name'], (tr.get('message') or '')[:2000])
    for a in failed:
        print('FAIL', tr['name'], '>', a['fullName'], '::', ' '.join(a.get('failureMessages') or [])[:1500])
PY
cat "$OUT/gpu.txt" "$OUT/rc.txt" >> "$OUT/summary.txt"
tar -C "$OUT" -czf /tmp/device-tests-logs.tgz --exclude summary.txt . && mv /tmp/device-tests-logs.tgz "$OUT/logs.tgz"
find "$OUT" -mindepth 1 ! -name logs.tgz ! -name summary.txt -delete
cat "$OUT/summary.txt"
