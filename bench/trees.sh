#!/usr/bin/env bash
# Trees at scale (issue 16), against one `ossxfer serve` and nginx on
# 127.0.0.1, every run checked:
#   copy    COUNTS objects of 64 KiB down and up: `ossxfer cp -r --jobs J`
#           against `curl -Z --parallel-max J` (presigned URLs to the same
#           serve; downloads from nginx too), ROUNDS rounds, rows rotated
#   sync    a sync with nothing to do over the largest tree (up, up with
#           --checksum, down): wall time and the requests serve answered;
#           --checksum's second run is traced to show it reads no file
#   huge    `sync --dry-run` over serve's synthetic tree of HUGE objects
#           (generated page by page, src/server/synthetic_listing.h):
#           peak RSS
#   resume  `cp -r` of RESUME_COUNT objects of 1 KiB (synthetic) killed
#           (kill -9) at half, then the same command again: what the re-run
#           costs against an uninterrupted run
# Writes TREES.md (medians, with commands) and trees-raw.tsv to --out.
#
#   bench/trees.sh [--bin OSSXFER] [--out DIR]
#   knobs: ROUNDS (3) COUNTS ("1000 10000") JOBS (4) HUGE (1000000)
#          RESUME_COUNT (100000) BENCH_TMPDIR (/tmp)
#          STAGES ("copy sync huge resume"): the stages to run; with
#          KEEP_RAW=1 the rows of the others stay from the last run's
#          trees-raw.tsv, and the report covers both
set -euo pipefail
shopt -u patsub_replacement 2> /dev/null || true
cd "$(dirname "$0")/.."
source bench/lib.sh
python=python3
if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; fi

bench_parse_bin_out trees.sh "$@"
ROUNDS=${ROUNDS:-3}
COUNTS=${COUNTS:-"1000 10000"}
JOBS=${JOBS:-4}
HUGE=${HUGE:-1000000}
RESUME_COUNT=${RESUME_COUNT:-100000}
STAGES=${STAGES:-"copy sync huge resume"}
has_stage() { [[ " $STAGES " == *" $1 "* ]]; }
bench_settle_bin
bench_require curl nginx strace /usr/bin/time
bench_make_work
bench_take_bin_out
say() { echo "trees: $*" >&2; }
fail() {
  say "FAILED: $*"
  [ -s "$work/stderr" ] && sed 's/^/  | /' "$work/stderr" >&2
  exit 1
}
started=$(date +%s)

export OSS_ACCESS_KEY_ID=bench-ak OSS_ACCESS_KEY_SECRET=bench-secret OSS_REGION=cn-hangzhou
# The journal and the sync locks in a state directory of the bench's own.
export XDG_STATE_HOME=$work/state
bench_start_serve "$bin" --access-key-id "$OSS_ACCESS_KEY_ID" --access-key-secret "$OSS_ACCESS_KEY_SECRET"
export OSS_ENDPOINT=$endpoint
bench_start_nginx "$work/www"
"$bin" -q mb oss://bench
say "serve at $endpoint, nginx at $nginx_endpoint, work dir $work"

# stats METHOD: requests of METHOD serve has answered so far ("all": any).
stats() {
  curl -sf "$endpoint/_ossxfer/stats" | "$python" -c '
import json, sys
s = json.load(sys.stdin)
print(s["requests"] if sys.argv[1] == "all" else s["requests_by_method"].get(sys.argv[1], 0))' "$1"
}
# timed FILE COMMAND...: runs COMMAND under time(1); FILE gets
# "wall user sys rss_kib"; stdout to $work/stdout, stderr to $work/stderr.
timed() {
  local file=$1 rc=0 t0 t1
  shift
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || rc=$?
  t1=$EPOCHREALTIME
  [ "$rc" -eq 0 ] || fail "exit code $rc: $*"
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $(tail -1 "$work/time")" > "$file"
}
raw=$out/trees-raw.tsv
stage_of() {
  case $1 in
    sync_*) echo sync ;;
    huge*) echo huge ;;
    resume_*) echo resume ;;
    *) echo copy ;;
  esac
}
if [ "${KEEP_RAW:-0}" = 1 ] && [ -f "$raw" ]; then
  # The rows of the stages not run now stay.
  kept=$(tail -n +2 "$raw" | while IFS= read -r line; do
    has_stage "$(stage_of "${line%%$'\t'*}")" || printf '%s\n' "$line"
  done)
  printf 'row\tround\tcount\tseconds\tuser\tsys\trss_kib\textra\n' > "$raw"
  [ -z "$kept" ] || printf '%s\n' "$kept" >> "$raw"
else
  printf 'row\tround\tcount\tseconds\tuser\tsys\trss_kib\textra\n' > "$raw"
fi
# record ROW ROUND COUNT FILE [EXTRA]
record() {
  local wall user sys rss
  read -r wall user sys rss < "$4"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$wall" "$user" "$sys" "$rss" "${5:-}" >> "$raw"
}
# summary_is DONE SKIPPED: the --json summary of the run just done.
summary_is() {
  grep -q "\"done\":$1,\"failed\":0,.*\"skipped\":$2," "$work/stdout" ||
    fail "summary $(grep summary "$work/stdout" || true), expected done $1, skipped $2"
}
codes_ok() {  # N: every curl -Z transfer answered 200
  local got
  got=$(grep -c '^200$' "$work/stdout" || true)
  [ "$got" = "$1" ] || fail "$got of $1 curl transfers answered 200"
}

# --- the rows ------------------------------------------------------------------
# curl_list KIND COUNT: curl -Z's config for the tree of COUNT files:
# down-serve (presigned GETs), down-nginx, up (presigned PUTs).
curl_list() {
  local kind=$1 count=$2 file name
  echo 'write-out = "%{http_code}\n"'
  for file in "$work/tree-$count"/f*; do
    name=${file##*/}
    case $kind in
      down-serve) echo "url = \"$("$bin" presign "oss://bench/t$count/$name" --expires 3h)\"" ;;
      down-nginx) echo "url = \"$nginx_endpoint/t$count/$name\"" ;;
      up)
        echo "upload-file = \"$file\""
        echo "url = \"$("$bin" presign --method PUT "oss://bench/up-curl-$count/$name" --expires 3h)\"" ;;
    esac
    [ "$kind" = up ] || echo "output = \"$work/dl/$name\""
  done
}

declare -A label command
resume_source="oss://synthetic/tree-${RESUME_COUNT}x1024/"
label[ossxfer_down]="ossxfer cp -r --jobs $JOBS down (serve)"
label[curl_down_serve]="curl -Z --parallel-max $JOBS down, presigned GET (serve)"
label[curl_down_nginx]="curl -Z --parallel-max $JOBS down, nginx"
label[ossxfer_up]="ossxfer cp -r --jobs $JOBS up (serve)"
label[curl_up]="curl -Z --parallel-max $JOBS up, presigned PUT (serve)"
command[ossxfer_down]="ossxfer -q --json cp -r --jobs $JOBS oss://bench/tN/ DL/"
command[curl_down_serve]="curl -sf -Z --parallel-max $JOBS -K LIST (url = presigned GET, output = DL/NAME)"
command[curl_down_nginx]="curl -sf -Z --parallel-max $JOBS -K LIST (url = nginx, output = DL/NAME)"
command[ossxfer_up]="ossxfer -q --json cp -r --jobs $JOBS TREE/ oss://bench/up-N-ROUND/"
command[curl_up]="curl -sf -Z --parallel-max $JOBS -K LIST (upload-file = TREE/NAME, url = presigned PUT)"
label[sync_up]="ossxfer sync TREE oss://… (unchanged)"
label[sync_up_checksum]="ossxfer sync --checksum TREE oss://… (unchanged, CRC-64s cached)"
label[sync_down]="ossxfer sync oss://… DIR (unchanged)"
command[sync_up]="ossxfer -q --json sync TREE/ oss://bench/sync/"
command[sync_up_checksum]="ossxfer -q --json sync --checksum TREE/ oss://bench/sync-crc/"
command[sync_down]="ossxfer -q --json sync oss://bench/sync/ DIR/"
label[huge]="ossxfer sync --dry-run, $HUGE objects"
command[huge]="ossxfer -q sync -n oss://synthetic/tree-${HUGE}x65536/ EMPTY/ > /dev/null"
label[huge_full]="ossxfer sync --dry-run, $HUGE objects into a prefix of $HUGE others"
command[huge_full]="ossxfer -q sync -n oss://synthetic/tree-${HUGE}x65536/ oss://synthetic/tree-${HUGE}x1024/ > /dev/null"
label[resume_full]="cp -r, uninterrupted"
label[resume_rerun]="cp -r again after kill -9 at half"
command[resume_full]="ossxfer -q --json cp -r $resume_source DIR/"
command[resume_rerun]="the same, after kill -9 once serve had answered $((RESUME_COUNT / 2)) GETs"

# --- copy: COUNTS x 64 KiB both ways ------------------------------------------
for count in $COUNTS; do
  tree=$work/tree-$count
  mkdir -p "$tree" "$work/www/t$count"
  (cd "$tree" && head -c "$((count * 65536))" /dev/urandom | split -b 65536 -d -a 5 - f)
  cp "$tree"/f* "$work/www/t$count/"
  chmod -R a+rX "$work/www"
  (cd "$tree" && md5sum f* | md5sum) > "$work/sum-$count"
  "$bin" -q cp -r --jobs 8 "$tree/" "oss://bench/t$count/" > /dev/null
  has_stage copy || continue
  curl_list down-serve "$count" > "$work/down-serve-$count.curl"
  curl_list down-nginx "$count" > "$work/down-nginx-$count.curl"
  curl_list up "$count" > "$work/up-$count.curl"
done

run_copy_row() {  # ROW COUNT ROUND
  local row=$1 count=$2 round=$3 tree=$work/tree-$2
  rm -rf "$work/dl" && mkdir -p "$work/dl" && sync
  case $row in
    ossxfer_down)
      timed "$work/t" "$bin" -q --json cp -r --jobs "$JOBS" "oss://bench/t$count/" "$work/dl/"
      summary_is "$count" 0
      if grep '"type":"transfer"' "$work/stdout" | grep -vq '"crc64_verified":true'; then fail "a download not CRC-64 verified"; fi ;;
    curl_down_serve)
      timed "$work/t" curl -sf -Z --parallel-max "$JOBS" -K "$work/down-serve-$count.curl"
      codes_ok "$count" ;;
    curl_down_nginx)
      timed "$work/t" curl -sf -Z --parallel-max "$JOBS" -K "$work/down-nginx-$count.curl"
      codes_ok "$count" ;;
    ossxfer_up)
      timed "$work/t" "$bin" -q --json cp -r --jobs "$JOBS" "$tree/" "oss://bench/up-$count-$round/"
      summary_is "$count" 0
      "$bin" -q rm -r "oss://bench/up-$count-$round/" 2> /dev/null ;;
    curl_up)
      timed "$work/t" curl -sf -Z --parallel-max "$JOBS" -K "$work/up-$count.curl"
      codes_ok "$count" ;;
  esac
  case $row in
    *_down*) [ "$(cd "$work/dl" && md5sum f* | md5sum)" = "$(cat "$work/sum-$count")" ] || fail "$row: the files differ" ;;
  esac
  record "$row" "$round" "$count" "$work/t"
}
copy_rows=(ossxfer_down curl_down_serve curl_down_nginx ossxfer_up curl_up)
has_stage copy && for count in $COUNTS; do
  say "copy: $count x 64 KiB, ${#copy_rows[@]} rows x $ROUNDS rounds (+ a warm-up)"
  for row in "${copy_rows[@]}"; do run_copy_row "$row" "$count" 0; done
  for round in $(seq "$ROUNDS"); do
    for position in $(seq 0 $((${#copy_rows[@]} - 1))); do
      run_copy_row "${copy_rows[$(((position + round) % ${#copy_rows[@]}))]}" "$count" "$round"
    done
  done
done

# --- sync with nothing to do -------------------------------------------------
largest=$(tr ' ' '\n' <<< "$COUNTS" | sort -n | tail -1)
tree=$work/tree-$largest
if has_stage sync; then
say "sync: $largest objects, nothing to do, $ROUNDS rounds"
"$bin" -q sync "$tree/" "oss://bench/sync/" 2> /dev/null
"$bin" -q sync --checksum "$tree/" "oss://bench/sync-crc/" 2> /dev/null
mkdir -p "$work/syncdown"
"$bin" -q sync "oss://bench/sync/" "$work/syncdown/" 2> /dev/null
sync_row() {  # ROW ROUND
  local before heads gets
  before=$(stats all)
  heads=$(stats HEAD)
  gets=$(stats GET)
  case $1 in
    sync_up) timed "$work/t" "$bin" -q --json sync "$tree/" "oss://bench/sync/" ;;
    sync_up_checksum) timed "$work/t" "$bin" -q --json sync --checksum "$tree/" "oss://bench/sync-crc/" ;;
    sync_down) timed "$work/t" "$bin" -q --json sync "oss://bench/sync/" "$work/syncdown/" ;;
  esac
  summary_is 0 "$largest"
  record "$1" "$2" "$largest" "$work/t" "requests=$(($(stats all) - before)) heads=$(($(stats HEAD) - heads)) gets=$(($(stats GET) - gets))"
}
for round in $(seq "$ROUNDS"); do
  for row in sync_up sync_up_checksum sync_down; do sync_row "$row" "$round"; done
done
# --checksum's second run: which of the tree's files does it read from?
# (-y names each descriptor's file.)
strace -f -y -e trace=read,pread64 -o "$work/strace" "$bin" -q sync --checksum "$tree/" "oss://bench/sync-crc/" > /dev/null 2>&1
read_from=$({ grep -o "<$tree/f[^>]*>" "$work/strace" || true; } | sort -u | wc -l)
echo "0 0 0 0" > "$work/t"
record sync_reads 1 "$largest" "$work/t" "read_from=$read_from"
fi

# --- a sync --dry-run over HUGE objects ----------------------------------------
if has_stage huge; then
say "huge: sync --dry-run over $HUGE synthetic objects"
mkdir -p "$work/empty"
timed "$work/t" "$bin" -q --json sync -n "oss://synthetic/tree-${HUGE}x65536/" "$work/empty/"
summary_is 0 "$HUGE"
record huge 1 "$HUGE" "$work/t"
say "huge: the same into a prefix of $HUGE other objects (the destination read beside the source)"
timed "$work/t" "$bin" -q --json sync -n "oss://synthetic/tree-${HUGE}x65536/" "oss://synthetic/tree-${HUGE}x1024/"
summary_is 0 "$HUGE"
record huge_full 1 "$HUGE" "$work/t"
fi

# --- resume a tree killed at half --------------------------------------------
if has_stage resume; then
say "resume: cp -r of $RESUME_COUNT objects of 1 KiB, uninterrupted, then killed at half and run again"
rm -rf "$work/resume" && mkdir -p "$work/resume" && sync
before=$(stats GET)
timed "$work/t" "$bin" -q --json cp -r "$resume_source" "$work/resume/"
summary_is "$RESUME_COUNT" 0
record resume_full 1 "$RESUME_COUNT" "$work/t" "gets=$(($(stats GET) - before))"
rm -rf "$work/resume" && mkdir -p "$work/resume" && sync
before=$(stats GET)
"$bin" -q cp -r "$resume_source" "$work/resume/" > /dev/null 2>&1 &
child=$!
# Killed once half the objects were asked for (serve's count of GETs).
while [ $(($(stats GET) - before)) -lt $((RESUME_COUNT / 2)) ]; do
  kill -0 "$child" 2> /dev/null || fail "resume: the first run ended before half"
  sleep 0.05
done
kill -9 "$child" 2> /dev/null || fail "resume: the first run ended before it was killed at half (a larger RESUME_COUNT)"
wait "$child" 2> /dev/null || true
first_gets=$(($(stats GET) - before))
files_then=$(find "$work/resume" -type f -not -path '*/.ossxfer-work/*' | wc -l)
before=$(stats GET)
timed "$work/t" "$bin" -q --json cp -r "$resume_source" "$work/resume/"
skipped=$(grep -o '"skipped":[0-9]*' "$work/stdout" | cut -d: -f2)
done_again=$(grep -o '"done":[0-9]*' "$work/stdout" | cut -d: -f2)
[ $((skipped + done_again)) -eq "$RESUME_COUNT" ] || fail "resume: $skipped skipped + $done_again done"
record resume_rerun 1 "$RESUME_COUNT" "$work/t" "gets=$(($(stats GET) - before)) skipped=$skipped done=$done_again first_run_gets=$first_gets files_after_kill=$files_then"
fi

# --- the report ----------------------------------------------------------------
finished=$(date +%s)
{
  printf 'row\tlabel\tcommand\n'
  for row in "${!label[@]}"; do printf '%s\t%s\t%s\n' "$row" "${label[$row]}" "${command[$row]}"; done
} > "$work/labels.tsv"
"$python" - "$raw" "$work/labels.tsv" "$out/TREES.md" <<PY
import collections, csv, statistics, sys
raw, labels_path, out = sys.argv[1:4]
rows = collections.defaultdict(list)
for r in csv.DictReader(open(raw), delimiter="\t"):
    if r["round"] != "0":
        rows[(r["row"], int(r["count"]))].append(r)
labels = {r["row"]: r for r in csv.DictReader(open(labels_path), delimiter="\t")}
def med(rs, key):
    return statistics.median(float(r[key]) for r in rs)
def extra(rs, key):
    vals = [int(dict(kv.split("=") for kv in r["extra"].split())[key]) for r in rs]
    return statistics.median(vals)
L = []
L.append("# Trees at scale (bench/trees.sh)")
L.append("")
L.append("Machine: $(bench_machine). Filesystem: $(df -T "$work" | awk 'NR == 2 {print $2}'). ossxfer $(git describe --always --dirty 2> /dev/null || echo unknown); $(curl --version | head -1 | cut -d' ' -f1-2).")
L.append("Command: \`ROUNDS=$ROUNDS COUNTS=\"$COUNTS\" JOBS=$JOBS HUGE=$HUGE RESUME_COUNT=$RESUME_COUNT STAGES=\"$STAGES\"${KEEP_RAW:+ KEEP_RAW=$KEEP_RAW} bench/trees.sh\`, $((finished - started)) s, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Medians of $ROUNDS rounds after a warm-up; rows rotated each round; every run checked (exit code, the --json summary, CRC-64 verified, the downloaded files' MD5s, curl's 200s).")
L.append("")
for count in sorted({c for (_, c) in rows if _ in ("ossxfer_down", "ossxfer_up")}):
    L.append(f"## {count} objects of 64 KiB")
    L.append("")
    L.append("| Row | objects/s | wall s | CPU s | peak RSS MiB |")
    L.append("|---|---|---|---|---|")
    for row in ("ossxfer_down", "curl_down_serve", "curl_down_nginx", "ossxfer_up", "curl_up"):
        rs = rows.get((row, count))
        if not rs: continue
        wall = med(rs, "seconds")
        cpu = statistics.median(float(r["user"]) + float(r["sys"]) for r in rs)
        L.append(f"| {labels[row]['label']} | {count / wall:.0f} | {wall:.2f} | {cpu:.2f} | {med(rs, 'rss_kib') / 1024:.0f} |")
    L.append("")
    def ops(row): return count / med(rows[(row, count)], "seconds")
    L.append(f"Ratios (target ≥ 2× curl): down {ops('ossxfer_down') / ops('curl_down_serve'):.2f}× curl from serve, {ops('ossxfer_down') / ops('curl_down_nginx'):.2f}× curl from nginx; up {ops('ossxfer_up') / ops('curl_up'):.2f}× curl.")
    L.append("")
if ("sync_up", $largest) in rows:
  L.append("## A sync with nothing to do ($largest objects)")
  L.append("")
  L.append("| Row | wall s | CPU s | peak RSS MiB | requests (HEAD, GET) |")
  L.append("|---|---|---|---|---|")
  for row in ("sync_up", "sync_up_checksum", "sync_down"):
    rs = rows[(row, $largest)]
    cpu = statistics.median(float(r["user"]) + float(r["sys"]) for r in rs)
    L.append(f"| {labels[row]['label']} | {med(rs, 'seconds'):.2f} | {cpu:.2f} | {med(rs, 'rss_kib') / 1024:.0f} | {extra(rs, 'requests'):.0f} ({extra(rs, 'heads'):.0f}, {extra(rs, 'gets'):.0f}) |")
  L.append("")
  read_from = extra(rows[("sync_reads", $largest)], "read_from")
  L.append(f"With --checksum, a traced run with nothing to do (strace -y -e read,pread64) read from {read_from:.0f} of the tree's $largest files. No HEAD either: each file is paired with its object's ETag by the sync that last found them the same (xattr user.ossxfer.synced, cli/sync_pairing.h; with --checksum only a pairing by content counts), and the listing shows the ETag unchanged. Without a pairing the CRC-64s come from the xattr cache (user.ossxfer.crc64) and each object's from its HEAD.")
  L.append("")
if ("huge", $HUGE) in rows:
  rs = rows[("huge", $HUGE)]
  L.append("## sync --dry-run over $HUGE objects")
  L.append("")
  L.append(f"Peak RSS {med(rs, 'rss_kib') / 1024:.0f} MiB (target ≤ 128 MiB), {med(rs, 'seconds'):.1f} s wall, {float(rs[0]['user']) + float(rs[0]['sys']):.1f} CPU s. The bucket is serve's synthetic tree: \`oss://synthetic/tree-${HUGE}x65536/\` lists $HUGE objects of 64 KiB, each page generated when asked for (src/server/synthetic_listing.h).")
  L.append("")
if ("huge_full", $HUGE) in rows:
  rs = rows[("huge_full", $HUGE)]
  L.append(f"Into a destination that is full, \`sync -n oss://synthetic/tree-${HUGE}x65536/ oss://synthetic/tree-${HUGE}x1024/\` (every source entry new, every destination entry one the source lacks, read beside the source by cli/destination_cursor.h): peak RSS {med(rs, 'rss_kib') / 1024:.0f} MiB, {med(rs, 'seconds'):.1f} s wall, {float(rs[0]['user']) + float(rs[0]['sys']):.1f} CPU s.")
  L.append("")
if ("resume_full", $RESUME_COUNT) in rows:
  full = rows[("resume_full", $RESUME_COUNT)][0]
  rerun = rows[("resume_rerun", $RESUME_COUNT)][0]
  x = dict(kv.split("=") for kv in rerun["extra"].split())
  L.append("## Resuming a tree: $RESUME_COUNT objects of 1 KiB, kill -9 at half")
  L.append("")
  L.append("| Run | wall s | CPU s | GETs | skipped (journal) | done |")
  L.append("|---|---|---|---|---|---|")
  L.append(f"| {labels['resume_full']['label']} | {float(full['seconds']):.1f} | {float(full['user']) + float(full['sys']):.1f} | {dict(kv.split('=') for kv in full['extra'].split())['gets']} | | $RESUME_COUNT |")
  L.append(f"| {labels['resume_rerun']['label']} | {float(rerun['seconds']):.1f} | {float(rerun['user']) + float(rerun['sys']):.1f} | {x['gets']} | {x['skipped']} | {x['done']} |")
  L.append("")
  L.append(f"The first run was killed after serve had answered {x['first_run_gets']} GETs, with {x['files_after_kill']} files in place. The re-run lists the whole tree again ({$RESUME_COUNT // 1000} pages) and looks each entry up in the job's journal (cli/tree_journal.h: 33 bytes a file on disk, 16 in memory); files finished before the kill but not yet in the journal (at most its last second) are fetched again.")
  L.append("")
L.append("## Commands")
L.append("")
for row in sorted(labels):
    L.append(f"- {labels[row]['label']}: \`{labels[row]['command']}\`")
open(out, "w").write("\n".join(L) + "\n")
PY
say "report: $out/TREES.md"
