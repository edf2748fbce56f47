#!/usr/bin/env bash
# The README shows examples/quickstart.cc; this fails when the two differ,
# so the README never shows code that does not compile.
set -euo pipefail
cd "$(dirname "$0")/.."
shown=$(awk '/<!-- example:quickstart -->/{getline; inside=1; next} inside && /^```$/{exit} inside' README.md)
if [ "$shown" != "$(cat examples/quickstart.cc)" ]; then
  echo "README.md's example differs from examples/quickstart.cc:" >&2
  diff <(echo "$shown") examples/quickstart.cc >&2 || true
  exit 1
fi
echo "README example matches examples/quickstart.cc"
