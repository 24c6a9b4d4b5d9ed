"""What the handler cases' oracle.py files share: writing expected CSV files
the way Popper's Csv() outputter does (header line, floats in Python repr
notation, no quoting needed for these cases' values)."""


def fmt(v):
    return repr(v) if isinstance(v, float) else str(v)


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(fmt(v) for v in r) + "\n")
