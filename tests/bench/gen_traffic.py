#!/usr/bin/env python3
"""Generates the benchmark's traffic table: `id,seg,speed,lanes,note` rows.

Deterministic for a given --rows and --seed, so every tool and every run reads
the same bytes. Also writes the segments table the JOIN benchmark joins with
(`seg,name,speed_limit`; only even-numbered segments are listed, so about half of
the trips find a partner).

Values are chosen so every tool parses them the same way: speeds have one
decimal, notes never need CSV quoting (mawk splits on commas).
"""
import argparse
import random
import sys

NOTES = ["ok", "jam", "roadwork", "wet", "", "accident", "fog", "ok"]


def write_trips(path, rows, segments, seed):
    rng = random.Random(seed)
    rand = rng.random
    randrange = rng.randrange
    seg_names = ["S%04d" % i for i in range(segments)]
    notes = NOTES
    with open(path, "w", newline="") as out:
        out.write("id,seg,speed,lanes,note\n")
        chunk = []
        for i in range(1, rows + 1):
            # speed in [0, 130) with one decimal, as the sensors report it
            tenths = int(rand() * 1300)
            chunk.append("%d,%s,%d.%d,%d,%s\n" % (
                i, seg_names[randrange(segments)], tenths // 10, tenths % 10,
                1 + randrange(5), notes[i & 7]))
            if len(chunk) == 100000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))


def write_segments(path, segments):
    with open(path, "w", newline="") as out:
        out.write("seg,name,speed_limit\n")
        for i in range(0, segments, 2):
            out.write("S%04d,Road %d,%d\n" % (i, i, 50 + 10 * (i % 7)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True, help="trips CSV to write")
    parser.add_argument("--segments-out", help="segments CSV to write")
    args = parser.parse_args()
    write_trips(args.out, args.rows, args.segments, args.seed)
    if args.segments_out:
        write_segments(args.segments_out, args.segments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
