#!/usr/bin/env python3
"""Golden test driver for `popper check` (python3 standard library only).

Bad workflow mode (one case):
    run_check_golden.py --popper BIN --case tests/golden/check/NAME.scope [--update]
runs `popper check NAME.scope` from the case's folder, so paths in messages
are stable, and compares what it prints (stdout, then stderr) with
NAME.reference byte for byte, and its exit code with the expected one.
Directives in the case's leading `//` comment lines:
    // run: check other.scope -p x=1   arguments instead of `check NAME.scope`
    // exit: 2                          expected exit code (default 1)
--update writes the actual output to NAME.reference instead of comparing
(review every line it writes before keeping it).

Good workflow mode:
    run_check_golden.py --popper BIN --good workflows/NAME.scope [-- extra args]
runs `popper check NAME.scope [extra args]` from the workflow's folder and
requires exit code 0 and no diagnostic at all.
"""
import argparse
import difflib
import os
import shlex
import subprocess
import sys

TIMEOUT_SECONDS = 30


def directives(scope_path):
    """The `// key: value` lines at the top of a case file."""
    found = {}
    try:
        with open(scope_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if not line.startswith("//"):
                    break
                key, sep, value = line[2:].strip().partition(":")
                if sep and key.strip() in ("run", "exit"):
                    found[key.strip()] = value.strip()
    except FileNotFoundError:
        pass
    return found


def run(popper, args, cwd):
    proc = subprocess.run([popper] + args, cwd=cwd, capture_output=True,
                          timeout=TIMEOUT_SECONDS)
    output = proc.stdout + proc.stderr
    return proc.returncode, output.decode("utf-8", errors="replace")


def check_bad(popper, case, update):
    folder, file_name = os.path.split(os.path.abspath(case))
    name = file_name[: -len(".scope")]
    found = directives(case)
    args = shlex.split(found["run"]) if "run" in found else ["check", file_name]
    expected_exit = int(found.get("exit", "1"))
    code, output = run(popper, args, folder)
    reference_path = os.path.join(folder, name + ".reference")
    if update:
        with open(reference_path, "w", encoding="utf-8") as f:
            f.write(output)
        print(f"{name}: wrote {reference_path} (exit {code}, expected {expected_exit})")
        return 0 if code == expected_exit else 1
    with open(reference_path, encoding="utf-8") as f:
        expected = f.read()
    ok = True
    if output != expected:
        ok = False
        print(f"{name}: output differs from {name}.reference")
        sys.stdout.writelines(difflib.unified_diff(
            expected.splitlines(keepends=True), output.splitlines(keepends=True),
            fromfile=name + ".reference", tofile="actual"))
    if code != expected_exit:
        ok = False
        print(f"{name}: exit code {code}, expected {expected_exit}")
    if ok:
        print(f"{name}: ok")
    return 0 if ok else 1


def check_good(popper, workflow, extra):
    folder, file_name = os.path.split(os.path.abspath(workflow))
    code, output = run(popper, ["check", file_name] + extra, folder)
    if code != 0 or output.strip():
        print(f"{file_name}: expected exit 0 and no diagnostics, got exit {code}:")
        print(output)
        return 1
    print(f"{file_name}: ok")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--popper", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--case")
    group.add_argument("--good")
    parser.add_argument("--update", action="store_true")
    parser.add_argument("extra", nargs="*")
    opts = parser.parse_args()
    opts.popper = os.path.abspath(opts.popper)  # the runs change the working directory
    if opts.case:
        return check_bad(opts.popper, opts.case, opts.update)
    return check_good(opts.popper, opts.good, opts.extra)


if __name__ == "__main__":
    sys.exit(main())
