#!/usr/bin/env python3
"""The benchmark jobs in pandas (run with Debian's /usr/bin/python3 and python3-pandas).

Usage: bench_pandas.py filter|group|join TRIPS.csv SEGMENTS.csv OUTPUT.csv
"""
import sys

import pandas as pd

TRIPS = {"id": "int64", "seg": "str", "speed": "float64", "lanes": "int64", "note": "str"}
SEGMENTS = {"seg": "str", "name": "str", "speed_limit": "int64"}


def main():
    kind, trips_path, segments_path, out_path = sys.argv[1:5]
    trips = pd.read_csv(trips_path, dtype=TRIPS, keep_default_na=False)
    if kind == "filter":
        fast = trips[(trips.speed > 50) & (trips.lanes >= 2)]
        result = pd.DataFrame({"id": fast.id, "seg": fast.seg, "kmh": fast.speed * 3.6})
    elif kind == "group":
        result = (trips.groupby("seg", sort=True)
                  .agg(n=("id", "size"), mean_speed=("speed", "mean")).reset_index())
    elif kind == "join":
        segments = pd.read_csv(segments_path, dtype=SEGMENTS, keep_default_na=False)
        result = trips.merge(segments, on="seg")[["id", "name", "speed"]]
    else:
        sys.exit("bench_pandas.py: unknown job %r" % kind)
    result.to_csv(out_path, index=False)


if __name__ == "__main__":
    main()
