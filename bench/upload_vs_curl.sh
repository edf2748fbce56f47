#!/usr/bin/env bash
# Uploads one file to `ossxfer serve` with ossxfer's library
# (examples/upload.cc over Upload(): default settings, and -j 1/4/16) and
# with `curl -T` (one PUT), all against the same server on 127.0.0.1 in one
# run, rounds interleaved and rotated. Reports median/min/max throughput, the client's
# CPU seconds and peak RSS.
#
#   bench/upload_vs_curl.sh                     2 GiB, 5 rounds -> bench/results/upload.md
#   SIZE_MIB=32 ROUNDS=1 bench/upload_vs_curl.sh --smoke   (checks it runs, writes nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${SIZE_MIB:-2048}
ROUNDS=${ROUNDS:-5}
SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1

source bench/lib.sh
bench_prepare example_upload ossxfer_cli
bench_start_serve
curl -sf -X PUT "$endpoint/bench" > /dev/null
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/source.bin"
upload="build/release/example_upload $endpoint $work/source.bin bench KEY --no-checkpoint"

# KEY is replaced per run: every run creates a new object, so no run pays for
# replacing (unlinking, writing back) what the previous one stored.
declare -A commands=(
  ["ossxfer (default: 8 MiB parts, -j 8)"]="$upload"
  ["ossxfer -j 1"]="$upload --parallel 1"
  ["ossxfer -j 4"]="$upload --parallel 4"
  ["ossxfer -j 16"]="$upload --parallel 16"
  ["curl -T (1 PUT)"]="curl -sf -T $work/source.bin $endpoint/bench/KEY"
)
order=("ossxfer (default: 8 MiB parts, -j 8)" "ossxfer -j 1" "ossxfer -j 4" "ossxfer -j 16" "curl -T (1 PUT)")
declare -A speeds cpus rss
for round in $(seq "$ROUNDS"); do
  # Each round starts with a different client, so no client always runs in
  # the same position (the first run of a round was seen to be slower).
  for position in $(seq 0 $((${#order[@]} - 1))); do
    name=${order[$(((position + round) % ${#order[@]}))]}
    key="object-$round-$position"
    command=${commands[$name]//KEY/$key}
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" $command > "$work/out"
    read -r seconds user sys peak_kib < <(tail -1 "$work/time")
    size=$(curl -sfI "$endpoint/bench/$key" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-length" {print $2}')
    [ "$size" -eq $((SIZE_MIB * 1024 * 1024)) ] || { echo "$name: stored $size bytes" >&2; exit 1; }
    curl -sf -X DELETE "$endpoint/bench/$key" > /dev/null
    sync
    speeds[$name]+="$(awk -v s="$seconds" -v m="$SIZE_MIB" 'BEGIN {printf "%.1f", m / s}') "
    cpus[$name]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') "
    rss[$name]+="$((peak_kib / 1024)) "
  done
done
curl_median=$(bench_median "${speeds[curl -T (1 PUT)]}")
table="| client | median MiB/s | min | max | CPU s (median) | peak RSS MiB (max) | this / curl -T |
|---|---|---|---|---|---|---|"
for name in "${order[@]}"; do
  read -r m lo hi <<< "$(bench_stats "${speeds[$name]}")"
  ratio=$(awk -v a="$m" -v b="$curl_median" 'BEGIN {printf "%.2f", a / b}')
  peak=$(printf '%s\n' ${rss[$name]} | sort -n | tail -1)
  table+="
| $name | $m | $lo | $hi | $(bench_median "${cpus[$name]}") | $peak | $ratio |"
done
report=$(cat <<REPORT
# Upload: ossxfer vs curl -T

$SIZE_MIB MiB file uploaded to \`ossxfer serve\` (anonymous) on 127.0.0.1;
$ROUNDS rounds, clients interleaved within each round, starting with a different one each round; each run
creates its own object, deleted (and synced) outside the timed part. ossxfer verifies every part's CRC64 and the object's.
ossxfer runs through \`examples/upload.cc\` (the library's Upload(), no
checkpoint). The server's own write path (temp file, MD5, fsync; this
machine copies files at about 270 MB/s) bounds every client.
Command: \`bench/upload_vs_curl.sh\` (SIZE_MIB=$SIZE_MIB ROUNDS=$ROUNDS).

$table

Machine: $(bench_machine); $(curl --version | head -1 | cut -d' ' -f1-2).
Raw MiB/s per client: $(for name in "${order[@]}"; do printf '%s: %s; ' "$name" "${speeds[$name]}"; done)
REPORT
)
echo "$report"
if [ "$SMOKE" -eq 0 ]; then
  mkdir -p bench/results
  echo "$report" > bench/results/upload.md
fi
