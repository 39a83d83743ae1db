#!/usr/bin/env bash
# What search costs and what it downloads, on the 6,000-report corpus (150 × 40, charts
# included) and the 60,000-report Markdown-only corpus (150 × 400 --plain):
#   - the build's wall time with search and without (SCRUTINY_SEARCH=off), alternating, to the
#     disk, with the medians and the cost of search as a share of the build; and the same for
#     the CPU time (user + system), which a busy machine disturbs less than the wall time;
#   - the index's size on disk and its number of files;
#   - the bytes and requests a browser makes for a first query and for the same query narrowed
#     to one council, in headless Chromium (search.js and the index files it fetches).
#
#   benches/search.sh [RUNS]        (default 3 runs of each build after a warm-up)
#   CORPORA="150x40" benches/search.sh   one corpus only; "150x400p" is the plain one
#   WORDS="safeguarding the" ...    the words to search for (a common one, the commonest)
# Outputs go to BENCH_OUT (default: target/bench-search, on the disk).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
CORPORA="${CORPORA:-150x40 150x400p}"
WORDS="${WORDS:-safeguarding the}"
OUT="${BENCH_OUT:-$PWD/target/bench-search}"
export ORACLES_PREFIX="${ORACLES_PREFIX:-$PWD/.oracles}"
mkdir -p "$OUT"

command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
cargo build --release --quiet --bin scrutiny --example corpus
BIN="${SCRUTINY_BIN:-$PWD/target/release/scrutiny}"

# One build: prints "wall_seconds peak_kb cpu_seconds" (CPU: user + system).
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v env "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall peak cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$log")
  rm -f "$log"
  echo "$wall $peak $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)   runs: $RUNS each after a warm-up, medians"
for corpus in $CORPORA; do
  authorities="${corpus%%x*}"
  rest="${corpus#*x}"
  reports="${rest%p}"
  plain=()
  [ "$rest" != "$reports" ] && plain=(--plain)
  ROOT="$OUT/corpus-$corpus"
  [ -d "$ROOT/content" ] || target/release/examples/corpus "$ROOT" --authorities "$authorities" --reports "$reports" "${plain[@]}" >/dev/null
  WITH="$OUT/site-$corpus"
  WITHOUT="$OUT/site-$corpus-nosearch"
  measure "$BIN" --root "$ROOT" build --output "$WITH" >/dev/null
  measure SCRUTINY_SEARCH=off "$BIN" --root "$ROOT" build --output "$WITHOUT" >/dev/null
  with_walls=()
  without_walls=()
  peaks=()
  with_cpus=()
  without_cpus=()
  for _ in $(seq 1 "$RUNS"); do
    read -r wall peak cpu < <(measure "$BIN" --root "$ROOT" build --output "$WITH")
    with_walls+=("$wall")
    peaks+=("$peak")
    with_cpus+=("$cpu")
    read -r wall _ cpu < <(measure SCRUTINY_SEARCH=off "$BIN" --root "$ROOT" build --output "$WITHOUT")
    without_walls+=("$wall")
    without_cpus+=("$cpu")
  done
  with=$(printf '%s\n' "${with_walls[@]}" | median)
  without=$(printf '%s\n' "${without_walls[@]}" | median)
  with_cpu=$(printf '%s\n' "${with_cpus[@]}" | median)
  without_cpu=$(printf '%s\n' "${without_cpus[@]}" | median)
  peak=$(printf '%s\n' "${peaks[@]}" | median)
  documents=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['documents'])" "$WITH/search/index.json")
  echo
  echo "== $authorities × $reports${plain[*]:+ (Markdown only)}: $documents reports in the index"
  printf 'build with search     %8.2f s   (peak %d MB)\n' "$with" "$((peak / 1024))"
  printf 'build without search  %8.2f s\n' "$without"
  python3 -c "import sys; w,o=map(float,sys.argv[1:]); print(f'search costs          {w-o:8.2f} s   = {100*(w-o)/o:.1f}% of the build without it (target ≤ 15%)')" "$with" "$without"
  python3 -c "import sys; w,o=map(float,sys.argv[1:]); print(f'CPU with / without    {w:8.2f} s / {o:.2f} s: search costs {w-o:.2f} s = {100*(w-o)/o:.1f}%')" "$with_cpu" "$without_cpu"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'index on disk         %8.1f MB in %d files\n' "$(du -sb "$WITH/search" | awk '{print $1 / 1048576}')" "$(find "$WITH/search" -type f | wc -l)"
  council=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['councils'][0][0])" "$WITH/search/index.json")
  for word in $WORDS; do
    node tests/browser/search.mjs measure "$WITH" "$word" "$council" | grep -E 'query|passed' | grep -v ' passed, 0 failed' || true
  done
done
