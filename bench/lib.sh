# Shared by the bench/ scripts (source it after `cd` to the repository root):
# set-up, the two servers (`ossxfer serve` and nginx) on 127.0.0.1, clean-up.

# bench_prepare TARGET...: the benchmark's Debian packages, then a release
# build of the given CMake targets.
bench_prepare() {
  scripts/install-bench-deps.sh
  cmake --preset release > /dev/null
  cmake --build --preset release --target "$@" > /dev/null
}

# bench_require COMMAND...: fails naming every missing command.
bench_require() {
  local missing=() command
  for command in "$@"; do
    command -v "$command" > /dev/null 2>&1 || [ -x "/usr/sbin/$command" ] || missing+=("$command")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: missing ${missing[*]}: run scripts/install-bench-deps.sh" >&2
    return 1
  fi
}

# bench_make_work: sets $work (a temp dir, removed on exit, readable by the
# unprivileged user nginx's workers run as). Processes to stop on exit go
# in the array bench_pids.
bench_pids=()
bench_make_work() {
  work=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/ossxfer-bench-XXXXXX")
  chmod 755 "$work"
  trap bench_cleanup EXIT
}

# bench_start_serve BINARY [FLAGS...]: `BINARY serve --root $work/root
# FLAGS...` (e.g. --anonymous, or --access-key-id/--access-key-secret);
# sets $endpoint. Its first line is the address: reading it waits exactly
# until it listens.
bench_start_serve() {
  local binary=$1
  shift
  exec 3< <(exec "$binary" serve --root "$work/root" "$@")
  bench_pids+=($!)
  read -r endpoint <&3
  [ -n "$endpoint" ] || { echo "bench: ossxfer serve did not start" >&2; return 1; }
}

# bench_ab_start SCRIPT ROUNDS OSSXFER...: what every A/B script starts
# with. Sets $rounds, copies the binaries into $work (array bins, in the
# order given; array names holds their file names, for the report), runs
# serve with the first and exports the credentials and
# OSS_ENDPOINT the binaries use.
bench_ab_start() {
  local script=$1
  shift
  [ $# -ge 2 ] || { echo "usage: bench/$script ROUNDS OSSXFER..." >&2; exit 2; }
  rounds=$1
  shift
  bench_make_work
  bins=()
  names=()
  local b
  for b in "$@"; do
    cp "$b" "$work/bin${#bins[@]}"
    bins+=("$work/bin${#bins[@]}")
    names+=("$(basename "$b")")
  done
  export OSS_ACCESS_KEY_ID=bench-ak OSS_ACCESS_KEY_SECRET=bench-secret OSS_REGION=cn-hangzhou
  bench_start_serve "${bins[0]}" --access-key-id "$OSS_ACCESS_KEY_ID" --access-key-secret "$OSS_ACCESS_KEY_SECRET"
  export OSS_ENDPOINT=$endpoint
}

# bench_start_nginx ROOT: Debian's nginx serving ROOT statically (sendfile,
# one worker per core) on a port the OS picked; sets $nginx_endpoint.
bench_start_nginx() {
  local root=$1 nginx attempt port
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$work/nginx"
  for attempt in 1 2 3 4 5; do
    # The OS picks a free port; nginx binds it right after (a race with
    # another process is retried).
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $root;
  }
}
CONF
    "$nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
    local pid=$! tries
    # Ready when it answers at all; an exit (the port was taken) tries another.
    for tries in $(seq 200); do
      kill -0 "$pid" 2> /dev/null || break
      if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" != 000 ]; then
        bench_pids+=("$pid")
        nginx_endpoint="http://127.0.0.1:$port"
        return 0
      fi
      sleep 0.05
    done
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  echo "bench: nginx did not start:" >&2
  cat "$work/nginx/error.log" >&2
  return 1
}

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$work"
}

bench_machine() {
  local model
  model=$(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1)
  echo "$(nproc) cores${model:+ ($model)}, $(free -m | awk '/Mem:/ {printf "%.1f", $2 / 1024}') GiB memory, Linux $(uname -r)"
}

# bench_parse_bin_out SCRIPT ARGS...: a script's --bin OSSXFER and --out DIR
# into $bin (empty: build one, see bench_settle_bin) and $out (default
# bench/).
bench_parse_bin_out() {
  local script=$1
  shift
  bin=""
  out=bench
  while [ $# -gt 0 ]; do
    case $1 in
      --bin) bin=$2; shift ;;
      --out) out=$2; shift ;;
      *) echo "usage: bench/$script [--bin OSSXFER] [--out DIR]" >&2; exit 2 ;;
    esac
    shift
  done
}

# bench_settle_bin: $bin as an absolute path, a release build of ossxfer
# when none was given.
bench_settle_bin() {
  if [ -z "$bin" ]; then
    bench_prepare ossxfer_cli
    bin=build/release/ossxfer
  fi
  bin=$(realpath "$bin")
}

# bench_take_bin_out: after bench_make_work, runs use a copy of $bin in
# $work (a rebuild during the run cannot change it); $out exists and is
# absolute.
bench_take_bin_out() {
  cp "$bin" "$work/ossxfer"
  bin=$work/ossxfer
  mkdir -p "$out"
  out=$(realpath "$out")
}
