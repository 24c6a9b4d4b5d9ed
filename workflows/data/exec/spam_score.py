#!/usr/bin/env python3
"""A tiny model for Exec(): reads one JSON object per line on stdin (the row's
columns and "@id") and writes one JSON object per line on stdout (the produced
columns, echoing the request's "@id").
Scores a review as spam by counting promotional phrases."""
import json
import sys

PHRASES = ("buy now", "free", "click", "discount", "http", "www.", "!!!")

for line in sys.stdin:
    row = json.loads(line)
    text = str(row.get("text", "")).lower()
    hits = sum(text.count(p) for p in PHRASES)
    score = min(1.0, hits / 3.0)
    print(json.dumps({"@id": row["@id"], "spam": score >= 0.5, "spam_score": score}), flush=True)
