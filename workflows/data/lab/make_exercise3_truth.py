#!/usr/bin/env python3
"""Writes gt/exercise3_positive.csv and gt/exercise3_negative.csv, the ground
truth of workflows/lab_exercise3.scope, whose outputs list each review in
English: an English review as written, a Spanish one as Apertium translates it.

The labels are the hand labels of gt/mixed_sentiment.csv (line, lang,
sentiment); only the text of a Spanish review's key comes from the model: it is
looked up in the translations.csv that a run of the workflow writes.

Usage: make_exercise3_truth.py OUT_DIR/out/translations.csv
"""
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    translations = {row["line"]: row["line_en"] for row in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
    truth = {"positive": [], "negative": []}
    for row in csv.DictReader(open(HERE / "gt" / "mixed_sentiment.csv", encoding="utf-8")):
        english = row["line"] if row["lang"] == "en" else translations[row["line"]]
        truth[row["sentiment"]].append(english)
    for sentiment, lines in truth.items():
        with open(HERE / "gt" / f"exercise3_{sentiment}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["line"])
            writer.writerows([line] for line in lines)


if __name__ == "__main__":
    main()
