#!/usr/bin/env python3
"""Runs `popper run` golden cases (tests/golden/run/<case>/) and checks them.

A case holds wf.scope, its input data, oracle.sql (the independent SQL
equivalent, see tests/oracle/sqlite_oracle.py), an optional `args` file with
extra `popper run` flags, and expected/ as the oracle wrote it:
  - every output file, compared byte for byte;
  - rejects.jsonl, compared as a set of (source file name, line, node), each
    reason non-empty and containing the oracle's keyword where it gives one;
  - summary.json: the exit code, the row counts, and for single-output cases
    the accounting input = output + filtered + rejected.
A case may instead hold generate.json: its input data is generated when the
test runs and the oracle computes expected/ then (tests/golden/run/bulk).

    run_golden.py --popper BIN CASE...                 check each case
    run_golden.py --popper BIN --threads 4 CASE...     ... with --threads 4
    run_golden.py --popper BIN --determinism CASE...   outputs of --threads 1, 2, 4 byte-identical
"""
import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(REPO, "tests", "oracle", "sqlite_oracle.py")
META_FILES = {"summary.json", "rejects.jsonl"}
TIMEOUT_SECONDS = 300


class CaseFailure(Exception):
    pass


def prepare(case, work):
    """Returns (expected_dir, extra_args) for the case, generating data if the case asks for it."""
    generate = os.path.join(case, "generate.json")
    args_file = os.path.join(case, "args")
    extra = shlex.split(open(args_file).read()) if os.path.exists(args_file) else []
    if not os.path.exists(generate):
        return os.path.join(case, "expected"), extra
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    spec = json.load(open(generate))
    for command in spec["commands"]:
        argv = [a.replace("{data}", data).replace("{repo}", REPO) for a in command]
        subprocess.run([sys.executable] + argv, check=True)
    expected = os.path.join(work, "expected")
    subprocess.run([sys.executable, ORACLE, "--data-dir", data, "--out", expected, case], check=True)
    return expected, [a.replace("{data}", data) for a in extra]


def run_popper(popper, case, out_dir, extra, threads):
    argv = [popper, "run", os.path.join(case, "wf.scope"), "--out-dir", out_dir] + extra
    if threads:
        argv += ["--threads", str(threads)]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise CaseFailure("%s timed out after %d s" % (" ".join(argv), TIMEOUT_SECONDS))
    return argv, done.returncode, done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")


def files_under(root):
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def show_diff(expected_path, actual_path):
    expected = open(expected_path, "rb").read().decode("utf-8", "replace").splitlines(keepends=True)
    actual = open(actual_path, "rb").read().decode("utf-8", "replace").splitlines(keepends=True)
    diff = list(difflib.unified_diff(expected, actual, "expected", "actual"))
    # Lines are shown escaped so that '\r', tabs and missing newlines are visible.
    text = "".join(line.rstrip("\n") + "\n" if line.startswith(("---", "+++", "@@")) else repr(line)[1:-1] + "\n"
                   for line in diff[:60])
    return text + ("... (%d more diff lines)\n" % (len(diff) - 60) if len(diff) > 60 else "")


def check_rejects(expected_dir, out_dir):
    expected_path = os.path.join(expected_dir, "rejects.jsonl")
    actual_path = os.path.join(out_dir, "rejects.jsonl")
    expected = [json.loads(l) for l in open(expected_path)] if os.path.exists(expected_path) else []
    actual = []
    if os.path.exists(actual_path):
        for number, line in enumerate(open(actual_path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                raise CaseFailure("rejects.jsonl line %d is not JSON: %r" % (number, line))
            source = record.get("source", record.get("file"))
            if not isinstance(source, str) or not isinstance(record.get("line"), int) \
                    or not isinstance(record.get("node"), str) or not record.get("reason"):
                raise CaseFailure("rejects.jsonl line %d lacks source, line, node or reason: %s" % (number, line.strip()))
            actual.append((os.path.basename(source), record["line"], record["node"], record["reason"]))
    want = sorted((os.path.basename(r["source"]), r["line"], r["node"]) for r in expected)
    got = sorted(a[:3] for a in actual)
    if want != got:
        missing = [w for w in want if w not in got]
        extra = [g for g in got if g not in want]
        raise CaseFailure("rejects differ (source, line, node):\n  missing: %s\n  unexpected: %s" % (missing, extra))
    for r in expected:
        keyword = r.get("reason_contains")
        key = (os.path.basename(r["source"]), r["line"], r["node"])
        reason = next(a[3] for a in actual if a[:3] == key)
        if keyword and keyword.lower() not in reason.lower():
            raise CaseFailure("reject %s: reason %r does not mention %r" % (key, reason, keyword))
    return len(actual)


def check_summary_text(summary, text):
    # The run summary's format is the engine's; where it states rejected
    # counts in a recognisable way, one of them must be the run's total.
    stated = [int(m.group(1) or m.group(2)) for m in re.finditer(
        r"(\d+)\s+(?:rows?\s+)?rejected|rejected\s*[:=]?\s*(\d+)", text, re.IGNORECASE)]
    if stated and summary["rejected"] not in stated:
        raise CaseFailure("the run summary says %s rejected, expected %d:\n%s" % (stated, summary["rejected"], text))


def check_case(popper, case, threads):
    name = os.path.basename(os.path.normpath(case))
    with tempfile.TemporaryDirectory(prefix="golden-%s-" % name) as work:
        expected_dir, extra = prepare(case, work)
        summary = json.load(open(os.path.join(expected_dir, "summary.json")))
        out_dir = os.path.join(work, "out")
        os.makedirs(out_dir)
        argv, code, text = run_popper(popper, case, out_dir, extra, threads)
        command = " ".join(shlex.quote(a) for a in argv)
        if code != summary["exit_code"]:
            raise CaseFailure("%s\nexited %d, expected %d; it printed:\n%s" % (command, code, summary["exit_code"], text))
        produced = [f for f in files_under(out_dir) if f != "rejects.jsonl"]
        if summary["exit_code"] != 0:
            if produced:
                raise CaseFailure("%s\nfailed as expected but left files behind: %s" % (command, produced))
            return
        expected_outputs = [f for f in files_under(expected_dir) if f not in META_FILES]
        if produced != expected_outputs:
            raise CaseFailure("%s\nwrote %s, expected exactly %s" % (command, produced, expected_outputs))
        for rel in expected_outputs:
            e, a = os.path.join(expected_dir, rel), os.path.join(out_dir, rel)
            if open(e, "rb").read() != open(a, "rb").read():
                raise CaseFailure("%s\n%s differs from %s:\n%s" % (command, rel, e, show_diff(e, a)))
        try:
            rejected = check_rejects(expected_dir, out_dir)
        except CaseFailure as failure:
            raise CaseFailure("%s\n%s" % (command, failure))
        if "filtered" in summary:
            inputs = sum(summary["input_rows"].values())
            outputs = sum(summary["outputs"].values())
            if inputs != outputs + summary["filtered"] + rejected:
                raise CaseFailure("%s\naccounting: %d input rows != %d output + %d filtered + %d rejected"
                                  % (command, inputs, outputs, summary["filtered"], rejected))
        check_summary_text(summary, text)


def check_determinism(popper, case):
    name = os.path.basename(os.path.normpath(case))
    with tempfile.TemporaryDirectory(prefix="determinism-%s-" % name) as work:
        _, extra = prepare(case, work)
        reference = None
        for threads in (1, 2, 4):
            out_dir = os.path.join(work, "out-%d" % threads)
            os.makedirs(out_dir)
            argv, code, text = run_popper(popper, case, out_dir, extra, threads)
            contents = {rel: open(os.path.join(out_dir, rel), "rb").read() for rel in files_under(out_dir)}
            if code != 0:
                # A failed run stops where the failure is noticed, so what it
                # recorded in rejects.jsonl up to then may depend on scheduling.
                contents.pop("rejects.jsonl", None)
            if reference is None:
                reference = (threads, code, contents)
                continue
            if code != reference[1]:
                raise CaseFailure("--threads %d exited %d, --threads %d exited %d:\n%s"
                                  % (reference[0], reference[1], threads, code, text))
            if sorted(contents) != sorted(reference[2]):
                raise CaseFailure("--threads %d wrote %s, --threads %d wrote %s"
                                  % (reference[0], sorted(reference[2]), threads, sorted(contents)))
            for rel, data in contents.items():
                if data != reference[2][rel]:
                    raise CaseFailure("%s differs between --threads %d and --threads %d:\n%s" % (
                        rel, reference[0], threads, show_diff(os.path.join(work, "out-%d" % reference[0], rel),
                                                              os.path.join(out_dir, rel))))


def main():
    parser = argparse.ArgumentParser(description="check popper run golden cases")
    parser.add_argument("--popper", required=True, help="the popper executable")
    parser.add_argument("--threads", type=int, help="pass --threads N to popper run")
    parser.add_argument("--determinism", action="store_true", help="require identical outputs for --threads 1, 2, 4")
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args()
    failed = 0
    for case in args.cases:
        try:
            if args.determinism:
                check_determinism(args.popper, case)
            else:
                check_case(args.popper, case, args.threads)
            print("PASS %s" % case)
        except (CaseFailure, subprocess.CalledProcessError, OSError) as failure:
            failed += 1
            print("FAIL %s\n%s\n" % (case, failure))
    if failed:
        print("%d of %d cases failed" % (failed, len(args.cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
