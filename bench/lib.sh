# Shared by the bench/ scripts (source it after `cd` to the repository root):
# set-up, one anonymous `ossxfer serve` on a temporary root, statistics.

# bench_prepare TARGET...: the benchmark's Debian packages, then a release
# build of the given CMake targets.
bench_prepare() {
  scripts/install-bench-deps.sh
  cmake --preset release > /dev/null
  cmake --build --preset release --target "$@" > /dev/null
}

# bench_start_serve: sets $work (a temp dir removed on exit) and $endpoint
# (an anonymous `ossxfer serve` on it, stopped on exit). Other processes to
# stop on exit go in the array bench_pids.
bench_pids=()
bench_start_serve() {
  work=$(mktemp -d /tmp/ossxfer-bench-XXXXXX)
  trap bench_cleanup EXIT
  # Its first line is the address; reading it waits exactly until it listens.
  exec 3< <(exec build/release/ossxfer serve --anonymous --root "$work/root")
  bench_pids+=($!)
  read -r endpoint <&3
  # The transfer examples read credentials; the anonymous server ignores them.
  export OSS_ACCESS_KEY_ID=bench OSS_ACCESS_KEY_SECRET=bench
}

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# bench_stats "v1 v2 ...": "median min max" of the numbers.
bench_stats() {
  printf '%s\n' $1 | sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%s %s %s", m, v[1], v[NR]}'
}
bench_median() { bench_stats "$1" | cut -d' ' -f1; }

bench_machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r)"
}
