#!/usr/bin/env bash
# Runs the libFuzzer targets of a build (OSSXFER_FUZZ=ON: the sanitize
# preset) and reports, per target, the seconds run, the executions and any
# crash file. Exits non-zero on any finding: a crash, a leak, undefined
# behaviour, a timeout, a broken invariant.
#
#   scripts/fuzz.sh [--build-dir DIR] [--seconds N] [--fresh] [NAME...]
#       fuzz each target for N seconds (default 60). The committed corpus
#       fuzz/corpus/NAME is read but never written: new inputs go to
#       WORK/NAME/corpus, which later runs resume from (--fresh empties it
#       first, as the ctests do). WORK is DIR/fuzz-work, or --work-dir.
#   scripts/fuzz.sh [--build-dir DIR] --replay [NAME...]
#       run each target once over its committed corpus and over the inputs
#       of past findings, fuzz/regressions/NAME/.
#
# Without names, every target built in DIR/fuzz. Each run is appended to
# WORK/runs.tsv (date, target, mode, seconds, executions, result).
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="$source_dir/build/sanitize"
seconds=60
mode=fuzz
fresh=0
work_root=
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --replay) mode=replay; shift ;;
    --fresh) fresh=1; shift ;;
    --work-dir) work_root="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for binary in "$build_dir"/fuzz/*_fuzzer; do
    [ -x "$binary" ] || continue
    name="$(basename "$binary")"
    names+=("${name%_fuzzer}")
  done
fi
if [ ${#names[@]} -eq 0 ]; then
  echo "fuzz.sh: no fuzz targets in $build_dir/fuzz (build with OSSXFER_FUZZ=ON:" \
    "cmake --preset sanitize && cmake --build --preset sanitize --target fuzzers)" >&2
  exit 2
fi

# Stop at the first report of every kind, with a stack that names our code.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

work_root="${work_root:-$build_dir/fuzz-work}"
mkdir -p "$work_root"
failed=()
printf '%-22s %8s %12s  %s\n' target seconds executions result
for name in "${names[@]}"; do
  binary="$build_dir/fuzz/${name}_fuzzer"
  if [ ! -x "$binary" ]; then
    echo "fuzz.sh: no target $binary" >&2
    failed+=("$name")
    continue
  fi
  work="$work_root/$name"
  mkdir -p "$work/artifacts"
  log="$work/$mode.log"
  options=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$work/artifacts/")
  if [ -f "$source_dir/fuzz/$name.dict" ]; then
    options+=(-dict="$source_dir/fuzz/$name.dict")
  fi
  inputs=()
  if [ "$mode" = replay ]; then
    # Files, not directories: libFuzzer then runs each once and stops.
    for dir in "$source_dir/fuzz/corpus/$name" "$source_dir/fuzz/regressions/$name"; do
      [ -d "$dir" ] || continue
      while IFS= read -r -d '' file; do inputs+=("$file"); done \
        < <(find "$dir" -type f -print0 | sort -z)
    done
    if [ ${#inputs[@]} -eq 0 ]; then
      printf '%-22s %8s %12s  %s\n' "$name" 0 0 "no inputs to replay"
      continue
    fi
  else
    if [ "$fresh" = 1 ]; then rm -rf "$work/corpus"; fi
    mkdir -p "$work/corpus"
    # The first directory receives new inputs; the committed one is only read.
    inputs=("$work/corpus")
    if [ -d "$source_dir/fuzz/corpus/$name" ]; then
      inputs+=("$source_dir/fuzz/corpus/$name")
    fi
    options+=(-max_total_time="$seconds")
  fi
  start=$(date +%s.%N)
  status=0
  "$binary" "${options[@]}" "${inputs[@]}" > "$log" 2>&1 || status=$?
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ -z "$executions" ]; then
    # Replays of single files print no final stats.
    executions=$(grep -c '^Executed ' "$log" || true)
  fi
  result=ok
  if [ "$status" -ne 0 ]; then
    crash=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -1)
    result="FAILED (exit $status) ${crash:-}; log: $log"
    failed+=("$name")
  fi
  printf '%-22s %8s %12s  %s\n' "$name" "$elapsed" "${executions:-0}" "$result"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$mode" \
    "$elapsed" "${executions:-0}" "$( [ "$status" -eq 0 ] && echo ok || echo failed)" \
    >> "$work_root/runs.tsv"
  if [ "$status" -ne 0 ]; then
    # The report itself: the sanitizer's or the invariant's message.
    grep -m 20 -E 'ERROR|runtime error|invariant broken|SUMMARY|Test unit written|leak' "$log" | sed 's/^/  /' || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in ${failed[*]}: each becomes a regression test (README: Fuzzing)" >&2
  exit 1
fi
