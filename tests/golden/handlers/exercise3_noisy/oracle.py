#!/usr/bin/env python3
"""Independent expectation for exercise3_noisy. NoisyTranslate is
re-implemented in ../noisy_translate.py from its definition. The
handler appends every translation to the input, right after the Spanish
line it came from (canonical order: an appended row follows the row it was
traced to), marked translated.

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import noisy_translate  # noqa: E402
from oracle_csv import write  # noqa: E402

SEED, RATE = 2, 0.1


def translate(text):
    return noisy_translate.translate(text, SEED, RATE)


def main(out):
    lines = open(os.path.join(HERE, "lines.txt")).read().splitlines()
    tagged = []  # (line, translated), canonical order: appended rows right after their source line
    translations = []
    for line in lines:
        tagged.append((line, False))
        if line.startswith("es:"):
            t = translate(line)
            translations.append((line, t))
            tagged.append((t, True))
    lang = lambda line: "es" if line.startswith("es:") else "en"
    write(os.path.join(out, "translations.csv"), ["line", "line_en"], translations)
    write(os.path.join(out, "english.csv"), ["line"], [(l,) for l, _ in tagged if lang(l) == "en"])
    write(os.path.join(out, "caught.csv"), ["line"], [(l,) for l, t in tagged if lang(l) != "en" and t])


if __name__ == "__main__":
    main(sys.argv[1])
