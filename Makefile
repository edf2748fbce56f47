# The two commands of the README's Quick start, and their parts.
#   make demo   builds everything and runs the demo
#   make test   builds everything and runs every test (release, then the
#               unit tests again under AddressSanitizer + UBSan, built with
#               clang-14, and each fuzz target for 5 s)
#   make bench  the benchmark suite: bench/RESULTS.md and bench/results.png
#   make torture  randomized crash trials: tests/torture/RESULTS.md
#   make fuzz   every fuzz target for FUZZ_SECONDS each (README: Fuzzing)
.PHONY: all deps bench-deps build demo test test-release test-sanitize fuzz bench bench-trees bench-connections bench-smoke torture format format-check clean

all: build

deps:
	@scripts/install-deps.sh

# The bench's peers and tools (nginx, aria2, axel, gnuplot, time): the
# release tests smoke-run the bench, so `make test` needs them too.
bench-deps: deps
	@scripts/install-bench-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release

demo: build
	scripts/demo.sh

test: deps format-check test-release test-sanitize

test-release: deps bench-deps
	cmake --preset release
	cmake --build --preset release
	ctest --preset release

test-sanitize: deps
	cmake --preset sanitize
	cmake --build --preset sanitize
	ctest --preset sanitize

# The libFuzzer targets of fuzz/, built in the sanitize preset, each run for
# FUZZ_SECONDS; FUZZ_TARGETS picks some ("oss_xml serve_auth"). New inputs
# go to build/sanitize/fuzz-work, never to the committed corpora.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	cmake --preset sanitize
	cmake --build --preset sanitize --target fuzzers
	scripts/fuzz.sh --build-dir build/sanitize --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Installs its packages, builds ossxfer, measures (about 20 minutes), writes
# bench/RESULTS.md and bench/results.png; then the trees (issue 16, about
# 22 minutes, half of it making presigned URLs for curl): bench/TREES.md;
# then the connection caps (3 minutes): bench/CONNECTIONS.md.
# BENCH_ROWS picks workloads of the first (`BENCH_ROWS=s3 make bench`: the
# S3 rows alone; bench/run.sh's header).
bench: bench-deps
	bench/run.sh
	bench/trees.sh
	bench/connections.sh

bench-trees: bench-deps
	bench/trees.sh

# What --max-connections costs and saves (about 3 minutes):
# bench/CONNECTIONS.md.
bench-connections: bench-deps
	bench/connections.sh

# Tiny sizes, one round, the report in a temp dir (also a ctest: bench_smoke).
bench-smoke: bench-deps
	bench/run.sh --smoke

# Randomized crash trials (tests/torture/torture.py): TRIALS downloads and
# TRIALS uploads with random sizes, faults and kill -9, each run again until
# it succeeds; the summary table goes to tests/torture/RESULTS.md. The same
# SEED repeats the same trials; a failure prints the command that reruns it.
TRIALS ?= 200
SEED ?= 1
JOBS ?= 2
torture: build
	python3 tests/torture/torture.py --bin build/release/ossxfer --trials $(TRIALS) \
	  --seed $(SEED) --jobs $(JOBS) --report tests/torture/RESULTS.md

format:
	scripts/format.sh

format-check: deps
	scripts/format.sh --check

clean:
	rm -rf build
