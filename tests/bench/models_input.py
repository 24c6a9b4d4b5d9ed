#!/usr/bin/env python3
"""Writes the models benchmark's input: N lines drawn (seeded) from the
English and Spanish sentences in models_sentences.txt, each with a small
numbered suffix so that no two lines are equal.
Usage: models_input.py N OUT"""
import os
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "models_sentences.txt"), encoding="utf-8") as f:
    sentences = [s.strip() for s in f if s.strip()]
rng = random.Random(7)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        s = rng.choice(sentences)
        f.write(s[:-1] + (" (%d)" % i) + s[-1] + "\n")
