#!/usr/bin/env bash
# A/B of ossxfer binaries on what the crash bound trades against (issue 7,
# workload 4): per round and binary, one uninterrupted download of a
# SIZE_MIB object (presigned URL, to a file; MiB/s) and one kill -9 once
# half of it is written, then the same command again (MiB re-fetched: what
# serve sent in both runs beyond the object's size, plus the breakdown at
# the kill: served, written by the client (/proc/PID/io wchar), recorded in
# its checkpoint). The binaries alternate within each round, so their
# figures share the machine's noise. The first binary also runs the server.
#
#   bench/resume_ab.sh ROUNDS OSSXFER_A [OSSXFER_B ...]
#   knobs: SIZE_MIB (2048), FLAGS (extra cp flags, e.g. "-j 8")
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_ab_start resume_ab.sh "$@"
size=$((${SIZE_MIB:-2048} << 20))
head -c "$size" /dev/urandom > "$work/src.bin"
"${bins[0]}" -q mb oss://bench
curl -sf -T "$work/src.bin" "$("${bins[0]}" presign --method PUT oss://bench/o --expires 3h)" > /dev/null
rm "$work/src.bin"
url=$("${bins[0]}" presign oss://bench/o --expires 3h)
served() { curl -sf "$endpoint/_ossxfer/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["bytes_served"])'; }
mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
dl=$work/dl
mkdir -p "$dl"
clean() { rm -rf "${dl:?}"/* "${dl:?}"/.[!.]* 2> /dev/null || true; sync; }
printf 'round\tbinary\tMiB/s\tre-fetched MiB\tserved at kill\twritten at kill\trecorded\n'
for round in $(seq "$rounds"); do
  for i in "${!bins[@]}"; do
    bin=${bins[$i]}
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086
    "$bin" -q cp ${FLAGS:-} "$url" "$dl/o" > /dev/null
    t1=$EPOCHREALTIME
    clean
    before=$(served)
    # shellcheck disable=SC2086
    "$bin" -q cp ${FLAGS:-} "$url" "$dl/o" > /dev/null 2>&1 &
    pid=$!
    written=$(python3 - "$pid" $((size / 2)) <<'PY'
import os, signal, sys, time
pid, threshold = int(sys.argv[1]), int(sys.argv[2])
while True:
    with open(f"/proc/{pid}/io") as io:
        written = int(next(l for l in io if l.startswith("wchar:")).split()[1])
    if written >= threshold:
        os.kill(pid, signal.SIGKILL)
        print(written)
        break
    time.sleep(0.002)
PY
    )
    wait "$pid" 2> /dev/null || true
    at_kill=$(($(served) - before))
    checkpoint=$(find "$dl" -name '*.dcp' | head -1)
    recorded=$(python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["body"]; print(sum(p["done"] for p in b["parts"]))' "$checkpoint")
    # shellcheck disable=SC2086
    "$bin" -q cp ${FLAGS:-} "$url" "$dl/o" > /dev/null
    total=$(($(served) - before))
    clean
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "${names[$i]}" \
      "$(awk -v s="$size" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", s / 1048576 / (b - a)}')" \
      "$(mib $((total - size)))" "$(mib "$at_kill")" "$(mib "$written")" "$(mib "$recorded")"
  done
done
