#!/usr/bin/env python3
"""Runs workflows/models/mixed_reviews.scope with `popper run` from the
workflow's folder (Exec's command is relative to it) into a temporary output
folder, and compares the CSV it writes with mixed_sentiment.csv here.
With --update, rewrites the expected file instead."""
import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    folder = Path(args.source) / "workflows" / "models"
    expected = HERE / "mixed_sentiment.csv"
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run([str(Path(args.popper).resolve()), "run", "mixed_reviews.scope", "--out-dir", out, "--stats"],
                             cwd=folder, capture_output=True, text=True, timeout=240)
        sys.stderr.write(run.stderr)
        if run.returncode != 0:
            print(f"popper run exited with {run.returncode}")
            return 1
        got = (Path(out) / "out" / "mixed_sentiment.csv").read_text(encoding="utf-8")
    if args.update:
        expected.write_text(got, encoding="utf-8")
        return 0
    want = expected.read_text(encoding="utf-8")
    if got != want:
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected", "got"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
