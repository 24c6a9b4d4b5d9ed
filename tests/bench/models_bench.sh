#!/usr/bin/env bash
# Models benchmark (issue 7): the multilingual workflow (LanguageId -> Translate
# for the Spanish lines -> Sentiment) run by Popper with 1 and 2 model
# instances, against the same three models called directly in a C++ loop
# (tests/bench/models_direct.cpp, compiled here with the same libraries).
# Prints the fastest wall time of RUNS runs and Popper's overhead over the
# direct loop (also with --threads 1: no pipeline parallelism), and checks that both computed the same sentiment per line.
#
# Usage: tests/bench/models_bench.sh [BUILD_DIR] [LINES] [RUNS]
#        (defaults: build, 5000, 3; BUILD_DIR holds cli/popper and models/sentiment.bin)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
lines="${2:-5000}"
runs="${3:-3}"
popper="$build/cli/popper"
model="$build/models/sentiment.bin"
work="$(mktemp -d /tmp/popper-models-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

load="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/tests/bench/models_input.py" "$lines" "$work/input.txt"
g++ -std=c++20 -O2 -o "$work/models_direct" "$root/tests/bench/models_direct.cpp" \
    $(pkg-config --cflags --libs libexttextcat fasttext) -lpthread

# Runs a command RUNS times and prints the fastest wall time in seconds. (CPU
# time is left out: Apertium's stages are grandchildren that rusage misses.)
measure() {
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    best = wall if best is None else min(best, wall)
print(f"{best:.3f}")
PY
}

direct=$(measure "$work/models_direct" "$work/input.txt" "$work/direct.csv" "$model")
export POPPER_SENTIMENT_MODEL="$model"
workflow="$root/tests/bench/models_multilingual.scope"
# --threads 1: no pipeline parallelism either, like the direct loop.
t1=$(measure "$popper" run "$workflow" --threads 1 -p input="$work/input.txt" -p instances=1 --out-dir "$work/out1t")
p1=$(measure "$popper" run "$workflow" -p input="$work/input.txt" -p instances=1 --out-dir "$work/out1")
p2=$(measure "$popper" run "$workflow" -p input="$work/input.txt" -p instances=2 --out-dir "$work/out2")

# Same (line, sentiment) pairs from both, whatever the order.
python3 - "$work/direct.csv" "$work/out1/models_scored.csv" "$work/out2/models_scored.csv" "$work/out1t/models_scored.csv" <<'PY'
import collections, csv, sys
def pairs(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sorted((r["line"], r["sentiment"]) for r in csv.DictReader(f))
d, one, two, single = (pairs(p) for p in sys.argv[1:])
assert one == two == single, "1 and 2 instances (or 1 and 2 threads) disagree"
same = sum((collections.Counter(d) & collections.Counter(one)).values())
print(f"rows: direct {len(d)}, popper {len(one)}; identical (line, sentiment) pairs: {same}")
if d != one:
    sys.exit("popper and the direct loop disagree")
PY
echo "lines: $lines, fastest of $runs runs, load average before: $load"
row() { printf '%-42s %6.2f s  (%+.1f%% vs direct)\n' "$1" "$2" "$(echo "($2 / $direct - 1) * 100" | bc -l)"; }
printf '%-42s %6.2f s\n' "direct C++ loop" "$direct"
row "popper --threads 1, 1 instance" "$t1"
row "popper (2 threads), 1 instance" "$p1"
row "popper (2 threads), 2 instances" "$p2"
