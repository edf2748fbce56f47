#!/usr/bin/env bash
# The demo: start `ossxfer serve` on a temporary root, upload a generated
# 1 GiB object, then download it with ossxfer's resumable parallel download
# (examples/download.cc over ossxfer::Download): interrupt it with SIGINT
# (Ctrl-C) part way, run it again to resume, and check the result.
set -euo pipefail
cd "$(dirname "$0")/.."
ossxfer=build/release/ossxfer
download=build/release/example_download
"$ossxfer" --version

work=$(mktemp -d /tmp/ossxfer-demo-XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Anonymous, so plain curl can upload; the server's first line is its
# address, and reading it waits until it listens.
exec 3< <(exec "$ossxfer" serve --anonymous --root "$work/root")
server_pid=$!
read -r endpoint <&3
echo "demo: ossxfer serve listening on $endpoint (root $work/root)"

size_mib=${DEMO_SIZE_MIB:-1024}
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/object.bin"
expected=$(sha256sum "$work/object.bin" | cut -d' ' -f1)
curl -sf -X PUT "$endpoint/demo" > /dev/null
curl -sf -T "$work/object.bin" "$endpoint/demo/object.bin" > /dev/null
echo "demo: uploaded a generated $size_mib MiB object as oss://demo/object.bin"

export OSS_ACCESS_KEY_ID=demo OSS_ACCESS_KEY_SECRET=demo  # ignored by --anonymous
dest="$work/downloaded.bin"
half=$((size_mib * 1024 * 1024 / 2))
echo "demo: downloading; interrupting with SIGINT once half is in place"
"$download" "$endpoint" demo object.bin "$dest" --rate $((64 << 20)) > "$work/first.log" &
pid=$!
while ! awk -v half="$half" '$1 == "progress" && $2 >= half {found=1} END {exit !found}' "$work/first.log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill -INT "$pid" 2>/dev/null || true
wait "$pid" || true
grep '^error' "$work/first.log" | sed 's/^/demo:   /' | cut -c1-160
ls "$work" | grep -E '\.dcp$|\.ossxfer-tmp$' | sed 's/^/demo:   kept for resume: /'

echo "demo: running the same download again"
"$download" "$endpoint" demo object.bin "$dest" > "$work/second.log"
grep -E '^(done|notice)' "$work/second.log" | sed 's/^/demo:   /'
actual=$(sha256sum "$dest" | cut -d' ' -f1)
if [ "$actual" != "$expected" ]; then
  echo "demo: FAILED: the downloaded file differs" >&2
  exit 1
fi
echo "demo: resumed download verified (CRC64 by ossxfer, sha256 $actual)"
