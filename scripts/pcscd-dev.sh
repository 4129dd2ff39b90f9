#!/usr/bin/env bash
# pcscd for development on a machine without systemd (containers, CI shells): start | stop | status.
# Same rules as the PC/SC tests: one pcscd per machine, our own PID file, readiness by polling, stop by PID only,
# a stale socket from a killed pcscd cleared before a start. With vsmartcard-vpcd installed it offers the readers
# "Virtual PCD 00 00" (127.0.0.1:35963) and "Virtual PCD 00 01" (35964) for a software card.
set -euo pipefail
RUN="${KIOSK_PCSC_RUN_DIR:-${TMPDIR:-/tmp}/kiosk-pcsc}"
PID_FILE="$RUN/pcscd.pid"
SOCK=/run/pcscd/pcscd.comm
mkdir -p "$RUN"

ours() { [ -f "$PID_FILE" ] && p=$(cat "$PID_FILE") && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = pcscd ] && echo "$p"; }
theirs() { [ -f /run/pcscd/pcscd.pid ] && p=$(cat /run/pcscd/pcscd.pid) && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = pcscd ] && echo "$p"; }

case "${1:-status}" in
  start)
    if p=$(ours); then echo "pcscd already running (pid $p)"; exit 0; fi
    if p=$(theirs); then echo "another pcscd is running (pid $p); not starting a second one" >&2; exit 1; fi
    rm -f "$SOCK" /run/pcscd/pcscd.pid # left by a killed pcscd
    setsid pcscd --foreground ${PCSCD_DEBUG:+--debug --apdu} >>"$RUN/pcscd.log" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 200); do
      [ -S "$SOCK" ] && { [ ! -f /etc/reader.conf.d/vpcd ] || ss -ltn | grep -q ':35963 '; } && { echo "pcscd running (pid $(cat "$PID_FILE")), log $RUN/pcscd.log"; exit 0; }
      sleep 0.025
    done
    echo "pcscd did not become ready; log:" >&2; tail -n 20 "$RUN/pcscd.log" >&2; exit 1
    ;;
  stop)
    if p=$(ours); then
      kill "$p"
      for _ in $(seq 150); do [ -d "/proc/$p" ] && [ "$(cut -d' ' -f3 "/proc/$p/stat" 2>/dev/null)" != Z ] || break; sleep 0.02; done
      [ -d "/proc/$p" ] && [ "$(cut -d' ' -f3 "/proc/$p/stat" 2>/dev/null)" != Z ] && kill -9 "$p"
      echo "pcscd stopped (pid $p)"
    else
      echo "no pcscd of ours is running"
    fi
    rm -f "$PID_FILE"
    ;;
  status)
    if p=$(ours); then echo "pcscd running (pid $p)"; elif p=$(theirs); then echo "pcscd running (pid $p, not started by this script)"; else echo "pcscd not running"; exit 3; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
