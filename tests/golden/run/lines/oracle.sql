-- Oracle for lines/wf.scope.
-- @table {"name": "lines", "path": "lines.txt", "format": "lines", "columns": [["line", "string"], ["src", "string", "txt"], ["n", "int", 7], ["w", "float", 0.5]]}

-- @output {"path": "upper.txt", "format": "lines", "types": ["string"]}
SELECT p_upper(line) AS shout FROM lines ORDER BY _pos;

-- @output {"path": "lines.csv", "format": "csv", "header": true, "types": ["string", "string", "int", "float"]}
SELECT line, src, n + p_len(line) AS score, w FROM lines ORDER BY _pos;

-- @output {"path": "half.txt", "format": "lines", "types": ["float"]}
SELECT p_len(line) / 2.0 AS half FROM lines WHERE line != '' ORDER BY _pos;

-- @output {"path": "long.txt", "format": "lines", "types": ["bool"]}
SELECT p_len(line) > 10 AS long FROM lines ORDER BY _pos;
