#!/usr/bin/env bash
# Issue 29's realistic row alone: the gateway on one instance, 10,000 waiting links (one subscriber
# each, over WebSocket), 200 webhooks/s, BENCH_PUSH_ROUNDS (3) rounds of 2 s — with one core kept
# busy by a busy loop pinned to it (`taskset -c 1`), as on a shared host. BUSY=0: the same row quiet.
# PROFILE=1: a CPU profile of the gateway over the measured rounds (gateway.cpuprofile, and
# gateway.cpuprofile.timing.json: the store calls a webhook waits for, the event loop's delay);
# summarise it with `node --import tsx test/bench/push/profile-summary.ts OUT/gateway.cpuprofile`.
# Usage: test/bench/push/busy-row.sh OUT_DIR   (results in OUT_DIR/latest.json, never the repo's)
set -euo pipefail
out=${1:?usage: busy-row.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ "${BUSY:-1}" != 0 ]; then
  taskset -c "${BUSY_CORE:-1}" sh -c 'while :; do :; done' &
  busy=$!
  trap 'kill "$busy"' EXIT
fi
profile=()
if [ "${PROFILE:-0}" != 0 ]; then
  profile=(BENCH_PROFILE_ROUND="$out/gateway.cpuprofile" BENCH_PROFILE_MS="${PROFILE_MS:-9000}" BENCH_WEBHOOK_TIMING=1)
fi
echo "load at start: $(uptime)" | tee "$out/load.txt"
cd "$(dirname "$0")/../../.."
env BENCH_PUSH_LINKS=10000 BENCH_PUSH_RATES=200 BENCH_PUSH_SSE_LINKS=0 BENCH_PUSH_FLOOR_LINKS=0 \
  BENCH_PUSH_TWO_LINKS=0 BENCH_PUSH_BROADCAST=0 "${profile[@]}" \
  npm run bench -- --only push --out "$out" 2>&1 | tee "$out/log.txt"
echo "load at end: $(uptime)" | tee -a "$out/load.txt"
