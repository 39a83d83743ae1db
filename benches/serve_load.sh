#!/usr/bin/env bash
# Bounded load test of `scrutiny serve` on loopback: wrk, 100 connections for 10 s, requesting
# every page and file of the site in turn (HTML gets the reload script added on the way out).
# Fails if wrk saw any socket error or any status but 200, or if the server's resident memory
# after the load is more than 10% above what it was before (measured after a 2-second warm-up
# at the same concurrency, so that buffers made once for that many connections are not counted
# as growth).
#
#   benches/serve_load.sh [SITE_ROOT] [DURATION] [CONNECTIONS]    (default: . 10s 100)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="${1:-.}"
DURATION="${2:-10s}"
CONNECTIONS="${3:-100}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --bin scrutiny
BIN="$PWD/target/release/scrutiny"

WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The paths to request: every file a build of the site writes but the fonts.
"$BIN" --root "$ROOT" build --drafts --output "$WORK/site" >/dev/null
(cd "$WORK/site" && find . -type f ! -name '*.ttf' ! -name '.*' | sed 's|^\.||' | sort) > "$WORK/paths"
{
  echo "local paths = {"
  sed 's/.*/  "&",/' "$WORK/paths"
  echo "}"
  cat <<'LUA'
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
} > "$WORK/paths.lua"

"$BIN" --root "$ROOT" serve --port 0 > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 200); do grep -q "http://" "$WORK/serve.log" && break; sleep 0.05; done
URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/serve.log" | head -1)
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }

wrk -t2 -c"$CONNECTIONS" -d2s -s "$WORK/paths.lua" "$URL" >/dev/null
sleep 1
BEFORE=$(rss)
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/paths.lua" "$URL" | tee "$WORK/wrk.txt"
sleep 1
AFTER=$(rss)

echo
echo "files requested in turn: $(wc -l < "$WORK/paths")   load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "resident memory: ${BEFORE} kB before, ${AFTER} kB after ($(awk -v a="$AFTER" -v b="$BEFORE" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }'))"
FAILED=0
if grep -q "Socket errors" "$WORK/wrk.txt"; then echo "FAIL: socket errors"; FAILED=1; fi
if grep -q "Non-2xx or 3xx" "$WORK/wrk.txt"; then echo "FAIL: responses other than 200"; FAILED=1; fi
if [ "$AFTER" -gt $((BEFORE * 110 / 100)) ]; then echo "FAIL: resident memory grew by more than 10%"; FAILED=1; fi
kill -0 "$PID" 2>/dev/null || { echo "FAIL: the server stopped"; FAILED=1; }
[ "$FAILED" = 0 ] && echo "ok: no errors, memory within 10%"
exit "$FAILED"
