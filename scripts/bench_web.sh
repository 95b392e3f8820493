#!/usr/bin/env bash
# Web pages: newsdex against trafilatura, side by side in one run, on the same pages.
#
#   scripts/bench_web.sh [--pages DIR] [--venv DIR] [--rounds N] [--work DIR] [--profile P]
#
# --pages DIR   a folder of .html/.htm/.html.gz pages (default ../shared/data/web-dev/html)
# --venv DIR    a Python virtualenv with trafilatura (default $work/venv, made with
#               `python3 -m venv` and `pip install trafilatura lxml_html_clean` when missing)
# --rounds N    rounds, each timing trafilatura, then newsdex on all cores, then newsdex on one
#               (default 3)
# --work DIR    where to put the indexes and logs (default: a new folder under /tmp)
# --profile P   the cargo profile of the newsdex binary (default dist, the release build with fat
#               LTO; `release` builds faster)
#
# What is timed:
#   - trafilatura: ../shared/tools/run_trafilatura.py, trafilatura's benchmark settings, one
#     process, one thread; extraction only (reading and gunzip not counted, a warm-up page first).
#   - newsdex: `newsdex index DIR` into a new index, start to committed index (reading, gunzip,
#     parsing, extraction, language check, entities, copies and the tantivy commit), wall clock,
#     with its default threads (all cores) and with RAYON_NUM_THREADS=1.
# MB are of decompressed HTML. Prints one table; ratios are trafilatura's seconds over newsdex's in
# the same round. Not part of CI.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
pages="$shared/data/web-dev/html" venv="" rounds=3 work="" profile=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) pages=$2; shift 2 ;;
    --venv) venv=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    *) echo "bench_web: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[ -d "$pages" ] || { echo "bench_web: no folder $pages (give --pages DIR)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_web: GNU time is missing (apt-get install time)" >&2; exit 2; }
work=${work:-$(mktemp -d /tmp/newsdex-bench-web.XXXXXX)}
mkdir -p "$work"
venv=${venv:-$work/venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import trafilatura' 2>/dev/null; then
  echo "bench_web: installing trafilatura into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q trafilatura lxml_html_clean >&2
fi
(cd "$here" && cargo build --profile "$profile" --locked >&2)
bin="$here/target/$profile/newsdex"

# Pages and MB of decompressed HTML, counted as run_trafilatura.py reads them.
read -r npages mb < <(python3 - "$pages" <<'EOF'
import gzip, os, sys
n = size = 0
for root, dirs, files in os.walk(sys.argv[1], followlinks=True):
    for name in files:
        low = name.lower()
        if low.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
            path = os.path.join(root, name)
            opener = gzip.open if low.endswith(".gz") else open
            with opener(path, "rb") as f:
                size += len(f.read())
            n += 1
print(n, round(size / 1e6, 2))
EOF
)
# Read the pages once so that every tool starts with them in the page cache.
find -L "$pages" -type f -exec cat {} + >/dev/null

# newsdex_run LABEL [ENV=VALUE...]: wall seconds and peak RSS (MB) of one indexing run.
newsdex_run() {
  local label=$1; shift
  rm -rf "$work/ix-$label"
  env "$@" /usr/bin/time -f '%e %M' -o "$work/$label.time" \
    "$bin" index "$pages" --index "$work/ix-$label" --quiet --follow >"$work/$label.out" 2>"$work/$label.err"
  read -r secs kb <"$work/$label.time"
  echo "$secs $((kb / 1024))"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s }'; }

echo "pages: $pages ($npages pages, $mb MB of HTML); newsdex $profile build, $(nproc) cores"
printf '| round | trafilatura s | pages/s | MB/s | newsdex s (all cores) | pages/s | MB/s | ratio | peak RSS MB | newsdex s (1 thread) | pages/s | ratio |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for round in $(seq 1 "$rounds"); do
  "$venv/bin/python" "$shared/tools/run_trafilatura.py" "$pages" "$work/trafilatura.ndjson" --json \
    >"$work/trafilatura.json" 2>"$work/trafilatura.err"
  ts=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["extract_s"])' "$work/trafilatura.json")
  read -r ns nrss < <(newsdex_run all)
  read -r n1 _ < <(newsdex_run one RAYON_NUM_THREADS=1)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s× | %s | %s | %s | %s× |\n' "$round" \
    "$ts" "$(rate "$npages" "$ts")" "$(rate "$mb" "$ts")" \
    "$ns" "$(rate "$npages" "$ns")" "$(rate "$mb" "$ns")" "$(rate "$ts" "$ns")" "$nrss" \
    "$n1" "$(rate "$npages" "$n1")" "$(rate "$ts" "$n1")"
done
echo "logs and indexes: $work"
