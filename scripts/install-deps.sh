#!/usr/bin/env bash
# Installs everything ossxfer needs to build and test, from Debian packages,
# then the npm packages of the ali-oss compatibility suite (npm ci from its
# lockfile). The S3 peer moto and the S3 clients awscli and boto3 come with
# the machine image (pip, which no registry here serves): it only checks them. Idempotent and fast when all is present: apt-get runs only for
# what is missing, and `apt-get update` only once, right before that
# install; npm ci only when the lockfile changed since it last ran.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libcurl4-openssl-dev libssl-dev libisal-dev libpugixml-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libboost-dev
  libsqlite3-dev libgtest-dev libgmock-dev curl openssl python3
  nginx-light  # a real web server for the DownloadUrl tests
  clang-14 libclang-rt-14-dev  # the sanitize preset's compiler, libFuzzer
  nodejs  # the ali-oss compatibility suite (tests/compat/ali-oss)
  # The S3 peer Ceph RGW, a one-node cluster (scripts/rgw.sh,
  # tests/compat/s3_peers): about 90 s and a few hundred MB the first time.
  # iproute2 gives ss, which reads back the ports the peers bind.
  radosgw ceph-mon ceph-osd ceph-common iproute2
  rclone  # an S3 client against serve's S3 side (tests/compat/s3_peers)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

# Debian ships npm as a package of its own; a nodejs from elsewhere (such
# as NodeSource's) bundles it, and Debian's npm would conflict with it.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ ${#missing[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ali-oss at the version the lockfile pins. npm ci starts from an empty
# node_modules every time (seconds, and the registry), so a stamp holding the
# lockfile's hash says whether the installed tree is already that one.
compat_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/compat/ali-oss"
stamp="$compat_dir/node_modules/.installed-lock-sha256"
lock_hash="$(sha256sum "$compat_dir/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  echo "install-deps: npm ci in tests/compat/ali-oss"
  (cd "$compat_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$stamp"
fi

# moto_server, aws and boto3: on the image, not installable here; the S3 peer
# tests (ctest -L s3peer) fail without them, so say so now.
if ! command -v moto_server >/dev/null 2>&1 || ! command -v aws >/dev/null 2>&1 ||
  ! python3 -c 'import boto3' >/dev/null 2>&1; then
  echo "install-deps: warning: moto_server, aws or boto3 is missing (the machine image has" \
    "them); the S3 peer tests (ctest -L s3peer) will fail" >&2
fi
