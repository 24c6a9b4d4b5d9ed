#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy: bugprone and performance checks) over our C++
# sources with the compile commands of build/ and fails on any finding.
# Left out: compiler/parse, which includes ANTLR 4.9's runtime headers that
# clang 14 cannot compile (misc/InterpreterDataReader.h; GCC builds them), and
# the tests (tests/support's plan builders copy small values by design).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
files=$(git ls-files '*.cpp' | grep -E '^(common|compiler|runtime|store|studio|cli)/' | grep -v '^compiler/parse/')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# run-clang-tidy takes regular expressions; one alternation of the paths.
regex=$(printf '%s\n' $files | sed 's/[.]/[.]/g' | paste -sd '|')
run-clang-tidy -p "$build" -j "$(nproc)" -quiet "$regex" > "$log" 2>&1 || true
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' | sort -u || true)
if [ -n "$findings" ]; then
  echo "$findings"
  echo "check_tidy: $(echo "$findings" | wc -l) finding(s)"
  exit 1
fi
echo "check_tidy: $(echo "$files" | wc -l) files clean"
