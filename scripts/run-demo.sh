#!/usr/bin/env bash
# Runs the texlink demo pair, on the CPU backend unless profiles say otherwise: builds the jars if
# needed, starts the producer and the consumer in the background, waits until both are healthy, prints
# where to look, and stops both on Ctrl-C.
#
#   scripts/run-demo.sh           run until Ctrl-C
#   scripts/run-demo.sh --check   start, check that verified frames flow, stop (exit 0 when they do)
#   --profile P                   both apps with Spring profile P: vulkan (a Vulkan device) or cuda
#                                 (an NVIDIA GPU: a CUDA producer of Vulkan frames, a CUDA consumer)
#   --producer P, --consumer P    one app's profile, e.g. --producer vulkan --consumer cuda (Vulkan to
#                                 CUDA), --producer cuda --consumer vulkan (CUDA to Vulkan) or
#                                 --producer vulkan --consumer egl (Vulkan to OpenGL ES; the consumer
#                                 has an egl profile only)
#
# Ports: CONSUMER_PORT (default 8080, the live page) and PRODUCER_PORT (default 8081).
# Needs a JDK 25: $JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, or java on the PATH.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONSUMER_PORT=${CONSUMER_PORT:-8080}
PRODUCER_PORT=${PRODUCER_PORT:-8081}
LOGS=$ROOT/target/demo
PRODUCER_JAR=$ROOT/demo-producer-app/target/demo-producer-app.jar
CONSUMER_JAR=$ROOT/demo-consumer-app/target/demo-consumer-app.jar
CHECK=false
PRODUCER_PROFILE=""
CONSUMER_PROFILE=""
usage() { echo "usage: $0 [--check] [--profile vulkan|cuda] [--producer PROFILE] [--consumer PROFILE]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --check) CHECK=true ;;
    --profile) [ $# -ge 2 ] || usage; PRODUCER_PROFILE="$2"; CONSUMER_PROFILE="$2"; shift ;;
    --producer) [ $# -ge 2 ] || usage; PRODUCER_PROFILE="$2"; shift ;;
    --consumer) [ $# -ge 2 ] || usage; CONSUMER_PROFILE="$2"; shift ;;
    *) usage ;;
  esac
  shift
done

java_version() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_java() {
  local candidate
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$(command -v java || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(java_version "$candidate")" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "run-demo: no JDK 25 found: set JAVA_HOME to a JDK 25 (e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)" >&2
  exit 1
}

JAVA=$(find_java)
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$JAVA")")

# Build when a jar is missing or a source changed since this script last built them (the jars'
# own timestamps are the fixed ones of the reproducible build, so a stamp file marks the build).
STAMP=$LOGS/.built
needs_build() {
  [ ! -f "$PRODUCER_JAR" ] || [ ! -f "$CONSUMER_JAR" ] || [ ! -f "$STAMP" ] || [ -n "$(find pom.xml texlink-engine \
      texlink-autoconfigure texlink-spring-boot-starter demo-producer-app demo-consumer-app \
      -path '*/target' -prune -o -type f -newer "$STAMP" -print -quit)" ]
}
if needs_build; then
  echo "run-demo: building the demo jars (./mvnw package, tests skipped) ..."
  ./mvnw -q -B -DskipTests package -pl demo-producer-app,demo-consumer-app -am
  mkdir -p "$LOGS"
  touch "$STAMP"
fi

# The HTTP status of GET http://127.0.0.1:PORT/PATH, or 000 when nothing answers (bash only, no curl needed).
http_status() {
  local line
  if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
    read -r -t 5 line <&3 || true
    exec 3>&-
    echo "$line" | cut -d' ' -f2
  else
    echo 000
  fi
}
http_body() {
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
  sed '1,/^\r$/d' <&3
  exec 3>&-
}

for port in "$CONSUMER_PORT" "$PRODUCER_PORT"; do
  if [ "$(http_status "$port" /)" != 000 ]; then
    echo "run-demo: port $port is in use; free it or set CONSUMER_PORT / PRODUCER_PORT" >&2
    exit 1
  fi
done

mkdir -p "$LOGS"
PIDS=()
stop_all() {
  trap - INT TERM EXIT
  if [ "${#PIDS[@]}" -gt 0 ]; then
    echo "run-demo: stopping the demo pair ..."
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start() { # name jar port config profile
  # --sun-misc-unsafe-memory-access=allow: LWJGL (the vulkan, cuda and egl profiles) uses sun.misc.Unsafe.
  "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$2" --server.port="$3" \
      --spring.config.additional-location="optional:file:$ROOT/config/$4" ${5:+--spring.profiles.active=$5} \
      >"$LOGS/$1.log" 2>&1 &
  PIDS+=($!)
  echo "run-demo: started the $1${5:+ with the $5 profile} (pid $!, log $LOGS/$1.log)"
}
start producer "$PRODUCER_JAR" "$PRODUCER_PORT" demo-producer.yaml "$PRODUCER_PROFILE"
start consumer "$CONSUMER_JAR" "$CONSUMER_PORT" demo-consumer.yaml "$CONSUMER_PROFILE"

await_healthy() { # name port pid
  local deadline=$((SECONDS + 180))
  until [ "$(http_status "$2" /actuator/health)" = 200 ]; do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "run-demo: the $1 exited; the end of its log:" >&2
      tail -n 30 "$LOGS/$1.log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "run-demo: the $1 is not healthy after 180 s: see http://localhost:$2/actuator/health and $LOGS/$1.log" >&2
      exit 1
    fi
    sleep 1
  done
}
await_healthy producer "$PRODUCER_PORT" "${PIDS[0]}"
await_healthy consumer "$CONSUMER_PORT" "${PIDS[1]}"

cat <<INFO

  texlink demo pair is running (producer: ${PRODUCER_PROFILE:-cpu} backend, consumer: ${CONSUMER_PROFILE:-cpu} backend).

  Live page (frame, latency, health):  http://localhost:$CONSUMER_PORT/
  Consumer health / metrics:           http://localhost:$CONSUMER_PORT/actuator/health   http://localhost:$CONSUMER_PORT/actuator/prometheus
  Producer health / metrics:           http://localhost:$PRODUCER_PORT/actuator/health   http://localhost:$PRODUCER_PORT/actuator/prometheus
  Logs:                                $LOGS/producer.log  $LOGS/consumer.log
  Prometheus + Grafana:                config/prometheus/prometheus.yml, config/grafana/texlink-dashboard.json

INFO

if $CHECK; then
  sleep 2
  status=$(http_body "$CONSUMER_PORT" /status)
  echo "run-demo: consumer status: $status"
  if echo "$status" | grep -q '"frameErrors":0' && echo "$status" | grep -Eq '"framesVerified":[1-9]'; then
    echo "run-demo: check passed: frames flow and verify"
    exit 0
  fi
  echo "run-demo: check FAILED" >&2
  exit 1
fi

echo "  Ctrl-C stops both."
wait -n "${PIDS[@]}" || true
echo "run-demo: one of the apps exited; see $LOGS" >&2
exit 1
