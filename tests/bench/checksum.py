#!/usr/bin/env python3
"""Summarises one benchmark output CSV so outputs of different tools can be compared.

Each tool formats floats its own way (mawk's %.6g, sqlite's %.15g, Popper's
shortest round trip), so floats are compared after rounding to the precision
the data has; everything else must match exactly. Row order is ignored except
for the GROUP BY job, whose output is ordered by seg and must be.

Usage: checksum.py filter|group|join OUTPUT.csv  -> prints one line "rows=... sum=..."
"""
import csv
import sys
import zlib


def main():
    kind, path = sys.argv[1], sys.argv[2]
    rows = 0
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)  # header
        if kind == "filter":  # id, seg, kmh
            sum_id = sum_seg = sum_kmh = 0
            for r in reader:
                rows += 1
                sum_id += int(r[0])
                sum_seg += zlib.crc32(r[1].encode())
                sum_kmh += round(float(r[2]) * 100)
            print("rows=%d id=%d seg=%d kmh_centi=%d" % (rows, sum_id, sum_seg, sum_kmh))
        elif kind == "group":  # seg, n, mean_speed ordered by seg
            sum_n, sum_mean = 0, 0.0
            previous = ""
            ordered = True
            for r in reader:
                rows += 1
                ordered = ordered and r[0] > previous
                previous = r[0]
                sum_n += int(r[1])
                sum_mean += float(r[2])
            # means summed in a different order differ in the last bits only
            print("rows=%d n=%d mean_sum=%.4f ordered=%s" % (rows, sum_n, sum_mean, ordered))
        elif kind == "join":  # id, name, speed
            sum_id = sum_name = sum_speed = 0
            for r in reader:
                rows += 1
                sum_id += int(r[0])
                sum_name += zlib.crc32(r[1].encode())
                sum_speed += round(float(r[2]) * 10)
            print("rows=%d id=%d name=%d speed_deci=%d" % (rows, sum_id, sum_name, sum_speed))
        else:
            sys.exit("checksum.py: unknown benchmark kind %r" % kind)


if __name__ == "__main__":
    main()
