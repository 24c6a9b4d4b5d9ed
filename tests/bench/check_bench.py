#!/usr/bin/env python3
"""Benchmark of `popper check` on a generated 2,000-statement workflow.

    python3 tests/bench/check_bench.py [--popper build/cli/popper] [--runs 10]

Writes the workflow (extracts, selects with computed columns and WHERE,
joins, GROUP BY with HAVING, PROCESS, UNION, handlers, outputs with ORDER BY)
to a temporary folder, checks it once to make sure it is clean, then times
`--runs` runs and prints the best and the median wall-clock time. Uses
hyperfine when it is installed, python's clock otherwise. Standard library only.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 200.0


def block(k):
    """One group of statements over its own inputs; every rowset in it is read."""
    return [
        f'trips{k} = EXTRACT id:int, seg:string, speed:float, lanes:int, note:string = "" '
        f'FROM "data/segments{k}.csv" USING Csv(header: true);',
        f'names{k} = EXTRACT seg:string, name:string, limit_kmh:int '
        f'FROM "data/names{k}.csv" USING Csv(header: true, delimiter: ";");',
        f'fast{k} = SELECT id, seg, speed * 3.6 AS kmh, lanes, upper(note) AS note '
        f'FROM trips{k} WHERE speed > 0 AND seg != "" AND lanes >= @min_lanes;',
        f'joined{k} = SELECT fast{k}.id, fast{k}.kmh, names{k}.name, names{k}.limit_kmh '
        f'FROM fast{k} JOIN names{k} ON fast{k}.seg == names{k}.seg;',
        f'bySeg{k} = SELECT seg, COUNT(*) AS n, AVG(kmh) AS mean_kmh, MAX(lanes) AS lanes '
        f'FROM fast{k} GROUP BY seg HAVING n > 1;',
        f'scored{k} = PROCESS (SELECT id, note FROM fast{k}) USING Sentiment(text: note) '
        f'PRODUCE sentiment:string, confidence:float;',
        f'both{k} = UNION (SELECT id FROM scored{k}), (SELECT id FROM joined{k});',
        f'checked{k} = HANDLE joined{k} DETECT kmh > limit_kmh * 2 OR kmh < 0.0 '
        f'CORRECT EDIT trips{k} SET speed = trips{k}.speed / 3.6, note = concat("fixed ", id) '
        f'RETRY 2 EVENTUALLY REJECT;',
        f'OUTPUT bySeg{k} TO "out/segments{k}.csv" USING Csv(header: true) ORDER BY mean_kmh DESC, seg;',
        f'OUTPUT checked{k} TO "out/checked{k}.jsonl" USING Jsonl();',
        f'OUTPUT both{k} TO "out/both{k}.txt" USING Lines();',
    ]


BLOCK_SIZE = len(block("0"))


def generate(statements=2000):
    """A valid workflow of exactly `statements` statements, one per line."""
    out = ["PARAM min_lanes : int = 1;", "SET threads = 2;"]
    n = 0
    while len(out) + BLOCK_SIZE <= statements:
        out.extend(block(str(n)))
        n += 1
    # Fill up to the exact count with more outputs of rowsets already defined.
    extra = 0
    while len(out) < statements:
        out.append(f'OUTPUT fast{extra % max(n, 1)} TO "out/extra{extra}.csv" USING Csv();')
        extra += 1
    return "\n".join(out) + "\n"


def time_python(popper, path, runs):
    """Wall-clock times, and CPU times (user + sys), which a busy machine disturbs less."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([popper, "check", os.path.basename(path)], cwd=os.path.dirname(path),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - start) * 1000.0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000.0)
    return min(times), statistics.median(times), min(cpu)


def time_hyperfine(popper, path, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(["hyperfine", "--warmup", "2", "--runs", str(runs), "--export-json", report.name,
                        "-N", f"{popper} check {path}"], check=True, stdout=subprocess.DEVNULL)
        result = json.load(open(report.name))["results"][0]
    cpu = min(u + s for u, s in zip(result["user"], result["system"])) * 1000.0
    return min(result["times"]) * 1000.0, result["median"] * 1000.0, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--popper", default="build/cli/popper")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--statements", type=int, default=2000)
    parser.add_argument("--keep", help="also write the generated workflow to this path")
    opts = parser.parse_args()
    popper = os.path.abspath(opts.popper)
    text = generate(opts.statements)
    if opts.keep:
        with open(opts.keep, "w") as f:
            f.write(text)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench2000.scope")
        with open(path, "w") as f:
            f.write(text)
        first = subprocess.run([popper, "check", "bench2000.scope"], cwd=tmp, capture_output=True, text=True)
        if first.returncode != 0 or first.stderr.strip():
            print(f"the generated workflow does not check clean (exit {first.returncode}):", file=sys.stderr)
            print(first.stderr[:3000], file=sys.stderr)
            return 1
        statements = sum(1 for line in text.splitlines() if line.strip())
        if shutil.which("hyperfine"):
            best, median, cpu = time_hyperfine(popper, path, opts.runs)
            tool = "hyperfine"
        else:
            best, median, cpu = time_python(popper, path, opts.runs)
            tool = "python time.perf_counter"
    print(f"popper check, {statements} statements, {len(text)} bytes: best {best:.1f} ms, "
          f"median {median:.1f} ms, best CPU time (user+sys) {cpu:.1f} ms over {opts.runs} runs ({tool}); "
          f"target < {TARGET_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
