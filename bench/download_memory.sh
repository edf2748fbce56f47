#!/usr/bin/env bash
# Peak RSS of a download with 16 parts in flight as the object grows: a
# 64 MiB object downloaded whole, and a 20 GiB synthetic object (served by
# `ossxfer serve` without storing it) interrupted with SIGINT after a fixed
# time. Memory must not grow with object size (target <= 64 MiB).
#
#   bench/download_memory.sh   -> bench/results/download-memory.md
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_BOUND=${SECONDS_BOUND:-12}
source bench/lib.sh
bench_prepare example_download ossxfer_cli
bench_start_serve

rows=""
for size in $((64 << 20)) $((20 << 30)); do
  rm -f "$work"/out*
  # `timeout -s INT` cancels the download cleanly after the bound.
  /usr/bin/time -f '%e %M' -o "$work/time" timeout -s INT "$SECONDS_BOUND" \
    build/release/example_download "$endpoint" synthetic "$size" "$work/out.bin" \
    --parallel 16 > "$work/log" || true
  # time(1) puts "Command exited with non-zero status" first when cancelled.
  read -r seconds peak_kib < <(tail -1 "$work/time")
  done_bytes=$(grep '^progress' "$work/log" | tail -1 | cut -d' ' -f2)
  rows+="| $((size >> 20)) MiB | 16 | $((done_bytes >> 20)) MiB in ${seconds} s | $((peak_kib / 1024)) |
"
done
report="# Download memory: peak RSS with 16 parallel parts

| object | parallel | downloaded | peak RSS MiB |
|---|---|---|---|
$rows
Objects come from the synthetic bucket of \`ossxfer serve\`; runs longer than
${SECONDS_BOUND} s are cancelled with SIGINT (the time bound). Command:
\`bench/download_memory.sh\`. Machine: $(bench_machine)."
echo "$report"
mkdir -p bench/results
echo "$report" > bench/results/download-memory.md
