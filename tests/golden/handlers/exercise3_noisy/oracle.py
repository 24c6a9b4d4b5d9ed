#!/usr/bin/env python3
"""Independent expectation for exercise3_noisy. NoisyTranslate is
re-implemented here from its definition (runtime/ops/BuiltinOperators.cpp):
a text is mistranslated when mixHash(fnv1a64("<seed>:<text>")) / 2^64 <
error_rate (mixHash: runtime/data/Value.h),
and then comes back unchanged; otherwise its "es:" tag becomes "en:". The
handler appends every translation to the input, right after the Spanish
line it came from (canonical order: an appended row follows the row it was
traced to), marked translated.

    oracle.py OUT_DIR   writes the expected output files into OUT_DIR
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED, RATE = 2, 0.1


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


def translate(text):
    if (mix_hash(fnv1a64(f"{SEED}:{text}")) >> 11) * 2.0**-53 < RATE:
        return text
    return "en:" + text[len("es:"):]


def csv_field(s):
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\r\n') else s


def write(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(csv_field(v) for v in r) + "\n")


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
