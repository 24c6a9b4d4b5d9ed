#!/usr/bin/env python3
"""Outputs that damage nothing, a run that is one transaction (issue 16):
`TO "-"` puts exactly the data on standard output and `FROM "-"` reads
standard input; a FIFO or /dev/stdout is written in place, never replaced; a
link to a file replaces the file and stays a link; a failed run leaves the old
outputs and rejects file byte-identical; a SIGTERM mid-run leaves no temporary
file; the temporary files of a kill -9 are removed by the next run.

    outputs_test.py --popper build/cli/popper
"""
import argparse
import os
import pty
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from checks import Checks, write  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    popper = os.path.abspath(ap.parse_args().popper)
    checks = Checks("outputs")
    expect = checks.expect

    def run(args, cwd, stdin=None, timeout=60, env=None):
        return subprocess.run([popper] + args, input=stdin, capture_output=True, text=True, cwd=cwd,
                              timeout=timeout, env=env)

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    def temps(folder):
        return sorted(n for n in os.listdir(folder) if ".popper-tmp-" in n)

    with tempfile.TemporaryDirectory() as tmp:
        wf = os.path.join(tmp, "wf.scope")

        # TO "-": standard output carries exactly the data; the summary goes to stderr.
        write(os.path.join(tmp, "t.csv"), "id,name\n1,a\n2,b\n3,c\n")
        write(wf, 't = EXTRACT id:int, name:string FROM "t.csv" USING Csv(header: true);\n'
                  'OUTPUT (SELECT id, name FROM t WHERE id > 1) TO "-" USING Csv(header: true);\n'
                  'OUTPUT t TO "all.jsonl" USING Jsonl();\n')
        p = run(["run", wf, "--out-dir", os.path.join(tmp, "o1")], tmp)
        expect("TO '-': exit 0", p.returncode == 0)
        expect("TO '-': stdout is exactly the data", p.stdout == "id,name\n2,b\n3,c\n")
        expect("TO '-': the summary is on stderr", "- (standard output): 2 rows" in p.stderr)
        expect("TO '-': the other output is committed",
               read(os.path.join(tmp, "o1", "all.jsonl")).count(b"\n") == 3)
        expect("TO '-': no file named '-'", not os.path.exists(os.path.join(tmp, "o1", "-")))
        p = run(["run", wf, "-q", "--out-dir", os.path.join(tmp, "o1")], tmp)
        expect("-q: no summary", p.returncode == 0 and p.stderr == "" and p.stdout == "id,name\n2,b\n3,c\n")

        # A reader that goes away (| head): the run fails (exit 3) and commits nothing.
        write(wf, 'i = EXTRACT line:string FROM "-" USING Lines();\nOUTPUT i TO "-" USING Lines();\n'
                  'OUTPUT i TO "copy.txt" USING Lines();\n')
        out7 = os.path.join(tmp, "o7")
        proc = subprocess.Popen([popper, "run", wf, "--out-dir", out7], cwd=tmp, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        def feed():
            try:
                proc.stdin.write(b"a line of text\n" * 400000)
                proc.stdin.close()
            except BrokenPipeError:
                pass  # the run stopped reading: it failed, as it should

        feeder = threading.Thread(target=feed)
        feeder.start()
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(60)
        feeder.join(60)
        expect("| head: the first line came", first == b"a line of text\n")
        expect(f"| head: exit 3 ({proc.returncode})", proc.returncode == 3)
        expect("| head: says standard output is closed", "cannot write 'standard output'" in err)
        expect("| head: nothing committed", os.listdir(out7) == [])

        # On a terminal the progress line shows after a second, but not while
        # an output prints its rows on that same terminal.
        def on_terminal(args, feed):
            master, slave = pty.openpty()
            proc = subprocess.Popen([popper] + args, cwd=tmp, stdin=subprocess.PIPE, stdout=slave, stderr=slave)
            os.close(slave)
            proc.stdin.write(feed)
            proc.stdin.flush()
            time.sleep(1.6)  # the run waits on its input past the progress line's first second
            proc.stdin.close()
            seen = b""
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break  # the terminal's other side is closed: everything was read
                if not chunk:
                    break
                seen += chunk
            proc.wait(30)
            os.close(master)
            return proc.returncode, seen.decode(errors="replace")

        write(wf, 'i = EXTRACT line:string FROM "-" USING Lines();\nOUTPUT i TO "-" USING Lines();\n')
        code, seen = on_terminal(["run", wf, "--out-dir", os.path.join(tmp, "o2")], b"on\nterminal\n")
        expect("terminal, TO '-': exit 0", code == 0)
        expect("terminal, TO '-': the rows, no progress line", "terminal" in seen and "rows/s" not in seen)
        write(wf, 'i = EXTRACT line:string FROM "-" USING Lines();\nOUTPUT i TO "t_out.txt" USING Lines();\n')
        code, seen = on_terminal(["run", wf, "--out-dir", os.path.join(tmp, "o2")], b"on\nterminal\n")
        expect("terminal, to a file: the progress line", code == 0 and "rows/s" in seen)

        # Non-blocking standard streams (a parent may share them so): reads
        # and writes wait for the pipe, never fail with EAGAIN.
        write(wf, 'i = EXTRACT line:string FROM "-" USING Lines();\nOUTPUT i TO "-" USING Lines();\n')
        data = b"".join(b"row %d\n" % n for n in range(200000))
        r_in, w_in = os.pipe()
        r_out, w_out = os.pipe()
        os.set_blocking(r_in, False)
        os.set_blocking(w_out, False)
        proc = subprocess.Popen([popper, "run", wf, "-q", "--out-dir", os.path.join(tmp, "o2")], cwd=tmp,
                                stdin=r_in, stdout=w_out, stderr=subprocess.PIPE)
        os.close(r_in)
        os.close(w_out)

        def feed_slowly():
            time.sleep(0.5)  # popper finds its input empty first
            try:
                os.write(w_in, data)
            except BrokenPipeError:
                pass  # popper gave up reading: the checks below say so
            os.close(w_in)

        feeder = threading.Thread(target=feed_slowly)
        feeder.start()
        time.sleep(1.0)  # and its output full
        got = b""
        while True:
            chunk = os.read(r_out, 1 << 16)
            if not chunk:
                break
            got += chunk
        os.close(r_out)
        feeder.join(30)
        err = proc.stderr.read().decode()
        proc.wait(30)
        expect(f"non-blocking streams: exit 0 ({err.strip()})", proc.returncode == 0)
        expect("non-blocking streams: every row", got == data)

        # FROM "-": standard input, for Csv, Lines and Jsonl, with --verify too (it reads a copy).
        for using, decl, data, expected in [
            ("Csv(header: true)", "id:int, name:string", "id,name\n1,x\n2,y\n", "1,x\n2,y\n"),
            ("Lines()", "line:string", "first line\nsecond\n", "first line\nsecond\n"),
            ("Jsonl()", "id:int, name:string", '{"id": 5, "name": "j"}\n', "5,j\n"),
        ]:
            write(wf, f'i = EXTRACT {decl} FROM "-" USING {using};\nOUTPUT i TO "-" USING Csv();\n')
            scratch = os.path.join(tmp, "scratch")  # $TMPDIR: --verify's copies and scratch files
            os.makedirs(scratch, exist_ok=True)
            for extra in ([], ["--verify"]):
                p = run(["run", wf, "--out-dir", os.path.join(tmp, "o2")] + extra, tmp, stdin=data,
                        env=dict(os.environ, TMPDIR=scratch))
                expect(f"FROM '-' with {using} {extra}: exit 0 ({p.stderr.strip()})", p.returncode == 0)
                expect(f"FROM '-' with {using} {extra}: the rows", p.stdout == expected)
                expect(f"FROM '-' with {using} {extra}: nothing left in $TMPDIR", os.listdir(scratch) == [])

        # With --verify every input is read twice: a FIFO (or /dev/stdin) is copied first.
        write(wf, 'PARAM input : string = "in.fifo";\ni = EXTRACT line:string FROM @input USING Lines();\n'
                  'OUTPUT i TO "-" USING Lines();\n')
        fifo_in = os.path.join(tmp, "in.fifo")
        os.mkfifo(fifo_in)

        def feed_fifo():
            with open(fifo_in, "w") as f:
                f.write("from\na fifo\n")

        feeder = threading.Thread(target=feed_fifo)
        feeder.start()
        p = run(["run", wf, "--verify", "--out-dir", os.path.join(tmp, "o2")], tmp)
        feeder.join(30)
        expect(f"--verify over a FIFO: exit 0 ({p.stderr.strip()})", p.returncode == 0)
        expect("--verify over a FIFO: the rows", p.stdout == "from\na fifo\n")
        p = run(["run", wf, "--verify", "-p", "input=/dev/stdin", "--out-dir", os.path.join(tmp, "o2")], tmp,
                stdin="via\n/dev/stdin\n")
        expect(f"--verify over /dev/stdin: exit 0 ({p.stderr.strip()})", p.returncode == 0)
        expect("--verify over /dev/stdin: the rows", p.stdout == "via\n/dev/stdin\n")

        # FROM "-" read by two extractors is a located check error.
        write(wf, 'a = EXTRACT l:string FROM "-" USING Lines();\nb = EXTRACT l:string FROM "-" USING Lines();\n'
                  'OUTPUT (SELECT l FROM a UNION ALL SELECT l FROM b) TO "o.txt" USING Lines();\n')
        p = run(["check", wf], tmp)
        expect("two FROM '-': exit 1", p.returncode == 1)
        expect("two FROM '-': located error",
               "wf.scope:2:27: error: standard input ('-') can be read by one EXTRACT only" in p.stderr)

        # A FIFO is written in place, never replaced by a regular file.
        write(wf, 't = EXTRACT id:int, name:string FROM "t.csv" USING Csv(header: true);\n'
                  'OUTPUT t TO "fifo" USING Csv();\n')
        out3 = os.path.join(tmp, "o3")
        os.mkdir(out3)
        fifo = os.path.join(out3, "fifo")
        os.mkfifo(fifo)
        got = {}

        def drain():
            with open(fifo, "rb") as f:
                got["bytes"] = f.read()

        reader = threading.Thread(target=drain)
        reader.start()
        p = run(["run", wf, "--out-dir", out3], tmp)
        reader.join(30)
        expect("FIFO: exit 0", p.returncode == 0)
        expect("FIFO: the reader got the rows", got.get("bytes") == b"1,a\n2,b\n3,c\n")
        expect("FIFO: still a FIFO", stat.S_ISFIFO(os.lstat(fifo).st_mode))
        expect("FIFO: no temporary file", temps(out3) == [])

        # /dev/stdout (a link through /proc): written in place; as root the
        # device link used to become a regular file.
        write(wf, 't = EXTRACT id:int, name:string FROM "t.csv" USING Csv(header: true);\n'
                  'OUTPUT t TO "/dev/stdout" USING Lines();\n')
        before = os.readlink("/dev/stdout")
        p = run(["run", wf, "--out-dir", out3], tmp)
        expect("/dev/stdout: exit 0", p.returncode == 0)
        expect("/dev/stdout: the rows on stdout", p.stdout == "1\ta\n2\tb\n3\tc\n")
        expect("/dev/stdout: still the same link",
               os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before)

        # A link to a regular file: the file is replaced, the link stays a link.
        out4 = os.path.join(tmp, "o4")
        os.makedirs(os.path.join(out4, "real"))
        write(os.path.join(out4, "real", "target.csv"), "old\n")
        os.symlink("real/target.csv", os.path.join(out4, "link.csv"))
        write(wf, 't = EXTRACT id:int, name:string FROM "t.csv" USING Csv(header: true);\n'
                  'OUTPUT t TO "link.csv" USING Csv();\n')
        p = run(["run", wf, "--out-dir", out4], tmp)
        expect("link: exit 0", p.returncode == 0)
        expect("link: still a link", os.path.islink(os.path.join(out4, "link.csv")))
        expect("link: the file it points to replaced",
               read(os.path.join(out4, "real", "target.csv")) == b"1,a\n2,b\n3,c\n")

        # A failed run (max_rejects exceeded) commits nothing: the previous
        # outputs and rejects file stay byte-identical, no temporary file.
        out5 = os.path.join(tmp, "o5")
        write(os.path.join(tmp, "r.csv"), "id\n1\nx\n2\n")
        write(wf, 'SET max_rejects = 1;\nr = EXTRACT id:int FROM "r.csv" USING Csv(header: true);\n'
                  'OUTPUT r TO "r_out.csv" USING Csv();\nOUTPUT (SELECT id * 2 AS d FROM r) TO "d.csv" USING Csv();\n')
        p = run(["run", wf, "--out-dir", out5], tmp)
        expect("transaction: first run exit 0", p.returncode == 0)
        old = {n: read(os.path.join(out5, n)) for n in ("r_out.csv", "d.csv", "rejects.jsonl")}
        write(os.path.join(tmp, "r.csv"), "id\n7\nx\ny\n8\n")
        p = run(["run", wf, "--out-dir", out5], tmp)
        expect("transaction: failing run exit 3", p.returncode == 3)
        expect("transaction: the failure shows its first rejects",
               "r.csv:3: r: " in p.stderr and "no rejects file is written for a failed run" in p.stderr)
        expect("transaction: old files byte-identical",
               {n: read(os.path.join(out5, n)) for n in old} == old)
        expect("transaction: nothing else in the folder", sorted(os.listdir(out5)) == sorted(old))

        # A full disk while staging (a file size limit: write() fails as with
        # ENOSPC): exit 3, the message names the file, the old files stay.
        write(wf, 't = EXTRACT id:int, name:string FROM "t.csv" USING Csv(header: true);\n'
                  'OUTPUT (SELECT id, name FROM t WHERE id > 1) TO "small.csv" USING Csv();\n'
                  'i = EXTRACT line:string FROM "big.txt" USING Lines();\nOUTPUT i TO "big_out.txt" USING Lines();\n')
        write(os.path.join(tmp, "big.txt"), "a line of text\n" * 20000)
        out8 = os.path.join(tmp, "o8")
        p = run(["run", wf, "--out-dir", out8], tmp)
        expect("full disk: first run exit 0", p.returncode == 0)
        old = {n: read(os.path.join(out8, n)) for n in ("small.csv", "big_out.txt")}
        write(os.path.join(tmp, "t.csv"), "id,name\n1,a\n2,b\n3,c\n4,d\n")
        limited = subprocess.run(
            [popper, "run", wf, "--out-dir", out8], capture_output=True, text=True, cwd=tmp, timeout=60,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY)))
        expect(f"full disk: exit 3 ({limited.returncode})", limited.returncode == 3)
        expect("full disk: names the file",
               f"cannot write '{os.path.join('o8', 'big_out.txt')}': File too large" in limited.stderr
               or f"cannot write '{os.path.join(out8, 'big_out.txt')}': File too large" in limited.stderr)
        expect("full disk: old files byte-identical", {n: read(os.path.join(out8, n)) for n in old} == old)
        expect("full disk: no temporary file", temps(out8) == [])
        write(os.path.join(tmp, "t.csv"), "id,name\n1,a\n2,b\n3,c\n")

        # A run that fails at --verify (a model that answers at random: the
        # recomputation differs) commits nothing either.
        write(os.path.join(tmp, "rand.py"),
              "import json, random, sys\nfor line in sys.stdin:\n"
              "    print(json.dumps({'@id': json.loads(line)['@id'], 'r': random.random()}), flush=True)\n")
        write(os.path.join(tmp, "v.txt"), "a\nb\n")
        write(wf, 'l = EXTRACT line:string FROM "v.txt" USING Lines();\n'
                  'm = PROCESS l USING Exec(cmd: "python3 rand.py") PRODUCE r:float;\n'
                  'OUTPUT (SELECT line FROM m) TO "v_out.txt" USING Lines();\n')
        out9 = os.path.join(tmp, "o9")
        p = run(["run", wf, "--out-dir", out9], tmp)
        expect("verify: first run exit 0", p.returncode == 0)
        old = read(os.path.join(out9, "v_out.txt"))
        write(os.path.join(tmp, "v.txt"), "a\nb\nc\n")
        p = run(["run", wf, "--verify", "--out-dir", out9], tmp)
        expect(f"verify: the run fails at --verify ({p.returncode})",
               p.returncode == 3 and "--verify found" in p.stderr)
        expect("verify: old output byte-identical", read(os.path.join(out9, "v_out.txt")) == old)
        expect("verify: nothing else in the folder", os.listdir(out9) == ["v_out.txt"])

        # SIGTERM mid-run (the run waits on standard input): no temporary file
        # left, the old outputs intact, the process dies of the signal.
        write(wf, 'i = EXTRACT line:string FROM "-" USING Lines();\nOUTPUT i TO "lines.txt" USING Lines();\n'
                  'OUTPUT i TO "sorted.txt" USING Lines() ORDER BY line;\n')
        out6 = os.path.join(tmp, "o6")
        p = run(["run", wf, "--out-dir", out6], tmp, stdin="b\na\n")
        expect("signal: first run exit 0", p.returncode == 0)
        old = {n: read(os.path.join(out6, n)) for n in ("lines.txt", "sorted.txt")}

        def started_run():
            proc = subprocess.Popen([popper, "run", wf, "--out-dir", out6], cwd=tmp, stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            proc.stdin.write(b"z\n" * 100000)
            proc.stdin.flush()
            deadline = time.time() + 30
            while len(temps(out6)) < 2 and time.time() < deadline:
                time.sleep(0.05)
            return proc

        proc = started_run()
        expect("signal: the run staged its two outputs", len(temps(out6)) == 2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        proc.stdin.close()
        expect(f"signal: died of SIGTERM (returncode {proc.returncode})", proc.returncode == -signal.SIGTERM)
        expect("signal: no temporary file left", temps(out6) == [])
        expect("signal: old outputs intact", {n: read(os.path.join(out6, n)) for n in old} == old)

        # kill -9 leaves its temporary files, named with its PID; the next run
        # into the folder removes them.
        proc = started_run()
        proc.kill()
        proc.wait(30)
        proc.stdin.close()
        left = temps(out6)
        expect("kill -9: temporary files left, named with the PID",
               len(left) == 2 and all(f"-{proc.pid}-" in n for n in left))
        p = run(["run", wf, "--out-dir", out6], tmp, stdin="c\n")
        expect("kill -9: the next run succeeds", p.returncode == 0)
        expect("kill -9: and removes them", temps(out6) == [])
        expect("kill -9: the outputs are the new run's", read(os.path.join(out6, "lines.txt")) == b"c\n")

    return checks.report()


if __name__ == "__main__":
    sys.exit(main())
