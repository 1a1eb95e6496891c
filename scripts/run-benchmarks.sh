#!/usr/bin/env bash
# Builds texlink and runs the CPU benchmark suite, which writes docs/benchmarks.md and the plots in
# docs/benchmarks/. The full suite takes about 12 minutes on 2 cores; --quick about 2 (not for quoting).
#
#   scripts/run-benchmarks.sh [--quick] [--out DIR] [--machine-note "a 2-core VM shared with other work"]
#   scripts/run-benchmarks.sh --pattern-cost    what drawing and checking the test pattern cost (docs/test-signal.md)
#
# Every trial line is printed as it finishes and kept in texlink-benchmarks/target/benchmark-run.log.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java25.sh

./mvnw -B -q package -pl texlink-benchmarks -am -DskipTests
CLASSPATH_FILE=texlink-benchmarks/target/benchmark.classpath
if [ "${1:-}" = "--pattern-cost" ]; then
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "texlink-benchmarks/target/classes:$(cat "$CLASSPATH_FILE")" \
    io.texlink.bench.PatternCost
fi
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true \
  -cp "texlink-benchmarks/target/classes:$(cat "$CLASSPATH_FILE")" \
  io.texlink.bench.BenchmarkSuite "$@" 2>&1 | tee texlink-benchmarks/target/benchmark-run.log
