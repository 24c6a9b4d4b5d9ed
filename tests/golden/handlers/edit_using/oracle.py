#!/usr/bin/env python3
"""Independent expectation for edit_using: the light translator
(NoisyTranslate at error_rate 0.5, seed 3; re-implemented here from its
definition in runtime/ops/BuiltinOperators.cpp) leaves some lines
untranslated; the handler re-runs each such line through the heavy
translator (error_rate 0.0, never wrong) with EDIT light USING, so every
line ends up translated. Lines in file order.

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED, LIGHT_RATE = 3, 0.5


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def mix_hash(h):
    mask = 0xFFFFFFFFFFFFFFFF
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & mask
    h ^= h >> 33
    return h


def translate(text, rate):
    if (mix_hash(fnv1a64(f"{SEED}:{text}")) >> 11) * 2.0**-53 < rate:
        return text
    return "en:" + text[len("es:"):]


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
