#!/usr/bin/env bash
# Load benchmark of `newsdex serve`: concurrent clients sending a mix of queries to /api/search,
# reported as p50/p99 latency and errors (wrk), next to `newsdex search` whole-process times for
# the same queries (hyperfine). Targets on the 1 GB index: p50 <= 10 ms, p99 <= 50 ms, no errors.
# A second load sends as many distinct one-word queries as requests, so that nothing is answered
# from the server's caches (answers and counts are kept per commit): the uncached cost.
#
#   scripts/bench_serve.sh [--size MB] [--corpus DIR] [--work DIR] [--requests N] [--clients N]
#                          [--runs N] [--profile NAME]
#
# --size MB       corpus size to build with ../shared/tools/scale_corpus.py (default 1024)
# --corpus DIR    use this corpus instead of building one
# --work DIR      where the corpus, index and logs go (default: a new folder under /tmp); an index
#                 already there (from an earlier run) is brought up to date, not rebuilt
# --requests N    requests in all (default 10000)
# --clients N     concurrent connections (default 16)
# --runs N        hyperfine runs per CLI query (default 20)
# --profile NAME  cargo profile to build (default dist, as scripts/bench.sh; `release` builds faster)
#
# Needs python3, wrk and hyperfine (`apt-get install wrk hyperfine`). Not part of CI.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
size=1024 corpus="" work="" requests=10000 clients=16 runs=20 profile=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    *) echo "bench_serve: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
for tool in wrk hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench_serve: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
work=${work:-$(mktemp -d /tmp/newsdex-bench-serve.XXXXXX)}
mkdir -p "$work"
if [ -z "$corpus" ]; then
  corpus="$work/corpus-${size}mb"
  if [ ! -d "$corpus" ]; then
    echo "bench_serve: building a ${size} MB corpus in $corpus" >&2
    python3 "$shared/tools/scale_corpus.py" --src "$shared/data/corpus-dev" --out "$corpus" --target-mb "$size" >&2
  fi
fi
(cd "$here" && cargo build --profile "$profile" --locked >&2)
dir=$profile
[ "$profile" = dev ] && dir=debug
bin="$here/target/$dir/newsdex"
ix="$work/index"
echo "bench_serve: indexing $corpus into $ix" >&2
"$bin" --index "$ix" index "$corpus" --quiet >&2

# The mixed queries: the /api/search query string, then the same request as `newsdex search` arguments.
cat >"$work/queries.tsv" <<'EOF'
q=Bridgestone	Bridgestone
q=oil	oil
q=%22crude+oil%22	"crude oil"
q=oil&from=1987-03&to=1987-04	oil --from 1987-03 --to 1987-04
q=said&sort=-date	said --sort=-date
q=title%3Amerger	title:merger
q=opec+OR+gasoline	opec OR gasoline
q=oil&source=reuters	oil --source reuters
q=Jamaat-ud-Dawa	Jamaat-ud-Dawa
q=prices+-oil	prices -oil
q=bank&offset=20	bank --offset 20
q=pakistan&place=India	pakistan --place India
q=government&sort=date&limit=50	government --sort=date --limit 50
q=person%3A%22Condoleezza+Rice%22	person:"Condoleezza Rice"
q=terror*	terror*
q=shares+rose	shares rose
EOF

"$bin" --index "$ix" serve --addr 127.0.0.1:0 2>"$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  grep -q 'http://' "$work/serve.err" 2>/dev/null && break
  sleep 0.05
done
base=$(grep -o 'http://[^ ]*' "$work/serve.err" | head -1)
[ -n "$base" ] || { echo "bench_serve: the server did not start: $(cat "$work/serve.err")" >&2; exit 2; }

# Every query answers 200 before timing starts (and warms the page cache).
while IFS=$'\t' read -r qs _; do
  code=$(python3 - "$base/api/search?$qs" <<'PY'
import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1]).status)
except Exception as e:
    print(e)
PY
)
  [ "$code" = 200 ] || { echo "bench_serve: /api/search?$qs answered $code" >&2; exit 2; }
done <"$work/queries.tsv"

threads=$(( clients < $(nproc) ? clients : $(nproc) ))
cut -f1 "$work/queries.tsv" >"$work/paths.txt"
# The second load: as many distinct one-word queries as requests (words of the corpus, a fixed
# sample), so that no answer is asked twice and neither the answers nor the counts are cached:
# the cost of searching, counting facets and the timeline, and writing the JSON every time.
python3 - "$corpus" "$requests" >"$work/distinct.txt" <<'PY'
import os, random, re, sys
root, n = sys.argv[1], int(sys.argv[2])
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
random.Random(7).shuffle(files)
words = set()
for path in files:
    with open(path, encoding="utf-8", errors="replace") as fh:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", fh.read()))
    if len(words) >= 4 * n:
        break
words = sorted(words)
random.Random(7).shuffle(words)
print("\n".join("q=" + w for w in words[:n]))
PY

# load PATHS LABEL: $requests requests from $clients connections cycling through PATHS; prints
# wrk's RESULT line (requests, p50, p99, mean ms, seconds, socket errors, non-200 answers).
load() {
  local paths=$1 label=$2
  cat >"$work/mix-$label.lua" <<EOF
-- Each wrk thread cycles through the queries from its own starting point and stops after its
-- share of the requests.
local paths, n, share, done_here = {}, 0, math.ceil($requests / $threads), 0
for line in io.lines("$paths") do
  paths[#paths + 1] = "/api/search?" .. line
end
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  start = offset * math.ceil(#paths / $threads)
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n + start) % #paths + 1])
end
function response(status, headers, body)
  if done_here == 0 then
    first = os.time()
  end
  done_here = done_here + 1
  if status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
  if done_here == share then
    last = os.time()
    -- wrk runs until its duration ends: a marker file per thread tells the script to stop it.
    io.open("$work/wrk-done-" .. offset, "w"):close()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local e = summary.errors
  local first, last = math.huge, 0
  for _, t in ipairs(threads) do
    first = math.min(first, t:get("first") or math.huge)
    last = math.max(last, t:get("last") or 0)
  end
  io.write(string.format("RESULT %d %.3f %.3f %.3f %d %d %d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.mean / 1000,
    math.max(1, last - first), e.connect + e.read + e.write + e.timeout, e.status))
end
EOF
  echo "bench_serve: $label: $requests requests, $clients connections, $threads wrk threads" >&2
  rm -f "$work"/wrk-done-*
  wrk -t "$threads" -c "$clients" -d 3600s --timeout 10s -s "$work/mix-$label.lua" "$base" \
    >"$work/wrk-$label.out" 2>"$work/wrk-$label.err" &
  local pid=$!
  until [ "$(find "$work" -maxdepth 1 -name 'wrk-done-*' | wc -l)" -ge "$threads" ]; do
    kill -0 $pid 2>/dev/null || break
    sleep 0.2
  done
  kill -INT $pid 2>/dev/null || true
  wait $pid || true
  grep '^RESULT' "$work/wrk-$label.out"
}
read -r _ sent p50 p99 mean secs sock_errors status_errors < <(load "$work/paths.txt" mixed)
read -r _ dsent dp50 dp99 dmean dsecs dsock_errors dstatus_errors < <(load "$work/distinct.txt" distinct)

# The same queries as whole processes: `newsdex search` p50 per query (hyperfine), and overall.
echo "bench_serve: timing newsdex search per query ($runs runs each)" >&2
: >"$work/cli-times.txt"
i=0
while IFS=$'\t' read -r _ args; do
  i=$((i + 1))
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/cli-$i.json" \
    -- "$bin --index $ix search $args --json --facets" >/dev/null 2>&1
  python3 -c "import json,sys; print('\n'.join(str(t) for t in json.load(open(sys.argv[1]))['results'][0]['times']))" \
    "$work/cli-$i.json" >>"$work/cli-times.txt"
done <"$work/queries.tsv"
read -r cli50 cli99 < <(python3 - "$work/cli-times.txt" <<'PY'
import sys
t = sorted(float(x) for x in open(sys.argv[1]))
p = lambda f: t[min(len(t) - 1, int(round(f * (len(t) - 1))))] * 1000
print("%.1f %.1f" % (p(0.5), p(0.99)))
PY
)
kill $server; wait $server 2>/dev/null || true
trap - EXIT

files=$(find "$corpus" -type f -name '*.txt' | wc -l)
mb=$(find -L "$corpus" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}')
echo
echo "corpus: $corpus ($files files, $mb MB); index $ix; $(nproc) cores; profile $profile"
echo "queries: $(wc -l <"$work/queries.tsv") mixed /api/search queries (facets and timeline included), see $work/queries.tsv"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| mixed queries, $clients connections: requests | $sent in about $secs s ($(python3 -c "print(round($sent / $secs))") req/s) |"
echo "| mixed queries: /api/search p50 / p99 / mean ms (wrk) | $p50 / $p99 / $mean |"
echo "| mixed queries: errors, socket / non-200 | $sock_errors / $status_errors |"
echo "| $dsent distinct one-word queries, nothing cached: requests | $dsent in about $dsecs s ($(python3 -c "print(round($dsent / $dsecs))") req/s) |"
echo "| distinct queries: /api/search p50 / p99 / mean ms (wrk) | $dp50 / $dp99 / $dmean |"
echo "| distinct queries: errors, socket / non-200 | $dsock_errors / $dstatus_errors |"
echo "| newsdex search --json --facets, whole process, p50 / p99 ms (hyperfine, same queries) | $cli50 / $cli99 |"
echo
echo "logs: $work" >&2
