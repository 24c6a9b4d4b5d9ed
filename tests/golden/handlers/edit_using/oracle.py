#!/usr/bin/env python3
"""Independent expectation for edit_using: the light translator
(NoisyTranslate at error_rate 0.5, seed 3; re-implemented in
../noisy_translate.py) leaves some lines
untranslated; the handler re-runs each such line through the heavy
translator (error_rate 0.0, never wrong) with EDIT light USING, so every
line ends up translated. Lines in file order.

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import noisy_translate  # noqa: E402

SEED, LIGHT_RATE = 3, 0.5


def translate(text, rate):
    return noisy_translate.translate(text, SEED, rate)


def main(out):
    lines = [l for l in open(os.path.join(HERE, "lines.txt")).read().splitlines() if l.startswith("es:")]
    with open(os.path.join(out, "translations.csv"), "w") as f:
        f.write("line,line_en\n")
        for line in lines:
            light = translate(line, LIGHT_RATE)
            f.write(f"{line},{light if not light.startswith('es:') else translate(line, 0.0)}\n")
    # The handler's summary line (expected/handlers.txt) counts one edit per escalated line.
    escalated = sum(1 for line in lines if translate(line, LIGHT_RATE).startswith("es:"))
    print(f"escalated: {escalated} of {len(lines)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
