#!/usr/bin/env python3
"""Independent expectation for retry_reject: apply the handler's rule to each
reading that reaches it (sensor != ""): while temp > 60 and it was corrected
fewer than RETRY = 2 times, subtract 40; still > 60 after that: rejected
(EVENTUALLY REJECT), with the record's line in readings.csv (header = line 1)
and the row as the handler last saw it, its reason naming the condition;
every subtraction is a correction (corrections.jsonl: the reading before and
after, the round). Then the handler-free workflow in sqlite3 over the corrected readings.

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import csv
import json
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from oracle_csv import fmt, write  # noqa: E402
RETRY = 2


def main(out):
    rows = [(int(r["id"]), r["sensor"], float(r["temp"])) for r in csv.DictReader(open(os.path.join(HERE, "readings.csv")))]
    readings, rejected, corrections = [], [], []
    for line, (i, sensor, temp) in enumerate(rows, start=2):
        n = 0
        if sensor != "":
            while temp > 60.0 and n < RETRY:
                before = {"id": i, "sensor": sensor, "temp": temp}
                temp -= 40.0
                n += 1
                corrections.append({"action": "EDIT", "before": before, "after": {"id": i, "sensor": sensor, "temp": temp},
                                    "condition": "temp > 60.0", "handler": "plausible", "line": line, "round": n,
                                    "source": "readings.csv", "target": "readings"})
            if temp > 60.0:
                rejected.append({"source": "readings.csv", "line": line, "node": "plausible",
                                 "reason": f"handler 'plausible' rejected the row: DETECT still true after {n} corrections (temp > 60.0)",
                                 "row": {"id": i, "sensor": sensor, "temp": temp}})
        readings.append((line, i, sensor, temp, sensor != "" and temp <= 60.0))
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE readings (pos INTEGER, id INTEGER, sensor TEXT, temp REAL, plausible INTEGER)")
    db.executemany("INSERT INTO readings VALUES (?, ?, ?, ?, ?)", readings)
    write(os.path.join(out, "plausible.csv"), ["id", "sensor", "temp"],
          db.execute("SELECT id, sensor, temp FROM readings WHERE plausible ORDER BY pos"))
    write(os.path.join(out, "sensors.csv"), ["sensor", "n", "top"],
          db.execute("SELECT sensor, COUNT(*), MAX(temp) FROM readings WHERE plausible GROUP BY sensor ORDER BY sensor"))
    write(os.path.join(out, "readings.csv"), ["id", "sensor", "temp"],
          db.execute("SELECT id, sensor, temp FROM readings ORDER BY pos"))
    with open(os.path.join(out, "rejects.jsonl"), "w") as f:
        for r in rejected:
            f.write(json.dumps(r, separators=(",", ":"), sort_keys=True) + "\n")
    with open(os.path.join(out, "corrections.jsonl"), "w") as f:
        for c in corrections:  # in (line, round) order
            f.write(json.dumps(c, separators=(",", ":"), sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
