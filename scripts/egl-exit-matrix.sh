#!/usr/bin/env bash
# Runs io.texlink.egl.EglExitProbeMain once per way of leaving EGL and prints each JVM's exit
# status (134: it crashed at exit). On the GPU machine: .device/run --exec 'bash scripts/egl-exit-matrix.sh'
set -u
: "${TEXLINK_JAVA:?run me through .device/run --exec}"
for platform in DEVICE SURFACELESS; do
  for frame in none vulkan; do
    for teardown in hook main owner; do
      for release in no yes; do
        for exit in exit halt; do
          "$TEXLINK_JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$TEXLINK_CP" \
            io.texlink.egl.EglExitProbeMain $platform $frame $teardown $release $exit > /tmp/probe.out 2>&1
          echo "$? $platform $frame $teardown release=$release $exit $(grep -cE 'LEAVING' /tmp/probe.out) $(grep -m1 -E 'Exception|SIGSEGV' /tmp/probe.out | cut -c1-150)"
        done
      done
    done
  done
done
