#!/usr/bin/env bash
# JIT benchmark (issue 6): an expression-heavy workflow (five computed
# columns, a compound WHERE with string predicates, a GROUP BY over the
# results) over ROWS rows, run
#   - with the JIT (cold: an empty object cache; warm: the cache filled by the cold run),
#   - with --no-jit (the interpreter),
#   - as a hand-written C++ loop (tests/bench/jit_hand_loop.cpp),
# and the expression evaluation alone (in-memory batches, the same
# expressions: interpreter vs JIT vs a hand loop; tests/unit/jit/jit_speed_test.cpp).
# Data goes to a temporary folder under /tmp and is removed afterwards.
# Usage: tests/bench/jit_bench.sh BUILD_DIR [ROWS]     (default 10000000 rows)
set -euo pipefail
build=${1:?build dir}
rows=${2:-10000000}
here=$(cd "$(dirname "$0")" && pwd)
popper="$build/cli/popper"
work=$(mktemp -d /tmp/popper-jit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$rows" 'BEGIN {
  srand(7); split("north south east west", seg, " "); split("ok|slow traffic|jam ahead|clear|roadworks", note, "|");
  print "id,seg,speed,lanes,note";
  for (i = 0; i < n; i++) printf "%d,%s,%.2f,%d,%s\n", i, seg[int(rand()*4)+1], rand()*130, int(rand()*5)+1, note[int(rand()*5)+1];
}' > "$work/data.csv"
g++ -O2 -std=c++20 -o "$work/jit_hand_loop" "$here/jit_hand_loop.cpp"
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
# Prints wall and CPU seconds of one command, and its jit: line.
run() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/$label.time" "$@" 2> "$work/$label.err"
  end=$(date +%s.%N)
  printf '%-10s wall %6.2f s  cpu %6.2f s  %s\n' "$label" "$(echo "$end - $start" | bc)" \
    "$(awk '{ print $1 + $2 }' "$work/$label.time")" "$(grep '^jit:' "$work/$label.err" || true)"
}
export POPPER_JIT_CACHE="$work/cache"
for round in 1 2; do
  rm -rf "$work/cache"
  run jit-cold "$popper" run "$work/wf.scope" --stats --out-dir "$work/jit"
  run jit-warm "$popper" run "$work/wf.scope" --stats --out-dir "$work/jit"
  run no-jit "$popper" run "$work/wf.scope" --no-jit --stats --out-dir "$work/nojit"
  run hand "$work/jit_hand_loop" "$work/data.csv" "$work/hand.csv"
done
cmp "$work/jit/out.csv" "$work/nojit/out.csv" && echo "jit and --no-jit outputs identical"
if cmp -s "$work/jit/out.csv" "$work/hand.csv"; then echo "hand loop output identical"; else
  echo "hand loop output differs:"; diff "$work/jit/out.csv" "$work/hand.csv" || true; fi
echo "expression evaluation alone (in-memory batches of 2048 rows, one thread):"
POPPER_JIT_BENCH_ROWS=$rows "$build/tests/test_jit" -tc='jit benchmark*' -s 2>&1 | grep -o '[0-9]* rows, .*'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
