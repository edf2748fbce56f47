#!/usr/bin/env bash
# Installs what the benchmarks need beyond the build (Debian packages):
# nginx as the neutral reference server; the peers (curl, aria2c, axel);
# GNU time for CPU and peak RSS; gnuplot for the chart; strace for
# bench/trees.sh (which files a sync --checksum opens). The S3 rows' peers
# come from elsewhere: rclone from install-deps.sh (Debian's, which the S3
# peer tests use too), awscli with the machine image. linux-perf, for
# profiling a missed target (bench/results/), is not needed to run the bench.
# Idempotent and fast when everything is present (apt-get runs only for
# what is missing).
set -euo pipefail
"$(dirname "$0")/install-deps.sh"
packages=(nginx-light curl python3 aria2 axel time gnuplot-nox strace)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-bench-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
