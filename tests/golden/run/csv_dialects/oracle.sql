-- Oracle for csv_dialects/wf.scope.
-- @table {"name": "crlf", "path": "crlf.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["city", "string"], ["temp", "float"]]}
-- @table {"name": "semi", "path": "semi.csv", "format": "csv", "header": true, "delimiter": ";", "columns": [["id", "int"], ["city", "string"], ["note", "string"], ["rank", "int", 5], ["ok", "bool", true]]}
-- @table {"name": "empty", "path": "header_only.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["city", "string"]]}
-- @table {"name": "plain", "path": "nohead.csv", "format": "csv", "header": false, "columns": [["n", "int"], ["word", "string"]]}

-- @output {"path": "crlf_out.csv", "format": "csv", "header": true, "types": ["int", "string", "float", "int"]}
SELECT id, city, temp, p_len(city) AS chars FROM crlf ORDER BY _pos;

-- @output {"path": "semi_out.csv", "format": "csv", "header": true, "types": ["int", "string", "string", "int", "bool"]}
SELECT id, city, note, rank, ok FROM semi ORDER BY _pos;

-- @output {"path": "plain_out.csv", "format": "csv", "header": false, "types": ["int", "string"]}
SELECT n * 2 AS twice, p_upper(word) AS word FROM plain ORDER BY _pos;

-- @output {"path": "empty_out.csv", "format": "csv", "header": true, "types": ["int", "string"]}
SELECT id, city FROM empty ORDER BY _pos;
