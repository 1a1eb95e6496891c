#!/usr/bin/env bash
# The GPU benchmarks of issue 7 (texlink Vulkan → CUDA beside GPU readback + CPU copy + upload and
# beside CUDA IPC, 1080p and 4K, paced and flat out) on an NVIDIA GPU; docs/benchmarks.md says what
# each method times.
#
#   scripts/run-gpu-benchmarks.sh --bundle     here, from the project root: builds .device/ with what the
#                                              engine's GPU tests (scripts/device-gpu-tests.sh) and these
#                                              benchmarks need, so one bundle serves both
#   device tool: carry [".device"], command
#     .device/run --exec 'bash scripts/run-gpu-benchmarks.sh --out $OUT'            about 3 min
#     .device/run --exec 'bash scripts/run-gpu-benchmarks.sh --quick --out $OUT'    about 1 min, not for quoting
#   -> $OUT/gpu-benchmarks.md (the results, a markdown fragment), gpu-benchmarks.csv, gpu-benchmarks.log
#   scripts/run-gpu-benchmarks.sh --merge FILE here: puts FILE (a gpu-benchmarks.md that came back) into
#                                              docs/benchmarks.md, between its GPU results markers
#
# Elsewhere (no .device) the same run builds with Maven and uses its class path; without CUDA the suite
# prints why and exits 0 having written nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

maven_build() {
  . scripts/java25.sh
  ./mvnw -q -B -pl texlink-benchmarks -am -DskipTests package
  JAVA="$JAVA_HOME/bin/java"
  CP="texlink-benchmarks/target/classes:$(cat texlink-benchmarks/target/benchmark.classpath)"
}

case "${1:-}" in
  --bundle)
    . scripts/java25.sh
    ./mvnw -q -B -pl texlink-benchmarks -am -DskipTests package
    # device-gpu-tests.sh packs the engine's test dependencies, then calls its DEVICE_BUNDLE with
    # --no-build: this script, which adds the benchmarks' jars before the shared tool packs .device/.
    DEVICE_BUNDLE="$PWD/scripts/run-gpu-benchmarks.sh" exec bash scripts/device-gpu-tests.sh --bundle
    ;;
  --no-build)
    . scripts/java25.sh
    ./mvnw -q -B -pl texlink-benchmarks dependency:copy-dependencies -DincludeScope=runtime \
      -DexcludeGroupIds=io.texlink -DoutputDirectory="$PWD/.device/lib"
    exec ../shared/tools/device-bundle --no-build
    ;;
  --merge)
    [ $# -eq 2 ] || { echo "usage: scripts/run-gpu-benchmarks.sh --merge gpu-benchmarks.md" >&2; exit 2; }
    maven_build
    exec "$JAVA" -cp "$CP" io.texlink.bench.gpu.ResultsPage "$2" docs/benchmarks.md
    ;;
esac

if [ -n "${TEXLINK_JAVA:-}" ]; then   # on the GPU machine, through .device/run --exec
  JAVA="$TEXLINK_JAVA"
  CP="$TEXLINK_CP"
else
  maven_build
fi
OUT_DIR=.
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[i]}" = "--out" ] && OUT_DIR="${args[i + 1]:-.}"
done
mkdir -p "$OUT_DIR"
LOG="$OUT_DIR/gpu-benchmarks.log"
{ nvidia-smi || echo "nvidia-smi: not available"; } > "$LOG" 2>&1
# The trial JVMs inherit this JVM's class path (java.class.path), so it must name every jar itself.
"$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -cp "$CP" \
  io.texlink.bench.gpu.GpuBenchmarkSuite "$@" 2>&1 | tee -a "$LOG"
