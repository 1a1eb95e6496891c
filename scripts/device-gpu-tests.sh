#!/usr/bin/env bash
# texlink's Vulkan tests (unit, cross-JVM *IT, and the @Tag("gpu") ones) on the GPU machine.
#
#   scripts/device-gpu-tests.sh --bundle     on the development machine, from the project root:
#                                            builds .device/ with only the engine's dependencies
#   device tool: carry [".device"], command: .device/run --exec 'bash scripts/device-gpu-tests.sh'
#
# --bundle: ../shared/tools/device-bundle packs the dependencies of every module (Spring, Tomcat,
# JCuda...), over the 64 MiB that may travel; the Vulkan tests need the engine's alone. Set
# DEVICE_BUNDLE to use another copy of that tool.
#
# Running: `.device/run --tests` starts the JUnit console launcher with -jar, so the tests' class
# path lives in a class loader of its own and java.class.path names only the launcher; the
# cross-JVM tests start their second JVM with java.class.path, which would find no classes, and
# the launcher's default class-name filter skips *IT classes. Here the class path is the JVM's
# own. Further arguments go to the console launcher (e.g. --include-tag gpu).
#
# --egl (first argument, on the GPU machine): the EGL/OpenGL ES backend's tests (io.texlink.egl)
# instead of the Vulkan ones; docs/gpu-results.md, "EGL (to run)". --package NAME: any package;
# --class NAME: one test class. -Dname=value arguments (after those) are system properties of the test
# JVM. Test classes are those whose names end in Test, Tests (the Spring modules' convention) or IT.
set -euo pipefail

if [ "${1:-}" = "--bundle" ]; then
  export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
  ROOT="$(git rev-parse --show-toplevel)"
  cd "$ROOT"
  rm -rf .device/lib && mkdir -p .device/lib
  ./mvnw -q -B -pl texlink-engine -DskipTests package dependency:copy-dependencies -DincludeScope=test \
    -DoutputDirectory="$ROOT/.device/lib"
  v="$(ls .device/lib/junit-platform-commons-*.jar | sed -E 's/.*commons-(.*)\.jar/\1/')"
  ./mvnw -q -B -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$v" \
    -DoutputDirectory="$ROOT/.device/lib"
  exec "${DEVICE_BUNDLE:-../shared/tools/device-bundle}" --no-build
fi

# --separate-its (first): the package's *Test classes in one JVM, then each *IT class in a JVM of its
# own. NVIDIA's Vulkan driver refuses new instances (VK_ERROR_INCOMPATIBLE_DRIVER) after some dozens in
# one process, which the whole io.texlink.vulkan package reaches; applications create one.
SEPARATE=false
if [ "${1:-}" = "--separate-its" ]; then
  SEPARATE=true
  shift
fi
SELECT=(--select-package io.texlink.vulkan)
if [ "${1:-}" = "--egl" ]; then
  shift
  SELECT=(--select-package io.texlink.egl)
elif [ "${1:-}" = "--package" ]; then
  SELECT=(--select-package "$2")
  shift 2
elif [ "${1:-}" = "--class" ]; then
  SELECT=(--select-class "$2")
  shift 2
fi
PROPERTIES=()
while [[ "${1:-}" == -D* ]]; do
  PROPERTIES+=("$1")
  shift
done

: "${TEXLINK_JAVA:?run me through .device/run --exec, which sets TEXLINK_JAVA and TEXLINK_CP (or pass --bundle)}"
# The standalone console launcher bundles the JUnit engines: leave the separate JUnit jars out so
# that each engine is found once.
CP=""
IFS=':' read -r -a entries <<< "$TEXLINK_CP"
for entry in "${entries[@]}"; do
  case "$(basename "$entry")" in
    junit-platform-console-standalone-*) CP="$entry${CP:+:$CP}" ;;
    junit-*|opentest4j-*|apiguardian-*) ;;
    *) CP="${CP:+$CP:}$entry" ;;
  esac
done

launch() {
  "$TEXLINK_JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC \
    "${PROPERTIES[@]}" -cp "$CP" org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors \
    --details=tree "$@"
}

if ! $SEPARATE || [ "${SELECT[0]}" != "--select-package" ]; then
  launch "${SELECT[@]}" --include-classname '.*(Test|Tests|IT)$' "$@"
  exit
fi
status=0
launch "${SELECT[@]}" --include-classname '.*(Test|Tests)$' "$@" || status=1
package_dir="${SELECT[1]//.//}"
IFS=':' read -r -a entries <<< "$CP"
for entry in "${entries[@]}"; do
  [ -d "$entry/$package_dir" ] || continue
  for it in "$entry/$package_dir"/*IT.class; do
    [ -e "$it" ] || continue
    echo "== $(basename "$it" .class) in a JVM of its own"
    launch --select-class "${SELECT[1]}.$(basename "$it" .class)" "$@" || status=1
  done
done
exit $status
