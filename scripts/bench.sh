#!/usr/bin/env bash
# End-to-end benchmark of newsdex at realistic size, with the SQLite FTS5 peer side by side when asked.
#
#   scripts/bench.sh [--size MB] [--corpus DIR] [--work DIR] [--peers] [--runs N]
#
# --size MB     corpus size to build with ../shared/tools/scale_corpus.py (default 1024)
# --corpus DIR  use this corpus instead of building one
# --work DIR    where to put the corpus, indexes and logs (default: a new folder under /tmp)
# --peers       also build and query the SQLite FTS5 peer on the same corpus, and, when the
#               `tantivy` binary of tantivy-cli is found (on PATH or in $TANTIVY; install it with
#               `cargo install tantivy-cli`), build the corpus with tantivy-cli: the Python converter
#               to NDJSON, then the engine alone with 2 threads (the issue's figures)
# --runs N      hyperfine runs per query (default 30)
#
# Needs: a dist build (made here: the release profile plus fat LTO), python3, /usr/bin/time (GNU time), hyperfine and sqlite3
# (`apt-get install hyperfine sqlite3`). Prints one table. Not part of CI.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
size=1024 corpus="" work="" peers=0 runs=30
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --peers) peers=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "bench: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }
work=${work:-$(mktemp -d /tmp/newsdex-bench.XXXXXX)}
mkdir -p "$work"
if [ -z "$corpus" ]; then
  corpus="$work/corpus-${size}mb"
  if [ ! -d "$corpus" ]; then
    echo "bench: building a ${size} MB corpus in $corpus" >&2
    python3 "$shared/tools/scale_corpus.py" --src "$shared/data/corpus-dev" --out "$corpus" --target-mb "$size" >&2
  fi
fi
(cd "$here" && cargo build --profile dist --locked >&2)
bin="$here/target/dist/newsdex"
ix="$work/index"
files=$(find "$corpus" -type f -name '*.txt' | wc -l)
mb=$(find -L "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}')

# run LABEL CMD...: wall seconds and peak RSS (MB) of one command, from GNU time.
run() {
  local label=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/$label.time" "$@" >"$work/$label.out" 2>"$work/$label.err"
  read -r secs kb _ _ <"$work/$label.time"
  echo "$secs $((kb / 1024))"
}

rm -rf "$ix"
# Read the corpus once so that every build (newsdex's and the peers') starts with it in the page
# cache: a cold first read of 900,000 small files measures the disk, not the indexer.
find "$corpus" -type f -name '*.txt' -print0 | xargs -0 cat >/dev/null
read -r full_s full_rss < <(NEWSDEX_TIMING=1 run full "$bin" --index "$ix" index "$corpus" --quiet)
# Near-duplicate detection's share of the build's CPU: signatures (summed over threads) plus the
# grouping phase (one thread), against the build's user + system CPU time.
read -r _ _ full_user full_sys <"$work/full.time"
sig_s=$(grep -o 'signatures so far [0-9.]*' "$work/full.err" | tail -1 | awk '{print $4}')
# The phase lines read `timing: PHASE at SECONDS s (…)`: the seconds are the field after `at`.
at_secs() { awk -v phase="$1" 'index($0, "timing: " phase " at ") == 1 { for (i = 1; i < NF; i++) if ($i == "at") { print $(i + 1); exit } }' "$work/full.err"; }
group_s=$(python3 -c "print('%.2f' % ($(at_secs copies) - $(at_secs 'line statistics')))")
copies_pct=$(python3 -c "print(round(100 * (${sig_s:-0} + $group_s) / ($full_user + $full_sys), 1))")
read -r n_articles n_copies < <("$bin" --index "$ix" stats --json --top 0 | python3 -c "import json,sys; s=json.load(sys.stdin); print(s['articles'], s['copies'])")
ix_mb=$(du -sb "$ix" | awk '{printf "%.1f", $1/1e6}')
read -r noop_s noop_rss < <(run noop "$bin" --index "$ix" index --quiet)
before_touch=$("$bin" --index "$ix" stats --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["commit"])')
# Change 1% of the files (append a paragraph), then re-index.
python3 - "$corpus" <<'PY'
import os, sys
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".txt"))
for p in paths[::100]:
    with open(p, "ab") as fh:
        fh.write(b"\nA paragraph added for the benchmark's one-percent re-index.\n")
PY
read -r touch_s touch_rss < <(run touch "$bin" --index "$ix" index --quiet)

# Whole-process query latency: hyperfine median and p99 (ms).
q() {
  local label=$1; shift
  # -i: a search that finds nothing exits 1, and is timed all the same.
  hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/q-$label.json" -- "$*" >/dev/null 2>&1 || true
  python3 - "$work/q-$label.json" <<'PY'
import json, sys
t = sorted(json.load(open(sys.argv[1]))["results"][0]["times"])
p = lambda f: t[min(len(t) - 1, int(round(f * (len(t) - 1))))] * 1000
print("%.1f %.1f" % (p(0.5), p(0.99)))
PY
}
B="$bin --index $ix"
read -r rare50 rare99 < <(q rare "$B search Bridgestone --limit 10")
read -r common50 common99 < <(q common "$B search oil --limit 10")
read -r phrase50 phrase99 < <(q phrase "$B search \"crude oil\" --limit 10")
read -r list50 list99 < <(q list "$B list --from 1987-03-01 --to 1987-03-07 --limit 100")
read -r stats50 stats99 < <(q stats "$B stats")
# Suggestions: misspelt words and names that find nothing, against the spellings that find articles.
read -r typo50 typo99 < <(q typo "$B search Bridgstone --limit 10")
read -r name50 name99 < <(q name "$B search Lashkar-e-Taiba --limit 10")
read -r tname50 tname99 < <(q tname "$B search Lashkar-e-Toiba --limit 10")
read -r fuzzy50 fuzzy99 < <(q fuzzy "$B search --fuzzy Lashkar-e-Toiba --limit 10")
# Issue 15's analytics: timeline of the whole index and of a common term (budget 30 ms), and
# co-mentions of a common place (budget 50 ms).
read -r tlall50 tlall99 < <(q timeline-all "$B timeline")
read -r tloil50 tloil99 < <(q timeline-oil "$B timeline oil")
read -r rel50 rel99 < <(q related-place "$B related --place 'United States'")

# Export: wall and user-CPU seconds and output MB of the whole index in each format, and of the changes
# since the marker before the 1%-changed re-index (printed to a pipe, not to disk).
ex() {
  local label=$1; shift
  local bytes
  bytes=$(/usr/bin/time -f '%e %U' -o "$work/ex-$label.time" "$bin" --index "$ix" export "$@" 2>/dev/null | wc -c)
  read -r secs user <"$work/ex-$label.time"
  python3 -c "print('%s %.1f %.0f' % ('$secs', $bytes / 1e6, $bytes / 1e6 / max($secs, 1e-3)))"
}
read -r exn_s exn_mb exn_mbs < <(ex ndjson --format ndjson)
read -r exb_s exb_mb exb_mbs < <(ex bulk --format bulk)
read -r exc_s exc_mb exc_mbs < <(ex csv --format csv)
read -r exi_s exi_mb exi_mbs < <(ex changes --format bulk --changed-since "$before_touch")

articles_s=$(python3 -c "print(round($files / $full_s))")
mbs=$(python3 -c "print(round($mb / $full_s, 1))")
echo
echo "corpus: $corpus ($files files, $mb MB); $(nproc) cores"
echo
tantivy=${TANTIVY:-$(command -v tantivy || true)}
[ $peers = 1 ] && [ -z "$tantivy" ] && echo "bench: tantivy-cli not found (cargo install tantivy-cli); its rows are left out" >&2
if [ $peers = 1 ] && [ -n "$tantivy" ]; then
  # Engine only, as in the issue: NDJSON made first by the peers' Python converter (timed apart).
  read -r nd_s nd_rss < <(run ndjson python3 "$shared/tools/peers/to_ndjson.py" "$corpus" "$work/tantivy.json")
  rm -rf "$work/tantivy-index" && mkdir -p "$work/tantivy-index"
  cp "$shared/tools/peers/tantivy_meta.json" "$work/tantivy-index/meta.json"
  read -r tv_s tv_rss < <(run tantivy "$tantivy" index -i "$work/tantivy-index" -t 2 -f "$work/tantivy.json")
  tv_mb=$(du -sb "$work/tantivy-index" | awk '{printf "%.1f", $1/1e6}')
  rm -f "$work/tantivy.json"
fi
if [ $peers = 1 ]; then
  read -r sq_s sq_rss < <(run sqlite python3 "$shared/tools/peers/sqlite_fts5.py" index "$corpus" "$work/fts.db")
  sq_mb=$(du -sb "$work/fts.db" | awk '{printf "%.1f", $1/1e6}')
  sqb=$(python3 "$shared/tools/peers/sqlite_fts5.py" bench "$work/fts.db" Bridgestone oil "crude oil" 1987-03-01 1987-03-07)
  sqv() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$1']['median_ms'])" "$sqb"; }
fi
if [ -n "${tv_s:-}" ]; then
  echo "tantivy-cli (engine only, 2 threads, pre-parsed NDJSON): $tv_s s, $(python3 -c "print(round($mb / $tv_s, 1))") MB/s, peak RSS $tv_rss MB, index $tv_mb MB;"
  echo "its Python converter (crawl, decode, header): $nd_s s, peak RSS $nd_rss MB; newsdex / tantivy-cli build time: $(python3 -c "print(round($full_s / $tv_s, 2))")×"
  echo
fi
echo "| measure | newsdex |$([ $peers = 1 ] && echo ' SQLite FTS5 |')"
echo "|---|---|$([ $peers = 1 ] && echo '---|')"
peer_row() { [ $peers = 1 ] && echo " $1 |" || true; }
echo "| full index: wall s | $full_s |$(peer_row "${sq_s:-}")"
echo "| full index: MB/s | $mbs |$(peer_row "$( [ $peers = 1 ] && python3 -c "print(round($mb / $sq_s, 1))")")"
echo "| full index: articles/s | $articles_s |$(peer_row "$( [ $peers = 1 ] && python3 -c "print(round($files / $sq_s))")")"
echo "| full index: peak RSS MB | $full_rss |$(peer_row "${sq_rss:-}")"
echo "| index size MB (× corpus) | $ix_mb ($(python3 -c "print(round($ix_mb / $mb, 2))")×) |$(peer_row "${sq_mb:-}")"
echo "| full index: user + sys CPU s | $full_user + $full_sys |$(peer_row "—")"
echo "| near-duplicates: signatures + grouping CPU s (% of build CPU) | ${sig_s:-0} + $group_s ($copies_pct%) |$(peer_row "—")"
echo "| groups of copies: articles / copies / groups | $n_articles / $n_copies / $((n_articles - n_copies)) |$(peer_row "—")"
echo "| no-op re-index: s / RSS MB | $noop_s / $noop_rss |$(peer_row "—")"
echo "| 1% changed re-index: s (% of full) | $touch_s ($(python3 -c "print(round(100 * $touch_s / $full_s, 1))")%) |$(peer_row "—")"
echo "| search rare (Bridgestone) p50 / p99 ms | $rare50 / $rare99 |$(peer_row "$( [ $peers = 1 ] && sqv rare) (in-process)")"
echo "| search common (oil) p50 / p99 ms | $common50 / $common99 |$(peer_row "$( [ $peers = 1 ] && sqv common) (in-process)")"
echo "| search phrase (\"crude oil\") p50 / p99 ms | $phrase50 / $phrase99 |$(peer_row "$( [ $peers = 1 ] && sqv phrase) (in-process)")"
echo "| list one week, top 100 p50 / p99 ms | $list50 / $list99 |$(peer_row "$( [ $peers = 1 ] && sqv date) (in-process)")"
echo "| stats with facets p50 / p99 ms | $stats50 / $stats99 |$(peer_row "—")"
echo "| export ndjson: s, MB out, MB/s | $exn_s, $exn_mb, $exn_mbs |$(peer_row "—")"
echo "| export bulk: s, MB out, MB/s | $exb_s, $exb_mb, $exb_mbs |$(peer_row "—")"
echo "| export csv: s, MB out, MB/s | $exc_s, $exc_mb, $exc_mbs |$(peer_row "—")"
echo "| export --changed-since (1% changed), bulk: s, MB out | $exi_s, $exi_mb |$(peer_row "—")"
echo "| search misspelt, suggested (Bridgstone) p50 / p99 ms | $typo50 / $typo99 (+$(python3 -c "print(round($typo50 - $rare50, 1))") on rare) |$(peer_row "—")"
echo "| search name (Lashkar-e-Taiba) p50 / p99 ms | $name50 / $name99 |$(peer_row "—")"
echo "| search misspelt name, suggested (Lashkar-e-Toiba) p50 / p99 ms | $tname50 / $tname99 (+$(python3 -c "print(round($tname50 - $name50, 1))")) |$(peer_row "—")"
echo "| search --fuzzy Lashkar-e-Toiba p50 / p99 ms | $fuzzy50 / $fuzzy99 |$(peer_row "—")"
echo "| timeline, whole index p50 / p99 ms | $tlall50 / $tlall99 |$(peer_row "—")"
echo "| timeline oil p50 / p99 ms | $tloil50 / $tloil99 |$(peer_row "—")"
echo "| related --place 'United States' p50 / p99 ms | $rel50 / $rel99 |$(peer_row "—")"
echo
echo "logs and indexes: $work" >&2
