#!/usr/bin/env bash
# Long soak run: 16 consumers joining and leaving at random for N minutes (default 10) against a producer
# at 500 frames/s; writes texlink-engine/target/soak-report.md (latency percentiles per 5 s, leak counts).
#   scripts/soak.sh [--minutes N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
MINUTES=10
if [ "${1:-}" = "--minutes" ]; then MINUTES="$2"; fi
./mvnw -B -q -pl texlink-engine -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SoakIT -Dtexlink.soak.seconds=$((MINUTES * 60))
cat texlink-engine/target/soak-report.md
