#!/usr/bin/env python3
"""Golden plan tests (ClickHouse .reference style): one behaviour per case.

A case is <name>.scope with directives in its leading comments:
    // plan-args: -O0 --disable-opt meld     extra arguments for `popper plan`
    // show: passes:pushdown                 which part of the plan to print
(one or more `show:` lines). The driver runs `popper plan --format json`,
renders only the selected parts as short text, and compares them with
<name>.reference. POPPER_UPDATE_GOLDEN=1 rewrites the reference instead.

Selectors:
    passes:NAME   the lines pass NAME reported ("disabled" / "no change")
    nodes         one line per node: id, kind, name, inputs with edge labels
    back_edges    one line per back edge with its label
    extract       the columns each extractor parses
    aux           live/dead append and delete parts per node
    stages        the stages with their pipelines
    lineage       which nodes keep lineage
    physical      the physical decisions: how handlers decide, then per node
                  (streaming or materialized outputs, order keys, blocking
                  inputs, build/probe joins, gates and their id sources, the
                  nodes in the waves)
"""
import argparse
import json
import os
import re
import subprocess
import sys


def node_ref(nodes, node_id):
    n = nodes[node_id]
    return f"#{node_id} {n['kind']}" + (f" {n['name']}" if n["name"] else "")


def render(plan, selector):
    nodes = plan["nodes"]
    out = []
    if selector.startswith("passes:"):
        name = selector.split(":", 1)[1]
        record = next(p for p in plan["passes"] if p["name"] == name)
        if not record["enabled"]:
            out.append("disabled")
        elif not record["changes"]:
            out.append("no change")
        else:
            out.extend(record["changes"])
    elif selector == "nodes":
        for n in nodes:
            inputs = ", ".join(f"#{i['from']} [{i['label']}{', blocking' if i['blocking'] else ''}]" for i in n["inputs"])
            out.append(node_ref(nodes, n["id"]) + (f" <- {inputs}" if inputs else ""))
            out.extend("    " + d for d in n["detail"])
    elif selector == "back_edges":
        for b in plan["back_edges"]:
            out.append(f"{node_ref(nodes, b['from'])} -> {node_ref(nodes, b['to'])} [{b['label']}] {b['action']}")
    elif selector == "extract":
        for n in nodes:
            if n["kind"] == "Extract":
                out.append(f"{node_ref(nodes, n['id'])}: parses {', '.join(n['read_columns'])}")
    elif selector == "aux":
        for n in nodes:
            out.append(f"{node_ref(nodes, n['id'])}: o+ {'live' if n['append_live'] else 'dead'}, "
                       f"o- {'live' if n['delete_live'] else 'dead'}")
    elif selector == "stages":
        for s in plan["stages"]:
            head = f"stage {s['index']}" + (" (cycle)" if s["cyclic"] else "")
            if s["depends_on"]:
                head += " after " + ", ".join(str(d) for d in s["depends_on"])
            out.append(head)
            for p in s["pipelines"]:
                out.append("    " + " -> ".join(node_ref(nodes, i) for i in p))
    elif selector == "lineage":
        for n in nodes:
            out.append(f"{node_ref(nodes, n['id'])}: {'kept' if n['keep_lineage'] else 'none'}")
    elif selector == "physical":
        out.append(f"corrections: {plan['corrections']}")
        for n in nodes:
            if n["physical"]:
                out.append(f"{node_ref(nodes, n['id'])}: {', '.join(n['physical'])}")
    else:
        raise SystemExit(f"unknown selector {selector!r}")
    return out


def smoke(popper, case):
    for extra in ([], ["-O0"], ["--format", "json"], ["--format", "dot"], ["--format", "json", "-O0"]):
        proc = subprocess.run([popper, "plan", case] + extra, capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            print(f"popper plan {case} {' '.join(extra)} exited with {proc.returncode}")
            return 1
        if "json" in extra:
            json.loads(proc.stdout)
    return 0


def unknown_pass(popper, case):
    proc = subprocess.run([popper, "plan", case, "--disable-opt", "nosuch"], capture_output=True, text=True, timeout=60)
    expected = "unknown optimizer pass 'nosuch' in --disable-opt (valid: fold, dead, pushdown, prune, meld, gc)"
    # spdlog may log to either stream depending on how main configures it
    if proc.returncode != 2 or expected not in proc.stdout + proc.stderr:
        print(f"exit {proc.returncode}, stderr: {proc.stderr}")
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--popper", required=True)
    ap.add_argument("--smoke", action="store_true",
                    help="only require that the workflow plans in every format, with and without -O0")
    ap.add_argument("--unknown-pass", action="store_true",
                    help="require that --disable-opt with an unknown name is a usage error listing the passes")
    ap.add_argument("case")
    args = ap.parse_args()
    if args.smoke:
        return smoke(args.popper, args.case)
    if args.unknown_pass:
        return unknown_pass(args.popper, args.case)

    text = open(args.case, encoding="utf-8").read()
    extra = []
    selectors = []
    for line in text.splitlines():
        m = re.match(r"\s*//\s*plan-args:\s*(.*)", line)
        if m:
            extra += m.group(1).split()
        m = re.match(r"\s*//\s*show:\s*(\S+)", line)
        if m:
            selectors.append(m.group(1))
    if not selectors:
        raise SystemExit(f"{args.case}: no // show: directive")

    proc = subprocess.run([args.popper, "plan", args.case, "--format", "json"] + extra,
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"popper plan exited with {proc.returncode}")
    plan = json.loads(proc.stdout)
    actual = []
    for s in selectors:
        actual.append(f"-- {s}")
        actual.extend(render(plan, s))
    actual = "\n".join(actual) + "\n"

    reference = os.path.splitext(args.case)[0] + ".reference"
    if os.environ.get("POPPER_UPDATE_GOLDEN") == "1":
        with open(reference, "w", encoding="utf-8") as f:
            f.write(actual)
        return 0
    expected = open(reference, encoding="utf-8").read()
    if actual != expected:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                   "expected " + reference, "actual"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
