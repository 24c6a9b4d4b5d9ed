#!/usr/bin/env bash
# Runtime benchmark (issue 3): times the same jobs, in one run, with Popper and
# with the tools it should be compared to, checks that every tool produced the
# same answer, and writes the results into the runtime section of RESULTS.md.
#
# Jobs (tests/bench/{filter,group,join}.scope and their equivalents):
#   filter  SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 50 AND lanes >= 2
#   group   SELECT seg, COUNT(*) AS n, AVG(speed) AS mean_speed FROM trips GROUP BY seg ORDER BY seg
#   join    SELECT trips.id, segs.name, trips.speed FROM trips JOIN segs ON trips.seg == segs.seg
# Tools: popper (skipped with a note until `popper run` exists), the hand-written
# C++ loop (filter only), mawk, sqlite3 (.import then query), pandas
# (Debian's python3-pandas) and DuckDB (npm @duckdb/node-api, installed under
# $WORK, never in the repository).
#
# Environment: SIZES="2000000 10000000"  JOBS="filter group join"  REPEAT=3 (best of)  TIMEOUT=900 (s per run)
#   POPPER=build/cli/popper  THREADS=2  WORK=/tmp/popper-bench  RESULTS=tests/bench/RESULTS.md
# Wall time and peak RSS come from /usr/bin/time; each figure includes process
# start-up (the Python interpreter, Node.js) and, for sqlite3, the .import.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SIZES=${SIZES:-"2000000 10000000"}
JOBS=${JOBS:-"filter group join"}
POPPER=${POPPER:-$repo/build/cli/popper}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-3}
TIMEOUT=${TIMEOUT:-900}
WORK=${WORK:-/tmp/popper-bench}
RESULTS=${RESULTS:-$here/RESULTS.md}
mkdir -p "$WORK"

note() { echo "run_bench: $*" >&2; }

# --- tools ------------------------------------------------------------------
if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; fi
[ -x /usr/bin/time ] || { note "/usr/bin/time is required (apt-get install time)"; exit 2; }

have_pandas=yes
if ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq python3-pandas >/dev/null 2>&1 || true; fi
  /usr/bin/python3 -c 'import pandas' 2>/dev/null || { have_pandas=no; note "pandas missing: skipped"; }
fi

have_duckdb=yes
if [ ! -d "$WORK/node_modules/@duckdb/node-api" ]; then
  (cd "$WORK" && npm install --silent --no-audit --no-fund @duckdb/node-api >/dev/null 2>&1) || true
fi
[ -d "$WORK/node_modules/@duckdb/node-api" ] || { have_duckdb=no; note "@duckdb/node-api missing: skipped"; }
# Node resolves packages from the script's folder upwards, so DuckDB's script runs from $WORK.
cp "$here/bench_duckdb.mjs" "$WORK/bench_duckdb.mjs"

have_mawk=yes; command -v mawk >/dev/null || { have_mawk=no; note "mawk missing: skipped"; }
have_sqlite=yes; command -v sqlite3 >/dev/null || { have_sqlite=no; note "sqlite3 missing: skipped"; }

g++ -O2 -std=c++20 -o "$WORK/hand_loop" "$here/hand_loop.cpp"

have_popper=yes
popper_note=""
if [ ! -x "$POPPER" ]; then
  have_popper=no; popper_note="no binary at ${POPPER#"$repo"/}"
elif ! "$POPPER" --help 2>/dev/null | grep -Eq '^ +run +'; then
  have_popper=no; popper_note="\`popper run\` is not implemented in ${POPPER#"$repo"/} yet"
fi
if [ "$have_popper" = yes ]; then
  popper_note="binary ${POPPER#"$repo"/} ($("$POPPER" --version 2>/dev/null | head -n 1))"
else
  note "popper: pending ($popper_note)"
fi

# --- one measurement ----------------------------------------------------------
# command_for TOOL JOB TRIPS SEGMENTS OUT: prints the command (empty: tool does not run this job).
command_for() {
  local tool=$1 job=$2 trips=$3 segs=$4 out=$5
  case "$tool" in
    popper)
      [ "$have_popper" = yes ] || return 0
      local segments_param=""
      [ "$job" = join ] && segments_param="-p segments='$segs'"
      echo "'$POPPER' run '$here/$job.scope' -p input='$trips' $segments_param --threads $THREADS --out-dir '$WORK/popper-out' && mv '$WORK/popper-out/$job.csv' '$out'" ;;
    hand)
      [ "$job" = filter ] && echo "'$WORK/hand_loop' '$trips' '$out'" ;;
    mawk)
      [ "$have_mawk" = yes ] || return 0
      case "$job" in
        filter) echo "mawk -F, 'BEGIN { print \"id,seg,kmh\" } NR > 1 && \$3 > 50 && \$4 >= 2 { print \$1 \",\" \$2 \",\" \$3 * 3.6 }' '$trips' > '$out'" ;;
        group) echo "mawk -F, 'NR > 1 { n[\$2]++; s[\$2] += \$3 } END { CONVFMT = \"%.17g\"; for (k in n) print k \",\" n[k] \",\" s[k] / n[k] }' '$trips' | LC_ALL=C sort > '$out.body' && { echo seg,n,mean_speed; cat '$out.body'; } > '$out'" ;;
        join) echo "mawk -F, 'BEGIN { print \"id,name,speed\" } FNR == 1 { next } NR == FNR { name[\$1] = \$2; next } (\$2 in name) { print \$1 \",\" name[\$2] \",\" \$3 }' '$segs' '$trips' > '$out'" ;;
      esac ;;
    sqlite3)
      [ "$have_sqlite" = yes ] || return 0
      local sql=$WORK/sqlite-$job.sql
      {
        echo "CREATE TABLE trips(id INTEGER, seg TEXT, speed REAL, lanes INTEGER, note TEXT);"
        echo "CREATE TABLE segs(seg TEXT, name TEXT, speed_limit INTEGER);"
        echo ".mode csv"
        echo ".import --skip 1 '$trips' trips"
        [ "$job" = join ] && echo ".import --skip 1 '$segs' segs"
        echo ".headers on"
        echo ".once '$out'"
        case "$job" in
          filter) echo "SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 50 AND lanes >= 2;" ;;
          group) echo "SELECT seg, COUNT(*) AS n, AVG(speed) AS mean_speed FROM trips GROUP BY seg ORDER BY seg;" ;;
          join) echo "SELECT t.id, s.name, t.speed FROM trips t JOIN segs s ON t.seg = s.seg;" ;;
        esac
      } > "$sql"
      echo "sqlite3 :memory: < '$sql'" ;;
    pandas)
      [ "$have_pandas" = yes ] && echo "/usr/bin/python3 '$here/bench_pandas.py' $job '$trips' '$segs' '$out'" ;;
    duckdb)
      [ "$have_duckdb" = yes ] && echo "cd '$WORK' && node bench_duckdb.mjs $job '$trips' '$segs' '$out'" ;;
  esac
  return 0
}

table=$WORK/results.tsv
: > "$table"
for rows in $SIZES; do
  trips=$WORK/traffic-$rows.csv
  segs=$WORK/segments.csv
  if [ ! -s "$trips" ] || [ ! -s "$segs" ]; then
    note "generating $rows rows"
    python3 "$here/gen_traffic.py" --rows "$rows" --out "$trips" --segments-out "$segs"
  fi
  for job in $JOBS; do
    for tool in popper hand mawk sqlite3 pandas duckdb; do
      cmd=$(command_for "$tool" "$job" "$trips" "$segs" "$WORK/out-$tool-$job-$rows.csv")
      if [ -z "$cmd" ]; then
        [ "$tool" = popper ] && printf '%s\t%s\t%s\tpending\t\t\t\n' "$job" "$rows" "$tool" >> "$table"
        continue
      fi
      # Best wall time of $REPEAT runs (the machine is shared); peak RSS is the largest seen.
      best="" peak=0 status=ok
      for ((attempt = 1; attempt <= REPEAT; attempt++)); do
        rm -rf "$WORK/popper-out" "$WORK/out-$tool-$job-$rows.csv"
        mkdir -p "$WORK/popper-out"
        note "$job $rows $tool (run $attempt of $REPEAT)"
        if ! /usr/bin/time -f '%e %M' -o "$WORK/time.txt" timeout "$TIMEOUT" bash -c "$cmd" > "$WORK/log-$tool-$job-$rows.txt" 2>&1; then
          status=failed
          grep -q "status 124" "$WORK/time.txt" && status=timeout
          break
        fi
        read -r seconds rss_kb < <(tail -n 1 "$WORK/time.txt")
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$seconds; fi
        [ "$rss_kb" -gt "$peak" ] && peak=$rss_kb
      done
      if [ "$status" = ok ]; then
        sum=$(python3 "$here/checksum.py" "$job" "$WORK/out-$tool-$job-$rows.csv")
        printf '%s\t%s\t%s\tok\t%s\t%s\t%s\n' "$job" "$rows" "$tool" "$best" "$peak" "$sum" >> "$table"
      elif [ "$status" = timeout ]; then
        printf '%s\t%s\t%s\ttimeout\t%s\t\t%s\n' "$job" "$rows" "$tool" "$TIMEOUT" "stopped after $TIMEOUT s" >> "$table"
        note "$tool timed out on $job $rows"
      else
        printf '%s\t%s\t%s\tfailed\t\t\t%s\n' "$job" "$rows" "$tool" "see $WORK/log-$tool-$job-$rows.txt" >> "$table"
        note "$tool failed on $job $rows: see $WORK/log-$tool-$job-$rows.txt"
      fi
      rm -f "$WORK/out-$tool-$job-$rows.csv.body"
    done
  done
done

# --- report -------------------------------------------------------------------
load=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/bench_report.py" "$table" "$RESULTS" "$THREADS" "$popper_note" "$REPEAT" "$load"
