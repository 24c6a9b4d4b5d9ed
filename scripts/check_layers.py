#!/usr/bin/env python3
"""Fails on an #include that goes up the house.

Every folder of ours is a CMake library declared with popper_library(NAME
DEPS ...); configuring writes the libraries, their folders and their direct
dependencies to build/layers.txt. A file belongs to the library whose folder
is the longest prefix of its path. An `#include "x/y/Z.h"` of one of our
headers is allowed when Z.h belongs to the same library or to one the
including library depends on, directly or not. Anything else is an arrow
from a lower floor to a higher one (or between two libraries that do not
know each other), which the linker may not catch when the header is inline.

  python3 scripts/check_layers.py --layers build/layers.txt [--root .] [--floors]

--floors prints the libraries floor by floor (a library's floor is one more
than the highest floor it depends on) instead of checking.
"""
import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_layers(path):
    libs = {}  # name -> (folder relative to root, [deps])
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            name, folder, deps = line.split("|")
            libs[name] = (folder, [d for d in deps.split(",") if d])
    for name, (folder, deps) in libs.items():
        libs[name] = (folder, [d for d in deps if d in libs])  # only our own libraries
    return libs


def closure(libs):
    reach = {}

    def visit(name, stack):
        if name in reach:
            return reach[name]
        if name in stack:
            sys.exit(f"check_layers: the libraries depend on each other in a circle: {' -> '.join(stack + [name])}")
        out = set()
        for d in libs[name][1]:
            out.add(d)
            out |= visit(d, stack + [name])
        reach[name] = out
        return out

    for name in libs:
        visit(name, [])
    return reach


def owner(path, folders):
    best = None
    for folder, name in folders:
        if path == folder or path.startswith(folder + "/"):
            if best is None or len(folder) > len(best[0]):
                best = (folder, name)
    return best[1] if best else None


def floors(libs, root):
    level = {}

    def visit(name):
        if name not in level:
            level[name] = 1 + max((visit(d) for d in libs[name][1]), default=-1)
        return level[name]

    for name in libs:
        visit(name)
    by_floor = {}
    for name, lvl in level.items():
        by_floor.setdefault(lvl, []).append(f"{name} ({os.path.relpath(libs[name][0], root)}/)")
    for lvl in sorted(by_floor):
        print(f"floor {lvl}: " + ", ".join(sorted(by_floor[lvl])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", required=True)
    ap.add_argument("--root", default=".")
    ap.add_argument("--floors", action="store_true")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    libs = read_layers(args.layers)
    if args.floors:
        floors(libs, root)
        return 0
    reach = closure(libs)
    folders = [(os.path.relpath(folder, root), name) for name, (folder, _) in libs.items()]
    problems = []
    checked = 0
    for folder, name in folders:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            rel_dir = os.path.relpath(dirpath, root)
            if owner(rel_dir, folders) != name:
                dirnames[:] = []  # a sub-folder that is a library of its own is checked as such
                continue
            for fn in sorted(filenames):
                if not fn.endswith((".h", ".cpp")):
                    continue
                rel = os.path.join(rel_dir, fn)
                checked += 1
                with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m or not os.path.exists(os.path.join(root, m.group(1))):
                            continue
                        target = owner(os.path.dirname(m.group(1)), folders)
                        if target is None or target == name or target in reach[name]:
                            continue
                        problems.append(f"{rel}:{lineno}: {name} includes {m.group(1)} of {target}, "
                                        f"which {name} does not depend on (an arrow up the house)")
    for p in problems:
        print(p)
    print(f"check_layers: {checked} files of {len(libs)} libraries, {len(problems)} include(s) going up")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
