-- Oracle for functions/wf.scope: every function is Popper's, in Python (p_*):
-- SQLite's round returns a float for an int, and its scalar min/max do not
-- widen ints to floats. matches uses Python's re.search, which agrees with
-- RE2's partial match on these simple patterns.
-- @table {"name": "vals", "path": "vals.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["i", "int"], ["x", "float"], ["s", "string"]]}

-- @output {"path": "math.csv", "format": "csv", "header": true, "types": ["int", "int", "float", "float", "int", "float", "float", "int", "int"]}
SELECT id, p_abs(i) AS abs_i, p_abs(x) AS abs_x, p_round(x) AS round_x, p_round(i) AS round_i, p_floor(x) AS floor_x,
       p_ceil(x) AS ceil_x, p_floor(i) AS floor_i, p_ceil(i) AS ceil_i
FROM vals ORDER BY _pos;

-- @output {"path": "minmax.csv", "format": "csv", "header": true, "types": ["int", "int", "int", "float", "float", "string", "string"]}
SELECT id, p_min(i, 3) AS min_ii, p_max(i, 3, 5) AS max_iii, p_min(i, x) AS min_ix, p_max(x, 0) AS max_x0,
       p_min(s, 'B') AS min_s, p_max(s, 'Apple', 'Cherry') AS max_s
FROM vals ORDER BY _pos;

-- @output {"path": "conv.csv", "format": "csv", "header": true, "types": ["int", "int", "int", "int", "float", "float", "string", "string", "string", "string", "string"]}
SELECT id, p_to_int(x) AS int_x, p_to_int(i) AS int_i, p_to_int(i > 0) AS int_b, p_to_float(i) AS float_i,
       p_to_float(x) AS float_x, p_to_string(i) AS str_i, p_to_string(x) AS str_x, p_bool_str(x > 0) AS str_b,
       p_to_string(s) AS str_s, p_to_string(p_to_float(i) / 4) AS str_q
FROM vals ORDER BY _pos;

-- @output {"path": "parsed.csv", "format": "csv", "header": true, "types": ["int", "string", "int"]}
SELECT id, s, p_to_int(s) + 1 AS next_int FROM vals WHERE p_matches(s, '^-?[0-9]+$') ORDER BY _pos;

-- @output {"path": "floats.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, s, p_to_float(s) * 2 AS doubled FROM vals WHERE p_matches(s, '^-?[0-9]+([.][0-9]+)?(e[0-9]+)?$') ORDER BY _pos;

-- @output {"path": "regex.csv", "format": "csv", "header": true, "types": ["int", "string", "bool", "bool", "bool"]}
SELECT id, s, p_matches(s, '[0-9]') AS has_digit, p_matches(s, '^[A-Z][a-z]+$') AS capitalised,
       p_matches(s, 'an+a') AS ana
FROM vals ORDER BY _pos;
