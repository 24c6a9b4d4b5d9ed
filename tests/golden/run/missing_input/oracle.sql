-- Oracle for missing_input/wf.scope: no_such_file.csv does not exist, so the run fails.
-- @table {"name": "present", "path": "present.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["name", "string"]]}
-- @table {"name": "absent", "path": "no_such_file.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["name", "string"]]}

-- @output {"path": "present_out.csv", "format": "csv", "header": true, "types": ["int", "string"]}
SELECT id, name FROM present ORDER BY _pos;

-- @output {"path": "absent_out.csv", "format": "csv", "header": true, "types": ["int", "string"]}
SELECT id, name FROM absent ORDER BY _pos;
