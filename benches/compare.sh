#!/usr/bin/env bash
# Side-by-side build benchmark on the same machine, in one invocation:
#   1. scrutiny on the full corpus (chart and table blocks included);
#   2. scrutiny on the same reports with chart and table blocks stripped;
#   3. Hugo (Debian's hugo, minimal templates) on those stripped reports;
#   4. Zola on them too, when ZOLA names a binary.
# Runs alternate, five of each after a warm-up, and the medians of wall time, CPU time and peak
# memory (/usr/bin/time -v) are printed with the ratios of the medians.
#
#   benches/compare.sh [AUTHORITIES] [REPORTS]     (default 150 × 40 = 6,000 reports)
set -euo pipefail
cd "$(dirname "$0")/.."
AUTHORITIES="${1:-150}"
REPORTS="${2:-40}"
RUNS=5
# Sources and outputs on tmpfs where there is one, so that the figures are the builds' own work
# rather than the disk's (a virtual machine's page cache may not keep the corpus between runs).
SCRATCH=/dev/shm
[ -w "$SCRATCH" ] || SCRATCH="${TMPDIR:-/tmp}"
WORK="${BENCH_DIR:-$(mktemp -d "$SCRATCH/scrutiny-bench.XXXXXX")}"
OUT="${BENCH_OUT:-$WORK}"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$WORK"' EXIT

command -v hugo >/dev/null || { apt-get update -qq && apt-get install -y -qq hugo >/dev/null; }
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
cargo build --release --quiet --bin scrutiny --example corpus
BIN="$PWD/target/release/scrutiny"

echo "corpus: $AUTHORITIES authorities × $REPORTS reports in $WORK; output to $OUT"
target/release/examples/corpus "$WORK/full" --authorities "$AUTHORITIES" --reports "$REPORTS" >/dev/null
target/release/examples/corpus "$WORK/plain" --authorities "$AUTHORITIES" --reports "$REPORTS" --plain >/dev/null

# The same Markdown for Hugo and Zola: one page per report, front matter as written.
HUGO_SITE="$WORK/hugo"
mkdir -p "$HUGO_SITE/content" "$HUGO_SITE/layouts/_default"
for dir in "$WORK"/plain/content/*/; do
  name=$(basename "$dir")
  [ -d "$dir/reports" ] || continue
  mkdir -p "$HUGO_SITE/content/$name"
  cp "$dir"/reports/*.md "$HUGO_SITE/content/$name/"
done
cat > "$HUGO_SITE/config.toml" <<'TOML'
baseURL = "https://scrutiny.example.gov.uk/"
title = "Scrutiny corpus"
disableKinds = ["taxonomy", "term"]
TOML
cat > "$HUGO_SITE/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat > "$HUGO_SITE/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
HTML
cat > "$HUGO_SITE/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML

declare -A COMMANDS
COMMANDS[scrutiny-full]="$BIN --root $WORK/full build --output $OUT/bench-scrutiny-full"
COMMANDS[scrutiny-plain]="$BIN --root $WORK/plain build --output $OUT/bench-scrutiny-plain"
COMMANDS[hugo-plain]="hugo --quiet --source $HUGO_SITE --destination $OUT/bench-hugo"
NAMES=(scrutiny-full scrutiny-plain hugo-plain)
if [ -n "${ZOLA:-}" ]; then
  ZOLA_SITE="$WORK/zola"
  mkdir -p "$ZOLA_SITE/content" "$ZOLA_SITE/templates"
  cp -r "$HUGO_SITE/content/." "$ZOLA_SITE/content/"
  # Zola wants TOML front matter: keep the title, drop the other fields.
  python3 - "$ZOLA_SITE/content" <<'PY'
import pathlib, re, sys
for path in pathlib.Path(sys.argv[1]).rglob("*.md"):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    title = re.search(r"^title:\s*(.*)$", front, re.M).group(1).strip().strip('"')
    path.write_text(f'+++\ntitle = "{title}"\n+++\n{body}', encoding="utf-8")
PY
  for d in "$ZOLA_SITE"/content/*/; do printf '+++\ntitle = "%s"\n+++\n' "$(basename "$d")" > "$d/_index.md"; done
  printf '+++\ntitle = "Scrutiny corpus"\n+++\n' > "$ZOLA_SITE/content/_index.md"
  printf 'base_url = "https://scrutiny.example.gov.uk/"\ncompile_sass = false\nbuild_search_index = false\n' > "$ZOLA_SITE/config.toml"
  printf '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body><main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main></body></html>\n' > "$ZOLA_SITE/templates/page.html"
  printf '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ section.title }}</title></head><body><ul>{%% for p in section.pages %%}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{%% endfor %%}</ul></body></html>\n' > "$ZOLA_SITE/templates/section.html"
  cp "$ZOLA_SITE/templates/section.html" "$ZOLA_SITE/templates/index.html"
  COMMANDS[zola-plain]="$ZOLA --root $ZOLA_SITE build --output-dir $OUT/bench-zola --force"
  NAMES+=(zola-plain)
fi

measure() { # name → "wall cpu peak_kb"
  local log
  log=$(mktemp)
  /usr/bin/time -v bash -c "${COMMANDS[$1]} >/dev/null 2>&1" 2>"$log" || { echo "$1 failed" >&2; cat "$log" >&2; exit 1; }
  local wall user sys peak
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  echo "$wall $(echo "$user + $sys" | bc) $peak"
}

declare -A RESULTS
for name in "${NAMES[@]}"; do measure "$name" >/dev/null; done   # warm-up
for run in $(seq 1 "$RUNS"); do
  for name in "${NAMES[@]}"; do RESULTS[$name]+="$(measure "$name");"; done
done

median() { tr ';' '\n' | grep -v '^$' | awk -v col="$1" '{print $col}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)   runs: $RUNS each, medians"
printf '%-16s %10s %10s %12s\n' build "wall s" "cpu s" "peak MB"
declare -A WALL
for name in "${NAMES[@]}"; do
  wall=$(echo "${RESULTS[$name]}" | median 1)
  cpu=$(echo "${RESULTS[$name]}" | median 2)
  peak=$(echo "${RESULTS[$name]}" | median 3)
  WALL[$name]=$wall
  printf '%-16s %10.2f %10.2f %12.0f\n' "$name" "$wall" "$cpu" "$(echo "$peak / 1024" | bc -l)"
done
echo
printf 'scrutiny-plain / hugo-plain wall: %.2f (target ≤ 0.30)\n' "$(echo "${WALL[scrutiny-plain]} / ${WALL[hugo-plain]}" | bc -l)"
if [ -n "${ZOLA:-}" ]; then
  printf 'scrutiny-plain / zola-plain wall: %.2f (target ≤ 0.50)\n' "$(echo "${WALL[scrutiny-plain]} / ${WALL[zola-plain]}" | bc -l)"
fi
printf 'scrutiny-full wall: %.2f s (target < 5 s)\n' "${WALL[scrutiny-full]}"
