-- Oracle for csv_quoting/wf.scope: Python's csv module reads the input
-- (RFC 4180, newline=''), the oracle's writer quotes only when needed.
-- @table {"name": "rows", "path": "quoted.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["text", "string"], ["n", "int"]]}

-- @output {"path": "roundtrip.csv", "format": "csv", "header": true, "types": ["int", "string", "int"]}
SELECT id, text, n FROM rows ORDER BY _pos;

-- @output {"path": "roundtrip.jsonl", "format": "jsonl", "types": ["int", "string", "int"]}
SELECT id, text, n FROM rows ORDER BY _pos;

-- @output {"path": "measured.csv", "format": "csv", "header": true, "types": ["int", "int", "string", "bool", "string"]}
SELECT id, p_len(text) AS chars, text || ',' AS with_comma, p_contains(text, char(10)) AS multiline,
       p_replace(text, '"', '''') AS single_quoted
FROM rows ORDER BY _pos;

-- @output {"path": "texts.txt", "format": "lines", "types": ["string"]}
SELECT text FROM rows WHERE NOT p_contains(text, char(10)) ORDER BY _pos;

-- @output {"path": "one_column.csv", "format": "csv", "header": false, "types": ["string"]}
SELECT text FROM rows WHERE id = 1 OR id = 4 OR id = 12 ORDER BY _pos;
