#!/usr/bin/env bash
# Docker for the container tests (texlink-containers-it), as CI needs it on a bare Debian machine:
#
#   scripts/ci-docker.sh start   install docker.io and debootstrap if missing, start dockerd unless one
#                                already answers, build the local base image unless it exists
#   scripts/ci-docker.sh stop    stop the dockerd that `start` started (a daemon it found running stays)
#
# The daemon runs without a bridge and without iptables rules; containers run with network mode
# `none`: texlink needs no network, and no container traffic may reach private-range addresses.
# No registry is reachable either: the base image ($TEXLINK_BASE_IMAGE, default texlink-base:bookworm)
# is a minimal Debian root filesystem made by debootstrap and imported; the tests bind-mount the
# host's JDK into it. Runs as root (through sudo when started as another user).
set -euo pipefail
if [ "$(id -u)" != 0 ]; then exec sudo "$0" "$@"; fi

IMAGE=${TEXLINK_BASE_IMAGE:-texlink-base:bookworm}
STATE=/run/texlink-ci-docker
PIDFILE=$STATE/dockerd.pid
LOG=$STATE/dockerd.log

daemon_answers() { docker info >/dev/null 2>&1; }

install_missing() {
  if command -v dockerd >/dev/null && command -v debootstrap >/dev/null; then
    return
  fi
  # Keep the package's init script from starting a dockerd with the default bridge: policy-rc.d
  # exit 101 tells invoke-rc.d not to start services (Debian's policy-rc.d convention).
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io debootstrap
  if [ -n "$policy" ]; then rm -f "$policy"; fi
}

start_daemon() {
  if daemon_answers; then
    echo "ci-docker: a Docker daemon already runs; using it"
    return
  fi
  mkdir -p "$STATE"
  echo "ci-docker: starting dockerd (no bridge, no iptables); log in $LOG"
  # 9>&-: fd 9 holds the start lock; a daemon that inherited it would block every later start.
  setsid dockerd --bridge=none --iptables=false --ip-forward=false >"$LOG" 2>&1 </dev/null 9>&- &
  echo $! > "$PIDFILE"
  for _ in $(seq 60); do
    if daemon_answers; then
      return
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      echo "ci-docker: dockerd exited at start; its log:" >&2
      cat "$LOG" >&2
      exit 1
    fi
    sleep 1
  done
  echo "ci-docker: dockerd did not answer within 60 s; see $LOG" >&2
  exit 1
}

build_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "ci-docker: base image $IMAGE is there"
    return
  fi
  local root
  root=$(mktemp -d /var/tmp/texlink-rootfs.XXXXXX)
  echo "ci-docker: building base image $IMAGE (debootstrap --variant=minbase bookworm, about 30 s)"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.log" 2>&1 \
    || { cat "$root.log" >&2; exit 1; }
  tar -C "$root" -c . | docker import - "$IMAGE" >/dev/null
  rm -rf "$root" "$root.log"
  echo "ci-docker: base image $IMAGE built"
}

stop_daemon() {
  if [ ! -f "$PIDFILE" ]; then
    echo "ci-docker: no dockerd started by this script; nothing to stop"
    return
  fi
  local pid
  pid=$(cat "$PIDFILE")
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    kill -TERM "$pid"
    for _ in $(seq 30); do
      if [ ! -e "/proc/$pid" ]; then break; fi
      sleep 1
    done
    if [ -e "/proc/$pid" ]; then
      echo "ci-docker: dockerd $pid still runs 30 s after SIGTERM" >&2
      exit 1
    fi
    echo "ci-docker: stopped dockerd $pid"
  fi
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start)
    install_missing
    # One start at a time: concurrent CI jobs on one machine share the daemon and the image.
    mkdir -p "$STATE"
    exec 9>"$STATE/start.lock"
    flock 9
    start_daemon
    build_image
    ;;
  stop)
    stop_daemon
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
