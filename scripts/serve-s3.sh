#!/usr/bin/env bash
# `ossxfer serve` as an S3 peer, for the S3 client tests (awscli, boto3,
# ossxfer's own S3 dialect) that also run against Ceph RGW and moto.
#
#   scripts/serve-s3.sh start DIR BIN   start BIN serve on 127.0.0.1 (the OS
#                                       picks the port), storing in DIR/root
#                                       (DIR created; must not exist or be
#                                       empty), write DIR/env and print it
#   scripts/serve-s3.sh env DIR         print DIR/env again
#   scripts/serve-s3.sh stop DIR        end the serve started in DIR, remove DIR
#
# DIR/env has the lines of scripts/rgw.sh's, with S3_PEER=serve. serve runs
# with --dialect auto: the clients sign with AWS4-HMAC-SHA256, which is
# what makes their requests S3 (src/server/s3_wire.h).
set -euo pipefail

peer_name=serve-s3.sh
# shellcheck source=scripts/peer-lib.sh
. "$(dirname "$0")/peer-lib.sh"

usage() {
  echo "usage: $0 start DIR BIN | env DIR | stop DIR" >&2
  exit 2
}

[ $# -ge 2 ] || usage
command=$1
peer_set_dir "$2"

start() {
  local binary=$1
  [ -x "$binary" ] || peer_die "$binary is not an ossxfer binary (build it first)"
  peer_require_empty_dir serve
  mkdir -p "$peer_dir/root"
  local log="$peer_dir/serve.log" access_key secret_key
  access_key="AKIA$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
  secret_key=$(head -c 30 /dev/urandom | base64 | tr -d '\n')
  peer_start serve "$log" "$binary" serve --root "$peer_dir/root" \
    --listen 127.0.0.1:0 --access-key-id "$access_key" \
    --access-key-secret "$secret_key"
  # serve's first line is its address, once it listens.
  peer_poll 30 "address line from serve" "$log" serve grep -q '^http://' "$log"
  local endpoint
  endpoint=$(grep -m1 -o '^http://[0-9.:]*' "$log")
  peer_write_env S3_PEER=serve "S3_ENDPOINT=$endpoint" \
    "AWS_ACCESS_KEY_ID=$access_key" "AWS_SECRET_ACCESS_KEY=$secret_key" \
    AWS_DEFAULT_REGION=us-east-1
  cat "$peer_dir/env"
}

case "$command" in
  start)
    [ $# -eq 3 ] || usage
    start "$3"
    ;;
  env) peer_env ;;
  stop) peer_stop ;;
  *) usage ;;
esac
