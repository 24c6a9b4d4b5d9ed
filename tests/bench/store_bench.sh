#!/usr/bin/env bash
# Cost of recording a run in the run store (issue 17): the 1M-row filter job
# (tests/bench/filter.scope) with --no-record, recorded into a store that
# already holds its output (the snapshot deduplicated), and recorded into a
# fresh store each time (the snapshot copied). Prints the median wall time of
# REPEAT runs of each, interleaved, and the extra time in percent.
#
# Environment: ROWS=1000000  REPEAT=15  THREADS=2  POPPER=build/cli/popper  WORK=/tmp/popper-store-bench
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-15}
THREADS=${THREADS:-2}
POPPER=${POPPER:-$repo/build/cli/popper}
WORK=${WORK:-/tmp/popper-store-bench}
mkdir -p "$WORK"
[ -f "$WORK/traffic_$ROWS.csv" ] || python3 "$here/gen_traffic.py" --rows "$ROWS" --out "$WORK/traffic_$ROWS.csv"

python3 - "$POPPER" "$here/filter.scope" "$WORK" "$ROWS" "$REPEAT" "$THREADS" <<'PY'
import os, shutil, statistics, subprocess, sys, time
popper, scope, work, rows, repeat, threads = sys.argv[1:]
base = [popper, "run", scope, "-p", f"input={work}/traffic_{rows}.csv", "--out-dir", f"{work}/out",
        "--threads", threads]
warm, fresh = f"{work}/store-warm", f"{work}/store-fresh"
shutil.rmtree(warm, ignore_errors=True)
subprocess.run(base + ["--store", warm], check=True, capture_output=True)  # the warm store holds the output
def timed(argv):
    t = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t
cases = {"--no-record": [], "recorded, output already stored": [], "recorded, output copied (fresh store)": []}
for _ in range(int(repeat)):
    cases["--no-record"].append(timed(base + ["--no-record"]))
    cases["recorded, output already stored"].append(timed(base + ["--store", warm]))
    shutil.rmtree(fresh, ignore_errors=True)
    cases["recorded, output copied (fresh store)"].append(timed(base + ["--store", fresh]))
size = os.path.getsize(f"{work}/out/filter.csv")
ref = statistics.median(cases["--no-record"])
print(f"{rows} input rows, output {size / 1e6:.1f} MB, median of {repeat}, --threads {threads}")
print("| case | median wall s | min s | extra |")
print("|---|---:|---:|---:|")
for name, t in cases.items():
    m = statistics.median(t)
    print(f"| {name} | {m:.3f} | {min(t):.3f} | {100 * (m - ref) / ref:+.1f}% |")
PY
