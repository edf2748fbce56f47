#!/usr/bin/env bash
# Installs everything ossxfer needs to build and test, from Debian packages.
# Idempotent and fast when all is present: apt-get runs only for what is
# missing, and `apt-get update` only once, right before that install.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libcurl4-openssl-dev libssl-dev libisal-dev libpugixml-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libboost-dev
  libsqlite3-dev libgtest-dev libgmock-dev curl openssl python3
  nginx-light  # a real web server for the DownloadUrl tests
  clang-14 libclang-rt-14-dev  # the sanitize preset's compiler, libFuzzer
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
