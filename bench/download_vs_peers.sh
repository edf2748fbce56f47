#!/usr/bin/env bash
# Downloads one object from `ossxfer serve` to a local file with ossxfer's
# library (examples/download: default settings, and -j 1/4/8/16),
# `curl -o` (one stream) and `aria2c -x8 -s8`, all against the same server
# on 127.0.0.1 in the same run, rounds interleaved and rotated. Reports the median, min
# and max throughput, the client's CPU seconds (user+sys) and peak RSS.
#
#   bench/download_vs_peers.sh                      2 GiB, 5 rounds -> bench/results/download.md
#   SIZE_MIB=32 ROUNDS=1 bench/download_vs_peers.sh --smoke   (checks it runs, writes nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${SIZE_MIB:-2048}
ROUNDS=${ROUNDS:-5}
SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1

source bench/lib.sh
bench_prepare example_download ossxfer_cli
bench_start_serve
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/source.bin"
curl -sf -X PUT "$endpoint/bench" > /dev/null
curl -sf -T "$work/source.bin" "$endpoint/bench/object.bin" > /dev/null
expected_crc=$(curl -sfI "$endpoint/bench/object.bin" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-oss-hash-crc64ecma" {print $2}')
rm -f "$work/source.bin"
url="$endpoint/bench/object.bin"

declare -A commands=(
  ["ossxfer (default: 8 MiB parts, -j 4)"]="build/release/example_download $endpoint bench object.bin $work/out.bin --no-checkpoint"
  ["ossxfer -j 1"]="build/release/example_download $endpoint bench object.bin $work/out.bin --no-checkpoint --parallel 1"
  ["ossxfer -j 8"]="build/release/example_download $endpoint bench object.bin $work/out.bin --no-checkpoint --parallel 8"
  ["ossxfer -j 16"]="build/release/example_download $endpoint bench object.bin $work/out.bin --no-checkpoint --parallel 16"
  ["curl -o (1 stream)"]="curl -sf -o $work/out.bin $url"
  ["aria2c -x8 -s8 -k1M"]="aria2c -q -x8 -s8 -k1M --allow-overwrite=true --auto-file-renaming=false --file-allocation=falloc -d $work -o out.bin $url"
)
order=("ossxfer (default: 8 MiB parts, -j 4)" "ossxfer -j 1" "ossxfer -j 8" "ossxfer -j 16" "curl -o (1 stream)" "aria2c -x8 -s8 -k1M")
declare -A speeds cpus rss
for round in $(seq "$ROUNDS"); do
  # Each round starts with a different client, so no client always runs in
  # the same position (the first run of a round was seen to be slower).
  for position in $(seq 0 $((${#order[@]} - 1))); do
    name=${order[$(((position + round) % ${#order[@]}))]}
    rm -f "$work/out.bin"
    sync
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" ${commands[$name]} > /dev/null
    read -r seconds user sys peak_kib < "$work/time"
    size=$(stat -c %s "$work/out.bin")
    [ "$size" -eq $((SIZE_MIB * 1024 * 1024)) ] || { echo "$name: wrong size $size" >&2; exit 1; }
    speeds[$name]+="$(awk -v s="$seconds" -v m="$SIZE_MIB" 'BEGIN {printf "%.1f", m / s}') "
    cpus[$name]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}') "
    rss[$name]+="$((peak_kib / 1024)) "
  done
done
ossxfer_median=$(bench_median "${speeds[${order[0]}]}")
table="| client | median MiB/s | min | max | CPU s (median) | peak RSS MiB (max) | ossxfer default / this |
|---|---|---|---|---|---|---|"
for name in "${order[@]}"; do
  read -r m lo hi <<< "$(bench_stats "${speeds[$name]}")"
  cpu=$(bench_median "${cpus[$name]}")
  peak=$(printf '%s\n' ${rss[$name]} | sort -n | tail -1)
  ratio=$(awk -v a="$ossxfer_median" -v b="$m" 'BEGIN {printf "%.2f", a / b}')
  table+="
| $name | $m | $lo | $hi | $cpu | $peak | $ratio |"
done
report=$(cat <<REPORT
# Download: ossxfer vs curl and aria2c

$SIZE_MIB MiB object from \`ossxfer serve\` (anonymous, sendfile) on 127.0.0.1 to a
file on local disk; $ROUNDS rounds, clients interleaved within each round, starting with a different one each round. CRC64
verification on for ossxfer (the object's CRC64 is $expected_crc). ossxfer runs
through \`examples/download\` (the library's Download() with default
settings unless noted; no checkpoint so every run starts from zero).
Command: \`bench/download_vs_peers.sh\` (SIZE_MIB=$SIZE_MIB ROUNDS=$ROUNDS).

$table

Machine: $(bench_machine);
$(curl --version | head -1 | cut -d' ' -f1-2), $(aria2c --version | head -1).
Raw MiB/s per client: $(for name in "${order[@]}"; do printf '%s: %s; ' "$name" "${speeds[$name]}"; done)
REPORT
)
echo "$report"
if [ "$SMOKE" -eq 0 ]; then
  mkdir -p bench/results
  echo "$report" > bench/results/download.md
fi
