-- Oracle for max_rejects_exceeded/wf.scope (the bad_data case with a budget of 3).
-- @run {"max_rejects": 3}
-- @table {"name": "readings", "path": "readings.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["sensor", "string"], ["value", "int"], ["divisor", "int"], ["code", "string"]]}

-- @rejects {"node": "calc", "reason": "integer division by zero", "reason_contains": "zero"}
SELECT _source, _line FROM readings WHERE value > 5 AND p_div(value, divisor) IS NULL;

-- @rejects {"node": "calc", "reason": "to_int of a string that is not an int", "reason_contains": "int"}
SELECT _source, _line FROM readings WHERE value > 5 AND p_div(value, divisor) IS NOT NULL AND p_to_int(code) IS NULL;

-- @filtered {}
SELECT COUNT(*) FROM readings WHERE NOT value > 5;

-- @output {"path": "calc.csv", "format": "csv", "header": true, "types": ["int", "string", "int", "int", "int"]}
SELECT id, sensor, p_div(value, divisor) AS ratio, p_mod(value, divisor) AS rest, p_to_int(code) * 2 AS code2
FROM readings WHERE value > 5 AND p_div(value, divisor) IS NOT NULL AND p_to_int(code) IS NOT NULL ORDER BY _pos;
