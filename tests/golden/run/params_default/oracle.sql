-- Oracle for params_default/wf.scope, run without -p: the defaults apply.
-- @table {"name": "trips", "path": "trips.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["seg", "string"], ["speed", "float"]]}

-- @output {"path": "fast.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, seg || '/default' AS tagged, speed * 2 AS scaled FROM trips WHERE speed > 50.0 ORDER BY _pos;
