#!/usr/bin/env python3
"""The run report and the corrections file (issue 17):
- `popper run --report FILE.json` writes the fields and types of
  docs/run-report.md's example (keys compared with the example itself, so the
  document and the code cannot drift apart), with values that agree with the
  run: rows accounting, handler counts, the corrections and rejects files and
  their line counts, the workflow's SHA-256;
- `--trace FILE` writes Chrome trace events whose busy time per node is
  the report's;
- `-v` logs how the engine runs the plan, `-vv` each barrier; on a
  terminal a run over a second shows each extractor's and model's rows;
- a failed run writes a report too (status "failed", exit code 3, its first
  rejects, no files), `--report -` with an OUTPUT to standard output is a
  usage error, a report into a missing folder fails naming it;
- corrections.jsonl is committed with the run, replaced by the next one,
  removed by a run without corrections, kept by a failed run; an OUTPUT
  named corrections.jsonl is a check error.

    report_test.py --popper build/cli/popper --source .
"""
import argparse
import hashlib
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import time
from checks import Checks  # noqa: E402


def key_tree(value):
    """The structure of a JSON value: keys of objects, the first element of lists."""
    if isinstance(value, dict):
        return {k: key_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [key_tree(value[0])] if value else []
    return type(value).__name__ if value is not None else None


def same_shape(doc, got, path="report"):
    """Differences between the documented shape and the written one (null matches anything)."""
    problems = []
    if got is None or path == "report.params":  # null fields; params are the workflow's own names
        return problems
    if isinstance(doc, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object"]
        for k in sorted(set(doc) | set(got)):
            if k not in got:
                problems.append(f"{path}.{k}: documented, not written")
            elif k not in doc:
                problems.append(f"{path}.{k}: written, not documented")
            else:
                problems += same_shape(doc[k], got[k], f"{path}.{k}")
    elif isinstance(doc, list):
        if not isinstance(got, list):
            return [f"{path}: expected a list"]
        if doc and got:
            problems += same_shape(doc[0], got[0], f"{path}[0]")
    elif doc is not None and got is not None:
        numbers = {"int", "float"}
        if doc != got and not (doc in numbers and got in numbers):
            problems.append(f"{path}: documented {doc}, written {got}")
    return problems


def documented_example(source):
    text = open(os.path.join(source, "docs", "run-report.md"), encoding="utf-8").read()
    block = re.search(r"```json\n(.*?)```", text, re.S).group(1).replace("…", "")
    return json.loads(block)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    popper = os.path.abspath(args.popper)
    source = os.path.abspath(args.source)
    checks = Checks("report")
    expect = checks.expect

    def run(argv, cwd):
        return subprocess.run([popper] + argv, capture_output=True, text=True, cwd=cwd, timeout=120)

    case = os.path.join(source, "tests", "golden", "handlers", "retry_reject")
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "wf")
        shutil.copytree(case, work)
        wf = os.path.join(work, "wf.scope")
        out = os.path.join(tmp, "out")

        # A run with corrections and a reject.
        done = run(["run", wf, "--out-dir", out, "--threads", "2", "--report", "r.json"], tmp)
        expect(f"run exits 0 ({done.stderr})", done.returncode == 0)
        report = json.load(open(os.path.join(tmp, "r.json")))
        doc = documented_example(source)
        for p in same_shape(key_tree(doc), key_tree(report)):
            expect(p, False)
        expect("schema and version", report["schema"] == "popper.run-report" and report["version"] == 1)
        expect("status ok", report["status"] == "ok" and report["exit_code"] == 0 and report["error"] is None)
        expect("workflow sha256",
               report["workflow"]["sha256"] == hashlib.sha256(open(wf, "rb").read()).hexdigest())
        expect("workflow resolved", report["workflow"]["resolved"] == wf)
        rows = report["rows"]
        expect("rows: 7 read, 1 filtered, 1 rejected",
               (rows["input"], rows["filtered"], rows["rejected"]) == (7, 1, 1))
        expect("outputs resolved into --out-dir",
               [o["resolved"] for o in report["outputs"]] ==
               [os.path.join(out, n) for n in ("plausible.csv", "sensors.csv", "readings.csv")])
        expect("output rows", [o["rows"] for o in report["outputs"]] == [5, 2, 7])
        h = report["handlers"][0]
        expect("handler counts", (h["name"], h["checked"], h["detected"], h["corrected"], h["edits"],
                                  h["rejected"]) == ("plausible", 11, 6, 5, 5, 1))
        corrections = open(os.path.join(out, "corrections.jsonl")).read().splitlines()
        expect("corrections count = file lines = edits",
               report["corrections"]["count"] == len(corrections) == h["edits"] + h["appends"] + h["deletes"])
        expect("corrections file", report["corrections"]["file"] == os.path.join(out, "corrections.jsonl"))
        expect("rejects file and first", report["rejects"]["file"] == os.path.join(out, "rejects.jsonl") and
               report["rejects"]["first"][0]["line"] == 6)
        expect("options", report["options"]["threads"] == 2 and report["options"]["handlers"] is True and
               report["verified_nodes"] is None)
        first = json.loads(corrections[0])
        expect("a correction's before and after", (first["before"]["temp"], first["after"]["temp"],
                                                   first["round"], first["line"]) == (95.0, 55.0, 1, 3))
        rounds = [json.loads(c)["round"] for c in corrections if json.loads(c)["line"] == 6]
        expect("rounds of one lineage", rounds == [1, 2])
        reject = json.loads(open(os.path.join(out, "rejects.jsonl")).readline())
        expect("the reject names its condition", reject["reason"].endswith("(temp > 60.0)"))

        # --trace: Chrome trace events whose busy time per node is what the report counts.
        done = run(["run", wf, "--out-dir", out, "--threads", "2", "--report", "t.json", "--trace", "trace.json"],
                   tmp)
        expect(f"a traced run exits 0 ({done.stderr})", done.returncode == 0)
        events = json.load(open(os.path.join(tmp, "trace.json")))["traceEvents"]
        spans = [e for e in events if e["ph"] == "X"]
        expect("trace: complete events with times", spans and all(e["ts"] >= 0 and e["dur"] >= 0 for e in spans))
        lanes = {e["tid"]: e["args"]["name"] for e in events if e["name"] == "thread_name"}
        expect("trace: every lane named", {e["tid"] for e in spans} <= set(lanes) and lanes.get(0) == "engine")
        expect("trace: barriers recorded", any(e["cat"] == "wave" for e in spans))
        traced = json.load(open(os.path.join(tmp, "t.json")))
        names = [n["name"] for n in traced["nodes"]]
        for n in traced["nodes"]:
            if names.count(n["name"]) != 1:
                continue
            busy = sum(e["dur"] for e in spans if e["cat"] == "node" and e["name"] == n["name"]) / 1000.0
            expect(f"trace: node {n['name']} busy {busy:.3f} ms = report {n['ms']:.3f} ms",
                   abs(busy - n["ms"]) < 0.01 + 0.001 * n["ms"])

        # -v says how the engine runs the plan, -vv each barrier; without, nothing.
        done = run(["run", wf, "--out-dir", out, "-v"], tmp)
        expect(f"-v logs the engine's choice ({done.stderr})",
               "info: running 4 operators on" in done.stderr or "info: running" in done.stderr)
        expect("-v leaves barriers to -vv", "barrier" not in done.stderr)
        done = run(["run", wf, "--out-dir", out, "-vv"], tmp)
        expect(f"-vv logs the barriers ({done.stderr})", "debug: barrier 1:" in done.stderr)
        done = run(["run", wf, "--out-dir", out], tmp)
        expect("no log lines without -v", "info:" not in done.stderr and "debug:" not in done.stderr)

        # On a terminal, a run over a second shows each extractor's and model's rows.
        slow = os.path.join(tmp, "slow.scope")
        with open(slow, "w") as f:
            f.write('lines = EXTRACT line:string FROM "-" USING Lines();\n'
                    'kept = SELECT line FROM lines WHERE line != "";\n'
                    'OUTPUT kept TO "kept.txt" USING Lines();\n')
        master, slave = pty.openpty()
        proc = subprocess.Popen([popper, "run", slow, "--out-dir", out], stdin=subprocess.PIPE, stdout=slave,
                                stderr=slave, cwd=tmp)
        os.close(slave)
        proc.stdin.write(b"row\n" * 600000)  # 2.4 MB: more than the reader's 1 MiB blocks
        proc.stdin.flush()
        time.sleep(1.6)
        proc.stdin.write(b"c\n")
        proc.stdin.close()
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=30)
        os.close(master)
        text = seen.decode(errors="replace")
        expect(f"the progress line names the extractor and its rows ({text!r})",
               re.search(r"popper: \d+\.\d s, \S+ rows/s \| lines [1-9]", text) is not None)
        expect("the progress line is erased before the summary", "\r\x1b[K" in text and "popper: ran" in text)

        # --verify reports the nodes it checked; the same corrections file.
        done = run(["run", wf, "--out-dir", out, "--verify", "--report", "v.json"], tmp)
        verified = json.load(open(os.path.join(tmp, "v.json")))
        expect("verified_nodes counted", isinstance(verified["verified_nodes"], int) and
               verified["verified_nodes"] > 0)
        expect("the corrections file is the same at another thread count",
               open(os.path.join(out, "corrections.jsonl")).read().splitlines() == corrections)

        # A run without corrections removes the previous run's file.
        done = run(["run", wf, "--out-dir", out, "--no-handlers", "--report", "n.json"], tmp)
        expect("a run without handlers removes corrections.jsonl",
               done.returncode == 0 and not os.path.exists(os.path.join(out, "corrections.jsonl")))
        expect("its report says none", json.load(open(os.path.join(tmp, "n.json")))["corrections"] ==
               {"count": 0, "file": None})
        expect("its report says handlers off", json.load(open(os.path.join(tmp, "n.json")))["options"]["handlers"]
               is False)

        # A failed run: a report, no files committed, the previous corrections kept.
        run(["run", wf, "--out-dir", out], tmp)
        before = open(os.path.join(out, "corrections.jsonl")).read()
        with open(wf, "a") as f:
            f.write("SET max_rejects = 0;\n")
        done = run(["run", wf, "--out-dir", out, "--report", "f.json"], tmp)
        expect(f"a failed run exits 3 ({done.returncode})", done.returncode == 3)
        failed = json.load(open(os.path.join(tmp, "f.json")))
        expect("failed report", failed["status"] == "failed" and failed["exit_code"] == 3 and
               "max_rejects" in (failed["error"] or ""))
        expect("failed report: no files", failed["rejects"]["file"] is None and failed["corrections"]["file"] is None)
        expect("failed report: first rejects", len(failed["rejects"]["first"]) == 1)
        expect("a failed run keeps the previous corrections file",
               open(os.path.join(out, "corrections.jsonl")).read() == before)

        # Usage errors and unwritable reports.
        stdout_wf = os.path.join(tmp, "stdout.scope")
        with open(stdout_wf, "w") as f:
            f.write('l = EXTRACT line:string FROM "l.txt" USING Lines();\nOUTPUT l TO "-" USING Lines();\n')
        with open(os.path.join(tmp, "l.txt"), "w") as f:
            f.write("a\n")
        done = run(["run", stdout_wf, "--report", "-"], tmp)
        expect(f"--report - beside TO \"-\" is a usage error ({done.returncode})", done.returncode == 2)
        done = run(["run", stdout_wf, "--report", os.path.join(tmp, "missing", "r.json")], tmp)
        expect(f"a report into a missing folder fails ({done.returncode}: {done.stderr})",
               done.returncode == 3 and "missing" in done.stderr)
        bad = os.path.join(tmp, "bad.scope")
        with open(bad, "w") as f:
            f.write('l = EXTRACT line:string FROM "l.txt" USING Lines();\n'
                    'OUTPUT l TO "corrections.jsonl" USING Lines();\n')
        done = run(["check", bad], tmp)
        expect(f"an OUTPUT to corrections.jsonl is a check error ({done.stderr})",
               done.returncode == 1 and "corrections file" in done.stderr)

    return checks.report()


if __name__ == "__main__":
    sys.exit(main())
