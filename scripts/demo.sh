#!/usr/bin/env bash
# The demo: until the local server lands, show that the tool is built.
set -euo pipefail
cd "$(dirname "$0")/.."
build/release/ossxfer --version
