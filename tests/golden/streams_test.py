#!/usr/bin/env python3
"""Which stream popper writes to: errors, warnings and logs go to standard
error, standard output carries only what a command produces (issue 16: usage
errors and run failures used to go to stdout); a mistyped command gets a
suggestion (it used to get "A subcommand is required").

    streams_test.py --popper build/cli/popper
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from checks import Checks  # noqa: E402


def run(popper, args, cwd):
    return subprocess.run([popper] + args, capture_output=True, text=True, cwd=cwd, timeout=60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    popper = os.path.abspath(ap.parse_args().popper)
    checks = Checks("streams")
    expect = checks.expect

    with tempfile.TemporaryDirectory() as tmp:
        # A usage error: exit 2, the error on stderr, nothing on stdout.
        p = run(popper, ["run", os.path.join(tmp, "nope.scope")], tmp)
        expect("missing workflow: exit 2", p.returncode == 2)
        expect("missing workflow: nothing on stdout", p.stdout == "")
        expect("missing workflow: error on stderr", "popper: error: cannot open workflow file" in p.stderr)

        # A run failure (a missing input): exit 3, the error on stderr.
        wf = os.path.join(tmp, "wf.scope")
        with open(wf, "w") as f:
            f.write('t = EXTRACT a:int FROM "missing.csv" USING Csv();\nOUTPUT t TO "o.csv" USING Csv();\n')
        p = run(popper, ["run", wf, "--out-dir", os.path.join(tmp, "out")], tmp)
        expect("run failure: exit 3", p.returncode == 3)
        expect("run failure: nothing on stdout", p.stdout == "")
        expect("run failure: error on stderr", "popper: error: run failed" in p.stderr)

        # check --format json: the diagnostics are the output, on stdout, as JSON.
        with open(wf, "w") as f:
            f.write('t = EXTRACT a:int FROM "x.csv" USING Csv();\nOUTPUT u TO "o.csv" USING Csv();\n')
        p = run(popper, ["check", wf, "--format", "json"], tmp)
        expect("check --format json: exit 1", p.returncode == 1)
        try:
            json.loads(p.stdout)
        except ValueError:
            failures.append("check --format json: stdout is not JSON")

        # A mistyped command: exit 2, a suggestion on stderr.
        p = run(popper, ["runn", "wf.scope"], tmp)
        expect("mistyped command: exit 2", p.returncode == 2)
        expect("mistyped command: suggestion on stderr",
               "popper: error: unknown command 'runn'; did you mean 'run'?" in p.stderr and p.stdout == "")

    return checks.report()


if __name__ == "__main__":
    sys.exit(main())
