#!/usr/bin/env bash
# clang-format over every C++ file of the project. --check reports files
# that are not formatted and fails; without it, files are fixed in place.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard \
  '*.h' '*.cc' '*.cpp' | grep -v '^build/' || true)
if [ ${#files[@]} -eq 0 ]; then
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror --style=file "${files[@]}"
  echo "format-check: ${#files[@]} files clean"
else
  clang-format -i --style=file "${files[@]}"
fi
