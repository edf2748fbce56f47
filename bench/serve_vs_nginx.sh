#!/usr/bin/env bash
# Bulk GET throughput of `ossxfer serve` against Debian's nginx serving the
# same file, both on 127.0.0.1, measured with one curl stream to /dev/null
# (isolating the server from the client's disk). Rounds alternate between
# the servers so both see the same machine state; medians, min and max are
# reported, and the ratio is taken within this one run.
#
#   bench/serve_vs_nginx.sh            2 GiB, 5 rounds (writes bench/results/serve-vs-nginx.md)
#   SIZE_MIB=16 ROUNDS=1 bench/serve_vs_nginx.sh --smoke   (CI: checks it runs, writes nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${SIZE_MIB:-2048}
ROUNDS=${ROUNDS:-5}
SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1

source bench/lib.sh
bench_prepare ossxfer_cli
bench_start_serve
serve_url=$endpoint

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$work/www"
chmod 755 "$work" "$work/www"  # nginx workers run unprivileged
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/www/object.bin"
chmod 644 "$work/www/object.bin"

# ossxfer serve gets the object through its own PUT.
curl -sf -X PUT "$serve_url/bench" > /dev/null
curl -sf -T "$work/www/object.bin" "$serve_url/bench/object.bin" > /dev/null

# nginx with sendfile, the reference static server.
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
bench_pids+=($!)
curl -sf -o /dev/null -r 0-0 --retry 20 --retry-connrefused --retry-delay 1 \
  "http://127.0.0.1:$nginx_port/object.bin"
nginx_url="http://127.0.0.1:$nginx_port/object.bin"

last=$((SIZE_MIB * 1024 * 1024 - 1))
measure() {  # prints MiB/s of one ranged download of the whole object
  curl -sf -o /dev/null -r "0-$last" -w '%{speed_download}' "$1" |
    awk '{printf "%.1f\n", $1 / 1048576}'
}
# Warm both (page cache, connections) once, untimed.
measure "$serve_url/bench/object.bin" > /dev/null
measure "$nginx_url" > /dev/null
serve_runs=()
nginx_runs=()
for round in $(seq "$ROUNDS"); do
  serve_runs+=("$(measure "$serve_url/bench/object.bin")")
  nginx_runs+=("$(measure "$nginx_url")")
done

read -r serve_median serve_min serve_max <<< "$(bench_stats "${serve_runs[*]}")"
read -r nginx_median nginx_min nginx_max <<< "$(bench_stats "${nginx_runs[*]}")"
ratio=$(awk -v a="$serve_median" -v b="$nginx_median" 'BEGIN {printf "%.2f", a / b}')

report=$(cat <<REPORT
# ossxfer serve vs nginx: bulk ranged GET

One \`curl -r 0-$last -o /dev/null\` stream per run, $SIZE_MIB MiB object,
$ROUNDS rounds alternating between the servers, after one untimed warm-up each.
Command: \`bench/serve_vs_nginx.sh\` (SIZE_MIB=$SIZE_MIB ROUNDS=$ROUNDS).

| server | median MiB/s | min | max |
|---|---|---|---|
| ossxfer serve (sendfile) | $serve_median | $serve_min | $serve_max |
| nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') (sendfile) | $nginx_median | $nginx_min | $nginx_max |

ossxfer serve / nginx (medians): **$ratio** (target: >= 0.80)

Machine: $(bench_machine); curl $(curl --version | head -1 | cut -d' ' -f2).
Runs (MiB/s): serve ${serve_runs[*]}; nginx ${nginx_runs[*]}.
REPORT
)
echo "$report"
if [ "$SMOKE" -eq 0 ]; then
  mkdir -p bench/results
  echo "$report" > bench/results/serve-vs-nginx.md
fi
