#!/usr/bin/env bash
# texlink's Spring side on the GPU machine: the tests of texlink-autoconfigure and the demo apps (the
# @Tag("gpu") CUDA ones included), the two-JVM demo pairs (CPU, Vulkan, Vulkan -> CUDA, CUDA -> Vulkan),
# and the engine's CUDA tests (io.texlink.cuda).
#
#   scripts/device-spring-tests.sh --bundle    on the development machine, from the project root:
#                                              builds .device/ (about 60 MB)
#   device tool: carry [".device"], timeout 600,
#     command: .device/run --exec 'bash scripts/device-spring-tests.sh'
#   Arguments: the packages and test classes to run (default: the packages io.texlink.cuda,
#   io.texlink.spring and io.texlink.demo), then options for the JUnit console launcher; e.g. the CUDA
#   demo pairs alone:
#     .device/run --exec 'bash scripts/device-spring-tests.sh io.texlink.demo.consumer.DemoPairCudaConsumerIT
#       io.texlink.demo.consumer.DemoPairCudaProducerIT'
#
# Why a bundle of its own: the apps' and tests' jars (Spring, Tomcat, LWJGL, JCuda, JUnit) are about
# 60 MB and the Java runtime 23 MB, over the 64 MiB that may travel. Jars compress poorly (each is
# deflated already), so --bundle re-packs them without compression and puts them into one xz archive
# (about 27 MB), which this script unpacks on the GPU machine. The demo jars themselves do not travel:
# the demo ITs start each app from its classes and its runtime jars (the system properties
# demo.producer.classpath and demo.consumer.classpath, read by DemoApp.Launch). Their logs are written
# to $OUT/demo-logs, so that they come back.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
MODULES=(texlink-engine texlink-autoconfigure demo-producer-app demo-consumer-app)
APPS=(demo-producer-app demo-consumer-app)

if [ "${1:-}" = "--bundle" ]; then
  . scripts/java25.sh
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  ./mvnw -q -B -pl "$(IFS=,; echo "${MODULES[*]}")" -am -DskipTests package dependency:copy-dependencies \
    -DincludeScope=test -DexcludeGroupIds=io.texlink -DoutputDirectory="$work/jars"
  v="$(ls "$work"/jars/junit-platform-commons-*.jar | sed -E 's/.*commons-(.*)\.jar/\1/')"
  ./mvnw -q -B -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$v" \
    -DoutputDirectory="$work/jars"
  rm -rf .device/lib .device/apps && mkdir -p .device/lib .device/apps
  # Each app's runtime jars, by file name: what its repackaged jar ships, less texlink's modules (they travel
  # as classes) and the jar-mode tools Spring Boot's repackager adds.
  for app in "${APPS[@]}"; do
    unzip -Z1 "$app/target/$app.jar" 'BOOT-INF/lib/*.jar' | sed 's#^BOOT-INF/lib/##' \
      | grep -v -e '^texlink-' -e '^spring-boot-jarmode-tools-' > ".device/apps/$app.jars"
    while read -r jar; do
      [ -f "$work/jars/$jar" ] || { echo "device-spring-tests: $app ships $jar, which is not among the copied jars" >&2; exit 1; }
    done < ".device/apps/$app.jars"
  done
  for jar in "$work"/jars/*.jar; do # stored entries, so that xz compresses across all of them
    mkdir "$work/x" && (cd "$work/x" && unzip -q "$jar" && rm "$jar" && zip -q -0 -X -r "$jar" .) && rm -rf "$work/x"
  done
  tar -C "$work" -cf - jars | xz -T2 -6 > .device/jars.tar.xz
  "${DEVICE_BUNDLE:-../shared/tools/device-bundle}" --no-build
  exit
fi

: "${TEXLINK_JAVA:?run me through .device/run --exec, which sets TEXLINK_JAVA (or pass --bundle)}"
JARS=/tmp/texlink-spring-jars
if [ ! -f "$JARS/.unpacked" ]; then
  rm -rf "$JARS" && mkdir -p "$JARS"
  tar -C "$JARS" --strip-components=1 -xJf .device/jars.tar.xz
  touch "$JARS/.unpacked"
fi

# One app's class path: texlink's classes, the app's own, and its runtime jars.
app_classpath() {
  local cp="$ROOT/.device/cp/texlink-engine/classes:$ROOT/.device/cp/texlink-autoconfigure/classes:$ROOT/.device/cp/$1/classes"
  while read -r jar; do
    cp="$cp:$JARS/$jar"
  done < ".device/apps/$1.jars"
  echo "$cp"
}

TEXLINK_CP=""
for module in "${MODULES[@]}"; do
  TEXLINK_CP="$TEXLINK_CP:$ROOT/.device/cp/$module/classes:$ROOT/.device/cp/$module/test-classes"
done
for jar in "$JARS"/*.jar; do
  TEXLINK_CP="$TEXLINK_CP:$jar"
done
export TEXLINK_CP="${TEXLINK_CP#:}"

# Selectors: a name whose last part starts with a capital letter is a class, any other a package.
SELECTED=()
while [ $# -gt 0 ] && [[ "$1" != -* ]]; do
  SELECTED+=("$1")
  shift
done
[ ${#SELECTED[@]} -gt 0 ] || SELECTED=(io.texlink.cuda io.texlink.spring io.texlink.demo)
kind() { [[ "${1##*.}" == [A-Z]* ]] && echo class || echo package; }
MORE=()
for name in "${SELECTED[@]:1}"; do
  MORE+=("--select-$(kind "$name")" "$name")
done

exec bash scripts/device-gpu-tests.sh "--$(kind "${SELECTED[0]}")" "${SELECTED[0]}" \
  -Ddemo.producer.classpath="$(app_classpath demo-producer-app)" \
  -Ddemo.consumer.classpath="$(app_classpath demo-consumer-app)" \
  -Ddemo.config="$ROOT/config" -Ddemo.logs="${OUT:-/tmp}/demo-logs" \
  "${MORE[@]}" "$@"
