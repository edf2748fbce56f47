#!/usr/bin/env bash
# The benchmark suite (issue 7): ossxfer against curl, aria2c and axel, with
# `ossxfer serve` (signed requests and presigned URLs) and Debian's nginx
# (the same bytes, statically) on 127.0.0.1, all in one run so that ratios
# hold on a noisy machine. Every row runs ROUNDS times; the rows of a
# workload are interleaved within a round and the order rotates each round.
# Every run is checked (exit code, bytes in place, CRC64 verified where it
# should be); any failure stops the suite with a non-zero exit.
#
#   1 download SIZE_MIB to a file and to /dev/null: ossxfer (default, -j 1/8/16,
#     signed, presigned, nginx URL) vs curl -o, aria2c -x8 -s8 -k1M, axel -n 8
#   2 upload SIZE_MIB: ossxfer multipart (-j 1/4/8) vs curl -T (presigned PUT)
#   3 SMALL_COUNT objects of 64 KiB, cp -r down and up (vs curl -Z)
#   4 resume: SIGINT / kill -9 at 50 %, then the same command again
#   5 scaling: synthetic objects of SCALING_SIZES MiB to /dev/null
#   6 CRC64 on vs off: the default download to a file and to /dev/null, and
#     the signed one to /dev/null (CRC_ROUNDS rounds: the 5 % in question is less than this machine's
#     run-to-run spread)
#   7 S3 (serve's S3 dialect, s3://): download SIZE_MIB to a file, ossxfer vs
#     `aws s3 cp` (awscli v1, s3transfer) and `rclone copy`, each at its
#     defaults and at S3_PARALLEL streams
#   8 S3: upload SIZE_MIB, the same tools and settings
#   9 S3: SMALL_COUNT objects of 64 KiB down and up (cp -r, aws s3 cp
#     --recursive, rclone copy), at each tool's defaults and S3_PARALLEL files
#
#   make bench                 everything, then bench/RESULTS.md + bench/results.png
#   bench/run.sh               the same (installs packages, builds ossxfer)
#   bench/run.sh --smoke       tiny sizes, one round, report in a temp dir (CI)
#   BENCH_ROWS=s3 bench/run.sh --bin build/release/ossxfer --out /tmp/s3
#                              the S3 workloads alone (7-9)
#   options: --bin PATH (an ossxfer binary: no package install, no build),
#            --out DIR (where RESULTS.md, results.png and results-raw.tsv go)
#   knobs:   SIZE_MIB (2048) ROUNDS (5) CRC_ROUNDS (3 x ROUNDS) SMALL_COUNT
#            (1000) SCALING_SIZES ("64 256 1024 4096 8192", MiB) BENCH_TMPDIR (/tmp)
#            BENCH_ROWS ("all"): the workloads to run, by number or name:
#              download (1) upload (2) small (3) resume (4) scaling (5) crc (6)
#              s3 (7 8 9), or s3-download (7) s3-upload (8) s3-small (9);
#              e.g. BENCH_ROWS=s3 or BENCH_ROWS="1 s3"
#            S3_PARALLEL (8): the matched parallelism of workloads 7-9
#              (ossxfer -j/--jobs, s3.max_concurrent_requests, rclone
#              --multi-thread-streams, --s3-upload-concurrency, --transfers)
set -euo pipefail
# URLs hold '&': bash 5.2 would put the matched text there in ${a//b/c}.
shopt -u patsub_replacement 2> /dev/null || true
cd "$(dirname "$0")/.."
source bench/lib.sh
# Debian's python3 for the helpers and the checks: a pyenv shim first in
# PATH costs a second a call here.
python=python3
if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; fi

smoke=0
bin=""
out=""
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) smoke=1 ;;
    --bin) bin=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "usage: bench/run.sh [--smoke] [--bin OSSXFER] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$smoke" -eq 1 ]; then
  SIZE_MIB=${SIZE_MIB:-8}
  ROUNDS=${ROUNDS:-1}
  CRC_ROUNDS=${CRC_ROUNDS:-1}
  SMALL_COUNT=${SMALL_COUNT:-20}
  SCALING_SIZES=${SCALING_SIZES:-"4 16"}
  # So that the interruption at 50 % lands before a tiny download is over.
  RESUME_FLAGS=${RESUME_FLAGS:-"--limit-rate 3MiB"}
else
  SIZE_MIB=${SIZE_MIB:-2048}
  ROUNDS=${ROUNDS:-5}
  CRC_ROUNDS=${CRC_ROUNDS:-$((3 * ROUNDS))}
  SMALL_COUNT=${SMALL_COUNT:-1000}
  SCALING_SIZES=${SCALING_SIZES:-"64 256 1024 4096 8192"}
  RESUME_FLAGS=${RESUME_FLAGS:-}
fi
S3_PARALLEL=${S3_PARALLEL:-8}
size_bytes=$((SIZE_MIB * 1024 * 1024))
small_bytes=65536

# BENCH_ROWS: the workloads that run (their rows alone are registered, run
# and reported).
declare -A selected=()
bench_rows=${BENCH_ROWS:-all}
for word in ${bench_rows//,/ }; do
  case $word in
    all) for n in 1 2 3 4 5 6 7 8 9; do selected[$n]=1; done ;;
    1 | download) selected[1]=1 ;;
    2 | upload) selected[2]=1 ;;
    3 | small) selected[3]=1 ;;
    4 | resume) selected[4]=1 ;;
    5 | scaling) selected[5]=1 ;;
    6 | crc) selected[6]=1 ;;
    7 | s3-download) selected[7]=1 ;;
    8 | s3-upload) selected[8]=1 ;;
    9 | s3-small) selected[9]=1 ;;
    s3) selected[7]=1 selected[8]=1 selected[9]=1 ;;
    *) echo "bench: BENCH_ROWS: no workload '$word' (1-9, download upload small resume scaling crc s3 s3-download s3-upload s3-small, all)" >&2; exit 2 ;;
  esac
done
is_selected() { [ -n "${selected[$1]:-}" ]; }
oss_rows=0   # any of workloads 1-6: the OSS data and nginx
s3_rows=0    # any of 7-9: awscli, rclone and the S3 data
for n in 1 2 3 4 5 6; do is_selected $n && oss_rows=1; done
for n in 7 8 9; do is_selected $n && s3_rows=1; done
workloads=$(printf '%s\n' "${!selected[@]}" | sort -n | tr '\n' ' ')

if [ -z "$bin" ]; then
  bench_prepare ossxfer_cli
  bin=build/release/ossxfer
fi
bin=$(realpath "$bin")
bench_require curl nginx gnuplot python3 /usr/bin/time
if is_selected 1; then bench_require aria2c axel; fi
if [ "$s3_rows" -eq 1 ]; then
  bench_require aws rclone
  # The aws program itself: a pyenv shim in front of it costs a second or
  # more per call here, which would count against awscli.
  aws_bin=$(command -v aws)
  case $aws_bin in */shims/*) aws_bin=$(pyenv which aws) ;; esac
fi
started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

bench_make_work
# A copy, so that a rebuild of the tree during the run changes nothing.
cp "$bin" "$work/ossxfer"
bin=$work/ossxfer
if [ -z "$out" ]; then
  if [ "$smoke" -eq 1 ]; then out=$work/report; else out=bench; fi
fi
mkdir -p "$out"
data=$work/data                          # rows.tsv, raw.tsv, meta.tsv: report.py's input
DL=$work/dl                              # download destinations, emptied after each run
SRC=$work/www/object.bin                 # the object's bytes; nginx serves $work/www
SMALL=$work/small                        # the small files
mkdir -p "$data" "$DL" "$work/www/small"
chmod 755 "$work/www" "$work/www/small"

say() { echo "bench: $*" >&2; }
fail() {
  say "FAILED: $*"
  [ -s "$work/stderr" ] && sed 's/^/  | /' "$work/stderr" >&2
  exit 1
}

# The servers. serve checks signatures (the bench's own key pair); the
# synthetic bucket (default "synthetic") serves generated objects whose key
# is their size, for workload 5.
export OSS_ACCESS_KEY_ID=bench-ak OSS_ACCESS_KEY_SECRET=bench-secret OSS_REGION=cn-hangzhou
bench_start_serve "$bin" --access-key-id "$OSS_ACCESS_KEY_ID" --access-key-secret "$OSS_ACCESS_KEY_SECRET"
export OSS_ENDPOINT=$endpoint
nginx_endpoint=""
if [ "$oss_rows" -eq 1 ]; then bench_start_nginx "$work/www"; fi
say "ossxfer serve at $endpoint${nginx_endpoint:+, nginx at $nginx_endpoint}; work dir $work; workloads $workloads"

# --- the data ---------------------------------------------------------------
say "generating $SIZE_MIB MiB and $SMALL_COUNT x 64 KiB of random bytes"
head -c "$size_bytes" /dev/urandom > "$SRC"
mkdir -p "$SMALL"
(cd "$SMALL" && head -c "$((SMALL_COUNT * small_bytes))" /dev/urandom | split -b "$small_bytes" -d -a 5 - f)
cp "$SMALL"/f* "$work/www/small/"
chmod 644 "$SRC" "$work/www/small"/f*
# What a download of the small files must give (workload 9 checks it).
small_digest=$(cd "$SMALL" && md5sum f* | tee "$work/small.md5" | md5sum)
stat_field() {  # stat_field URL FIELD: a field of ossxfer's stat --json
  "$bin" --json stat "$1" | "$python" -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}
"$bin" -q mb oss://bench
object_crc=""
if [ "$oss_rows" -eq 1 ]; then
  # The object goes into serve as one PUT, through a presigned URL.
  curl -sf -T "$SRC" "$("$bin" presign --method PUT oss://bench/object.bin --expires 3h)" > /dev/null
  "$bin" -q cp -r --jobs 8 "$SMALL/" oss://bench/small/ > /dev/null
  GET_URL=$("$bin" presign oss://bench/object.bin --expires 3h)
  NGINX_URL=$nginx_endpoint/object.bin
  object_crc=$(stat_field oss://bench/object.bin crc64)
fi

# The S3 workloads (7-9) talk to the same serve and bucket with AWS
# signatures: serve's S3 dialect. awscli, rclone and ossxfer's s3:// see
# only the bench's settings: every AWS_* and RCLONE_* variable of the
# caller is dropped (AWS_CA_BUNDLE, set on some machines for awscli, makes
# rclone 1.60 fail to build its HTTP client; the endpoint is plain http).
if [ "$s3_rows" -eq 1 ]; then
  while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(AWS|RCLONE)_' || true)
  mkdir -p "$work/aws"
  export AWS_ACCESS_KEY_ID=$OSS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$OSS_ACCESS_KEY_SECRET
  export AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=$endpoint
  export AWS_SHARED_CREDENTIALS_FILE=$work/aws/credentials  # none: the keys are in the environment
  # awscli's settings: path-style addressing; the matched file adds what
  # `aws configure set default.s3.max_concurrent_requests N` writes.
  AWS_CFG=$work/aws/config
  AWS_CFG_N=$work/aws/config-matched
  printf '[default]\ns3 =\n    addressing_style = path\n' > "$AWS_CFG"
  printf '[default]\ns3 =\n    addressing_style = path\n    max_concurrent_requests = %s\n' "$S3_PARALLEL" > "$AWS_CFG_N"
  export AWS_CONFIG_FILE=$AWS_CFG
  # rclone's remote "s3peer:", from the environment; an empty config file
  # of its own (none of the caller's).
  export RCLONE_CONFIG=$work/rclone.conf RCLONE_CONFIG_S3PEER_TYPE=s3 RCLONE_CONFIG_S3PEER_PROVIDER=Other
  export RCLONE_CONFIG_S3PEER_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID RCLONE_CONFIG_S3PEER_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
  export RCLONE_CONFIG_S3PEER_ENDPOINT=$endpoint RCLONE_CONFIG_S3PEER_REGION=us-east-1
  : > "$RCLONE_CONFIG"
  # The objects: uploaded by ossxfer (multipart, its CRC-64 in the metadata,
  # which its downloads verify), and once more by awscli (its multipart ETag,
  # the only check ossxfer has for an object another tool uploaded).
  "$bin" -q cp "$SRC" s3://bench/s3/object.bin > /dev/null
  "$bin" -q cp -r --jobs 8 "$SMALL/" s3://bench/s3/small/ > /dev/null
  "$aws_bin" s3 cp --no-progress --only-show-errors "$SRC" s3://bench/s3/object-aws.bin
  s3_crc=$(stat_field oss://bench/s3/object.bin crc64)
  [ -z "$object_crc" ] || [ "$s3_crc" = "$object_crc" ] || fail "s3://bench/s3/object.bin has CRC64 $s3_crc, oss://bench/object.bin $object_crc"
  [ "$(stat_field oss://bench/s3/object-aws.bin crc64)" = "$s3_crc" ] || fail "s3://bench/s3/object-aws.bin has another CRC64"
  object_crc=$s3_crc
fi

# curl -Z lists for workload 3: downloads from nginx, uploads by presigned
# PUT to a fixed prefix (every timed run replaces the same keys, as the
# ossxfer row does; a warm-up run creates them first).
if is_selected 3; then
{
  echo 'write-out = "%{http_code}\n"'
  for file in "$SMALL"/f*; do
    name=${file##*/}
    echo "url = \"$nginx_endpoint/small/$name\""
    echo "output = \"$DL/small/$name\""
  done
} > "$work/small-down.curl"
{
  echo 'write-out = "%{http_code}\n"'
  for file in "$SMALL"/f*; do
    name=${file##*/}
    echo "upload-file = \"$file\""
    echo "url = \"$("$bin" presign --method PUT "oss://bench/up-curl/$name" --expires 3h)\""
  done
} > "$work/small-up.curl"
fi
LIST_DOWN=$work/small-down.curl
LIST_UP=$work/small-up.curl

# --- rows -------------------------------------------------------------------
# add_row WORKLOAD ID BYTES CHECKS LABEL COMMAND. COMMAND is written with the
# variables of the report's legend ($GET_URL, $DL, ...) and `ossxfer` for the
# binary; CHECKS are what a run must satisfy:
#   json     ossxfer's --json line(s) say done          crc   ... and CRC64 verified
#   file     $DL/object.bin has BYTES bytes             sink  curl's byte count is BYTES
#   upload   oss://bench/$KEY has BYTES bytes (then deleted)
#   small    SMALL_COUNT files of 64 KiB in $DL/small   codes every curl -Z transfer got 200
#   same     $DL/object.bin has $SRC's bytes (cmp)      etag  ... and the ETag verified
#   tree     $DL/small has $SMALL's bytes (MD5s)
#   prefix   oss://bench/$KEY/ holds SMALL_COUNT objects, each with the MD5 ETag of
#            its file in $SMALL (then deleted)
declare -A row_workload row_bytes row_checks row_label row_command
declare -a w1_rows=() w2_rows=() w3_rows=() w4_rows=() w5_rows=() w6_rows=() w7_rows=() w8_rows=() w9_rows=()
add_row() {
  local workload=$1 id=$2
  is_selected "$workload" || return 0
  row_workload[$id]=$1
  row_bytes[$id]=$3
  row_checks[$id]=$4
  row_label[$id]=$5
  row_command[$id]=$6
  eval "w${workload}_rows+=(\"\$id\")"
  printf '%s\t%s\t%s\t%s\t%s\n' "$workload" "$id" "$3" "$5" "$6" >> "$data/rows.tsv"
}
: > "$data/rows.tsv"
B=$size_bytes
# Workload 1. ossxfer's default is -j 4 with 8 MiB parts and a checkpoint,
# CRC64 on.
add_row 1 dl_default "$B" "json crc file" 'ossxfer default (-j 4), presigned URL (serve)' 'ossxfer -q --json cp $GET_URL $DL/object.bin'
add_row 1 dl_j1 "$B" "json crc file" 'ossxfer -j 1, presigned URL' 'ossxfer -q --json cp -j 1 $GET_URL $DL/object.bin'
add_row 1 dl_j8 "$B" "json crc file" 'ossxfer -j 8, presigned URL' 'ossxfer -q --json cp -j 8 $GET_URL $DL/object.bin'
add_row 1 dl_j16 "$B" "json crc file" 'ossxfer -j 16, presigned URL' 'ossxfer -q --json cp -j 16 $GET_URL $DL/object.bin'
add_row 1 dl_signed "$B" "json crc file" 'ossxfer default, signed (oss://)' 'ossxfer -q --json cp oss://bench/object.bin $DL/object.bin'
add_row 1 dl_nginx "$B" "json file" 'ossxfer default, nginx URL (no CRC64 sent)' 'ossxfer -q --json cp $NGINX_URL $DL/object.bin'
add_row 1 curl_nginx "$B" "file" 'curl -o, nginx' 'curl -sf -o $DL/object.bin $NGINX_URL'
add_row 1 curl_serve "$B" "file" 'curl -o, presigned URL (serve)' 'curl -sf -o $DL/object.bin $GET_URL'
add_row 1 aria2c "$B" "file" 'aria2c -x8 -s8 -k1M, nginx' 'aria2c -q -x8 -s8 -k1M --file-allocation=falloc --allow-overwrite=true --auto-file-renaming=false -d $DL -o object.bin $NGINX_URL'
add_row 1 axel "$B" "file" 'axel -n 8, nginx' 'axel -q -n 8 -o $DL/object.bin $NGINX_URL'
add_row 1 null_default "$B" "json crc" 'ossxfer default (-j 4), presigned URL -> /dev/null' 'ossxfer -q --json cp $GET_URL /dev/null'
add_row 1 null_j16 "$B" "json crc" 'ossxfer -j 16, presigned URL -> /dev/null' 'ossxfer -q --json cp -j 16 $GET_URL /dev/null'
add_row 1 null_signed "$B" "json crc" 'ossxfer default, signed -> /dev/null' 'ossxfer -q --json cp oss://bench/object.bin /dev/null'
add_row 1 null_curl_nginx "$B" "sink" 'curl -o /dev/null, nginx' 'curl -sf -o /dev/null -w %{size_download} $NGINX_URL'
add_row 1 null_curl_serve "$B" "sink" 'curl -o /dev/null, presigned URL (serve)' 'curl -sf -o /dev/null -w %{size_download} $GET_URL'
# Workload 2: ossxfer's upload default is -j 8 with 8 MiB parts.
add_row 2 up_default "$B" "json crc upload" 'ossxfer default (-j 8), signed' 'ossxfer -q --json cp $SRC oss://bench/$KEY'
add_row 2 up_j1 "$B" "json crc upload" 'ossxfer -j 1, signed' 'ossxfer -q --json cp -j 1 $SRC oss://bench/$KEY'
add_row 2 up_j4 "$B" "json crc upload" 'ossxfer -j 4, signed' 'ossxfer -q --json cp -j 4 $SRC oss://bench/$KEY'
add_row 2 curl_put "$B" "upload" 'curl -T, presigned PUT URL' 'curl -sf -T $SRC $PUT_URL'
# Workload 3.
SB=$((SMALL_COUNT * small_bytes))
add_row 3 small_down "$SB" "json crc small" 'ossxfer cp -r down (--jobs 4)' 'ossxfer -q --json cp -r oss://bench/small/ $DL/small/'
add_row 3 small_up "$SB" "json crc" 'ossxfer cp -r up (--jobs 4)' 'ossxfer -q --json cp -r $SMALL/ oss://bench/up-ossxfer/'
add_row 3 curl_small_down "$SB" "codes small" 'curl -Z --parallel-max 4 down, nginx' 'curl -sf -Z --parallel-max 4 --create-dirs -K $LIST_DOWN'
add_row 3 curl_small_up "$SB" "codes" 'curl -Z --parallel-max 4 up, presigned PUT' 'curl -sf -Z --parallel-max 4 -K $LIST_UP'
# Workload 4: the uninterrupted reference, then the two interruptions (run
# by resume_run below; their command is the first, interrupted, then run
# again as is).
resume_command="ossxfer -q --json cp ${RESUME_FLAGS:+$RESUME_FLAGS }\$GET_URL \$DL/object.bin"
add_row 4 resume_none "$B" "json crc file" 'uninterrupted' "$resume_command"
add_row 4 resume_int "$B" "json crc file" 'SIGINT at 50 %, then resumed' "$resume_command  # SIGINT at 50 %, then the same command"
add_row 4 resume_kill "$B" "json crc file" 'kill -9 at 50 %, then resumed' "$resume_command  # kill -9 at 50 %, then the same command"
# Workload 6: workload 1's default download with CRC64 on and off (and the
# signed request's, to /dev/null).
add_row 6 crc_on_file "$B" "json crc file" 'CRC64 on, to a file' 'ossxfer -q --json cp $GET_URL $DL/object.bin'
add_row 6 crc_off_file "$B" "json file" 'CRC64 off, to a file' 'ossxfer -q --json cp --no-verify $GET_URL $DL/object.bin'
add_row 6 crc_on_null "$B" "json crc" 'CRC64 on, to /dev/null' 'ossxfer -q --json cp $GET_URL /dev/null'
add_row 6 crc_off_null "$B" "json" 'CRC64 off, to /dev/null' 'ossxfer -q --json cp --no-verify $GET_URL /dev/null'
add_row 6 crc_on_null_signed "$B" "json crc" 'CRC64 on, signed, to /dev/null' 'ossxfer -q --json cp oss://bench/object.bin /dev/null'
add_row 6 crc_off_null_signed "$B" "json" 'CRC64 off, signed, to /dev/null' 'ossxfer -q --json cp --no-verify oss://bench/object.bin /dev/null'
# Workload 5: synthetic objects (generated by serve, nothing on disk).
for mib in $SCALING_SIZES; do
  bytes=$((mib * 1024 * 1024))
  add_row 5 "scale_default_$mib" "$bytes" "json crc" "$mib MiB, default (-j 4)" "ossxfer -q --json cp oss://synthetic/$bytes /dev/null"
  add_row 5 "scale_j16_$mib" "$bytes" "json crc" "$mib MiB, -j 16" "ossxfer -q --json cp -j 16 oss://synthetic/$bytes /dev/null"
done
# Workloads 7-9: S3, each tool at its defaults and at S3_PARALLEL ("N"
# below). ossxfer: -j 4 down, 8 up, --jobs 4 files; awscli (s3transfer):
# 10 requests at once, 8 MiB parts; rclone: 4 streams down (above 250 MiB),
# 4 parts of 5 MiB up, 4 files. A matched ossxfer row the same as its
# default is not run twice (the report takes the default for it). rclone's
# single-file upload is `rclone copyto` (`rclone copy` to a named key).
# ossxfer's S3 uploads do not say "crc64_verified" (S3 keeps no CRC-64 to
# compare with; ossxfer checks Content-MD5 per part and the multipart ETag):
# the upload check's CRC-64, computed by serve, is the check of every tool.
N=$S3_PARALLEL
add_row 7 s3_dl_default "$B" "json crc file" 'ossxfer default (-j 4)' 'ossxfer -q --json cp s3://bench/s3/object.bin $DL/object.bin'
[ "$N" -eq 4 ] || add_row 7 s3_dl_matched "$B" "json crc file" "ossxfer -j $N" "ossxfer -q --json cp -j $N s3://bench/s3/object.bin \$DL/object.bin"
add_row 7 s3_dl_etag "$B" "json etag file" "ossxfer default, awscli's object (ETag check)" 'ossxfer -q --json cp s3://bench/s3/object-aws.bin $DL/object.bin'
add_row 7 s3_aws_dl "$B" "file same" 'aws s3 cp default (10 requests)' 'AWS_CONFIG_FILE=$AWS_CFG aws s3 cp --no-progress --only-show-errors s3://bench/s3/object.bin $DL/object.bin'
add_row 7 s3_aws_dl_matched "$B" "file same" "aws s3 cp, $N requests" 'AWS_CONFIG_FILE=$AWS_CFG_N aws s3 cp --no-progress --only-show-errors s3://bench/s3/object.bin $DL/object.bin'
add_row 7 s3_rclone_dl "$B" "file same" 'rclone copy default (4 streams)' 'rclone copy s3peer:bench/s3/object.bin $DL'
add_row 7 s3_rclone_dl_matched "$B" "file same" "rclone copy --multi-thread-streams $N" "rclone copy --multi-thread-streams $N s3peer:bench/s3/object.bin \$DL"
add_row 8 s3_up_default "$B" "json upload" 'ossxfer default (-j 8)' 'ossxfer -q --json cp $SRC s3://bench/$KEY'
[ "$N" -eq 8 ] || add_row 8 s3_up_matched "$B" "json upload" "ossxfer -j $N" "ossxfer -q --json cp -j $N \$SRC s3://bench/\$KEY"
add_row 8 s3_aws_up "$B" "upload" 'aws s3 cp default (10 requests)' 'AWS_CONFIG_FILE=$AWS_CFG aws s3 cp --no-progress --only-show-errors $SRC s3://bench/$KEY'
add_row 8 s3_aws_up_matched "$B" "upload" "aws s3 cp, $N requests" 'AWS_CONFIG_FILE=$AWS_CFG_N aws s3 cp --no-progress --only-show-errors $SRC s3://bench/$KEY'
add_row 8 s3_rclone_up "$B" "upload" 'rclone copyto default (4 parts at once)' 'rclone copyto $SRC s3peer:bench/$KEY'
add_row 8 s3_rclone_up_matched "$B" "upload" "rclone copyto --s3-upload-concurrency $N" "rclone copyto --s3-upload-concurrency $N \$SRC s3peer:bench/\$KEY"
# Workload 9: downloads into an empty $DL/small; uploads to a new prefix
# $KEY/ each run (deleted after it), so that no tool finds the files there
# already (rclone would skip them).
add_row 9 s3_small_down "$SB" "json crc small tree" 'ossxfer cp -r down (--jobs 4)' 'ossxfer -q --json cp -r s3://bench/s3/small/ $DL/small/'
[ "$N" -eq 4 ] || add_row 9 s3_small_down_matched "$SB" "json crc small tree" "ossxfer cp -r down --jobs $N" "ossxfer -q --json cp -r --jobs $N s3://bench/s3/small/ \$DL/small/"
add_row 9 s3_aws_small_down "$SB" "small tree" 'aws s3 cp --recursive down (10 requests)' 'AWS_CONFIG_FILE=$AWS_CFG aws s3 cp --recursive --only-show-errors s3://bench/s3/small/ $DL/small/'
add_row 9 s3_aws_small_down_matched "$SB" "small tree" "aws s3 cp --recursive down, $N requests" 'AWS_CONFIG_FILE=$AWS_CFG_N aws s3 cp --recursive --only-show-errors s3://bench/s3/small/ $DL/small/'
add_row 9 s3_rclone_small_down "$SB" "small tree" 'rclone copy down (--transfers 4)' 'rclone copy s3peer:bench/s3/small $DL/small'
add_row 9 s3_rclone_small_down_matched "$SB" "small tree" "rclone copy down --transfers $N" "rclone copy --transfers $N s3peer:bench/s3/small \$DL/small"
add_row 9 s3_small_up "$SB" "json prefix" 'ossxfer cp -r up (--jobs 4)' 'ossxfer -q --json cp -r $SMALL/ s3://bench/$KEY/'
[ "$N" -eq 4 ] || add_row 9 s3_small_up_matched "$SB" "json prefix" "ossxfer cp -r up --jobs $N" "ossxfer -q --json cp -r --jobs $N \$SMALL/ s3://bench/\$KEY/"
add_row 9 s3_aws_small_up "$SB" "prefix" 'aws s3 cp --recursive up (10 requests)' 'AWS_CONFIG_FILE=$AWS_CFG aws s3 cp --recursive --only-show-errors $SMALL/ s3://bench/$KEY/'
add_row 9 s3_aws_small_up_matched "$SB" "prefix" "aws s3 cp --recursive up, $N requests" 'AWS_CONFIG_FILE=$AWS_CFG_N aws s3 cp --recursive --only-show-errors $SMALL/ s3://bench/$KEY/'
add_row 9 s3_rclone_small_up "$SB" "prefix" 'rclone copy up (--transfers 4)' 'rclone copy $SMALL s3peer:bench/$KEY'
add_row 9 s3_rclone_small_up_matched "$SB" "prefix" "rclone copy up --transfers $N" "rclone copy --transfers $N \$SMALL s3peer:bench/\$KEY"

# --- running and checking one run -------------------------------------------
# expand COMMAND: the legend's variables replaced by their values (longest
# names first), `ossxfer` by the binary and `aws` by awscli's program;
# leading NAME=VALUE words go to env(1).
expand() {
  local text=$1 name assignments=""
  for name in GET_URL NGINX_URL PUT_URL LIST_DOWN LIST_UP AWS_CFG_N AWS_CFG SMALL KEY SRC DL; do
    text=${text//\$$name/${!name:-}}
  done
  text=${text%%  # *}
  while [[ $text =~ ^([A-Z_0-9]+=[^ ]*)\ (.*)$ ]]; do
    assignments+="${BASH_REMATCH[1]} "
    text=${BASH_REMATCH[2]}
  done
  if [[ $text == ossxfer\ * ]]; then text=$bin${text#ossxfer}; fi
  if [[ $text == aws\ * ]]; then text=$aws_bin${text#aws}; fi
  echo "${assignments:+env $assignments}$text"
}

# check ID: the checks of the row on the run just done ($work/stdout).
check() {
  local id=$1 bytes=${row_bytes[$1]} token got
  for token in ${row_checks[$id]}; do
    case $token in
      json)
        grep -q '"type":"transfer"' "$work/stdout" || fail "$id: no transfer result"
        if grep -v '"state":"done"' "$work/stdout" | grep -q '"type":"transfer"'; then fail "$id: a transfer not done"; fi
        if grep -q '"type":"summary"' "$work/stdout"; then
          grep -q "\"done\":$SMALL_COUNT,\"failed\":0" "$work/stdout" || fail "$id: $(grep summary "$work/stdout")"
        fi ;;
      crc)
        if grep '"type":"transfer"' "$work/stdout" | grep -vq '"crc64_verified":true'; then fail "$id: CRC64 not verified"; fi ;;
      file)
        got=$(stat -c %s "$DL/object.bin" 2> /dev/null || echo missing)
        [ "$got" = "$bytes" ] || fail "$id: $DL/object.bin has $got bytes, expected $bytes" ;;
      sink)
        got=$(cat "$work/stdout")
        [ "$got" = "$bytes" ] || fail "$id: curl got $got bytes, expected $bytes" ;;
      upload)
        local crc
        read -r got crc < <("$bin" --json stat "oss://bench/$KEY" | "$python" -c 'import json,sys; o=json.load(sys.stdin); print(o["size"], o["crc64"])') ||
          fail "$id: no object oss://bench/$KEY"
        [ "$got" = "$bytes" ] || fail "$id: oss://bench/$KEY has $got bytes, expected $bytes"
        [ "$crc" = "$object_crc" ] || fail "$id: oss://bench/$KEY has another CRC64 ($crc, expected $object_crc)" ;;
      small)
        got=$(find "$DL/small" -type f -size "${small_bytes}c" | wc -l)
        [ "$got" = "$SMALL_COUNT" ] || fail "$id: $got files of 64 KiB in $DL/small, expected $SMALL_COUNT" ;;
      same)
        cmp -s "$DL/object.bin" "$SRC" || fail "$id: $DL/object.bin differs from $SRC" ;;
      etag)
        if grep '"type":"transfer"' "$work/stdout" | grep -vq '"etag_verified":true'; then fail "$id: ETag not verified"; fi ;;
      tree)
        [ "$(cd "$DL/small" && md5sum f* | md5sum)" = "$small_digest" ] || fail "$id: the files in $DL/small differ from $SMALL's" ;;
      prefix)
        "$bin" --json ls -r "oss://bench/$KEY/" > "$work/listing" || fail "$id: ls oss://bench/$KEY/"
        "$python" - "$work/listing" "$work/small.md5" "$KEY/" "$SMALL_COUNT" "$small_bytes" <<'PY' || fail "$id: oss://bench/$KEY/ is not the files of $SMALL"
import json, sys
listing, sums, prefix, count, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
want = {name: md5 for md5, name in (line.split() for line in open(sums))}
got = {}
for line in open(listing):
    item = json.loads(line)
    if item.get("type") == "object":
        assert item["size"] == size, f"{item['key']}: {item['size']} bytes"
        got[item["key"][len(prefix):]] = item["etag"].strip('"').lower()
if got != want or len(got) != count:
    sys.exit(f"{len(got)} objects; differing: {sorted(k for k in want if got.get(k) != want[k])[:5]}")
PY
        ;;
      codes)
        got=$(grep -c '^200$' "$work/stdout" || true)
        [ "$got" = "$SMALL_COUNT" ] || fail "$id: $got of $SMALL_COUNT transfers answered 200" ;;
    esac
  done
}

# clean_after ID: what a run leaves is removed, and written data synced,
# before the next run starts.
clean_after() {
  case ${row_checks[$1]} in
    *upload*) "$bin" -q rm "oss://bench/$KEY" ;;
    # (its summary line goes to stderr even with -q)
    *prefix*) "$bin" -q rm -r "oss://bench/$KEY/" 2> "$work/stderr" || fail "$1: rm -r oss://bench/$KEY/" ;;
  esac
  rm -rf "${DL:?}"/* "${DL:?}"/.[!.]* 2> /dev/null || true
  sync
}

# record WORKLOAD ID ROUND SECONDS TIMEFILE [EXTRA]: appends the run's line
# to raw.tsv: wall SECONDS (measured around time(1) with EPOCHREALTIME, as
# %e has only 10 ms), and time(1)'s user, sys and peak RSS.
record() {
  local user sys peak_kib
  read -r _ user sys peak_kib < <(tail -1 "$5")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$user" "$sys" "$peak_kib" \
    "${row_bytes[$2]}" "${6:-}" >> "$data/raw.tsv"
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", b - a}'; }
: > "$data/raw.tsv"

# run_row ID ROUND [timed]: one run of the row, checked; timed runs are recorded.
run_row() {
  local id=$1 round=$2 argv rc t0 t1
  KEY=up-$id-$round
  PUT_URL=""
  [ "$id" = curl_put ] && PUT_URL=$("$bin" presign --method PUT "oss://bench/$KEY" --expires 1h)
  read -ra argv <<< "$(expand "${row_command[$id]}")"
  rc=0
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${argv[@]}" > "$work/stdout" 2> "$work/stderr" || rc=$?
  t1=$EPOCHREALTIME
  [ "$rc" -eq 0 ] || fail "$id (round $round): exit code $rc: ${row_command[$id]}"
  check "$id"
  if [ "${3:-}" = timed ]; then record "${row_workload[$id]}" "$id" "$round" "$(elapsed "$t0" "$t1")" "$work/time"; fi
  clean_after "$id"
}

# run_rounds N ROW...: N rounds, rows interleaved, each round starting one
# row later than the one before.
run_rounds() {
  local rounds=$1 round position
  shift
  local rows=("$@") count=$#
  for round in $(seq "$rounds"); do
    for position in $(seq 0 $((count - 1))); do
      run_row "${rows[$(((position + round) % count))]}" "$round" timed
    done
    say "  round $round/$rounds done"
  done
}

# --- workload 4: interrupt at 50 %, resume -----------------------------------
# served: the bytes of response bodies serve has sent so far (its admin
# endpoint; loopback only, unsigned).
served() { curl -sf "$endpoint/_ossxfer/stats" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["bytes_served"])'; }

# interrupt_at PID BYTES SIGNAL: sends SIGNAL to PID once it has written
# BYTES (/proc/PID/io wchar: its pwrite()s into the temp file, plus the
# checkpoint's few KiB); prints that count; fails if PID ends first.
interrupt_at() {
  "$python" - "$@" <<'PY'
import os, signal, sys, time
pid, threshold, sig = int(sys.argv[1]), int(sys.argv[2]), getattr(signal, sys.argv[3])
while True:
    try:
        with open(f"/proc/{pid}/io") as io:
            written = int(next(l for l in io if l.startswith("wchar:")).split()[1])
    except (FileNotFoundError, ProcessLookupError, StopIteration):
        sys.exit("the download ended before the interruption")
    if written >= threshold:
        os.kill(pid, sig)
        print(written)
        sys.exit(0)
    time.sleep(0.002)
PY
}

resume_run() {  # ID ROUND SIGNAL
  local id=$1 round=$2 signal=$3 argv timer child rc written_at before served_total t0 t1 tries
  read -ra argv <<< "$(expand "${row_command[$id]}")"
  before=$(served)
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%e %U %S %M' -o "$work/time-first" "${argv[@]}" > "$work/stdout-first" 2> "$work/stderr" &
  timer=$!
  child=""
  for tries in $(seq 1000); do
    child=$(pgrep -P "$timer" || true)
    [ -n "$child" ] && break
    sleep 0.001
  done
  [ -n "$child" ] || fail "$id: no ossxfer process under time(1)"
  written_at=$(interrupt_at "$child" $((size_bytes / 2)) "$signal") || fail "$id: interruption"
  rc=0
  wait "$timer" || rc=$?
  t1=$EPOCHREALTIME
  case $signal in
    SIGINT) [ "$rc" -eq 130 ] || fail "$id: exit code $rc after SIGINT, expected 130" ;;
    SIGKILL) [ "$rc" -eq 137 ] || fail "$id: exit code $rc after kill -9, expected 137" ;;
  esac
  rc=0
  local t2=$EPOCHREALTIME t3
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${argv[@]}" > "$work/stdout" 2> "$work/stderr" || rc=$?
  t3=$EPOCHREALTIME
  [ "$rc" -eq 0 ] || fail "$id (round $round): the resumed run: exit code $rc"
  check "$id"
  served_total=$(($(served) - before))
  local first user1 sys1 rss1 reused transferred
  read -r _ user1 sys1 rss1 < <(tail -1 "$work/time-first")
  first=$(elapsed "$t0" "$t1")
  read -r reused transferred < <("$python" -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print(r["bytes_reused"], r["bytes_transferred"])' "$work/stdout")
  record 4 "$id" "$round" "$(elapsed "$t2" "$t3")" "$work/time" \
    "first_seconds=$first first_cpu=$(awk -v u="$user1" -v s="$sys1" 'BEGIN {print u + s}') first_rss_kib=$rss1 written_at_signal=$written_at served_total=$served_total bytes_reused=$reused bytes_transferred=$transferred"
  clean_after "$id"
}

# --- the suite ----------------------------------------------------------------
say "warm-up (untimed): page cache and connections"
# serve writes the bodies it is sent past the page cache (O_DIRECT): one
# read of each large object the download rows fetch puts it there, so that
# no row's first round reads it from the disk while the others do not.
[ "$oss_rows" -eq 0 ] || "$bin" -q cp --no-checkpoint oss://bench/object.bin /dev/null
if [ "$s3_rows" -eq 1 ]; then
  for key in object.bin object-aws.bin; do
    "$bin" -q cp --no-checkpoint "s3://bench/s3/$key" /dev/null
  done
fi
if is_selected 1; then
  run_row null_curl_nginx 0
  run_row null_curl_serve 0
fi
for id in "${w3_rows[@]}"; do run_row "$id" 0; done
# One small-file run of each S3 tool: their programs and libraries into the
# page cache (not in a smoke run, where no figure counts).
if is_selected 9 && [ "$smoke" -eq 0 ]; then
  for id in s3_small_down s3_aws_small_down s3_rclone_small_down; do run_row "$id" 0; done
fi

if is_selected 1; then
  say "workload 1: download $SIZE_MIB MiB, ${#w1_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w1_rows[@]}"
fi
if is_selected 6; then
  say "workload 6: CRC64 on and off, ${#w6_rows[@]} rows x $CRC_ROUNDS rounds"
  run_rounds "$CRC_ROUNDS" "${w6_rows[@]}"
fi
if is_selected 2; then
  say "workload 2: upload $SIZE_MIB MiB, ${#w2_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w2_rows[@]}"
fi
if is_selected 3; then
  say "workload 3: $SMALL_COUNT x 64 KiB, ${#w3_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w3_rows[@]}"
fi
if is_selected 7; then
  say "workload 7: S3 download $SIZE_MIB MiB, ${#w7_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w7_rows[@]}"
fi
if is_selected 8; then
  say "workload 8: S3 upload $SIZE_MIB MiB, ${#w8_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w8_rows[@]}"
fi
if is_selected 9; then
  say "workload 9: S3 $SMALL_COUNT x 64 KiB down and up, ${#w9_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w9_rows[@]}"
fi
if is_selected 4; then
say "workload 4: resume after SIGINT / kill -9 at 50 %, $ROUNDS rounds"
for round in $(seq "$ROUNDS"); do
  # The three rows rotate like the others.
  for position in 0 1 2; do
    case $(((position + round) % 3)) in
      0) run_row resume_none "$round" timed ;;
      1) resume_run resume_int "$round" SIGINT ;;
      2) resume_run resume_kill "$round" SIGKILL ;;
    esac
  done
  say "  round $round/$ROUNDS done"
done
fi
if is_selected 5; then
  say "workload 5: scaling over $SCALING_SIZES MiB, ${#w5_rows[@]} rows x $ROUNDS rounds"
  run_rounds "$ROUNDS" "${w5_rows[@]}"
fi

# --- the report ---------------------------------------------------------------
finished=$(date +%s)
version() { "$@" 2>&1 | head -1; }
{
  printf 'machine\t%s\n' "$(bench_machine)"
  printf 'filesystem\t%s\n' "$(df -T "$work" | awk 'NR == 2 {print $2 " on " $1}')"
  printf 'ossxfer\t%s\n' "$(version "$bin" --version)"
  printf 'source\t%s\n' "$(git describe --always --dirty 2> /dev/null || echo unknown)"
  printf 'curl\t%s\n' "$(curl --version | head -1 | cut -d' ' -f1-2)"
  if is_selected 1; then
    printf 'aria2c\t%s\n' "$(version aria2c --version)"
    printf 'axel\t%s\n' "$(version axel --version)"
  fi
  printf 'nginx\t%s\n' "$(version "$(command -v nginx || echo /usr/sbin/nginx)" -v | sed 's/^nginx version: //')"
  if [ "$s3_rows" -eq 1 ]; then
    printf 'awscli\t%s\n' "$(version "$aws_bin" --version | cut -d' ' -f1,2,4)"
    printf 'rclone\t%s\n' "$(version rclone version)"
    printf 's3_parallel\t%s\n' "$S3_PARALLEL"
  fi
  printf 'workloads\t%s\n' "$workloads"
  printf 'gnuplot\t%s\n' "$(version gnuplot --version)"
  printf 'size_mib\t%s\n' "$SIZE_MIB"
  printf 'rounds\t%s\n' "$ROUNDS"
  printf 'crc_rounds\t%s\n' "$CRC_ROUNDS"
  printf 'small_count\t%s\n' "$SMALL_COUNT"
  printf 'scaling_sizes\t%s\n' "$SCALING_SIZES"
  printf 'resume_flags\t%s\n' "$RESUME_FLAGS"
  printf 'smoke\t%s\n' "$smoke"
  printf 'started\t%s\n' "$(date -u -d "@$started" '+%Y-%m-%d %H:%M UTC')"
  printf 'duration_seconds\t%s\n' "$((finished - started))"
  printf 'load_start\t%s\n' "$load_start"
  printf 'load_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'object_crc64\t%s\n' "$object_crc"
  printf 'serve_port\t%s\n' "${endpoint##*:}"
  printf 'nginx_port\t%s\n' "${nginx_endpoint##*:}"
} > "$data/meta.tsv"
"$python" bench/report.py "$data" "$out"
say "report: $out/RESULTS.md, chart: $out/results.png ($((finished - started)) s)"
if [ "$smoke" -eq 1 ]; then cat "$out/RESULTS.md"; fi
