"""What the handler cases' oracle.py files share: writing expected CSV files
the way Popper's Csv() outputter does (header line, floats in Python repr
notation, a field quoted only when it holds a comma, a quote or a line break)."""


def fmt(v):
    return repr(v) if isinstance(v, float) else str(v)


def field(v):
    s = fmt(v)
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\r\n') else s


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(field(v) for v in r) + "\n")
