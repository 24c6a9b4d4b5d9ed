-- Oracle for arith/wf.scope. SQLite's integer / and % already truncate toward
-- zero; p_div/p_mod are used anyway so the division-by-zero rule is explicit.
-- @table {"name": "nums", "path": "nums.csv", "format": "csv", "header": true, "columns": [["a", "int"], ["b", "int"], ["x", "float"]]}

-- @output {"path": "ints.csv", "format": "csv", "header": true, "types": ["int", "int", "int", "int", "int", "int", "float"]}
SELECT a, b, p_div(a, b) AS quot, p_mod(a, b) AS rem, a + b * 2 - 1 AS poly, -a AS neg, a * 1.0 / b AS fdiv
FROM nums ORDER BY _pos;

-- @output {"path": "floats.csv", "format": "csv", "header": true, "types": ["float", "float", "float", "float", "float", "bool"]}
SELECT x, x * 2 AS twice, x + a AS widened, x / 4 AS quarter, -x AS neg, a < x AS a_lt_x FROM nums ORDER BY _pos;

-- @output {"path": "consts.csv", "format": "csv", "header": true, "types": ["int", "int", "int", "int", "int", "float", "float", "float"]}
SELECT a, p_div(7, 2) AS q1, p_div(-7, 2) AS q2, p_mod(7, -3) AS r1, p_mod(-7, 3) AS r2, 1 / 3.0 AS third,
       2.0 * 3 AS six, 1e300 * 1e-300 AS one
FROM nums WHERE a = 0 ORDER BY _pos;
