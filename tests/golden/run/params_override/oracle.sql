-- Oracle for params_override/wf.scope, run with the flags in ./args:
-- -p input=other.csv -p min_speed=75.5 -p label=night -p factor=-3
-- @table {"name": "trips", "path": "other.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["seg", "string"], ["speed", "float"]]}

-- @output {"path": "fast.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, seg || '/night' AS tagged, speed * -3 AS scaled FROM trips WHERE speed > 75.5 ORDER BY _pos;
