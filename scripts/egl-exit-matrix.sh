#!/usr/bin/env bash
# Runs io.texlink.egl.EglShutdownMain once per way of using and leaving EGL (how it ends, the
# platform, whether the calling thread also calls eglReleaseThread, System.exit or Runtime.halt) and
# prints each JVM's exit status (134: it crashed at exit). On the GPU machine:
#   .device/run --exec 'bash scripts/egl-exit-matrix.sh'
set -u
: "${TEXLINK_JAVA:?run me through .device/run --exec}"
for platform in DEVICE SURFACELESS; do
  for mode in open closed written worker kept; do
    for release in keep release; do
      for ending in exit halt; do
        "$TEXLINK_JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$TEXLINK_CP" \
          io.texlink.egl.EglShutdownMain $mode $platform $release $ending > /tmp/probe.out 2>&1
        echo "$? $platform $mode $release $ending $(grep -cE 'LEAVING' /tmp/probe.out) $(grep -m1 -E 'Exception|SIGSEGV' /tmp/probe.out | cut -c1-150)"
      done
    done
  done
done
