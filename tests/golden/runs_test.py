#!/usr/bin/env python3
"""The run store through the real `popper` binary.

    runs_test.py --popper BIN --source REPO golden [--update]
        runs workflows/lab_exercise3.scope with --no-handlers (A) and with its
        handler (B) into a fresh store, then compares `popper runs list`, `show`,
        `compare` and `diff` (text and JSON) with tests/golden/runs/*.reference,
        run ids, times and durations masked. --update rewrites the references.
    runs_test.py --popper BIN --source REPO errors
        bad input: unknown and ambiguous ids, an unknown output, a damaged
        database, a newer schema, an unwritable store (exit codes, messages, no
        output written, the file left as it was); two runs recording at once.
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCES = HERE / "runs"


class Failure(Exception):
    pass


def popper(args, cwd, expect=0, env=None):
    done = subprocess.run([ARGS.popper, *args], cwd=cwd, capture_output=True, text=True, timeout=240, env=env)
    if expect is not None and done.returncode != expect:
        raise Failure(f"popper {' '.join(args)}: exit {done.returncode}, expected {expect}\n{done.stdout}{done.stderr}")
    return done


def mask(text, ids):
    for name, run_id in ids.items():
        text = text.replace(run_id, f"<{name}>")
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", "<TIME>", text)
    text = re.sub(r"(?m)^(seconds\s+)\S+\s+\S+\s+\S+$", r"\1<A> <B> <DELTA>", text)  # compare
    text = re.sub(r"(?m)^(<[AB]>\s+<TIME>\s+\w+\s+)\d+\.\d\d", r"\1<SECONDS>", text)  # list
    text = re.sub(r"in \d+\.\d\d s", "in <SECONDS> s", text)  # show
    return text


def check(name, actual):
    path = REFERENCES / f"{name}.reference"
    if ARGS.update:
        path.write_text(actual)
        return
    expected = path.read_text() if path.exists() else ""
    if actual != expected:
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "actual"))
        raise Failure(f"{name} differs from its reference:\n{diff}")


def lab_runs(work):
    store = work / "store"
    workflows = Path(ARGS.source) / "workflows"
    common = ["--out-dir", str(work / "out"), "--store", str(store), "--threads", "2"]
    popper(["run", "lab_exercise3.scope", "--no-handlers", *common], workflows)
    popper(["run", "lab_exercise3.scope", *common], workflows)
    listed = json.loads(popper(["runs", "list", "--store", str(store), "--format", "json"], work).stdout)
    if len(listed) != 2:
        raise Failure(f"expected 2 runs, the store lists {len(listed)}")
    return store, {"B": listed[0]["id"], "A": listed[1]["id"]}


def golden(work):
    store, ids = lab_runs(work)
    s = ["--store", str(store)]
    a, b = ids["A"], ids["B"]
    check("list", mask(popper(["runs", "list", *s], work).stdout, ids))
    check("show", mask(popper(["runs", "show", b[:6], *s], work).stdout, ids))
    check("compare", mask(popper(["runs", "compare", a, b, *s], work).stdout, ids))
    check("diff_positive", mask(popper(["runs", "diff", a, b, "--output", "out/positive.csv", *s], work).stdout, ids))
    check("corrections", mask(popper(["runs", "corrections", b, *s], work).stdout, ids))
    stored = json.loads(popper(["runs", "corrections", b, *s, "--format", "json"], work).stdout)
    committed = [json.loads(line) for line in (work / "out" / "corrections.jsonl").read_text().splitlines()]
    if stored != committed:
        raise Failure("runs corrections --format json differs from the committed corrections.jsonl")
    if popper(["runs", "corrections", a, *s], work).stdout != "":
        raise Failure("runs corrections of a run without handlers printed something")
    # The resolved path names the same output; JSON says the same as text.
    resolved = str(work / "out" / "out" / "positive.csv")
    by_path = popper(["runs", "diff", a, b, "--output", resolved, *s, "--format", "json"], work).stdout
    diff = json.loads(by_path)
    summary = diff["summary"]
    if (summary["only_in_b"], summary["fixed"]) != (sum(r["side"] == "b" for r in diff["rows"]), summary["fixed"]):
        raise Failure(f"diff --format json: inconsistent summary {summary}")
    check("diff_positive_json", mask(json.dumps(diff, indent=1, ensure_ascii=False) + "\n", ids))
    # show --format json is the stored report (docs/run-report.md).
    report = json.loads(popper(["runs", "show", b, *s, "--format", "json"], work).stdout)
    if report.get("schema") != "popper.run-report" or report.get("version") != 1 or report["status"] != "ok":
        raise Failure(f"runs show --format json: not a version 1 report: {list(report)}")
    f1 = {o["path"]: o["evaluation"]["f1"] for o in report["outputs"] if o["evaluation"]}
    if round(f1["out/positive.csv"], 3) != 0.842:
        raise Failure(f"F1 of out/positive.csv with the handler: {f1}")
    compare = json.loads(popper(["runs", "compare", a, b, *s, "--format", "json"], work).stdout)
    f1_line = [m for m in compare["metrics"] if m["metric"] == "out/positive.csv F1"][0]
    if (round(f1_line["a"], 3), round(f1_line["b"], 3)) != (0.571, 0.842):
        raise Failure(f"compare: {f1_line}")
    # The snapshots outlive the files: diff still works once the outputs are gone.
    shutil.rmtree(work / "out")
    again = popper(["runs", "diff", a, b, "--output", "out/positive.csv", *s], work).stdout
    check("diff_positive", mask(again, ids))


def expect_error(args, cwd, code, words):
    done = popper(args, cwd, expect=code)
    for w in words:
        if w not in done.stderr:
            raise Failure(f"popper {' '.join(args)}: stderr lacks {w!r}:\n{done.stderr}")
    return done


def errors(work):
    data = work / "data"
    data.mkdir()
    (data / "in.csv").write_text("x\n1\n2\n3\n")
    wf = data / "wf.scope"
    wf.write_text('t = EXTRACT x:int FROM "in.csv" USING Csv(header: true);\nOUTPUT t TO "o.csv" USING Csv();\n')
    store = work / "store"
    out = work / "out"
    run = ["run", str(wf), "--out-dir", str(out), "--store", str(store)]
    popper(run, work)
    popper(run, work)
    s = ["--store", str(store)]
    ids = [r["id"] for r in json.loads(popper(["runs", "list", *s, "--format", "json"], work).stdout)]

    expect_error(["runs", "show", "ffffffffffffff", *s], work, 2, ["no run 'ffffffffffffff'"])
    expect_error(["runs", "show", "nothex", *s], work, 2, ["no run 'nothex'"])
    expect_error(["runs", "show", "", *s], work, 2, ["is ambiguous"])
    expect_error(["runs", "diff", ids[0], ids[1], "--output", "nope.csv", *s], work, 2,
                 ["has no output 'nope.csv'", "o.csv"])
    expect_error(["runs", "list", "--store", str(work / "none")], work, 3, ["no run store at"])
    popper(["run", *run[1:], "--no-record"], work)
    if len(json.loads(popper(["runs", "list", *s, "--format", "json"], work).stdout)) != 2:
        raise Failure("--no-record recorded the run")

    # A failed run is recorded too, without snapshots (its outputs were not committed).
    (data / "bad.csv").write_text("x\n1\nnot a number\n3\n")
    failing = data / "failing.scope"
    failing.write_text('SET max_rejects = 0;\n'
                       't = EXTRACT x:int FROM "bad.csv" USING Csv(header: true);\nOUTPUT t TO "o.csv" USING Csv();\n')
    popper(["run", str(failing), "--out-dir", str(out), "--store", str(store)], work, expect=3)
    latest = json.loads(popper(["runs", "list", *s, "--format", "json"], work).stdout)[0]
    if (latest["status"], latest["exit_code"]) != ("failed", 3):
        raise Failure(f"the failed run was recorded as {latest}")
    shown = popper(["runs", "show", latest["id"], *s], work).stdout
    if "failed (exit 3)" not in shown or "error:" not in shown:
        raise Failure(f"runs show of a failed run:\n{shown}")
    expect_error(["runs", "diff", ids[0], latest["id"], "--output", "o.csv", *s], work, 3, ["no snapshot"])
    ids = [r["id"] for r in json.loads(popper(["runs", "list", *s, "--format", "json"], work).stdout)]

    # A damaged database: the run fails before writing anything, the file stays as it was.
    bad = work / "bad"
    bad.mkdir()
    garbage = b"this is not a database" * 500
    (bad / "runs.db").write_bytes(garbage)
    fresh = work / "fresh_out"
    expect_error(["run", str(wf), "--out-dir", str(fresh), "--store", str(bad)], work, 3,
                 [str(bad / "runs.db"), "damaged or not a popper run store"])
    expect_error(["runs", "list", "--store", str(bad)], work, 3, ["damaged or not a popper run store"])
    if (fresh / "o.csv").exists() or (bad / "runs.db").read_bytes() != garbage:
        raise Failure("a damaged store: the run wrote its output, or the file changed")

    # A newer schema, through POPPER_STORE.
    newer = work / "newer"
    shutil.copytree(store, newer)
    with sqlite3.connect(newer / "runs.db") as db:
        db.execute("PRAGMA user_version = 42")
    env = dict(os.environ, POPPER_STORE=str(newer))
    done = popper(["run", str(wf), "--out-dir", str(fresh)], work, expect=3, env=env)
    if "schema version 42" not in done.stderr or (fresh / "o.csv").exists():
        raise Failure(f"POPPER_STORE with a newer schema:\n{done.stderr}")

    # A store that cannot be created (/proc is read-only, even for root).
    expect_error(["run", str(wf), "--out-dir", str(fresh), "--store", "/proc/self/popper"], work, 3,
                 ["/proc/self/popper", "run store"])
    if (fresh / "o.csv").exists():
        raise Failure("an unwritable store: the run wrote its output")

    # Two runs recording at once both succeed.
    procs = [subprocess.Popen([ARGS.popper, *run[:-2], "--store", str(store)], cwd=work,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        if p.returncode != 0 or b"warning" in err:
            raise Failure(f"a concurrent run: exit {p.returncode}\n{err.decode()}")
    if len(json.loads(popper(["runs", "list", *s, "--format", "json"], work).stdout)) != 7:
        raise Failure("concurrent runs were not all recorded")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--popper", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("what", choices=["golden", "errors"])
    ARGS = parser.parse_args()
    ARGS.popper = str(Path(ARGS.popper).resolve())
    with tempfile.TemporaryDirectory(prefix="popper_runs_") as tmp:
        try:
            (golden if ARGS.what == "golden" else errors)(Path(tmp))
        except Failure as e:
            print(f"FAIL: {e}", file=sys.stderr)
            return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
