#!/usr/bin/env python3
"""Turns run_bench.sh's results table into the runtime section of RESULTS.md.

Usage: bench_report.py RESULTS.tsv RESULTS.md THREADS POPPER_NOTE REPEAT LOAD
The section sits between the runtime-bench markers and is replaced on every
run; the rest of RESULTS.md (other benchmarks) is left as it is.
"""
import datetime
import os
import sys

BEGIN, END = "<!-- runtime-bench:begin -->", "<!-- runtime-bench:end -->"


def cpu_name():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main():
    table, results, threads, popper_note, repeat, load = sys.argv[1:7]
    rows = [line.rstrip("\n").split("\t") for line in open(table) if line.strip()]
    reference_tool = {"filter": "hand", "group": "sqlite3", "join": "sqlite3"}
    popper_ran = any(r[2] == "popper" and r[3] != "pending" for r in rows)
    out = [BEGIN, "## Runtime: `popper run` against other tools (issue 3)", "",
           "Measured by `tests/bench/run_bench.sh` on %s UTC; %s, %d cores, %.0f GiB RAM, shared with other jobs"
           % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), cpu_name(), os.cpu_count(),
              os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
           "(load average at the end: %s), so each figure is the best wall time of %s run(s)." % (load, repeat),
           "Data: `gen_traffic.py` rows `id,seg,speed,lanes,note` (1000 segments, seed 42). Wall time and peak RSS from `/usr/bin/time`;",
           "times include process start-up and, for sqlite3, `.import`. Popper runs with `--threads %s`. `vs popper` = tool time / popper time." % threads,
           "`check` compares row count and checksums (`checksum.py`) with the reference tool (hand loop for filter, sqlite3 otherwise).",
           "Issue 3's targets: Popper at least 2x mawk's throughput (mawk's `vs popper` >= 2.00x) and peak RSS under 200 MB at any size."]
    if popper_ran:
        out.append("Popper: %s." % popper_note)
    out.append("")
    jobs = {"filter": "filter + project + computed column: `SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 50 AND lanes >= 2`",
            "group": "GROUP BY: `SELECT seg, COUNT(*) AS n, AVG(speed) AS mean_speed FROM trips GROUP BY seg` ordered by seg",
            "join": "JOIN (500 of the 1000 segments have a name): `SELECT trips.id, segs.name, trips.speed FROM trips JOIN segs ON trips.seg == segs.seg`"}
    for job in [j for j in jobs if any(r[0] == j for r in rows)]:
        out += ["### " + jobs[job], "", "| input rows | tool | wall s | rows/s | vs popper | peak RSS MB | check |",
                "|---:|---|---:|---:|---:|---:|---|"]
        for size in sorted({int(r[1]) for r in rows if r[0] == job}):
            group = [r for r in rows if r[0] == job and int(r[1]) == size]
            ref = next((r for r in group if r[2] == reference_tool[job] and r[3] == "ok"), None)
            popper = next((r for r in group if r[2] == "popper" and r[3] == "ok"), None)
            for r in group:
                tool, status = r[2], r[3]
                if status == "pending":
                    out.append("| %d | popper | pending | | | | %s; re-run `tests/bench/run_bench.sh` to fill in |" % (size, popper_note or "not run"))
                    continue
                if status == "timeout":
                    out.append("| %d | %s | > %s | | | | %s |" % (size, tool, r[4], r[6]))
                    continue
                if status != "ok":
                    out.append("| %d | %s | failed | | | | %s |" % (size, tool, r[6]))
                    continue
                seconds, rss = float(r[4]), int(r[5]) / 1024
                ratio = "%.2fx" % (seconds / float(popper[4])) if popper and float(popper[4]) > 0 else "–"
                check = "ok" if ref and r[6] == ref[6] else ("MISMATCH: " + r[6])
                out.append("| %d | %s | %.2f | %s | %s | %.0f | %s |" % (
                    size, tool, seconds, "{:,.0f}".format(size / seconds) if seconds > 0 else "–", ratio, rss, check))
        out.append("")
    out.append(END)
    text = open(results).read() if os.path.exists(results) else "# Benchmark results\n\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + "\n".join(out) + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(out) + "\n"
    open(results, "w").write(text)
    print("\n".join(out))


if __name__ == "__main__":
    main()
