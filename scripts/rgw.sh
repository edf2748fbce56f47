#!/usr/bin/env bash
# A one-node Ceph cluster with an S3 gateway, for the S3 peer tests
# (../shared/s3-protocol.md §6.3): one ceph-mon, one ceph-osd on memstore
# (in memory: a stop loses every object), radosgw with the beast frontend,
# all on 127.0.0.1, from Debian 12's packages (scripts/install-deps.sh).
#
#   scripts/rgw.sh start DIR   start the cluster in DIR (created; must not
#                              exist or be empty), create the S3 user, write
#                              DIR/env and print it
#   scripts/rgw.sh env DIR     print DIR/env again
#   scripts/rgw.sh stop DIR    end the daemons started in DIR, remove DIR
#                              (nothing to do when DIR is absent)
#
# DIR/env, one assignment a line (sourceable by sh, easy to parse):
#   S3_PEER=rgw
#   S3_ENDPOINT=http://127.0.0.1:PORT     path-style addressing only
#   AWS_ACCESS_KEY_ID=...  AWS_SECRET_ACCESS_KEY=...  AWS_DEFAULT_REGION=us-east-1
#   (any region passes RGW's SigV4 check; CreateBucket must not send a
#   LocationConstraint other than "default")
#
# Ports: the monitor's port is picked by the OS (bind to port 0, closed
# before ceph-mon binds it; a lost race is seen in the mon's log and retried
# with a new port); radosgw binds port 0 itself and the port is read back
# from the socket it listens on; the OSD binds the first free ports of
# Ceph's range 6800-7300 itself. Readiness is polled (mon quorum, OSD up,
# an HTTP answer from radosgw) with a deadline, and a failure names the log.
#
# Files: everything is in DIR (conf, monmap, mon store, logs, pids, admin
# sockets, the OSD's and radosgw's data dirs, crash dir). Outside DIR,
# nothing is written by this script; see tests/compat/s3_peers/README.md
# for what was checked.
set -euo pipefail

peer_name=rgw.sh
# shellcheck source=scripts/peer-lib.sh
. "$(dirname "$0")/peer-lib.sh"

# Fixed test credentials of the loopback-only cluster (not secrets).
access_key=OSSXFERRGWTESTKEY001
secret_key=ossxfer-rgw-test-secret-0000000000000001

usage() {
  echo "usage: $0 start|env|stop DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
command=$1
peer_set_dir "$2"

ceph_cli() {
  ceph -c "$peer_dir/ceph.conf" --connect-timeout 10 "$@"
}

write_conf() {
  local port=$1 fsid=$2 d=$peer_dir
  cat >"$d/ceph.conf" <<EOF
[global]
fsid = $fsid
mon_host = [v1:127.0.0.1:$port]
mon_initial_members = a
public_addr = 127.0.0.1
ms_bind_msgr2 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
keyring = /dev/null
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
osd_objectstore = memstore
memstore_device_bytes = 3221225472
# The OSD's own crush update at start races its first monmap: it may send
# its command with a zero fsid, get "wrong fsid" and exit (2 of the first 3
# starts here). start() puts osd.0 in the crush map instead.
osd_crush_update_on_start = false
osd_class_update_on_start = false
# A one-mon cluster has no one to batch proposals for: propose at once
# (every pool radosgw creates, the OSD's boot, each command, waits for one).
paxos_propose_interval = 0.05
client_mount_timeout = 30
run_dir = $d/run
log_file = $d/log/\$name.log
admin_socket = $d/run/\$name.asok
pid_file = $d/run/\$name.pid
mon_data = $d/mon-\$id
osd_data = $d/osd-\$id
crash_dir = $d/crash
mon_cluster_log_file = $d/log/\$cluster.\$channel.log
[client.admin]
# The ceph and radosgw-admin commands: no admin socket (two at once would
# collide on its name), no log file.
admin_socket =
log_file =
[client.rgw]
rgw_frontends = beast endpoint=127.0.0.1:0
rgw_dns_name = 127.0.0.1
rgw_data = $d/rgw
EOF
}

# Asked of the mon's admin socket: no network client, no hunting for a mon.
mon_in_quorum() {
  ceph --admin-daemon "$peer_dir/run/mon.a.asok" mon_status 2>/dev/null |
    "$peer_python" -c 'import json, sys; sys.exit(json.load(sys.stdin)["state"] != "leader")'
}

osd_up() {
  ceph_cli osd stat -f json | "$peer_python" -c \
    'import json, sys; sys.exit(json.load(sys.stdin)["num_up_osds"] != 1)'
}

start_mon() {
  local fsid=$1 port log="$peer_dir/log/mon.a.log"
  for _ in 1 2 3 4 5; do
    port=$(peer_pick_port)
    write_conf "$port" "$fsid"
    rm -rf "$peer_dir/mon-a" "$peer_dir/monmap"
    monmaptool --create --addv a "[v1:127.0.0.1:$port]" --fsid "$fsid" \
      "$peer_dir/monmap" >>"$peer_dir/log/setup.log" 2>&1 ||
      peer_fail "monmaptool failed" "$peer_dir/log/setup.log"
    ceph-mon -c "$peer_dir/ceph.conf" --mkfs -i a --monmap "$peer_dir/monmap" \
      >>"$peer_dir/log/setup.log" 2>&1 ||
      peer_fail "ceph-mon --mkfs failed" "$peer_dir/log/setup.log"
    : >"$log"
    peer_start ceph-mon "$peer_dir/log/ceph-mon.out" \
      ceph-mon -f -c "$peer_dir/ceph.conf" -i a
    # Quorum, or the mon's exit: a lost race for the port is retried.
    local deadline=$((SECONDS + 60))
    while true; do
      if mon_in_quorum; then
        return 0
      fi
      if ! peer_alive ceph-mon; then
        if grep -q 'Address already in use' "$log" "$peer_dir/log/ceph-mon.out"; then
          echo "$peer_name: port $port was taken before ceph-mon bound it; another" >&2
          rm -f "$peer_dir/pids/ceph-mon"
          sed -i '/^ceph-mon$/d' "$peer_dir/pids/order"
          continue 2
        fi
        peer_fail "ceph-mon exited before forming a quorum" "$log"
      fi
      if [ "$SECONDS" -ge "$deadline" ]; then
        peer_fail "no mon quorum within 60 s" "$log"
      fi
      sleep 0.2
    done
  done
  peer_fail "5 ports in a row were taken before ceph-mon bound them" "$log"
}

# Progress on stderr (stdout is the env), with the seconds since start.
step() {
  echo "$peer_name: $1 (${SECONDS} s)" >&2
}

start() {
  SECONDS=0
  local program
  for program in radosgw ceph-mon ceph-osd ceph monmaptool radosgw-admin ss curl; do
    command -v "$program" >/dev/null ||
      peer_die "$program is missing: run scripts/install-deps.sh (Debian's radosgw, ceph-mon, ceph-osd, ceph-common, iproute2, curl)"
  done
  peer_require_empty_dir cluster
  mkdir -p "$peer_dir"/{run,log,crash,rgw,osd-0}  # osd-0 must exist before mkfs
  local fsid osd_uuid osd_id
  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)

  start_mon "$fsid"
  step "mon quorum"

  osd_id=$(ceph_cli osd create "$osd_uuid" 2>>"$peer_dir/log/setup.log") ||
    peer_fail "ceph osd create failed" "$peer_dir/log/setup.log"
  [ "$osd_id" = 0 ] || peer_fail "ceph osd create gave id '$osd_id', not 0" "$peer_dir/log/setup.log"
  ceph_cli osd crush add osd.0 1.0 host=localhost root=default >>"$peer_dir/log/setup.log" 2>&1 ||
    peer_fail "ceph osd crush add failed" "$peer_dir/log/setup.log"
  ceph-osd -c "$peer_dir/ceph.conf" -i 0 --mkfs --osd-uuid "$osd_uuid" \
    >>"$peer_dir/log/setup.log" 2>&1 ||
    peer_fail "ceph-osd --mkfs failed" "$peer_dir/log/setup.log"
  peer_start ceph-osd "$peer_dir/log/ceph-osd.out" ceph-osd -f -c "$peer_dir/ceph.conf" -i 0
  peer_poll 90 "OSD up" "$peer_dir/log/osd.0.log" ceph-osd osd_up
  step "OSD up"

  peer_start radosgw "$peer_dir/log/radosgw.out" \
    radosgw -f -c "$peer_dir/ceph.conf" -n client.rgw
  peer_poll 120 "HTTP answer from radosgw" "$peer_dir/log/client.rgw.log" radosgw peer_answers radosgw /
  local port
  port=$(peer_listen_port radosgw)
  step "radosgw answers on 127.0.0.1:$port"

  radosgw-admin -c "$peer_dir/ceph.conf" user create --uid=ossxfer-test \
    --display-name=ossxfer-test --access-key="$access_key" --secret-key="$secret_key" \
    >>"$peer_dir/log/setup.log" 2>&1 ||
    peer_fail "radosgw-admin user create failed" "$peer_dir/log/setup.log"
  step "S3 user created"

  peer_write_env S3_PEER=rgw "S3_ENDPOINT=http://127.0.0.1:$port" \
    "AWS_ACCESS_KEY_ID=$access_key" "AWS_SECRET_ACCESS_KEY=$secret_key" \
    AWS_DEFAULT_REGION=us-east-1
  cat "$peer_dir/env"
}

case "$command" in
  start) start ;;
  env) peer_env ;;
  stop) peer_stop ;;
  *) usage ;;
esac
