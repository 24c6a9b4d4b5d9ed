-- Oracle for filter_project/wf.scope (see tests/oracle/sqlite_oracle.py).
-- @table {"name": "trips", "path": "trips.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["seg", "string"], ["speed", "float"], ["lanes", "int"], ["note", "string"]]}

-- @output {"path": "fast.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, seg, speed * 3.6 AS kmh FROM trips WHERE speed > 50 AND lanes >= 2 ORDER BY _pos;

-- lanes / 2 is int division (truncating), lanes + speed widens to float.
-- @output {"path": "calc.csv", "format": "csv", "header": false, "types": ["int", "int", "int", "float", "float", "int", "string", "string", "bool"]}
SELECT id, id * 2 + 1, p_div(lanes, 2), speed / 2, lanes + speed, -lanes,
       CASE WHEN speed >= 50 THEN 'fast' ELSE 'slow' END,
       seg || '-' || note, lanes = 2 OR note = ''
FROM trips WHERE NOT (seg = 'D9') AND (lanes > 1 OR speed < 1) ORDER BY _pos;

-- @output {"path": "star.csv", "format": "csv", "header": true, "types": ["int", "string", "float", "int", "string"]}
SELECT id, seg, speed, lanes, note FROM trips WHERE note != 'ok' AND p_mod(id, 2) = 0 ORDER BY _pos;

-- @output {"path": "none.csv", "format": "csv", "header": true, "types": ["int"]}
SELECT id FROM trips WHERE speed > 1000 ORDER BY _pos;

-- @output {"path": "none.jsonl", "format": "jsonl", "types": ["int", "string"]}
SELECT id, seg FROM trips WHERE speed > 1000 ORDER BY _pos;
