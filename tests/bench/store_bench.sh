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
import os, resource, shutil, statistics, subprocess, sys, time
popper, scope, work, rows, repeat, threads = sys.argv[1:]
base = [popper, "run", scope, "-p", f"input={work}/traffic_{rows}.csv", "--out-dir", f"{work}/out",
        "--threads", threads]
warm, fresh = f"{work}/store-warm", f"{work}/store-fresh"
shutil.rmtree(warm, ignore_errors=True)
subprocess.run(base + ["--store", warm], check=True, capture_output=True)  # the warm store holds the output
cpu = {}
def timed(argv):
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.setdefault(tuple(argv[-2:]), []).append(after.ru_utime - r.ru_utime + after.ru_stime - r.ru_stime)
    return wall
cases = {"--no-record": [], "recorded, output already stored": [], "recorded, output copied (fresh store)": []}
argvs = {"--no-record": base + ["--no-record"],
         "recorded, output already stored": base + ["--store", warm],
         "recorded, output copied (fresh store)": base + ["--store", fresh]}
for _ in range(int(repeat)):
    for name, argv in argvs.items():
        if "fresh" in name:
            shutil.rmtree(fresh, ignore_errors=True)
        cases[name].append(timed(argv))
size = os.path.getsize(f"{work}/out/filter.csv")
ref = statistics.median(cases["--no-record"])
cpu_ref = statistics.median(cpu[tuple(argvs["--no-record"][-2:])])
print(f"{rows} input rows, output {size / 1e6:.1f} MB, median of {repeat}, --threads {threads}")
print("| case | median wall s | min wall s | extra wall | median cpu s (user+sys) | extra cpu |")
print("|---|---:|---:|---:|---:|---:|")
for name, t in cases.items():
    m = statistics.median(t)
    c = statistics.median(cpu[tuple(argvs[name][-2:])])
    print(f"| {name} | {m:.3f} | {min(t):.3f} | {100 * (m - ref) / ref:+.1f}% | {c:.3f} | {100 * (c - cpu_ref) / cpu_ref:+.1f}% |")
PY
