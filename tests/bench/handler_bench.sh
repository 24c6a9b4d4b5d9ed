#!/usr/bin/env bash
# Handler benchmark (issues 5 and 14): 1M rows, a handler editing 0.1%, 1% and
# 10% of them, row-wise and after a JOIN, each against the same workflow
# without the handler over the corrected input (outputs compared byte for
# byte); peak RSS. Writes the "Handlers (1M rows)" section of RESULTS.md.
#   POPPER=build/cli/popper  ROWS=1000000  THREADS=2  REPEAT=3  LABEL="..."  WRITE=tests/bench/RESULTS.md (empty: print only)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
POPPER=${POPPER:-$repo/build/cli/popper}
args=(--popper "$POPPER" --rows "${ROWS:-1000000}" --threads "${THREADS:-2}" --repeat "${REPEAT:-3}")
[ -n "${LABEL:-}" ] && args+=(--label "$LABEL")
WRITE=${WRITE-$here/RESULTS.md}
[ -n "$WRITE" ] && args+=(--write "$WRITE")
exec python3 "$here/handler_bench.py" "${args[@]}"
