#!/usr/bin/env python3
"""Renders the identity-card scans of the identity_cards workflow.

Reads records.csv (the ground truth: what each card really says) and writes
scans.csv plus one grey PNG per card under scans/. Cards are printed in a
small 5x7 bitmap font of the kind cheap card printers use, where 0 and O, 1
and I, 5 and S, 8 and B differ by a pixel or two, then scanned badly: each
card gets its own seeded blur, speckle noise, smudges and contrast, so some
scans are clean and some make an OCR engine misread dates. Standard library
only (zlib and struct write the PNGs); the same records always give the same
bytes.  Usage: python3 make_cards.py [folder]   (default: this script's folder)
"""
import csv
import os
import random
import struct
import sys
import zlib

FONT = {
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
    "C": [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
    "D": ["###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "F": ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
    "G": [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"],
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "I": [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "J": ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
    "K": ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "N": ["#...#", "##..#", "##..#", "#.#.#", "#..##", "#..##", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
    "Q": [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"],
    "R": ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "V": ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "W": ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."],
    "X": ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
    "Y": ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
    "Z": ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"],
    # Digits drawn the way cheap printers do: 0 is an O, 1 an I with a flag.
    "0": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "3": ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    "6": ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
    "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
    "8": [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
    "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    "-": [".....", ".....", ".....", "#####", ".....", ".....", "....."],
    ":": [".....", "..#..", ".....", ".....", ".....", "..#..", "....."],
    "'": ["..#..", "..#..", ".....", ".....", ".....", ".....", "....."],
    " ": [".....", ".....", ".....", ".....", ".....", ".....", "....."],
}

SCALE = 3      # pixels per font dot
ADVANCE = 6    # font dots per character (5 wide + 1 space)
LINE = 12      # font dots per line
MARGIN = 14    # pixels


def card_lines(record):
    return [
        "IDENTITY CARD " + record["country"],
        "NAME: " + record["name"].upper(),
        "DOB: " + record["dob"],
        "ISSUED: " + record["issued"],
        "EXPIRES: " + record["expires"],
    ]


def render(lines, rng, noise):
    width = 2 * MARGIN + SCALE * ADVANCE * max(len(line) for line in lines)
    height = 2 * MARGIN + SCALE * LINE * len(lines)
    ink = [[0.0] * width for _ in range(height)]
    for row, text in enumerate(lines):
        top = MARGIN + row * LINE * SCALE
        for col, ch in enumerate(text):
            left = MARGIN + col * ADVANCE * SCALE
            # Cheap printers place characters a little unevenly.
            jitter = rng.randint(-noise["jitter"], noise["jitter"])
            for y, bits in enumerate(FONT[ch]):
                for x, bit in enumerate(bits):
                    if bit != "#" or rng.random() < noise["dropout"]:
                        continue  # a missing dot: worn print head
                    for dy in range(SCALE):
                        for dx in range(SCALE):
                            yy, xx = top + y * SCALE + dy + jitter, left + x * SCALE + dx
                            if 0 <= yy < height:
                                ink[yy][xx] = 1.0
    for _ in range(noise["smudges"]):  # ink blots beside the text
        cy, cx, r = rng.randrange(height), rng.randrange(width), rng.randint(1, 2)
        for yy in range(max(0, cy - r), min(height, cy + r + 1)):
            for xx in range(max(0, cx - r), min(width, cx + r + 1)):
                ink[yy][xx] = max(ink[yy][xx], 0.8)
    for _ in range(noise["blur"]):  # 3x3 box blur
        blurred = [[0.0] * width for _ in range(height)]
        for y in range(height):
            for x in range(width):
                total, count = 0.0, 0
                for yy in range(max(0, y - 1), min(height, y + 2)):
                    for xx in range(max(0, x - 1), min(width, x + 2)):
                        total += ink[yy][xx]
                        count += 1
                blurred[y][x] = total / count
        ink = blurred
    paper, dark = 235 - rng.randint(0, 20), 40 + noise["fade"]
    pixels = bytearray()
    for y in range(height):
        pixels.append(0)  # PNG filter type: none
        for x in range(width):
            v = paper - (paper - dark) * ink[y][x] + rng.gauss(0, noise["grain"])
            pixels.append(max(0, min(255, int(v))) & 0xF0)  # 16 grey levels keep the files small
    return width, height, bytes(pixels)


def png(width, height, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def noise_for(quality):
    # quality: clean, worn or bad (a column of records.csv).
    levels = {
        "clean": dict(jitter=0, dropout=0.0, smudges=0, blur=0, fade=0, grain=6),
        "worn": dict(jitter=1, dropout=0.03, smudges=4, blur=1, fade=40, grain=12),
        "bad": dict(jitter=1, dropout=0.05, smudges=8, blur=1, fade=60, grain=18),
    }
    return levels[quality]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(folder, "records.csv"), newline="") as f:
        records = list(csv.DictReader(f))
    os.makedirs(os.path.join(folder, "scans"), exist_ok=True)
    with open(os.path.join(folder, "scans.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["card_id", "image", "country"])
        for record in records:
            rng = random.Random(record["card_id"])
            width, height, raw = render(card_lines(record), rng, noise_for(record["quality"]))
            image = "scans/" + record["card_id"].lower() + ".png"
            with open(os.path.join(folder, image), "wb") as img:
                img.write(png(width, height, raw))
            out.writerow([record["card_id"], image, record["country"]])


if __name__ == "__main__":
    main()
