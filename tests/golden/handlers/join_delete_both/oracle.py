#!/usr/bin/env python3
"""Independent expectation for join_delete_both: apply the handlers' rules to
the inputs, then run the handler-free workflow in sqlite3.

  placeholder: every customer with country "XX" that joins an order is deleted.
  fraud: over the joined rows that pass placeholder (customer not "XX"), every
         order with a negative amount is deleted, and so is its customer.
A deleted customer's other joined rows disappear with it. Orders and
customers are listed in file order, joined rows by order then customer.

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
    orders = [(int(r["oid"]), int(r["cust"]), float(r["amount"])) for r in read("orders.csv")]
    custs = [(int(r["cust"]), r["name"], r["country"]) for r in read("custs.csv")]
    joined = [(o, c) for o in orders for c in custs if o[1] == c[0]]
    placeholder = {c[0] for o, c in joined if c[2] == "XX"}
    passing = [(o, c) for o, c in joined if c[0] not in placeholder]
    fraud_orders = {o[0] for o, c in passing if o[2] < 0.0}
    fraud_custs = {c[0] for o, c in passing if o[2] < 0.0}
    orders = [o for o in orders if o[0] not in fraud_orders]
    custs = [c for c in custs if c[0] not in placeholder | fraud_custs]

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE orders (pos INTEGER, oid INTEGER, cust INTEGER, amount REAL)")
    db.execute("CREATE TABLE custs (pos INTEGER, cust INTEGER, name TEXT, country TEXT)")
    db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)", [(p, *o) for p, o in enumerate(orders)])
    db.executemany("INSERT INTO custs VALUES (?, ?, ?, ?)", [(p, *c) for p, c in enumerate(custs)])
    join = "FROM orders JOIN custs ON orders.cust = custs.cust"
    write(os.path.join(out, "joined.csv"), ["oid", "cust", "name", "amount", "country"],
          db.execute(f"SELECT oid, orders.cust, name, amount, country {join} ORDER BY orders.pos, custs.pos"))
    write(os.path.join(out, "totals.csv"), ["name", "n", "total"],
          db.execute(f"SELECT name, COUNT(*), SUM(amount) {join} GROUP BY name ORDER BY name"))
    write(os.path.join(out, "orders_left.csv"), ["oid", "cust", "amount"],
          db.execute("SELECT oid, cust, amount FROM orders ORDER BY pos"))
    write(os.path.join(out, "custs_left.csv"), ["cust", "name", "country"],
          db.execute("SELECT cust, name, country FROM custs ORDER BY pos"))


if __name__ == "__main__":
    main(sys.argv[1])
