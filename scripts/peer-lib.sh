# shellcheck shell=bash
# peer_name is set by the script that sources this file, peer_dir by
# peer_set_dir.
# shellcheck disable=SC2154
# Helpers shared by scripts/rgw.sh, scripts/moto.sh and scripts/serve-s3.sh,
# the S3 peer servers that the tests start (sourced, not run). Every daemon
# runs in the foreground of its own session (setsid), with stdin from
# /dev/null and its output in a file of the peer's directory: it never holds
# the pipe of the shell or the ctest that started it. Its pid goes to DIR/pids/NAME, and
# its environment carries OSSXFER_PEER_DIR=DIR: stop ends only the recorded
# pids whose environment still says so (a recycled pid of another process is
# never signalled; moto_server's command line names no directory, hence the
# environment rather than the command line).

# Debian's python3 for the small helpers: a pyenv shim first in PATH costs
# 1.6 s a call here.
if [ -x /usr/bin/python3 ]; then
  peer_python=/usr/bin/python3
else
  peer_python=python3
fi

peer_die() {
  echo "$peer_name: $*" >&2
  exit 1
}

# Prints a TCP port on 127.0.0.1 that was free a moment ago: the OS picks
# it (bind to port 0), and the socket is closed before the caller binds it.
# The gap is small but real, so every caller retries on "address in use".
peer_pick_port() {
  "$peer_python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# peer_start NAME LOG COMMAND...: starts COMMAND as a daemon, records its pid.
peer_start() {
  local name=$1 log=$2
  shift 2
  mkdir -p "$peer_dir/pids"
  OSSXFER_PEER_DIR="$peer_dir" setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$peer_dir/pids/$name"
  echo "$name" >>"$peer_dir/pids/order"
}

peer_pid() {
  cat "$peer_dir/pids/$1" 2>/dev/null || true
}

# peer_listen_port NAME: the 127.0.0.1 port the process recorded as NAME
# listens on, read from its socket (ss prints the owner).
peer_listen_port() {
  local pid
  pid=$(peer_pid "$1")
  ss -ltnpH 2>/dev/null | grep -F "pid=$pid," |
    awk '{print $4}' | sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -n 1
}

# peer_answers NAME PATH: NAME listens and answers GET PATH with a success.
peer_answers() {
  local port
  port=$(peer_listen_port "$1")
  [ -n "$port" ] && curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port$2"
}

# True while the process recorded as NAME runs and is ours.
peer_alive() {
  local pid
  pid=$(peer_pid "$1")
  [ -n "$pid" ] && tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" |
    grep -qxF -- "OSSXFER_PEER_DIR=$peer_dir"
}

# peer_poll SECONDS WHAT LOG NAME COMMAND...: runs COMMAND (quietly) every
# 0.2 s until it succeeds. Fails, naming LOG, when the daemon NAME has
# exited or SECONDS have passed. This is a poll for a condition with a
# deadline, not a sleep that hopes the daemon is ready.
peer_poll() {
  local seconds=$1 what=$2 log=$3 name=$4
  shift 4
  local deadline=$((SECONDS + seconds))
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [ -n "$name" ] && ! peer_alive "$name"; then
      peer_fail "$name exited before $what" "$log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      peer_fail "no $what within $seconds s" "$log"
    fi
    sleep 0.2
  done
}

# Ends every daemon of DIR, then says what went wrong, with the end of LOG.
peer_fail() {
  local message=$1 log=$2
  {
    echo "$peer_name: $message; see $log (its last lines follow)"
    tail -n 30 "$log" 2>/dev/null | sed 's/^/    /'
  } >&2
  peer_stop_all
  exit 1
}

# SIGTERM to every recorded daemon of DIR, in the reverse order of start;
# SIGKILL to one that is still there after 20 s.
peer_stop_all() {
  [ -d "$peer_dir/pids" ] || return 0
  local name pid deadline
  for name in $(tac "$peer_dir/pids/order" 2>/dev/null); do
    if peer_alive "$name"; then
      pid=$(peer_pid "$name")
      kill -TERM "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 20))
      while peer_alive "$name" && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.1
      done
      if peer_alive "$name"; then
        echo "$peer_name: $name (pid $pid) ignored SIGTERM for 20 s; SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$peer_dir/pids/$name"
  done
  rm -f "$peer_dir/pids/order"
}

# Writes DIR/env, the file the tests read: shell assignments, one a line,
# no quoting needed (values have no spaces).
peer_write_env() {
  local file="$peer_dir/env"
  printf '%s\n' "$@" >"$file.tmp"
  mv "$file.tmp" "$file"
}

# peer_set_dir DIR: the peer's directory, made absolute (the daemons and
# stop compare it with what they recorded).
peer_set_dir() {
  case "$1" in
    /*) peer_dir=$1 ;;
    *) peer_dir="$PWD/$1" ;;
  esac
}

# Refuses to start over a directory that holds something: a running peer,
# or what one left (WHAT names it in the message).
peer_require_empty_dir() {
  local what=$1
  if [ -e "$peer_dir" ] && [ -n "$(ls -A "$peer_dir")" ]; then
    peer_die "$peer_dir exists and is not empty (a running $what? run: $0 stop $peer_dir)"
  fi
}

# The env and stop commands, alike for every peer: print DIR/env, or end
# the daemons of DIR and remove it.
peer_env() {
  [ -f "$peer_dir/env" ] || peer_die "no $peer_dir/env: start it first ($0 start $peer_dir ...)"
  cat "$peer_dir/env"
}

peer_stop() {
  [ -d "$peer_dir" ] || return 0
  peer_stop_all
  rm -rf "$peer_dir"
}
