#!/usr/bin/env bash
# The floor the disk sets under a tree of small downloads: how long COUNT
# files of 64 KiB take to create, write and fsync from THREADS threads
# (no network, no ossxfer: a dozen lines of C), against the same without
# the fsync. Every file ossxfer downloads is fsynced before its rename
# (README: the small-file path), so no cp -r of COUNT files can beat the
# fsynced row; curl -Z, which fsyncs nothing, is bounded by the other.
# Three ways of placing the file are timed, as each was an idea for the
# small-file path: straight at its name, a temp file in a work directory
# renamed into the destination (what ossxfer does), and an O_TMPFILE in
# the destination linked in with linkat. Medians of ROUNDS, in a directory
# on BENCH_TMPDIR's file system.
#
#   bench/fsync_floor.sh
#   knobs: ROUNDS (5) COUNT (1000) THREADS ("1 4 16")
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ROUNDS=${ROUNDS:-5}
COUNT=${COUNT:-1000}
THREADS=${THREADS:-"1 4 16"}
bench_require cc
bench_make_work
cat > "$work/floor.c" << 'C'
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
static char data[65536];
static const char *root;
static int way, per_thread, sync_each;
static void must(int ok, const char *what) { if (!ok) { perror(what); exit(1); } }
static void *run(void *arg) {
  long thread = (long)arg;
  char name[512], temp[512], link[64];
  for (int i = 0; i < per_thread; ++i) {
    int n = (int)thread * per_thread + i, fd;
    snprintf(name, sizeof name, "%s/dest/f%06d", root, n);
    if (way == 0) {  /* straight at its name */
      must((fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644)) >= 0, "open");
    } else if (way == 1) {  /* temp in a work directory, renamed */
      snprintf(temp, sizeof temp, "%s/work/.t%06d", root, n);
      must((fd = open(temp, O_CREAT | O_EXCL | O_WRONLY, 0644)) >= 0, "open");
    } else {  /* O_TMPFILE in the destination, linked */
      snprintf(temp, sizeof temp, "%s/dest", root);
      must((fd = open(temp, O_TMPFILE | O_WRONLY, 0644)) >= 0, "O_TMPFILE");
    }
    must(write(fd, data, sizeof data) == (ssize_t)sizeof data, "write");
    if (sync_each) must(fsync(fd) == 0, "fsync");
    if (way == 1) must(rename(temp, name) == 0, "rename");
    if (way == 2) {
      snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
      must(linkat(AT_FDCWD, link, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0, "linkat");
    }
    close(fd);
  }
  return 0;
}
int main(int argc, char **argv) {
  if (argc != 6) return 2;
  root = argv[1], way = atoi(argv[2]), sync_each = atoi(argv[3]);
  int threads = atoi(argv[5]);
  per_thread = atoi(argv[4]) / threads;
  pthread_t ids[64];
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long t = 0; t < threads; ++t) pthread_create(&ids[t], 0, run, (void *)t);
  for (int t = 0; t < threads; ++t) pthread_join(ids[t], 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.4f\n", (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
  return 0;
}
C
cc -O2 -pthread -o "$work/floor" "$work/floor.c"
ways=("at its name" "temp + rename" "O_TMPFILE + linkat")
printf 'threads\tway\tfsync\tmedian s\tfiles/s\n'
for threads in $THREADS; do
  for way in 0 1 2; do
    for sync_each in 1 0; do
      runs=()
      for _ in $(seq "$ROUNDS"); do
        rm -rf "$work/t" && mkdir -p "$work/t/work" "$work/t/dest" && sync
        runs+=("$("$work/floor" "$work/t" "$way" "$sync_each" "$COUNT" "$threads")")
      done
      median=$(printf '%s\n' "${runs[@]}" | sort -n | awk '{r[NR] = $1} END {print r[int((NR + 1) / 2)]}')
      printf '%s\t%s\t%s\t%s\t%.0f\n' "$threads" "${ways[$way]}" \
        "$([ "$sync_each" = 1 ] && echo yes || echo no)" "$median" \
        "$(awk -v n="$COUNT" -v s="$median" 'BEGIN {print n / s}')"
    done
  done
done
