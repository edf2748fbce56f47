#!/usr/bin/env bash
# moto's S3 server (`moto_server`, on the machine image with awscli and
# boto3) for the S3 peer tests, with authentication on, so that signatures
# are really checked (../shared/s3-protocol.md §6.1).
#
#   scripts/moto.sh start DIR   start moto_server on 127.0.0.1 in DIR (created;
#                               must not exist or be empty), create the IAM
#                               user and key, write DIR/env and print it
#   scripts/moto.sh env DIR     print DIR/env again
#   scripts/moto.sh stop DIR    end the moto_server started in DIR, remove DIR
#
# DIR/env has the lines of scripts/rgw.sh's, with S3_PEER=moto.
#
# Authentication: moto checks no signature until INITIAL_NO_AUTH_ACTION_COUNT
# actions have been served. It starts with a count of 3, and those three
# actions are IAM's CreateUser, PutUserPolicy (Allow * on *) and
# CreateAccessKey; from the fourth action on, only that key signs correctly
# (a wrong secret gets 403 SignatureDoesNotMatch). The readiness probe asks
# /moto-api/, which is not an action and does not count. The script checks
# that the count is spent: ListBuckets signed with a wrong secret must be
# refused (an unsigned one would not do: moto answers it with a 500).
#
# Port: moto_server binds port 0 (the OS picks) and the port is read back
# from the socket it listens on. Everything it writes is in DIR (its log);
# moto keeps its state in memory.
set -euo pipefail

peer_name=moto.sh
# shellcheck source=scripts/peer-lib.sh
. "$(dirname "$0")/peer-lib.sh"

usage() {
  echo "usage: $0 start|env|stop DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
command=$1
peer_set_dir "$2"

# moto_server's script, through a pyenv shim if it is one; its first line
# names its Python, which has boto3 (moto needs it). Calling that Python
# directly skips the shim (a second a call here).
moto_script() {
  local server
  server=$(command -v moto_server)
  if grep -q 'pyenv' "$server" && command -v pyenv >/dev/null 2>&1; then
    server=$(pyenv which moto_server)  # a shim: the real script
  fi
  echo "$server"
}

start() {
  SECONDS=0
  command -v moto_server >/dev/null ||
    peer_die "moto_server is not on PATH (moto 5, with awscli and boto3, comes with the machine image)"
  peer_require_empty_dir moto
  mkdir -p "$peer_dir"
  local log="$peer_dir/moto.log" moto_script python
  moto_script=$(moto_script)
  python=$(sed -n '1s/^#! *//p' "$moto_script")
  [ -x "$python" ] || peer_die "cannot find moto_server's Python (got '$python' from $moto_script)"

  INITIAL_NO_AUTH_ACTION_COUNT=3 peer_start moto_server "$log" \
    "$python" "$moto_script" -H 127.0.0.1 -p 0
  peer_poll 60 "HTTP answer from moto_server" "$log" moto_server peer_answers moto_server /moto-api/
  local port endpoint
  port=$(peer_listen_port moto_server)
  endpoint="http://127.0.0.1:$port"
  echo "$peer_name: moto_server answers on 127.0.0.1:$port (${SECONDS} s)" >&2

  # The three free actions make the user, its policy and its key; then a
  # wrong secret must be refused and the right one taken.
  local keys
  keys=$("$python" - "$endpoint" 2>>"$log" <<'EOF'
import sys
import boto3
import botocore.exceptions

endpoint = sys.argv[1]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="ossxfer-test")
iam.put_user_policy(
    UserName="ossxfer-test", PolicyName="everything",
    PolicyDocument='{"Version":"2012-10-17","Statement":'
                   '[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
key = iam.create_access_key(UserName="ossxfer-test")["AccessKey"]
def s3(secret):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=secret)
try:
    s3(key["SecretAccessKey"] + "x").list_buckets()
    sys.exit("moto took a wrong secret: authentication is not on")
except botocore.exceptions.ClientError as error:
    if error.response["Error"]["Code"] != "SignatureDoesNotMatch":
        sys.exit(f"a wrong secret got {error.response['Error']}, not SignatureDoesNotMatch")
s3(key["SecretAccessKey"]).list_buckets()
print(key["AccessKeyId"], key["SecretAccessKey"])
EOF
  ) || peer_fail "turning authentication on failed" "$log"
  local access_key=${keys% *} secret_key=${keys#* }

  peer_write_env S3_PEER=moto "S3_ENDPOINT=$endpoint" \
    "AWS_ACCESS_KEY_ID=$access_key" "AWS_SECRET_ACCESS_KEY=$secret_key" \
    AWS_DEFAULT_REGION=us-east-1
  echo "$peer_name: IAM key made, authentication on (${SECONDS} s)" >&2
  cat "$peer_dir/env"
}

case "$command" in
  start) start ;;
  env) peer_env ;;
  stop) peer_stop ;;
  *) usage ;;
esac
