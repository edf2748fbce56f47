#!/usr/bin/env bash
# A/B of ossxfer binaries on workload 3 of bench/run.sh: COUNT objects of
# 64 KiB, `cp -r --jobs 4` down (to a directory) and up (from one), against
# one `ossxfer serve` run by the first binary. Per round the binaries
# alternate, so their figures share the machine's noise; objects/s, wall
# seconds from $EPOCHREALTIME, CPU seconds from /usr/bin/time.
#
#   bench/small_ab.sh ROUNDS OSSXFER_A [OSSXFER_B ...]
#   knobs: COUNT (1000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_ab_start small_ab.sh "$@"
count=${COUNT:-1000}
small=$work/small
mkdir -p "$small" "$work/dl"
(cd "$small" && head -c "$((count * 65536))" /dev/urandom | split -b 65536 -d -a 5 - f)
"${bins[0]}" -q mb oss://bench
"${bins[0]}" -q cp -r --jobs 8 "$small/" oss://bench/small/ > /dev/null
# One run: "objects/s cpu-seconds".
measure() {
  local t0 t1
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" > /dev/null
  t1=$EPOCHREALTIME
  awk -v n="$count" -v a="$t0" -v b="$t1" '{printf "%.0f\t%.2f", n / (b - a), $1 + $2}' "$work/time"
}
printf 'round\tbinary\tdown obj/s\tdown CPU s\tup obj/s\tup CPU s\n'
for round in $(seq "$rounds"); do
  for i in "${!bins[@]}"; do
    bin=${bins[$i]}
    down=$(measure "$bin" -q cp -r --jobs 4 oss://bench/small/ "$work/dl/")
    rm -rf "${work:?}/dl" && mkdir -p "$work/dl" && sync
    up=$(measure "$bin" -q cp -r --jobs 4 "$small/" "oss://bench/up-$round-$i/")
    printf '%s\t%s\t%s\t%s\n' "$round" "${names[$i]}" "$down" "$up"
  done
done
