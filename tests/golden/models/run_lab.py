#!/usr/bin/env python3
"""Golden test of one lab workflow with the real models (tests/golden/models/lab/<case>/).

A case folder holds:
  args          the arguments after `popper run`, on one line; the workflow path is
                relative to workflows/ (runs start there, as the README's commands do)
  expected/     every file the run must write under --out-dir, byte for byte
                (no other file may appear)
  summary.txt   the summary lines about outputs (rows, ground-truth scores) and
                handlers, in order (the timing line and engine counters are not compared)
  CHECKED.md    what was checked by hand in the expected files

The run is repeated with --threads 1 and 2: model outputs and scores must not
depend on the thread count. With --update, rewrites expected/ and summary.txt
from a --threads 1 run (then read them before keeping them).
"""
import argparse
import difflib
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def run(popper, source, args, threads, out):
    command = [str(Path(popper).resolve()), "run", *args, "--out-dir", out, "--threads", str(threads)]
    result = subprocess.run(command, cwd=Path(source) / "workflows", capture_output=True, text=True, timeout=240)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"popper run {' '.join(args)} exited with {result.returncode}")
    # The lines per output (rows, scores) and per handler; the first line (with
    # the time) and the engine's own counters are not part of the contract here.
    return [line for line in result.stderr.splitlines(True)[1:] if line.startswith(("  out/", "  handler"))]


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())


def compare(name, want, got):
    if want == got:
        return True
    print(f"--- {name} differs:")
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected", "got"))
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("case")
    opts = ap.parse_args()
    case = Path(opts.case)
    args = shlex.split((case / "args").read_text(encoding="utf-8"))
    expected = case / "expected"
    ok = True
    for threads in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            summary = "".join(run(opts.popper, opts.source, args, threads, out))
            if opts.update:
                shutil.rmtree(expected, ignore_errors=True)
                shutil.copytree(out, expected)
                (case / "summary.txt").write_text(summary, encoding="utf-8")
                return 0
            got_files, want_files = files_under(out), files_under(expected)
            if got_files != want_files:
                print(f"--threads {threads}: files written {got_files}, expected {want_files}")
                ok = False
            for rel in want_files:
                if rel in got_files:
                    ok &= compare(f"{rel} (--threads {threads})", (expected / rel).read_text(encoding="utf-8"),
                                  (Path(out) / rel).read_text(encoding="utf-8"))
            ok &= compare(f"summary (--threads {threads})", (case / "summary.txt").read_text(encoding="utf-8"), summary)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
