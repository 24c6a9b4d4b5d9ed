#!/usr/bin/env python3
"""Runs the plugin tests (tests/plugin/), python3 standard library only.

Every case runs in a scratch folder holding a copy of the case and of the
plugin libraries (--lib, repeatable), so a workflow IMPORTs them by file name
and messages name stable paths.

    run_plugin_tests.py --popper BIN --lib LIB... check CASE.scope [--update]
        `popper check CASE.scope`: output (stdout then stderr) must equal
        CASE.reference and the exit code the `// exit: N` directive (default 1)
    run_plugin_tests.py --popper BIN --lib LIB... run CASE_DIR [--update]
        `popper run wf.scope --out-dir out --threads T` for T in 1, 2, 4: every
        file of CASE_DIR/expected/ must equal out/'s, byte for byte, and out/
        must hold no other file; rejects.jsonl is compared as expected/rejects.txt,
        one sorted `node:line: reason` per rejected row (no file: no rejects);
        when CASE_DIR/plan.txt exists, each of its lines must appear in
        `popper plan wf.scope` (e.g. the back edge a plugin declares)
--update writes what popper printed/wrote as the expected files (review them).
"""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

TIMEOUT_SECONDS = 60


def scratch_copy(paths, libs, work):
    for path in paths:
        target = os.path.join(work, os.path.basename(path))
        if os.path.isdir(path):
            shutil.copytree(path, target, dirs_exist_ok=True)
        else:
            shutil.copy(path, target)
    for lib in libs:
        shutil.copy(lib, work)


def diff(expected, actual, name):
    return "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                        fromfile=name + " (expected)", tofile=name + " (actual)"))


def expected_exit(scope):
    with open(scope, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("//"):
                break
            key, _, value = line[2:].strip().partition(":")
            if key.strip() == "exit":
                return int(value)
    return 1


def check(args):
    case = os.path.abspath(args.case)
    name = os.path.basename(case)[: -len(".scope")]
    reference = case[: -len(".scope")] + ".reference"
    with tempfile.TemporaryDirectory() as work:
        scratch_copy([case], args.lib, work)
        proc = subprocess.run([args.popper, "check", name + ".scope"], cwd=work, capture_output=True,
                              timeout=TIMEOUT_SECONDS)
    output = (proc.stdout + proc.stderr).decode("utf-8", errors="replace")
    if args.update:
        with open(reference, "w", encoding="utf-8") as f:
            f.write(output)
        print(f"{name}: wrote {reference} (exit {proc.returncode})")
        return 0
    with open(reference, encoding="utf-8") as f:
        want = f.read()
    ok = True
    if output != want:
        print(diff(want, output, name + ".reference"))
        ok = False
    if proc.returncode != expected_exit(case):
        print(f"{name}: exit code {proc.returncode}, expected {expected_exit(case)}")
        ok = False
    print(f"{name}: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


def run(args):
    case = os.path.abspath(args.case)
    expected_dir = os.path.join(case, "expected")
    inputs = [os.path.join(case, f) for f in os.listdir(case) if f not in ("expected", "plan.txt")]
    failures = 0
    plan_lines = os.path.join(case, "plan.txt")
    if os.path.exists(plan_lines):
        with tempfile.TemporaryDirectory() as work:
            scratch_copy(inputs, args.lib, work)
            proc = subprocess.run([args.popper, "plan", "wf.scope"], cwd=work, capture_output=True,
                                  timeout=TIMEOUT_SECONDS)
        printed = proc.stdout.decode("utf-8", errors="replace").splitlines()
        for line in open(plan_lines, encoding="utf-8").read().splitlines():
            if line not in printed:
                print(f"popper plan does not print the line {line!r}")
                failures += 1
    for threads in (1, 2, 4):
        with tempfile.TemporaryDirectory() as work:
            scratch_copy(inputs, args.lib, work)
            proc = subprocess.run([args.popper, "run", "wf.scope", "--out-dir", "out", "--threads", str(threads)],
                                  cwd=work, capture_output=True, timeout=TIMEOUT_SECONDS)
            if proc.returncode != 0:
                print(f"--threads {threads}: exit code {proc.returncode}\n{proc.stderr.decode(errors='replace')}")
                failures += 1
                continue
            out = os.path.join(work, "out")
            rejects = []
            rejects_path = os.path.join(out, "rejects.jsonl")
            if os.path.exists(rejects_path):
                for line in open(rejects_path, encoding="utf-8").read().splitlines():
                    r = json.loads(line)
                    rejects.append(f"{r['node']}:{r['line']}: {r['reason']}\n")
                os.remove(rejects_path)
                rejects.sort()
                with open(os.path.join(out, "rejects.txt"), "w", encoding="utf-8") as f:
                    f.writelines(rejects)
            produced = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
            if args.update:
                shutil.rmtree(expected_dir, ignore_errors=True)
                shutil.copytree(out, expected_dir)
                print(f"wrote {expected_dir}: {', '.join(produced)}")
                return 0
            wanted = sorted(os.path.relpath(os.path.join(d, f), expected_dir)
                            for d, _, fs in os.walk(expected_dir) for f in fs)
            if produced != wanted:
                print(f"--threads {threads}: files {produced}, expected {wanted}")
                failures += 1
            for rel in wanted:
                path = os.path.join(out, rel)
                actual = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
                want = open(os.path.join(expected_dir, rel), encoding="utf-8").read()
                if actual != want:
                    print(f"--threads {threads}:\n" + diff(want, actual, rel))
                    failures += 1
    print(f"{os.path.basename(case)}: {'ok' if failures == 0 else 'FAILED'}")
    return 0 if failures == 0 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--popper", required=True)
    parser.add_argument("--lib", action="append", default=[])
    parser.add_argument("--update", action="store_true")
    parser.add_argument("mode", choices=["check", "run"])
    parser.add_argument("case")
    args = parser.parse_args()
    return check(args) if args.mode == "check" else run(args)


if __name__ == "__main__":
    sys.exit(main())
