#!/usr/bin/env python3
"""Exec's faults through the real `popper` binary (issue 16): a command that
cannot start fails the run at once (exit 3, its error on stderr) instead of
rejecting every row, as a PROCESS and as a handler's EDIT ... USING; a model that rejects every row fails the run unless
max_rejects allows it; a model that floods its stderr and crashes on one row
prints nothing of it on the terminal, and the rejects file gives the reason
with the stderr tail; a model that writes an extra line does not shift any
row's values.

    exec_faults_test.py --popper build/cli/popper
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from checks import Checks, write  # noqa: E402

MODEL = """import json, sys
for line in sys.stdin:
    row = json.loads(line)
    i, t = row['@id'], row['line']
{body}"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    popper = os.path.abspath(ap.parse_args().popper)
    checks = Checks("exec faults")
    expect = checks.expect

    with tempfile.TemporaryDirectory() as tmp:
        write(os.path.join(tmp, "in.txt"), "".join(f"row {k}" + (" " + "x" * (k % 5) if k % 5 else "") + "\n" for k in range(200)))
        wf = os.path.join(tmp, "wf.scope")

        def run_with(cmd, extra="", out="out"):
            write(wf, extra + 'l = EXTRACT line:string FROM "in.txt" USING Lines();\n'
                  f'm = PROCESS l USING Exec(cmd: "{cmd}", timeout_ms: 5000) PRODUCE n:int;\n'
                  'OUTPUT m TO "m.csv" USING Csv();\n')
            start = time.monotonic()
            p = subprocess.run([popper, "run", wf, "--out-dir", os.path.join(tmp, out)], capture_output=True,
                               text=True, cwd=tmp, timeout=120)
            return p, time.monotonic() - start

        # A command that cannot start: exit 3 at once, naming the command and its error.
        p, seconds = run_with("popper-no-such-model")
        expect(f"cannot start: exit 3 ({p.returncode})", p.returncode == 3)
        expect(f"cannot start: fails at once ({seconds:.1f} s)", seconds < 10)
        expect("cannot start: the error names the command and the shell's message",
               "popper: error: run failed: operator 'Exec' of 'm' failed: Exec command 'popper-no-such-model'"
               " cannot start: it exited with status 127 before replying" in p.stderr
               and "popper-no-such-model: not found" in p.stderr)
        expect("cannot start: nothing on stdout", p.stdout == "")

        # The same as a handler's EDIT ... USING: the run fails, it does not reject the row.
        write(os.path.join(tmp, "length.py"), MODEL.format(
            body="    print(json.dumps({'@id': i, 'n': len(t)}), flush=True)\n"))
        write(wf, 'l = EXTRACT line:string FROM "in.txt" USING Lines();\n'
              'm = PROCESS l USING Exec(cmd: "python3 length.py") PRODUCE n:int;\n'
              's = SELECT line, n FROM m;\n'
              'h = HANDLE s DETECT n > 8 CORRECT EDIT m USING Exec(cmd: "popper-no-such-model");\n'
              'OUTPUT h TO "h.csv" USING Csv();\n')
        p = subprocess.run([popper, "run", wf, "--out-dir", os.path.join(tmp, "using")], capture_output=True,
                           text=True, cwd=tmp, timeout=120)
        expect(f"EDIT USING cannot start: exit 3 ({p.returncode}: {p.stderr})", p.returncode == 3)
        expect("EDIT USING cannot start: the error names the handler and the command",
               "HANDLE 'h': an EDIT ... USING operator failed: Exec command 'popper-no-such-model' cannot start"
               in p.stderr)
        expect("EDIT USING cannot start: nothing written", not os.path.exists(os.path.join(tmp, "using", "h.csv")))

        # A model that rejects every row: exit 3; with max_rejects allowing it, exit 0.
        write(os.path.join(tmp, "refuse.py"), MODEL.format(
            body="    print(json.dumps({'@id': i, 'error': 'no'}), flush=True)\n"))
        p, _ = run_with("python3 refuse.py")
        expect(f"every row rejected: exit 3 ({p.returncode})", p.returncode == 3)
        expect("every row rejected: says so", "every input row was rejected (200 rejects" in p.stderr)
        p, _ = run_with("python3 refuse.py", extra="SET max_rejects = 200;\n", out="allowed")
        expect(f"every row rejected within max_rejects: exit 0 ({p.returncode})", p.returncode == 0)

        # A model that floods its stderr and dies on one row: nothing on the
        # terminal, the reason with the stderr tail in the rejects file.
        write(os.path.join(tmp, "noisy.py"), MODEL.format(body="""    sys.stderr.write('NOISE ' * 20000 + '\\n')
    if t == 'row 7 xx':
        sys.stderr.write('Traceback: model died on row 7\\n')
        sys.exit(4)
    print(json.dumps({'@id': i, 'n': len(t)}), flush=True)
"""))
        p, _ = run_with("python3 noisy.py", out="noisy")
        expect(f"noisy model: exit 0 ({p.returncode})", p.returncode == 0)
        expect("noisy model: its stderr is not on the terminal", "NOISE" not in p.stderr and "Traceback" not in p.stderr)
        with open(os.path.join(tmp, "noisy", "rejects.jsonl")) as f:
            rejects = [json.loads(line) for line in f]
        expect(f"noisy model: one reject ({len(rejects)})", len(rejects) == 1)
        reason = rejects[0]["reason"] if rejects else ""
        expect("noisy model: the reason says how the worker ended",
               "Exec worker exited with status 4 before replying to this row; stderr: " in reason)
        expect("noisy model: the reason ends with the stderr tail",
               reason.endswith("Traceback: model died on row 7"))
        expect(f"noisy model: the tail is bounded ({len(reason)})", len(reason) < 4096 + 200)

        # A model that writes one extra line: every row keeps its own value.
        write(os.path.join(tmp, "extra.py"), MODEL.format(body="""    print(json.dumps({'@id': i, 'n': len(t)}), flush=True)
    if t == 'row 3 xxx':
        print(json.dumps({'@id': i, 'n': -1}), flush=True)
"""))
        p, _ = run_with("python3 extra.py", out="extra")
        expect(f"extra line: exit 0 ({p.returncode})", p.returncode == 0)
        with open(os.path.join(tmp, "extra", "m.csv")) as f:
            rows = [line.rstrip("\n").rsplit(",", 1) for line in f]
        expect(f"extra line: 200 rows ({len(rows)})", len(rows) == 200)
        expect("extra line: each row has its own value", all(int(n) == len(t) for t, n in rows))
        expect("extra line: no rejects file", not os.path.exists(os.path.join(tmp, "extra", "rejects.jsonl")))

    return checks.report()


if __name__ == "__main__":
    sys.exit(main())
