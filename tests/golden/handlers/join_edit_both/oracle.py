#!/usr/bin/env python3
"""Independent expectation for join_edit_both: the two handlers' rules applied
to the inputs until nothing changes (each handler corrects a row's lineage at
most once: RETRY 1), then the handler-free workflow in sqlite3.

  fixc: a joined row with country "XX": its customer gets country "DE" and
        its order's amount is doubled (a customer or order is edited once,
        however many joined rows trace to it).
  neg:  a joined row that passes fixc with amount < 0: its order's amount is
        negated, and a copy of its customer (as it is now) is appended with
        cust + 100, listed right after the customer it copies.

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import csv
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from oracle_csv import fmt, write  # noqa: E402


def main(out):
    read = lambda name: list(csv.DictReader(open(os.path.join(HERE, name))))
    # Rows carry their lineage root (the input line they started from).
    orders = {i: [int(r["oid"]), int(r["cust"]), float(r["amount"])] for i, r in enumerate(read("orders.csv"))}
    custs = [[(i, 0), int(r["cust"]), r["name"], r["country"]] for i, r in enumerate(read("custs.csv"))]
    done = set()  # (handler, kind, root) corrected already
    while True:
        changed = False
        for o_root, o in orders.items():
            for c in custs:
                if o[1] != c[1]:
                    continue
                if c[3] == "XX":
                    for key, apply in ((("fixc", "c", c[0]), lambda: c.__setitem__(3, "DE")),
                                       (("fixc", "o", o_root), lambda: o.__setitem__(2, o[2] * 2.0))):
                        if key not in done:
                            done.add(key)
                            apply()
                            changed = True
                elif o[2] < 0.0:
                    if ("neg", "o", o_root) not in done:
                        done.add(("neg", "o", o_root))
                        o[2] = 0.0 - o[2]
                        changed = True
                    if ("neg", "c", c[0]) not in done:
                        done.add(("neg", "c", c[0]))
                        copy = [(c[0][0], 1), c[1] + 100, c[2], c[3]]
                        custs.insert(custs.index(c) + 1, copy)
                        changed = True
                if changed:
                    break
            if changed:
                break
        if not changed:
            break
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE orders (pos INTEGER, oid INTEGER, cust INTEGER, amount REAL)")
    db.execute("CREATE TABLE custs (pos INTEGER, cust INTEGER, name TEXT, country TEXT)")
    db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)", [(p, *o) for p, o in sorted(orders.items())])
    db.executemany("INSERT INTO custs VALUES (?, ?, ?, ?)", [(p, *c[1:]) for p, c in enumerate(custs)])
    join = "FROM orders JOIN custs ON orders.cust = custs.cust"
    write(os.path.join(out, "joined.csv"), ["oid", "cust", "name", "amount", "country"],
          db.execute(f"SELECT oid, orders.cust, name, amount, country {join} ORDER BY orders.pos, custs.pos"))
    write(os.path.join(out, "totals.csv"), ["country", "n", "total"],
          db.execute(f"SELECT country, COUNT(*), SUM(amount) {join} GROUP BY country ORDER BY country"))
    write(os.path.join(out, "custs_after.csv"), ["cust", "name", "country"],
          db.execute("SELECT cust, name, country FROM custs ORDER BY pos"))


if __name__ == "__main__":
    main(sys.argv[1])
