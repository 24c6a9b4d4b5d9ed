#!/usr/bin/env bash
# Fails when a C++ file of ours does not match .clang-format (clang-format
# --dry-run -Werror); prints the files. Fix with:
#   git ls-files '*.h' '*.cpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format > /dev/null; then
  echo "check_format: clang-format is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
bad=()
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" > /dev/null 2>&1 || bad+=("$f")
done < <(git ls-files '*.h' '*.cpp')
if [ ${#bad[@]} -gt 0 ]; then
  printf 'check_format: %d file(s) do not match .clang-format:\n' "${#bad[@]}"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "check_format: $(git ls-files '*.h' '*.cpp' | wc -l) files match .clang-format"
