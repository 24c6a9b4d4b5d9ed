-- Oracle for expr_errors/wf.scope: no row may be rejected (no @rejects query);
-- CASE and SQL's AND/OR evaluate the guarded p_div/p_mod only where Popper does.
-- @table {"name": "pairs", "path": "pairs.csv", "format": "csv", "header": true, "columns": [["a", "int"], ["b", "int"], ["s", "string"]]}

-- @output {"path": "guarded.csv", "format": "csv", "header": true, "types": ["int", "int", "int", "int", "bool", "bool"]}
SELECT a, b, CASE WHEN b = 0 THEN 0 ELSE p_div(a, b) END AS quot, CASE WHEN b != 0 THEN p_mod(a, b) ELSE -1 END AS rem,
       CASE WHEN b = 0 THEN 1 ELSE p_div(a, b) > 1 END AS big, CASE WHEN b != 0 THEN p_mod(a, b) = 0 ELSE 0 END AS divides
FROM pairs ORDER BY _pos;

-- @output {"path": "parsed.csv", "format": "csv", "header": true, "types": ["int", "int"]}
SELECT a, p_to_int(s) * 10 AS tens FROM pairs WHERE p_matches(s, '^[0-9]+$') ORDER BY _pos;

-- @output {"path": "q.csv", "format": "csv", "header": true, "types": ["int"]}
SELECT p_div(a, b) AS q FROM pairs WHERE b != 0 ORDER BY _pos;
