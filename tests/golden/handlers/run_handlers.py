#!/usr/bin/env python3
"""Runs the handler golden cases (tests/golden/handlers/<case>/) and checks them.

A case holds wf.scope, its input data and expected/, written by hand (each
case's wf.scope says what the handler does, so the expected rows can be
checked by reading it):
  - every output file, compared byte for byte;
  - rejects.txt (optional): one `node:line: reason` per rejected row, sorted;
    no file means nothing may be rejected;
  - handlers.txt: the per-handler lines of the run summary, exactly.
Every case also runs with --threads 1, 2 and 4 and must give the same bytes,
and once more with --verify (when this popper has it), which must pass and
give the same bytes. A case may also hold oracle.py, an independent
computation of its expected outputs (Python/sqlite3 over the corrected
inputs): `oracle.py DIR` writes files into DIR, and each must equal the file
of the same name in expected/.

    run_handlers.py --popper BIN CASE...
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile


def has_verify(popper):
    proc = subprocess.run([popper, "run", "--help"], capture_output=True, text=True, timeout=60)
    return "--verify" in proc.stdout + proc.stderr


def run(popper, case, out_dir, threads, verify=False):
    argv = [popper, "run", os.path.join(case, "wf.scope"), "--out-dir", out_dir, "--threads", str(threads)]
    if verify:
        argv.append("--verify")
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stderr}")
    return proc.stderr


def outputs(out_dir):
    files = {}
    for root, _, names in os.walk(out_dir):
        for name in names:
            path = os.path.join(root, name)
            files[os.path.relpath(path, out_dir)] = open(path, "rb").read()
    return files


def check_oracle(case, expected_dir):
    oracle = os.path.join(case, "oracle.py")
    if not os.path.exists(oracle):
        return
    with tempfile.TemporaryDirectory() as out_dir:
        subprocess.run([sys.executable, oracle, out_dir], check=True, timeout=60)
        for name, want in sorted(outputs(out_dir).items()):
            got = open(os.path.join(expected_dir, name), "rb").read() if os.path.exists(os.path.join(expected_dir, name)) else None
            if got != want:
                raise AssertionError(f"expected/{name} differs from what oracle.py computes:\n{want.decode()}")


def check_case(popper, case, verify):
    expected_dir = os.path.join(case, "expected")
    check_oracle(case, expected_dir)
    results = []
    for threads in (1, 2, 4):
        with tempfile.TemporaryDirectory() as out_dir:
            stderr = run(popper, case, out_dir, threads)
            results.append((outputs(out_dir), stderr))
    files, stderr = results[0]
    for other, _ in results[1:]:
        if other != files:
            raise AssertionError("outputs differ between --threads 1, 2 and 4")
    for name in sorted(os.listdir(expected_dir)):
        if name in ("rejects.txt", "handlers.txt"):
            continue
        want = open(os.path.join(expected_dir, name), "rb").read()
        got = files.get(name)
        if got != want:
            raise AssertionError(f"{name}: expected\n{want.decode()}\ngot\n{got.decode() if got else '(missing)'}")
    rejects = []
    if "rejects.jsonl" in files:
        for line in files["rejects.jsonl"].decode().splitlines():
            r = json.loads(line)
            rejects.append(f"{r['node']}:{r['line']}: {r['reason']}")
    rejects_file = os.path.join(expected_dir, "rejects.txt")
    want_rejects = open(rejects_file).read().splitlines() if os.path.exists(rejects_file) else []
    if sorted(rejects) != want_rejects:
        raise AssertionError("rejects: expected\n" + "\n".join(want_rejects) + "\ngot\n" + "\n".join(sorted(rejects)))
    got_handlers = [l.strip() for l in stderr.splitlines() if l.strip().startswith("handler ")]
    want_handlers = open(os.path.join(expected_dir, "handlers.txt")).read().splitlines()
    if got_handlers != want_handlers:
        raise AssertionError("handler summary: expected\n" + "\n".join(want_handlers) + "\ngot\n" + "\n".join(got_handlers))
    if verify:
        with tempfile.TemporaryDirectory() as out_dir:
            verified = run(popper, case, out_dir, 2, verify=True)
            if outputs(out_dir) != files:
                raise AssertionError("outputs differ with --verify")
            checked = re.search(r"verified: (\d+) nodes", verified)
            if not checked or int(checked.group(1)) == 0:
                raise AssertionError("--verify checked no node:\n" + verified)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--popper", required=True)
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args()
    failed = 0
    verify = has_verify(args.popper)
    for case in args.cases:
        try:
            check_case(args.popper, case, verify)
            print(f"ok   {os.path.basename(os.path.normpath(case))}")
        except (AssertionError, subprocess.TimeoutExpired) as e:
            failed += 1
            print(f"FAIL {os.path.basename(os.path.normpath(case))}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
