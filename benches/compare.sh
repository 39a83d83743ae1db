#!/usr/bin/env bash
# Side-by-side build benchmark on the same machine, in one invocation, written to the disk as a
# council builds:
#   1. scrutiny on the full corpus (chart and table blocks included);
#   2. scrutiny on the same reports with chart and table blocks stripped ("plain");
#   3. Hugo (Debian's hugo) on the plain reports, with minimal templates;
#   4. Zola on them too, when ZOLA names a binary (Zola is not in a package registry);
#   5. a second scrutiny binary on the same corpora, when BASELINE names one, so that before and
#      after come from one run (not in the growth run, to keep it short);
#   6. the same builds again, each over its own previous output with nothing changed, as an
#      author rebuilds after an edit (Hugo writes over its files, Zola empties its folder first,
#      scrutiny leaves the files that are the same);
#   7. the growth run: the plain builds again on ten times as many reports (150 × 400).
# Hugo and Zola do the least work that shows the reports: no feeds, sitemaps, taxonomies or
# aliases, and only the reports scrutiny publishes (drafts and exempt reports left out).
# Builds alternate, a warm-up then RUNS of each (3 for the growth run, whose binaries are warm
# from the first), each into an empty folder after `sync`; the medians of wall time, CPU time and peak memory (GNU time) are printed
# beside the bytes and files each build wrote, with the ratios the targets are set in.
# A build's previous output is set aside (renamed into WORK/set-aside), not deleted, and
# everything set aside is deleted when the script ends: on ext4 without a journal, a file created
# in the minutes after many were deleted costs the kernel a look at each recently freed inode,
# so a build straight after `rm -rf` of the last one measures that deletion, not the tool
# (`--delete-between` measures it that way). The disk holds every output until the end.
# With --tmpfs outputs are deleted between builds: memory has no such cost, and holding every
# output there would fill it.
#
#   benches/compare.sh [--tmpfs] [--runs N] [--no-growth] [--delete-between] [AUTHORITIES [REPORTS]]
#
#   --tmpfs        sources and outputs in /dev/shm instead of the disk: the builds' own work
#                  without the file system's (each previous output deleted, not set aside)
#   --runs N       measured runs of each build (default 5)
#   --no-growth    leave out the 150 × 400 run (it writes about 2 GB a tool and takes minutes)
#   --delete-between  delete each build's previous output just before it, instead of setting
#                  it aside
#   AUTHORITIES REPORTS   the corpus (default 150 × 40 = 6,000 reports)
#   BENCH_DIR      where the corpora and outputs go (default target/bench, on the disk)
#   ZOLA, BASELINE paths of a Zola binary and of another scrutiny binary to compare
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=5
GROWTH=1
DELETE_BETWEEN=0
TMPFS=0
POSITIONAL=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tmpfs) TMPFS=1; DELETE_BETWEEN=1 ;;
    --runs) RUNS="$2"; shift ;;
    --no-growth) GROWTH=0 ;;
    --delete-between) DELETE_BETWEEN=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) POSITIONAL+=("$1") ;;
  esac
  shift
done
AUTHORITIES="${POSITIONAL[0]:-150}"
REPORTS="${POSITIONAL[1]:-40}"
GROWTH_REPORTS=$((REPORTS * 10))
GROWTH_RUNS=3

if [ "$TMPFS" = 1 ]; then
  WORK="${BENCH_DIR:-/dev/shm/scrutiny-bench}"
else
  WORK="${BENCH_DIR:-$PWD/target/bench}"
fi
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
SET_ASIDE="$WORK/set-aside"
mkdir -p "$SET_ASIDE"
set_aside() { # path: moved out of the way (or deleted, with --delete-between)
  [ -e "$1" ] || return 0
  if [ "$DELETE_BETWEEN" = 1 ]; then
    rm -rf "$1"
  else
    mv "$1" "$(mktemp -d "$SET_ASIDE/XXXXXX")/"
  fi
}
trap 'echo "deleting what the builds set aside" >&2; rm -rf "$SET_ASIDE"' EXIT

install_missing() { # command package
  command -v "$1" >/dev/null && return
  echo "installing $2" >&2
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
install_missing hugo hugo
[ -x /usr/bin/time ] || install_missing /usr/bin/time time
install_missing python3 python3
if [ -n "${ZOLA:-}" ] && [ ! -x "$ZOLA" ]; then echo "ZOLA=$ZOLA is not a program" >&2; exit 2; fi
if [ -n "${BASELINE:-}" ] && [ ! -x "$BASELINE" ]; then echo "BASELINE=$BASELINE is not a program" >&2; exit 2; fi

cargo build --release --quiet --bin scrutiny --example corpus
BIN="$PWD/target/release/scrutiny"
CORPUS="$PWD/target/release/examples/corpus"

# The same Markdown for Hugo and Zola: one page per published report (drafts and exempt reports
# left out, as scrutiny leaves them out), in one section per authority, front matter as written
# (Hugo) or its title in TOML (Zola).
make_hugo_site() { # plain-corpus site
  local site="$2"
  set_aside "$site"
  mkdir -p "$site/layouts/_default"
  python3 - "$1/content" "$site/content" <<'PY'
import pathlib, re, shutil, sys
source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
unpublished = re.compile(r"^(status: draft|exempt: [1-7])$", re.M)
for path in sorted(source.glob("*/reports/*.md")):
    front = path.read_text(encoding="utf-8").split("---", 2)[1]
    if unpublished.search(front):
        continue
    folder = target / path.parent.parent.name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / path.name)
PY
  cat > "$site/config.toml" <<'TOML'
baseURL = "https://scrutiny.example.gov.uk/"
title = "Scrutiny corpus"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
disableAliases = true
TOML
  cat > "$site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat > "$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
HTML
  cat > "$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML
}

make_zola_site() { # hugo-site zola-site
  local site="$2"
  set_aside "$site"
  mkdir -p "$site/content" "$site/templates"
  cp -r "$1/content/." "$site/content/"
  # Zola wants TOML front matter: keep the title, drop the other fields.
  python3 - "$site/content" <<'PY'
import pathlib, re, sys
for path in pathlib.Path(sys.argv[1]).rglob("*.md"):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    title = re.search(r"^title:\s*(.*)$", front, re.M).group(1).strip().strip('"')
    path.write_text(f'+++\ntitle = "{title}"\n+++\n{body}', encoding="utf-8")
PY
  for d in "$site"/content/*/; do printf '+++\ntitle = "%s"\n+++\n' "$(basename "$d")" > "$d/_index.md"; done
  printf '+++\ntitle = "Scrutiny corpus"\n+++\n' > "$site/content/_index.md"
  cat > "$site/config.toml" <<'TOML'
base_url = "https://scrutiny.example.gov.uk/"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
TOML
  printf '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body><main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main></body></html>\n' > "$site/templates/page.html"
  printf '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ section.title }}</title></head><body><main><h1>{{ section.title }}</h1><ul>{%% for p in section.pages %%}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{%% endfor %%}</ul></main></body></html>\n' > "$site/templates/section.html"
  cp "$site/templates/section.html" "$site/templates/index.html"
}

declare -A COMMANDS OUTPUTS
add_build() { # name output command...
  local name="$1" out="$2"
  shift 2
  COMMANDS[$name]="$(printf '%q ' "$@")"
  OUTPUTS[$name]="$out"
}

prepare() { # label authorities reports with-full; the names of its builds go to BUILDS
  local label="$1" authorities="$2" reports="$3" full="$4"
  local dir="$WORK/$label"
  mkdir -p "$dir"
  echo "corpus $label: $authorities authorities × $reports reports in $dir" >&2
  if [ "$full" = 1 ]; then
    set_aside "$dir/full"
    "$CORPUS" "$dir/full" --authorities "$authorities" --reports "$reports" >/dev/null
  fi
  set_aside "$dir/plain"
  "$CORPUS" "$dir/plain" --authorities "$authorities" --reports "$reports" --plain >/dev/null
  make_hugo_site "$dir/plain" "$dir/hugo"
  [ -z "${ZOLA:-}" ] || make_zola_site "$dir/hugo" "$dir/zola"
  local kinds=(plain)
  [ "$full" = 0 ] || kinds=(full plain)
  for kind in "${kinds[@]}"; do
    add_build "scrutiny-$kind-$label" "$dir/out-scrutiny-$kind" \
      "$BIN" --root "$dir/$kind" build --output "$dir/out-scrutiny-$kind"
    BUILDS+=("scrutiny-$kind-$label")
    if [ -n "${BASELINE:-}" ] && [ "$full" = 1 ]; then
      add_build "baseline-$kind-$label" "$dir/out-baseline-$kind" \
        "$BASELINE" --root "$dir/$kind" build --output "$dir/out-baseline-$kind"
      BUILDS+=("baseline-$kind-$label")
    fi
  done
  add_build "hugo-plain-$label" "$dir/out-hugo" hugo --quiet --source "$dir/hugo" --destination "$dir/out-hugo"
  BUILDS+=("hugo-plain-$label")
  if [ -n "${ZOLA:-}" ]; then
    add_build "zola-plain-$label" "$dir/out-zola" "$ZOLA" --root "$dir/zola" build --force --output-dir "$dir/out-zola"
    BUILDS+=("zola-plain-$label")
  fi
}

declare -A RESULTS
measure() { # name [again] → appends "wall user sys peak_kb" to RESULTS[name] (RESULTS[name-again]
  # when rebuilding over the output of the build before, as an author does after an edit)
  local out="${OUTPUTS[$1]}" key="$1" log
  if [ "${2:-}" = again ]; then
    key="$1-again"
  else
    set_aside "$out"
  fi
  sync
  log=$(mktemp)
  if ! eval "/usr/bin/time -f '%e %U %S %M' -o \"\$log\" ${COMMANDS[$1]}" >/dev/null 2>"$log.err"; then
    echo "$1 failed:" >&2
    cat "$log.err" >&2
    exit 1
  fi
  RESULTS[$key]+="$(tail -n 1 "$log");"
  rm -f "$log" "$log.err"
}

run_set() { # runs warm-up names...
  local runs="$1" warm="$2"
  shift 2
  [ "$warm" = 0 ] || for name in "$@"; do measure "$name"; done
  for _ in $(seq 1 "$runs"); do
    for name in "$@"; do measure "$name"; done
  done
}

rebuild_set() { # runs names...: each build again over its own previous output, nothing changed
  local runs="$1"
  shift
  for _ in $(seq 1 "$runs"); do
    for name in "$@"; do measure "$name" again; done
  done
}

median() { # column of RESULTS[name]
  tr ';' '\n' <<<"${RESULTS[$1]}" | awk -v col="$2" 'NF {print $col}' | sort -n |
    awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

declare -A WALL PEAK BYTES
report_set() { # title what [again] names...
  local title="$1" what="$2" suffix=""
  shift 2
  if [ "${1:-}" = again ]; then suffix="-again"; shift; fi
  echo
  echo "$title: $what, alternating; medians"
  printf '%-30s %8s %8s %8s %9s %10s %8s\n' build "wall s" "user s" "sys s" "peak MB" "files MB" files
  for name in "$@"; do
    local out="${OUTPUTS[$name]}" key="$name$suffix" bytes files
    bytes=$(find "$out" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    files=$(find "$out" -type f | wc -l)
    WALL[$key]=$(median "$key" 1)
    PEAK[$key]=$(median "$key" 4)
    BYTES[$key]=$bytes
    printf '%-30s %8.2f %8.2f %8.2f %9.0f %10.1f %8d\n' "$key" "${WALL[$key]}" \
      "$(median "$key" 2)" "$(median "$key" 3)" "$(awk -v k="${PEAK[$key]}" 'BEGIN {print k / 1024}')" \
      "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$files"
  done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v v="$1" -v limit="$2" -v op="$3" 'BEGIN {
  ok = (op == "<") ? v < limit : v <= limit; print ok ? "met" : "NOT met" }'; }

SMALL="${AUTHORITIES}x${REPORTS}"
LARGE="${AUTHORITIES}x${GROWTH_REPORTS}"
BUILDS=()
prepare "$SMALL" "$AUTHORITIES" "$REPORTS" 1
SMALL_BUILDS=("${BUILDS[@]}")
BUILDS=()
[ "$GROWTH" = 0 ] || prepare "$LARGE" "$AUTHORITIES" "$GROWTH_REPORTS" 0
LARGE_BUILDS=("${BUILDS[@]}")

FS=$(df --output=fstype "$WORK" | tail -n 1)
between="set aside"
[ "$DELETE_BETWEEN" = 0 ] || between="deleted"
echo "outputs on $FS ($WORK), each build's previous output $between before it; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_set "$RUNS" 1 "${SMALL_BUILDS[@]}"
report_set "$SMALL ($FS, load after: $(cut -d' ' -f1-3 /proc/loadavg))" "a warm-up, then $RUNS runs of each" "${SMALL_BUILDS[@]}"
rebuild_set "$RUNS" "${SMALL_BUILDS[@]}"
report_set "$SMALL rebuilt over its previous output, nothing changed ($FS, load after: $(cut -d' ' -f1-3 /proc/loadavg))" \
  "$RUNS runs of each" again "${SMALL_BUILDS[@]}"
if [ "$GROWTH" = 1 ]; then
  run_set "$GROWTH_RUNS" 0 "${LARGE_BUILDS[@]}"
  report_set "$LARGE ($FS, load after: $(cut -d' ' -f1-3 /proc/loadavg))" "$GROWTH_RUNS runs of each" "${LARGE_BUILDS[@]}"
fi

echo
full="scrutiny-full-$SMALL" plain="scrutiny-plain-$SMALL"
printf '%-44s %8s  %s\n' "full corpus wall (target < 3 s)" "${WALL[$full]}" "$(verdict "${WALL[$full]}" 3 '<')"
written=$(awk -v b="${BYTES[$full]}" 'BEGIN {printf "%.0f", b / 1e6}')
printf '%-44s %8s  %s\n' "full corpus MB written (target ≤ 250)" "$written" "$(verdict "$written" 250 '<=')"
peak=$(awk -v k="${PEAK[$full]}" 'BEGIN {printf "%.0f", k / 1024}')
printf '%-44s %8s  %s\n' "full corpus peak MB (target < 500)" "$peak" "$(verdict "$peak" 500 '<')"
r=$(ratio "${WALL[$plain]}" "${WALL[hugo-plain-$SMALL]}")
printf '%-44s %8s  %s\n' "plain / Hugo wall (target ≤ 0.30)" "$r" "$(verdict "$r" 0.30 '<=')"
if [ -n "${ZOLA:-}" ]; then
  r=$(ratio "${WALL[$plain]}" "${WALL[zola-plain-$SMALL]}")
  printf '%-44s %8s  %s\n' "plain / Zola wall (target ≤ 0.50)" "$r" "$(verdict "$r" 0.50 '<=')"
fi
printf '%-44s %8s\n' "full corpus rebuilt, nothing changed, wall" "${WALL[$full-again]}"
for tool in hugo zola; do
  [ -n "${WALL[$tool-plain-$SMALL-again]:-}" ] || continue
  printf '%-44s %8s\n' "plain / $tool wall, rebuilt" "$(ratio "${WALL[$plain-again]}" "${WALL[$tool-plain-$SMALL-again]}")"
done
if [ "$GROWTH" = 1 ]; then
  r=$(ratio "${WALL[scrutiny-plain-$LARGE]}" "${WALL[$plain]}")
  printf '%-44s %8s  %s\n' "plain $LARGE / $SMALL wall (target ≤ 11)" "$r" "$(verdict "$r" 11 '<=')"
  for tool in hugo zola; do
    [ -n "${WALL[$tool-plain-$LARGE]:-}" ] || continue
    printf '%-44s %8s\n' "$tool $LARGE / $SMALL wall" "$(ratio "${WALL[$tool-plain-$LARGE]}" "${WALL[$tool-plain-$SMALL]}")"
  done
fi
if [ -n "${BASELINE:-}" ]; then
  for kind in full plain; do
    b="baseline-$kind-$SMALL" s="scrutiny-$kind-$SMALL"
    printf '%-44s %8s\n' "$kind: this build / baseline, wall" "$(ratio "${WALL[$s]}" "${WALL[$b]}")"
    printf '%-44s %8s\n' "$kind: this build / baseline, bytes" "$(ratio "${BYTES[$s]}" "${BYTES[$b]}")"
    printf '%-44s %8s\n' "$kind: this build / baseline, wall, rebuilt" "$(ratio "${WALL[$s-again]}" "${WALL[$b-again]}")"
  done
fi
