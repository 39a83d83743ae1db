#!/usr/bin/env bash
# How long `scrutiny check` takes on a site holding one large dataset: the basic test site with
# a dataset of ROWS rows added (one row a line, as authors and `import dfe` write them). Prints
# the dataset's size and the median wall time of RUNS runs (default 5) of the release binary.
#
#   [RUNS=N] benches/dataset_load.sh [ROWS ...]   (default: 16000 64000 89000, the last just
#                                                   under the 4 MiB limit of a content file)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin scrutiny
BIN="$PWD/target/release/scrutiny"
RUNS="${RUNS:-5}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The rows that fit in content files' limit of 4 MiB (4,194,304 bytes), at about 47 bytes a row.
ROWS=("$@")
[ ${#ROWS[@]} -gt 0 ] || ROWS=(16000 64000 89000)

for rows in "${ROWS[@]}"; do
  site="$WORK/site-$rows"
  cp -r tests/fixtures/basic "$site"
  {
    echo "title: A large dataset"
    echo "source: Generated for a benchmark"
    echo "columns:"
    echo "  - { id: name, label: Name }"
    echo "  - { id: count, label: Count, type: number }"
    echo "  - { id: rate, label: Rate, type: percent }"
    echo "  - { id: month, label: Month, type: date }"
    echo "rows:"
    awk -v n="$rows" 'BEGIN { for (i = 1; i <= n; i++) printf "  - [Area number %06d, %d, %d.5, 2021-%02d]\n", i, i, i % 100, i % 12 + 1 }'
  } > "$site/content/testa/data/large.yaml"
  bytes=$(wc -c < "$site/content/testa/data/large.yaml")
  times=()
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$BIN" --root "$site" check >/dev/null 2>&1 || { echo "check failed on $rows rows"; exit 1; }
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%7d rows, %8d bytes: check takes %.3f s (median of %d)\n' "$rows" "$bytes" "$median" "$RUNS"
done
