#!/usr/bin/env bash
# The whole GPU run in one device call: the machine's report, the Vulkan, EGL and CUDA test packages,
# then the GPU benchmarks. Each part's output goes to $OUT (at most 8 files come back); a summary
# goes to stdout. Build .device/ first, here: scripts/run-gpu-benchmarks.sh --bundle
#   device tool: carry [".device"], timeout 600, command: .device/run --exec 'bash scripts/device-run.sh'
set -u
cd "$(dirname "$0")/.."
OUT="${OUT:-/tmp/texlink-device-out}"
mkdir -p "$OUT"

{ date -u; uname -a; nvidia-smi; nvidia-smi -L
  ldconfig -p | grep -E 'libcuda.so.1|libvulkan.so.1|libEGL.so.1|libGLESv2.so.2'; } > "$OUT/environment.txt" 2>&1
grep -E "NVIDIA|Driver Version" "$OUT/environment.txt" | head -3

# Time limits keep the whole run inside the device tool's 10 minutes.
for part in vulkan:150 egl:100 cuda:130; do
  package="io.texlink.${part%%:*}"
  start=$(date +%s)
  timeout --kill-after=10 "${part##*:}" bash scripts/device-gpu-tests.sh --separate-its --package "$package" \
    > "$OUT/tests-${part%%:*}.txt" 2>&1
  status=$?
  echo "== $package: exit $status after $(( $(date +%s) - start )) s"
  grep -E "tests (successful|failed|aborted|skipped)|containers failed|Test run finished" "$OUT/tests-${part%%:*}.txt"
  grep -B1 -A3 -E "✘" "$OUT/tests-${part%%:*}.txt" | head -40
done

start=$(date +%s)
timeout --kill-after=10 190 bash scripts/run-gpu-benchmarks.sh --out "$OUT" > "$OUT/benchmarks-console.txt" 2>&1
echo "== GPU benchmarks: exit $? after $(( $(date +%s) - start )) s"
tail -n 25 "$OUT/gpu-benchmarks.md" 2>/dev/null || tail -n 25 "$OUT/benchmarks-console.txt"
