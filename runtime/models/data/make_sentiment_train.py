#!/usr/bin/env python3
"""Writes the fastText training file for the Sentiment operator.

Usage: make_sentiment_train.py OUT

Input (this folder): reviews_train.tsv (label, sentence; authored for Popper)
and vader_lexicon.tsv (word, mean valence; VADER's lexicon, see
vader_NOTICE.txt). A few hundred sentences cover too few words, so every
lexicon entry with a clear valence (|mean| >= 1.0) also becomes a one-word
example, which lets the model score words the sentences never used.
reviews_heldout.tsv is never read here: it measures accuracy.
Text is normalized exactly as runtime/models/Classify.cpp normalizes input.
"""
import string
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def normalize(text):
    out = []
    for c in text:
        if c in string.punctuation and c != "'":
            out.append(" " + c + " ")
        elif c in "\n\r\t":
            out.append(" ")
        else:
            out.append(c.lower() if c.isascii() else c)
    return "".join(out)


def main():
    lines = []
    for row in (HERE / "reviews_train.tsv").read_text(encoding="utf-8").splitlines():
        label, text = row.split("\t", 1)
        lines.append(f"__label__{label} {normalize(text)}")
    for row in (HERE / "vader_lexicon.tsv").read_text(encoding="utf-8").splitlines():
        word, mean = row.split("\t")[:2]
        valence = float(mean)
        if abs(valence) >= 1.0 and word.isalpha():
            lines.append(f"__label__{'positive' if valence > 0 else 'negative'} {word.lower()}")
    Path(sys.argv[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
