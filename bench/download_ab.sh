#!/usr/bin/env bash
# A/B of ossxfer binaries on one large download to a file (workload 1's
# default row): `ossxfer cp oss://bench/object.bin FILE` with the
# defaults (checkpoint, O_DIRECT, CRC-64), against one `ossxfer serve` run
# by the first binary. Per round the binaries alternate, so their figures
# share the disk's noise, which on this machine is large from minute to
# minute; MiB/s from $EPOCHREALTIME, CPU seconds from /usr/bin/time, and
# the checkpoint's cost as the fdatasync and rename calls of the run
# (strace -c, in a last round of its own: tracing slows the run). Medians
# at the end.
#
#   bench/download_ab.sh ROUNDS OSSXFER_A [OSSXFER_B ...]
#   knobs: SIZE_MIB (2048), FLAGS (extra cp flags, e.g. "-j 8")
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_ab_start download_ab.sh "$@"
size_mib=${SIZE_MIB:-2048}
read -r -a flags <<< "${FLAGS:-}"
bench_require strace /usr/bin/time
head -c "$((size_mib << 20))" /dev/urandom > "$work/object.bin"
"${bins[0]}" -q mb oss://bench
"${bins[0]}" -q cp "$work/object.bin" oss://bench/object.bin
want=$(md5sum < "$work/object.bin")
rm "$work/object.bin"
# One run: "MiB/s<TAB>CPU s".
measure() {
  local t0 t1
  rm -f "$work/dl.bin" && sync
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" > /dev/null
  t1=$EPOCHREALTIME
  [ "$(md5sum < "$work/dl.bin")" = "$want" ] || { echo "download_ab: the file differs" >&2; exit 1; }
  awk -v m="$size_mib" -v a="$t0" -v b="$t1" '{printf "%.1f\t%.2f", m / (b - a), $1 + $2}' "$work/time"
}
printf 'round\tbinary\tMiB/s\tCPU s\n' | tee "$work/runs.tsv"
for round in $(seq "$rounds"); do
  for i in "${!bins[@]}"; do
    printf '%s\t%s\t%s\n' "$round" "$i" \
      "$(measure "${bins[$i]}" -q cp "${flags[@]}" oss://bench/object.bin "$work/dl.bin")" | tee -a "$work/runs.tsv"
  done
done
echo "# medians over $rounds rounds (FLAGS='${flags[*]}', $size_mib MiB); syscalls from one traced run each"
printf 'binary\tMiB/s\tCPU s\tfdatasync\tfsync\trename\n'
# calls SYSCALL: how many the traced run made (strace -c's calls column).
calls() { awk -v s="$1" '$NF == s {print $4}' "$work/strace" | head -1; }
for i in "${!bins[@]}"; do
  rm -f "$work/dl.bin" && sync
  strace -f -c -e trace=fdatasync,fsync,rename -o "$work/strace" \
    "${bins[$i]}" -q cp "${flags[@]}" oss://bench/object.bin "$work/dl.bin" > /dev/null
  medians=$(python3 -c '
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()[1:]]
mine = [r for r in rows if r[1] == sys.argv[2]]
print("%.1f\t%.2f" % (statistics.median(float(r[2]) for r in mine),
                       statistics.median(float(r[3]) for r in mine)))' "$work/runs.tsv" "$i")
  printf '%s\t%s\t%s\t%s\t%s\n' "${names[$i]}" "$medians" \
    "$(calls fdatasync)" "$(calls fsync)" "$(calls rename)"
done
