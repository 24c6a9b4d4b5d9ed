#!/usr/bin/env python3
"""Independent expectation for group_edit: apply the handler's rule to the
input (per segment: while the mean speed is > 100 and the segment has been
corrected fewer than RETRY = 1 times, divide all its speeds by 10), then run
the handler-free workflow in sqlite3 over the corrected trips. A segment still
implausible after its retry is rejected (EVENTUALLY REJECT, the default).

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import csv
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from oracle_csv import fmt, write  # noqa: E402
RETRY = 1


def main(out):
    trips = [(int(r["id"]), r["seg"], float(r["speed"])) for r in csv.DictReader(open(os.path.join(HERE, "trips.csv")))]
    corrections = {}
    rejected = set()
    while True:
        means = {}
        for _, seg, speed in trips:
            means.setdefault(seg, []).append(speed)
        bad = [s for s, v in means.items() if sum(v) / len(v) > 100.0 and s not in rejected]
        todo = [s for s in bad if corrections.get(s, 0) < RETRY]
        rejected |= {s for s in bad if corrections.get(s, 0) >= RETRY}
        if not todo:
            break
        for s in todo:
            corrections[s] = corrections.get(s, 0) + 1
        trips = [(i, seg, speed / 10.0 if seg in todo else speed) for i, seg, speed in trips]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE trips (pos INTEGER, id INTEGER, seg TEXT, speed REAL)")
    db.executemany("INSERT INTO trips VALUES (?, ?, ?, ?)", [(p, *t) for p, t in enumerate(trips)])
    segs = db.execute("SELECT seg, COUNT(*), AVG(speed), MAX(speed) FROM trips GROUP BY seg ORDER BY seg").fetchall()
    write(os.path.join(out, "segments.csv"), ["seg", "n", "mean", "top"], [s for s in segs if s[0] not in rejected])
    write(os.path.join(out, "trips.csv"), ["id", "seg", "speed"], db.execute("SELECT id, seg, speed FROM trips ORDER BY pos"))
    write(os.path.join(out, "fast.csv"), ["id", "seg", "speed"],
          db.execute("SELECT id, seg, speed FROM trips WHERE speed > 26.0 ORDER BY pos"))


if __name__ == "__main__":
    main(sys.argv[1])
