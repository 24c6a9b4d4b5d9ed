#!/usr/bin/env python3
r"""Independent oracle for the `popper run` golden tests (tests/golden/run/<case>/).

It never runs Popper. It loads a case's input files into SQLite with its own
readers, runs the SQL queries kept in <case>/oracle.sql (the hand-written
equivalent of <case>/wf.scope), and writes what Popper must produce into
<case>/expected/: every output file byte for byte, the rejects it must record
(expected/rejects.jsonl) and the run's outcome (expected/summary.json).

    sqlite_oracle.py CASE_DIR...            regenerate CASE_DIR/expected
    sqlite_oracle.py --out DIR CASE_DIR     write elsewhere (tests compare the two)
    sqlite_oracle.py --data-dir D CASE_DIR  read relative input paths from D (generated data)
    sqlite_oracle.py --check CASE_DIR...    fail if CASE_DIR/expected is not what the oracle computes

Assumptions this oracle makes, which the engine implements the same way
(DESIGN.md sections 1 and 3 leave them open or state them briefly):

Row order
  * An OUTPUT with ORDER BY is a stable sort: ties keep the canonical order below.
    Strings compare bytewise (UTF-8 byte order == code point order), ints and
    floats numerically, false < true.
  * Without ORDER BY, rows come in canonical lineage order:
      - an EXTRACT's rows in file order;
      - a SELECT without GROUP BY keeps its input's order;
      - a JOIN orders by the left row's position, then the right row's position;
      - a grouped SELECT orders its groups by the group key values, ascending
        (first key, then second ...); a global aggregate is one row;
      - a UNION lists all rows of its first input, then of its second, ... each
        in its own canonical order.
    In oracle.sql every query therefore ends in an explicit ORDER BY on helper
    columns (`_pos` = record index in the file, `_line` = its first line).

Value formats (docs/language.md, "Outputs, errors and determinism")
  * int: decimal. bool: `true` / `false` (CSV, Lines and JSON alike).
  * float: Python's repr: the shortest digits that read back to the same
    double; fixed notation when the decimal exponent is in [-4, 16), always
    with a '.' (`36.0`, `0.1`, `0.0001`, `1000000000000000.0`), otherwise
    scientific with a sign and at least two exponent digits (`1e+16`,
    `1e+20`, `1e-05`, `1.5e-07`). The same text in CSV, Jsonl, Lines and to_string.
  * CSV output: fields separated by ',', each line ended by '\n' (not CRLF);
    a field is quoted only when it contains the delimiter, '"', '\n' or
    '\r', with inner quotes doubled; an empty string is an empty field, except
    in a one-column file, where it is written "" so that the line is not blank.
    With header: true the first line holds the column names, quoted the same way.
  * Jsonl output: one compact object per line, `{"a":1,"b":"x"}`, keys in
    column order, no spaces, non-ASCII characters written as UTF-8 (not
    \u-escaped); quote, backslash, \n, \r and \t escaped so, other control characters
    as \u00xx with lower-case hex (\u0001, \u0008).
  * Lines output: one column, its value as to_string prints it, then '\n'.

Input formats
  * Csv: RFC 4180. Quoted fields may hold the delimiter, doubled quotes, '\n'
    and '\r\n'; records end with '\n' or '\r\n'. With header: true, columns are
    matched by name and a schema column missing from the header takes its
    default. A record whose field count differs from the header's (or from
    the schema's without a header) is a malformed line: a reject. A field that
    does not parse as its column's type is a reject: int is [+-]?[0-9]+ within
    64 bits, float is the usual decimal/exponent syntax (no inf/nan, no
    spaces), bool is true/false.
  * Jsonl: one object per line; fields matched by name, absent fields take the
    default; an int is accepted for a float column, nothing else converts.
  * Lines: one row per '\n'-terminated line (a last line without '\n' counts;
    an empty line is a row with ""; a '\r' before the '\n' is dropped); the
    line goes to the first column, the others take their defaults.
  * Reject records carry source (the input path as written; compared by
    file name), line (the 1-based line where the record starts, so a header is
    line 1 and a record after a quoted newline starts further down), node (the
    rowset that failed: the EXTRACT for input errors, the SELECT for failing
    expressions) and reason. A row whose WHERE is false is filtered before its
    projections are evaluated, so it is never rejected by them; AND and OR
    short-circuit.
  * `SET max_rejects = n` fails the run (exit code 3, no output files) when a
    run has more than n rejects; without it there is no limit.
  * A missing input file fails the whole run the same way: exit code 3 and no
    output file, not even the outputs that do not read that input.

Where SQLite's semantics differ from Popper's, Popper's are computed in Python
functions registered with create_function (named p_<function>) instead:
SQLite's lower/upper only map ASCII, its substr counts from 1, its round is
not half-away-from-zero on ints, and it has no row errors (x/0 is NULL). Here
a function that hits a row error returns NULL, which Popper values never are,
so the `@rejects` query of a case finds exactly the failing rows with
`IS NULL`. Integer `/` and `%` truncate toward zero as in SQLite and C++; the
p_div/p_mod versions only add the division-by-zero error. SUM and AVG are
overridden (class ExactSum): an int SUM is the exact int (an error past 64
bits, as SQLite's), a float SUM is math.fsum, the correctly rounded exact sum
(Popper's is exact and order-independent, so incremental runs with
retractions equal from-scratch ones); AVG is that sum / count as a double.

oracle.sql: SQL statements, each introduced by a directive comment line with a
JSON object. Result columns whose names start with '_' are helpers and dropped.
  -- @table {"name", "path", "format": "csv"|"jsonl"|"lines", "header", "delimiter",
  --         "columns": [[name, type] | [name, type, default], ...]}   (no SQL)
  -- @output {"path", "format": "csv"|"jsonl"|"lines", "header", "types": [...]}  + query
  -- @rejects {"node", "reason", "reason_contains"}  + query returning _source, _line
  -- @filtered {}  + query returning one count: rows filtered out (for the accounting)
  -- @run {"max_rejects": n}   (no SQL)
"""
import argparse
import csv
import json
import math
import os
import re
import sqlite3
import sys
import tempfile

INT_RE = re.compile(r"[+-]?[0-9]+\Z")
FLOAT_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


class OracleError(Exception):
    pass


# ---------------------------------------------------------------- formatting

def format_float(x):
    if math.isnan(x) or math.isinf(x):
        raise OracleError("a case produced %r; pick data that avoids it" % x)
    return repr(float(x))


def format_value(value, type_name):
    """Text of one value as Popper prints it in CSV and Lines (and to_string)."""
    if value is None:
        raise OracleError("NULL in an output: the query let a row error through")
    if type_name == "int":
        if not isinstance(value, int):
            raise OracleError("int column holds %r" % (value,))
        return str(value)
    if type_name == "float":
        return format_float(float(value))
    if type_name == "bool":
        return "true" if value else "false"
    if type_name == "string":
        if not isinstance(value, str):
            raise OracleError("string column holds %r" % (value,))
        return value
    raise OracleError("unknown type %r" % type_name)


def csv_field(text, delimiter, alone=False):
    # `alone`: the only field of its line; an empty one is quoted so that the
    # line is not blank (a blank line would read back as no record).
    if delimiter in text or '"' in text or "\n" in text or "\r" in text or (alone and text == ""):
        return '"' + text.replace('"', '""') + '"'
    return text


JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_string(text):
    # Written out rather than json.dumps, which would print \b and \f.
    return '"' + "".join(JSON_ESCAPES.get(c) or ("\\u%04x" % ord(c) if ord(c) < 0x20 else c) for c in text) + '"'


def json_value(value, type_name):
    if type_name == "string":
        return json_string(format_value(value, type_name))
    return format_value(value, type_name)


def render(rows, names, spec):
    fmt = spec.get("format", "csv")
    types = spec["types"]
    if len(types) != len(names):
        raise OracleError("%s: %d types for %d columns" % (spec["path"], len(types), len(names)))
    out = []
    if fmt == "csv":
        d = spec.get("delimiter", ",")
        alone = len(names) == 1
        if spec.get("header", False):
            out.append(d.join(csv_field(n, d, alone) for n in names) + "\n")
        for r in rows:
            out.append(d.join(csv_field(format_value(v, t), d, alone) for v, t in zip(r, types)) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.append("{" + ",".join(json_string(n) + ":" + json_value(v, t)
                                      for n, v, t in zip(names, r, types)) + "}\n")
    elif fmt == "lines":
        if len(names) != 1:
            raise OracleError("Lines output needs exactly one column")
        for r in rows:
            out.append(format_value(r[0], types[0]) + "\n")
    else:
        raise OracleError("unknown output format %r" % fmt)
    return "".join(out)


# ------------------------------------------------------------ Popper functions

def p_len(s):
    return len(s)


def case_map(s, upper):
    # Simple (one-to-one) case mapping: a character whose full mapping is
    # longer (like 'ß' -> 'SS') is left alone, as towupper/towlower do.
    out = []
    for c in s:
        m = c.upper() if upper else c.lower()
        out.append(m if len(m) == 1 else c)
    return "".join(out)


def p_trim(s):
    return s.strip(" \t\n\r\f\v")


def p_substr(s, start, length=None):
    if start < 0 or (length is not None and length < 0):
        raise OracleError("negative substr arguments are left undefined; avoid them in cases")
    if length is None:
        return s[start:]
    return s[start:start + length]


def p_replace(s, old, new):
    if old == "":
        raise OracleError("replace with an empty pattern is left undefined; avoid it in cases")
    return s.replace(old, new)


def to_string(v):
    if isinstance(v, float):
        return format_float(v)
    return str(v)


def p_bool_str(b):
    # bools are 0/1 in SQLite: callers wrap bool arguments of concat/to_string in this
    return "true" if b else "false"


def p_concat(*args):
    return "".join(to_string(a) for a in args)


def p_to_int(v):
    if isinstance(v, str):
        if not INT_RE.match(v):
            return None
        n = int(v)
        return n if INT64_MIN <= n <= INT64_MAX else None
    if isinstance(v, float):
        if math.isnan(v) or not (-2.0 ** 63 <= v < 2.0 ** 63):
            return None
        return int(v)  # truncates toward zero, like a C++ cast
    return v


def p_to_float(v):
    if isinstance(v, str):
        return float(v) if FLOAT_RE.match(v) else None
    return float(v)


def p_abs(v):
    if isinstance(v, int) and v == INT64_MIN:
        return None
    return abs(v)


def p_round(v):
    if isinstance(v, int):
        return v
    a = abs(v)
    f = math.floor(a)
    r = f + 1.0 if a - f >= 0.5 else float(f)  # a - f is exact for doubles
    return math.copysign(r, v)


def p_floor(v):
    return v if isinstance(v, int) else float(math.floor(v))


def p_ceil(v):
    if isinstance(v, int):
        return v
    r = float(math.ceil(v))
    return math.copysign(r, v) if r == 0 else r  # ceil(-0.5) is -0.0, as in C++


def widen(args):
    if any(isinstance(a, float) for a in args):
        return [float(a) for a in args]
    return list(args)


def p_min(*args):
    return min(widen(args))


def p_max(*args):
    return max(widen(args))


def p_matches(s, pattern):
    try:
        return 1 if re.search(pattern, s) else 0
    except re.error:
        return None


def p_div(a, b):
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            return None
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    return a / b


def p_mod(a, b):
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            return None
        return a - b * p_div(a, b)
    raise OracleError("% on floats is not used by the cases")


def p_as_float(v):
    # int -> float widening where SQLite would keep an int (e.g. IF(c, 1, 2.5))
    return float(v)


FUNCTIONS = {
    "p_len": (p_len, 1), "p_lower": (lambda s: case_map(s, False), 1),
    "p_upper": (lambda s: case_map(s, True), 1), "p_trim": (p_trim, 1),
    "p_contains": (lambda s, t: int(t in s), 2), "p_starts_with": (lambda s, t: int(s.startswith(t)), 2),
    "p_ends_with": (lambda s, t: int(s.endswith(t)), 2), "p_replace": (p_replace, 3),
    "p_substr": (p_substr, -1), "p_concat": (p_concat, -1), "p_to_int": (p_to_int, 1),
    "p_to_float": (p_to_float, 1), "p_to_string": (to_string, 1), "p_bool_str": (p_bool_str, 1),
    "p_abs": (p_abs, 1), "p_round": (p_round, 1), "p_floor": (p_floor, 1), "p_ceil": (p_ceil, 1),
    "p_min": (p_min, -1), "p_max": (p_max, -1), "p_matches": (p_matches, 2),
    "p_div": (p_div, 2), "p_mod": (p_mod, 2), "p_as_float": (p_as_float, 1),
}


class ExactSum:
    """SUM / AVG over non-null values: exact int sum, or math.fsum with floats."""

    average = False

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        if all(isinstance(v, int) for v in self.values):
            total = sum(self.values)
            if not INT64_MIN <= total <= INT64_MAX:
                raise OverflowError("integer overflow")
            return total / len(self.values) if self.average else total
        floats = [float(v) for v in self.values]
        if any(math.isnan(v) for v in floats) or (math.inf in floats and -math.inf in floats):
            total = math.nan
        elif math.inf in floats or -math.inf in floats:
            total = math.inf if math.inf in floats else -math.inf
        else:
            total = math.fsum(floats) + 0.0  # + 0.0: an all-negative-zero sum is 0.0
        return total / len(floats) if self.average else total


class ExactAverage(ExactSum):
    average = True


AGGREGATES = {"sum": ExactSum, "avg": ExactAverage}


# ------------------------------------------------------------------ readers

class FieldError(ValueError):
    """A reject: reason, plus a keyword any engine's reason will contain (or "")."""

    def __init__(self, reason, keyword=""):
        super().__init__(reason)
        self.keyword = keyword


def parse_field(text, type_name):
    """Value of one input field, or raises FieldError with the reject reason."""
    if type_name == "string":
        return text
    if type_name == "int":
        if INT_RE.match(text) and INT64_MIN <= int(text) <= INT64_MAX:
            return int(text)
        raise FieldError("cannot parse %r as int" % text, "int")
    if type_name == "float":
        if FLOAT_RE.match(text):
            return float(text)
        raise FieldError("cannot parse %r as float" % text, "float")
    if type_name == "bool":
        if text in ("true", "false"):
            return text == "true"
        raise FieldError("cannot parse %r as bool" % text, "bool")
    raise OracleError("unknown type %r" % type_name)


def column_default(column):
    if len(column) < 3:
        return None, False
    return column[2], True


def read_csv(path, table):
    """Yields (line, values or None, FieldError or None) per record."""
    delimiter = table.get("delimiter", ",")
    columns = table["columns"]
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=delimiter, strict=True)
        consumed = 0
        field_of = None  # schema column index -> field index (or None: default)
        width = len(columns)
        if table.get("header", False):
            header = next(reader)
            consumed = reader.line_num
            field_of = []
            for c in columns:
                if c[0] in header:
                    field_of.append(header.index(c[0]))
                elif column_default(c)[1]:
                    field_of.append(None)
                else:
                    raise OracleError("%s: no column %s and no default" % (path, c[0]))
            width = len(header)
        else:
            field_of = list(range(len(columns)))
        for record in reader:
            start = consumed + 1
            consumed = reader.line_num
            if len(record) != width:
                yield start, None, FieldError("malformed CSV line: expected %d fields, got %d" % (width, len(record)))
                continue
            try:
                values = [parse_field(record[i], c[1]) if i is not None else column_default(c)[0]
                          for c, i in zip(columns, field_of)]
            except FieldError as e:
                yield start, None, e
                continue
            yield start, values, None


def read_jsonl(path, table):
    with open(path, encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, 1):
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise FieldError("not a JSON object")
                values = []
                for c in table["columns"]:
                    name, type_name = c[0], c[1]
                    if name not in obj:
                        default, has = column_default(c)
                        if not has:
                            raise FieldError("missing field %r" % name)
                        values.append(default)
                        continue
                    v = obj[name]
                    ok = {"string": isinstance(v, str), "bool": isinstance(v, bool),
                          "int": isinstance(v, int) and not isinstance(v, bool),
                          "float": isinstance(v, (int, float)) and not isinstance(v, bool)}[type_name]
                    if not ok:
                        raise FieldError("field %r is not a %s" % (name, type_name), type_name)
                    values.append(float(v) if type_name == "float" else v)
            except FieldError as e:
                yield number, None, e
                continue
            except ValueError as e:  # json.JSONDecodeError
                yield number, None, FieldError("malformed JSON: %s" % e)
                continue
            yield number, values, None


def read_lines(path, table):
    with open(path, "rb") as f:
        data = f.read().decode("utf-8")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rest = [column_default(c)[0] for c in table["columns"][1:]]
    for number, line in enumerate(lines, 1):
        yield number, [line[:-1] if line.endswith("\r") else line] + rest, None


READERS = {"csv": read_csv, "jsonl": read_jsonl, "lines": read_lines}


# ------------------------------------------------------------------- driver

DIRECTIVE = re.compile(r"^--\s*@(\w+)\s*(.*)$")


def parse_oracle_sql(text):
    """List of (kind, spec, sql) in file order."""
    blocks = []
    for line in text.splitlines():
        m = DIRECTIVE.match(line)
        if m:
            spec = json.loads(m.group(2)) if m.group(2).strip() else {}
            blocks.append([m.group(1), spec, []])
        elif blocks:
            blocks[-1][2].append(line)
    return [(k, s, "\n".join(sql).strip()) for k, s, sql in blocks]


def sql_value(v):
    return int(v) if isinstance(v, bool) else v


def run_case(case_dir, out_dir, data_dir=None):
    blocks = parse_oracle_sql(open(os.path.join(case_dir, "oracle.sql"), encoding="utf-8").read())
    db = sqlite3.connect(":memory:")
    for name, (fn, nargs) in FUNCTIONS.items():
        db.create_function(name, nargs, fn, deterministic=True)
    for name, cls in AGGREGATES.items():
        db.create_aggregate(name, 1, cls)
    rejects = []
    input_rows = {}
    outputs = []
    filtered = None
    max_rejects = None
    missing_input = False
    for kind, spec, sql in blocks:
        if kind == "table":
            base = data_dir or case_dir
            path = os.path.join(base, spec["path"])
            cols = [c[0] for c in spec["columns"]]
            db.execute("CREATE TABLE %s (%s, _pos, _line, _source)" % (
                spec["name"], ", ".join('"%s"' % c for c in cols)))
            if not os.path.exists(path):  # a run failure: exit code 3, no outputs at all
                missing_input = True
                continue
            count = 0
            batch = []
            for pos, (line, values, reason) in enumerate(READERS[spec["format"]](path, spec)):
                count += 1
                if values is None:
                    rejects.append({"source": spec["path"], "line": line, "node": spec["name"],
                                    "reason": str(reason), "reason_contains": reason.keyword})
                    continue
                batch.append([sql_value(v) for v in values] + [pos, line, spec["path"]])
            db.executemany("INSERT INTO %s VALUES (%s)" % (spec["name"], ", ".join("?" * (len(cols) + 3))), batch)
            input_rows[spec["name"]] = count
        elif kind == "output":
            cursor = db.execute(sql)
            names = [d[0] for d in cursor.description]
            keep = [i for i, n in enumerate(names) if not n.startswith("_")]
            rows = [[r[i] for i in keep] for r in cursor.fetchall()]
            outputs.append((spec, [names[i] for i in keep], rows))
        elif kind == "rejects":
            for source, line in db.execute(sql).fetchall():
                rejects.append({"source": source, "line": line, "node": spec["node"], "reason": spec["reason"],
                                "reason_contains": spec.get("reason_contains", "")})
        elif kind == "filtered":
            filtered = db.execute(sql).fetchone()[0]
        elif kind == "run":
            max_rejects = spec.get("max_rejects")
        else:
            raise OracleError("unknown directive @%s" % kind)

    rejects.sort(key=lambda r: (os.path.basename(r["source"]), r["line"], r["node"]))
    failed = missing_input or (max_rejects is not None and len(rejects) > max_rejects)
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, name))
    summary = {"exit_code": 3 if failed else 0, "input_rows": input_rows, "rejected": len(rejects),
               "outputs": {spec["path"]: len(rows) for spec, _, rows in outputs}}
    if filtered is not None:
        summary["filtered"] = filtered
        total_in = sum(input_rows.values())
        total_out = sum(summary["outputs"].values())
        if total_in != total_out + filtered + len(rejects):
            raise OracleError("accounting does not add up: %d in, %d out, %d filtered, %d rejected"
                              % (total_in, total_out, filtered, len(rejects)))
    if max_rejects is not None:
        summary["max_rejects"] = max_rejects
    if not failed:
        for spec, names, rows in outputs:
            with open(os.path.join(out_dir, spec["path"]), "w", encoding="utf-8", newline="") as f:
                f.write(render(rows, names, spec))
    if rejects:
        with open(os.path.join(out_dir, "rejects.jsonl"), "w", encoding="utf-8") as f:
            for r in rejects:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description="compute the expected outputs of popper run golden cases")
    parser.add_argument("cases", nargs="+")
    parser.add_argument("--out", help="write here instead of CASE/expected (one case only)")
    parser.add_argument("--data-dir", help="resolve input paths against this folder")
    parser.add_argument("--check", action="store_true",
                        help="recompute into a temporary folder and fail if CASE/expected differs")
    args = parser.parse_args()
    if args.out and len(args.cases) != 1:
        parser.error("--out takes exactly one case")
    failed = 0
    for case in args.cases:
        try:
            if args.check:
                with tempfile.TemporaryDirectory() as fresh:
                    run_case(case, fresh, args.data_dir)
                    different = stale_files(os.path.join(case, "expected"), fresh)
                    if different:
                        failed += 1
                        print("sqlite_oracle: %s: expected/ is not what the oracle computes: %s"
                              % (case, ", ".join(different)), file=sys.stderr)
            else:
                run_case(case, args.out or os.path.join(case, "expected"), args.data_dir)
        except (OracleError, sqlite3.Error, OSError) as e:
            print("sqlite_oracle: %s: %s" % (case, e), file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def stale_files(committed, fresh):
    """Names of files that differ between two expected/ folders."""
    names = set(os.listdir(fresh)) | (set(os.listdir(committed)) if os.path.isdir(committed) else set())
    different = []
    for name in sorted(names):
        a, b = os.path.join(committed, name), os.path.join(fresh, name)
        if not (os.path.exists(a) and os.path.exists(b) and open(a, "rb").read() == open(b, "rb").read()):
            different.append(name)
    return different


if __name__ == "__main__":
    sys.exit(main())
