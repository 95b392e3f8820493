#!/usr/bin/env bash
# Crash safety: kill `newsdex index` with SIGKILL at random moments, re-run it to completion, and check
# that `export` matches an uninterrupted run: the same articles, none lost, none duplicated, same fields.
# Done twice: on a build from scratch, and on a re-index after files were changed, added and deleted.
# After every kill the index must open; at the end no orphan files may be left in the index folder, and
# `export --changed-since` from before the re-index must print the same changes as the uninterrupted run.
#
#   scripts/crash_test.sh [--size MB] [--kills N] [--corpus DIR] [--work DIR] [--seed N] [--profile P]
#
# Defaults: a 4 MB corpus built with ../shared/tools/scale_corpus.py, 20 kills per phase, the `release`
# build (built here). CI runs it with `--profile dev`: the binary the tests use, so CI compiles the
# dependencies once, and with newsdex's overflow checks and debug assertions on. Run it by hand with
# --size 1024 for the big one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
size=4 kills=20 corpus="" work="" seed=1 profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    *) echo "crash_test: unknown argument $1" >&2; exit 2 ;;
  esac
done
RANDOM=$seed
work=${work:-$(mktemp -d /tmp/newsdex-crash.XXXXXX)}
mkdir -p "$work"
if [ -z "$corpus" ]; then
  [ -d "$shared/data/corpus-dev" ] || { echo "crash_test: SKIPPED: $shared/data/corpus-dev not found"; exit 0; }
  corpus="$work/corpus"
  rm -rf "$corpus"
  python3 "$shared/tools/scale_corpus.py" --src "$shared/data/corpus-dev" --out "$corpus" --target-mb "$size" >/dev/null 2>&1
else
  # Work on a copy: this script changes and deletes files.
  cp -r "$corpus" "$work/corpus"
  corpus="$work/corpus"
fi
# Web pages and a WARC file too, when the web-dev data is there: a WARC's records must be
# committed together, and a changed WARC must replace all of them.
web="$shared/data/web-dev"
if [ -d "$web/warc" ]; then
  mkdir -p "$corpus/web"
  cp "$web/warc/dev.warc.gz" "$corpus/web/"
  find "$web/html" -name '*.html.gz' | sort | sed -n '1,20p' | xargs -I{} cp {} "$corpus/web/"
fi
(cd "$here" && cargo build --profile "$profile" --locked -q)
# Cargo puts the `dev` profile's output in target/debug, every other profile's in target/NAME.
bin="$here/target/$([ "$profile" = dev ] && echo debug || echo "$profile")/newsdex"
fail() { echo "crash_test: FAILED: $*" >&2; exit 1; }

# The index must open after a crash: stats exits 0 (articles) or 1 (none yet), never 2.
check_opens() {
  local code=0
  "$bin" --index "$1" stats --json >/dev/null 2>"$work/stats.err" || code=$?
  [ "$code" -le 1 ] || fail "index does not open after a kill: $(cat "$work/stats.err")"
}

# Files in the index folder that tantivy's bookkeeping does not list.
orphans() {
  python3 - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]
managed = set(json.load(open(os.path.join(d, ".managed.json"))))
keep = {".managed.json", ".tantivy-writer.lock", ".tantivy-meta.lock", "meta.json", "newsdex.json", "names.json"}
extra = [f for f in os.listdir(d) if f not in managed and f not in keep]
print(len(extra))
PY
}

# crash_loop INDEX START BUDGET: kill `index` $kills times at random moments, then run it to
# completion. A kill that lands after its run has finished leaves nothing for the next runs to do,
# so the index goes back to START (a copy of it, or nothing) and the next kills hit work again.
crash_loop() {
  local ix=$1 start=$2 budget_ms=$3 i pid delay missed
  for i in $(seq 1 "$kills"); do
    delay=$(( (RANDOM * 32768 + RANDOM) % budget_ms ))
    "$bin" --index "$ix" index "$corpus" --quiet --commit-every "$every" >/dev/null 2>>"$work/crash.err" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    missed=0
    if kill -9 "$pid" 2>/dev/null; then interrupted=$((interrupted + 1)); else missed=1; fi
    wait "$pid" 2>/dev/null || true
    check_opens "$ix"
    if [ "$missed" = 1 ]; then
      rm -rf "$ix"
      [ -z "$start" ] || cp -r "$start" "$ix"
    fi
  done
  "$bin" --index "$ix" index "$corpus" --quiet --commit-every "$every" >/dev/null 2>>"$work/crash.err" || fail "the run after the kills failed"
}

compare() {
  "$bin" --index "$1" export >"$work/a.ndjson" || true
  "$bin" --index "$2" export >"$work/b.ndjson" || true
  local na nb
  na=$(wc -l <"$work/a.ndjson"); nb=$(wc -l <"$work/b.ndjson")
  dup=$(cut -d, -f2 "$work/b.ndjson" | sort | uniq -d | wc -l)
  [ "$dup" -eq 0 ] || fail "$3: $dup duplicated articles"
  cmp -s "$work/a.ndjson" "$work/b.ndjson" || fail "$3: export differs from the uninterrupted run ($na vs $nb articles; see $work/a.ndjson and b.ndjson)"
  echo "$na"
}

# marker INDEX: the commit marker the index reports.
marker() {
  "$bin" --index "$1" stats --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["commit"])'
}

interrupted=0
# Kills land anywhere in a run (up to the length of an uninterrupted one), and the killed runs commit
# about eight times per build, so kills also hit commits and merges and later runs resume.
every=$(( $(find "$corpus" -type f -name '*.txt' | wc -l) / 8 + 1 ))
# Phase 1: from scratch.
start=$(date +%s%N)
"$bin" --index "$work/clean" index "$corpus" --quiet >/dev/null
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
budget=$(( full_ms > 20 ? full_ms : 20 ))
crash_loop "$work/crashed" "" "$budget"
n1=$(compare "$work/clean" "$work/crashed" "build from scratch")
cp -r "$work/crashed" "$work/crashed-start"

# Phase 2: change 3% of the files, delete 2%, add a few; re-index with kills.
python3 - "$corpus" <<'PY'
import os, shutil, sys
root = sys.argv[1]
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
for p in paths[::33]:
    with open(p, "ab") as fh:
        fh.write(b"\nA paragraph added by the crash test.\n")
for p in paths[7::50]:
    os.remove(p)
for i, p in enumerate(paths[11::200]):
    if os.path.exists(p):
        shutil.copy(p, os.path.join(os.path.dirname(p), "added-%d.txt" % i))
# The WARC changes (its first five records appended again) and a page goes.
import zlib
warc = os.path.join(root, "web", "dev.warc.gz")
if os.path.exists(warc):
    data = open(warc, "rb").read()
    rest, members = data, []
    while rest and len(members) < 5:
        d = zlib.decompressobj(31)
        d.decompress(rest)
        used = len(rest) - len(d.unused_data)
        members.append(rest[:used])
        rest = rest[used:]
    with open(warc, "ab") as fh:
        fh.write(b"".join(members))
    pages = sorted(f for f in os.listdir(os.path.join(root, "web")) if f.endswith(".html.gz"))
    os.remove(os.path.join(root, "web", pages[0]))
PY
cp -r "$work/clean" "$work/reference"
since_ref=$(marker "$work/reference") since_crashed=$(marker "$work/crashed")
start=$(date +%s%N)
"$bin" --index "$work/reference" index "$corpus" --quiet >/dev/null
re_ms=$(( ($(date +%s%N) - start) / 1000000 ))
crash_loop "$work/crashed" "$work/crashed-start" "$(( re_ms > 20 ? re_ms : 20 ))"
n2=$(compare "$work/reference" "$work/crashed" "re-index after changes")
"$bin" --index "$work/reference" export --changed-since "$since_ref" >"$work/a.changes" 2>/dev/null || true
"$bin" --index "$work/crashed" export --changed-since "$since_crashed" >"$work/b.changes" 2>/dev/null || true
[ -s "$work/a.changes" ] || fail "no changes exported after the re-index"
cmp -s "$work/a.changes" "$work/b.changes" || fail "export --changed-since differs from the uninterrupted run (see $work/a.changes and b.changes)"
o=$(orphans "$work/crashed")
[ "$o" -eq 0 ] || fail "$o orphan files left in $work/crashed"
echo "crash_test: ok: $interrupted of $((2 * kills)) kills hit a running index; $kills kills while building ($n1 articles) and $kills while re-indexing ($n2 articles): none lost, none duplicated, same fields, same changes since the last marker, no orphan files"
rm -rf "$work"
