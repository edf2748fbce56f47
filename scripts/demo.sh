#!/usr/bin/env bash
# The demo: start `ossxfer serve` on a temporary root, upload a generated
# 1 GiB object, read it back and check it. The resumable parallel download
# (`ossxfer cp`) takes over the "read it back" step when it lands.
set -euo pipefail
cd "$(dirname "$0")/.."
ossxfer=build/release/ossxfer
"$ossxfer" --version

work=$(mktemp -d /tmp/ossxfer-demo-XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The server's first line is its address; reading it waits until it listens.
exec 3< <(exec "$ossxfer" serve --anonymous --root "$work/root")
server_pid=$!
read -r endpoint <&3
echo "demo: ossxfer serve listening on $endpoint (root $work/root)"

size_mib=${DEMO_SIZE_MIB:-1024}
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/object.bin"
expected=$(sha256sum "$work/object.bin" | cut -d' ' -f1)

curl -sf -X PUT "$endpoint/demo" > /dev/null
start=$(date +%s.%N)
curl -sf -T "$work/object.bin" "$endpoint/demo/object.bin" > /dev/null
end=$(date +%s.%N)
echo "demo: uploaded $size_mib MiB in $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}') s"
curl -sfI "$endpoint/demo/object.bin" | grep -iE '^(content-length|etag|x-oss-hash-crc64ecma|x-oss-object-type):' | sed 's/^/demo:   /'

curl -sf -o "$work/copy.bin" "$endpoint/demo/object.bin"
actual=$(sha256sum "$work/copy.bin" | cut -d' ' -f1)
if [ "$actual" != "$expected" ]; then
  echo "demo: FAILED: the downloaded copy differs" >&2
  exit 1
fi
echo "demo: downloaded and verified (sha256 $actual)"
