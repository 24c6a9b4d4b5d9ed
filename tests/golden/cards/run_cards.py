#!/usr/bin/env python3
"""Golden runs of real OCR (tesseract) on the shipped identity-card scans.

Case "light": tests/golden/cards/ocr_light.scope, the light engine alone
(PROCESS Ocr), output compared with expected/light/.
Case "identity_cards": workflows/identity_cards.scope, light engine first and
escalation of implausible dates through EDIT ocr USING Ocr(engine: "alt");
out/cards.csv, out/cards_by_country.csv and the rejected card ids compared
with expected/identity_cards/.
Each case runs with --threads 1 and 2 (outputs must be identical) and is then
scored against the ground truth (workflows/data/cards/records.csv); for the
full workflow, an accepted card that breaks the handler's rule fails the test.
With --update, rewrites the case's expected files from a --threads 1 run."""
import argparse
import csv
import difflib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CASES = {
    "light": ("tests/golden/cards/ocr_light.scope", ["ocr_light.csv"], False),
    "identity_cards": ("workflows/identity_cards.scope", ["out/cards.csv", "out/cards_by_country.csv"], True),
}


def run(popper, source, case, out, threads):
    workflow, outputs, _ = CASES[case]
    cmd = [popper, "run", str(Path(source) / workflow), "--out-dir", out, "--threads", str(threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=280)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        sys.exit(f"popper run exited with {done.returncode}")
    got = {Path(o).name: (Path(out) / o).read_text(encoding="utf-8") for o in outputs}
    rejected = []
    rejects = Path(out) / "rejects.jsonl"
    if rejects.exists():
        for line in rejects.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            rejected.append(f"{Path(str(r.get('source', ''))).name}:{r.get('line')} {r.get('node')}: {r.get('reason')}")
    got["rejected.txt"] = "".join(r + "\n" for r in sorted(rejected))
    return got


def score(source, rows, strict):
    truth = {r["card_id"]: r for r in csv.DictReader(open(Path(source) / "workflows/data/cards/records.csv"))}
    right = names = 0
    for r in rows:
        plausible = all(DATE.match(r[f]) for f in ("dob", "issued", "expires")) and r["dob"] <= r["issued"] <= r["expires"]
        if strict and not plausible:
            sys.exit(f"card {r['card_id']} passed the handler with implausible dates")
        right += sum(r[f] == truth[r["card_id"]][f] for f in ("dob", "issued", "expires"))
        names += r["name"] == truth[r["card_id"]]["name"].upper()
    print(f"cards out: {len(rows)} of {len(truth)}; dates matching the ground truth: {right} of {3 * len(rows)}; "
          f"names: {names} of {len(rows)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    popper = str(Path(args.popper).resolve())
    expected = HERE / "expected" / args.case
    failed = False
    for threads in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            got = run(popper, args.source, args.case, out, threads)
        if args.update:
            expected.mkdir(parents=True, exist_ok=True)
            for name, text in got.items():
                (expected / name).write_text(text, encoding="utf-8")
            return 0
        for name, text in got.items():
            want = (expected / name).read_text(encoding="utf-8")
            if text != want:
                failed = True
                print(f"--threads {threads}: {name} differs")
                sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), "expected", "got"))
        if threads == 1:
            main_csv = Path(CASES[args.case][1][0]).name
            score(args.source, list(csv.DictReader(got[main_csv].splitlines())), CASES[args.case][2])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
