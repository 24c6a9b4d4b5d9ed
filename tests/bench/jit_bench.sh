#!/usr/bin/env bash
# JIT benchmark (issue 6): an expression-heavy workflow (computed columns, a
# compound WHERE with string predicates, GROUP BY over the results) run with
# the JIT (compiling from the first batch) and with --no-jit; reports wall
# time and the JIT's compile time from --stats. Usage:
#   tests/bench/jit_bench.sh BUILD_DIR [ROWS]     (default 2000000 rows)
set -euo pipefail
build=${1:?build dir}
rows=${2:-2000000}
popper="$build/cli/popper"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n="$rows" 'BEGIN {
  srand(7); split("north south east west", seg, " "); split("ok|slow traffic|jam ahead|clear|roadworks", note, "|");
  print "id,seg,speed,lanes,note";
  for (i = 0; i < n; i++) printf "%d,%s,%.2f,%d,%s\n", i, seg[int(rand()*4)+1], rand()*130, int(rand()*5)+1, note[int(rand()*5)+1];
}' > "$work/data.csv"
cat > "$work/wf.scope" <<'SCOPE'
rows = EXTRACT id:int, seg:string, speed:float, lanes:int, note:string FROM "data.csv" USING Csv(header: true);
calc = SELECT seg, speed * 1.609 AS kmh, (lanes * 2 + id % 7) * 3 - lanes AS score,
              IF(speed > 100.0, 1, 0) AS fast, round(speed / to_float(lanes) * 10.0) / 10.0 AS per_lane,
              abs(id % 1000 - 500) * lanes AS spread
       FROM rows
       WHERE speed > 10.0 AND lanes >= 2 AND id % 3 != 1 AND (contains(note, "traffic") OR starts_with(note, "c"));
agg = SELECT seg, COUNT(*) AS n, SUM(score) AS s, AVG(kmh) AS k, SUM(fast) AS f, MAX(per_lane) AS p, SUM(spread) AS sp
      FROM calc GROUP BY seg;
OUTPUT agg TO "out.csv" USING Csv() ORDER BY seg;
SCOPE
run() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" 2> "$work/$label.err"
  end=$(date +%s.%N)
  printf '%-8s %6.2f s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$(grep '^jit:' "$work/$label.err" || true)"
}
for round in 1 2; do
  run jit env POPPER_JIT_MIN_ROWS=0 "$popper" run "$work/wf.scope" --stats --out-dir "$work/jit"
  run no-jit "$popper" run "$work/wf.scope" --no-jit --stats --out-dir "$work/nojit"
done
cmp "$work/jit/out.csv" "$work/nojit/out.csv" && echo "outputs identical"
