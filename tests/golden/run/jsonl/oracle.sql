-- Oracle for jsonl/wf.scope: Python's json module reads the input.
-- @table {"name": "people", "path": "people.jsonl", "format": "jsonl", "columns": [["id", "int"], ["name", "string"], ["score", "float"], ["ok", "bool", false]]}

-- @output {"path": "people_out.jsonl", "format": "jsonl", "types": ["int", "string", "float", "bool"]}
SELECT id, name, score, ok FROM people ORDER BY _pos;

-- @output {"path": "people_out.csv", "format": "csv", "header": true, "types": ["int", "string", "float", "bool"]}
SELECT id, name, score, ok FROM people ORDER BY _pos;

-- @output {"path": "computed.jsonl", "format": "jsonl", "types": ["int", "string", "float", "bool", "int"]}
SELECT id, p_upper(name) AS loud, score * 2 AS doubled, NOT ok AS not_ok, p_len(name) AS chars FROM people
WHERE id != 3 ORDER BY _pos;
