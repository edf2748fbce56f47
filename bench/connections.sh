#!/usr/bin/env bash
# What --max-connections costs and saves (issue 16: "a cap on connections in
# flight for the whole command, default chosen by measurement"). One
# `ossxfer serve` on 127.0.0.1; every object comes from its synthetic bucket
# (generated, nothing stored), so the runs measure the client and serve
# alone:
#   big    `cp -r --jobs 16 -j 8` of BIG_COUNT objects of 32 MiB (up to 128
#          parts in flight without a cap)
#   small  `cp -r --jobs 64` of SMALL_COUNT objects of 64 KiB
#   link   big again, with every GET's body sent at LINK_RATE bytes/s
#          (serve's throttle fault): a path where each connection is slow
#          (long round trips), which loopback cannot show otherwise (this
#          kernel has no netem)
# each at every cap in CAPS (0: none), ROUNDS rounds, caps rotated. Per run:
# wall seconds, CPU seconds (user + sys), peak RSS, and the connections
# serve accepted. Writes CONNECTIONS.md (medians, with the commands) to
# --out.
#
#   bench/connections.sh [--bin OSSXFER] [--out DIR]
#   knobs: ROUNDS (3) CAPS ("8 16 32 64 0") BIG_COUNT (16)
#          SMALL_COUNT (2000) LINK_RATE (8388608) BENCH_TMPDIR (/tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

bench_parse_bin_out connections.sh "$@"
ROUNDS=${ROUNDS:-3}
CAPS=${CAPS:-"8 16 32 64 0"}
BIG_COUNT=${BIG_COUNT:-16}
SMALL_COUNT=${SMALL_COUNT:-2000}
LINK_RATE=${LINK_RATE:-8388608}
bench_settle_bin
bench_require curl /usr/bin/time
bench_make_work
bench_take_bin_out
say() { echo "bench: $*" >&2; }
started=$(date +%s)

export OSS_ACCESS_KEY_ID=bench-ak OSS_ACCESS_KEY_SECRET=bench-secret OSS_REGION=cn-hangzhou
bench_start_serve "$bin" --access-key-id "$OSS_ACCESS_KEY_ID" --access-key-secret "$OSS_ACCESS_KEY_SECRET"
export OSS_ENDPOINT=$endpoint

accepted() {
  curl -s "$endpoint/_ossxfer/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["connections"]["accepted"])'
}

declare -A source flags expect_bytes
source[big]="oss://synthetic/tree-${BIG_COUNT}x33554432/"
flags[big]="--jobs 16 -j 8"
expect_bytes[big]=$((BIG_COUNT * 33554432))
source[small]="oss://synthetic/tree-${SMALL_COUNT}x65536/"
flags[small]="--jobs 64"
expect_bytes[small]=$((SMALL_COUNT * 65536))
source[link]=${source[big]}
flags[link]=${flags[big]}
expect_bytes[link]=${expect_bytes[big]}

# faults RULES: serve's fault rules now (the link workload's throttle).
faults() {
  curl -sf -X PUT --data-binary "{\"rules\": [$1]}" "$endpoint/_ossxfer/faults" > /dev/null
}

raw=$work/raw.tsv
echo -e "workload\tcap\tround\tseconds\tcpu\trss_kib\tconnections" > "$raw"
caps=($CAPS)
for round in $(seq 1 "$ROUNDS"); do
  for workload in big small link; do
    if [ "$workload" = link ]; then
      faults "{\"action\": \"throttle\", \"bytes_per_second\": $LINK_RATE, \"method\": \"GET\", \"key\": \"tree-*\"}"
    else
      faults ""
    fi
    # Rotate the caps, so no cap always runs first (a cold page cache) or
    # last.
    for i in "${!caps[@]}"; do
      cap=${caps[$(((i + round) % ${#caps[@]}))]}
      destination=$work/down
      rm -rf "$destination"
      before=$(accepted)
      t0=$EPOCHREALTIME
      # shellcheck disable=SC2086
      /usr/bin/time -f '%U %S %M' -o "$work/time" "$bin" -q --max-connections "$cap" \
        cp -r ${flags[$workload]} "${source[$workload]}" "$destination/" 2> "$work/stderr" ||
        { sed 's/^/  | /' "$work/stderr" >&2; exit 1; }
      t1=$EPOCHREALTIME
      # One connection of the difference is the stats fetch's own.
      connections=$(($(accepted) - before - 1))
      bytes=$(du -sb "$destination" | cut -f1)
      directory_bytes=$(find "$destination" -type d -printf '%s\n' | awk '{s += $1} END {print s}')
      [ $((bytes - directory_bytes)) -eq "${expect_bytes[$workload]}" ] ||
        { say "FAILED: $workload cap $cap wrote $((bytes - directory_bytes)) bytes"; exit 1; }
      read -r user sys rss < <(tail -1 "$work/time")
      echo -e "$workload\t$cap\t$round\t$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')\t$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')\t$rss\t$connections" >> "$raw"
      say "$(tail -1 "$raw")"
    done
  done
done
rm -rf "$work/down"
cp "$raw" "$out/connections-raw.tsv"

python3 - "$raw" "$out/CONNECTIONS.md" "$(git describe --always --dirty)" "$ROUNDS" "$(($(date +%s) - started))" \
  "${flags[big]}" "${source[big]}" "${flags[small]}" "${source[small]}" "$LINK_RATE" <<'EOF'
import csv, statistics, sys
raw, report, describe, rounds, took, big_flags, big_source, small_flags, small_source, link_rate = sys.argv[1:]
rows = list(csv.DictReader(open(raw), delimiter="\t"))
L = [f"# --max-connections: what a cap costs (bench/connections.sh)", "",
     f"Built from {describe}; {rounds} rounds, medians; took {took} s. "
     "Objects from serve's synthetic bucket on 127.0.0.1 (no disk on the "
     "server side), written to files. Cap 0 is no cap.", ""]
for workload, flags, source, unit in (("big", big_flags, big_source, "MiB/s"),
                                      ("small", small_flags, small_source, "objects/s"),
                                      ("link", big_flags, big_source, "MiB/s")):
    title = f"## {workload}: `ossxfer -q --max-connections CAP cp -r {flags} {source} DIR/`"
    if workload == "link":
        title += f", each GET's body at {int(link_rate) / 1048576:g} MiB/s (serve's throttle fault)"
    L += [title, "",
          f"| cap | seconds | {unit} | CPU s | peak RSS MiB | connections opened |",
          "|---|---|---|---|---|---|"]
    caps = sorted({int(r["cap"]) for r in rows if r["workload"] == workload},
                  key=lambda c: (c == 0, c))
    count = int(source.rsplit("tree-", 1)[1].split("x")[0])
    size = int(source.rsplit("x", 1)[1].rstrip("/"))
    for cap in caps:
        rs = [r for r in rows if r["workload"] == workload and int(r["cap"]) == cap]
        med = lambda k: statistics.median(float(r[k]) for r in rs)
        seconds = med("seconds")
        rate = count * size / 1048576 / seconds if unit == "MiB/s" else count / seconds
        L.append(f"| {cap or 'none'} | {seconds:.2f} | {rate:.0f} | {med('cpu'):.2f} | "
                 f"{med('rss_kib') / 1024:.0f} | {med('connections'):.0f} |")
    L.append("")
open(report, "w").write("\n".join(L))
print("\n".join(L))
EOF
