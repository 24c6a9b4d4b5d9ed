#!/usr/bin/env python3
"""An example model for Popper's Exec operator (standard library only).

Exec sends one JSON object per line on stdin, holding the input row's
columns and "@id", the request's id; it expects one JSON object per line on
stdout, in the same order, echoing that "@id" and holding the PRODUCE
columns, or {"@id": ..., "error": "reason"} to reject that row (the protocol:
docs/language.md, "The Exec protocol"). This model reads the `text` column and
produces `words:int` and `shout:string` (the text upper-cased). Flush after
each reply: Exec waits for it. What it writes to stderr is kept for the
reasons of its failures, never shown on the terminal.

Use it as:
  counted = PROCESS lines USING Exec(cmd: "python3 workflows/models/example_model.py")
            PRODUCE words:int, shout:string;
"""
import json
import sys


def predict(row):
    text = row.get("text")
    if not isinstance(text, str):
        return {"error": "no string column 'text'"}
    return {"words": len(text.split()), "shout": text.upper()}


def main():
    for line in sys.stdin:
        try:
            row = json.loads(line)
            reply = predict(row)
        except ValueError as e:
            row, reply = {}, {"error": f"bad request: {e}"}
        reply["@id"] = row.get("@id")
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
