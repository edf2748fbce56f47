# The two commands of the README's Quick start, and their parts.
#   make demo   builds everything and runs the demo
#   make test   builds everything and runs every test (release, then the
#               unit tests again under AddressSanitizer + UBSan)
.PHONY: all deps build demo test test-release test-sanitize format format-check clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake --preset release
	cmake --build --preset release

demo: build
	scripts/demo.sh

test: deps format-check test-release test-sanitize

test-release: deps
	cmake --preset release
	cmake --build --preset release
	ctest --preset release

test-sanitize: deps
	cmake --preset sanitize
	cmake --build --preset sanitize
	ctest --preset sanitize

format:
	scripts/format.sh

format-check: deps
	scripts/format.sh --check

clean:
	rm -rf build
