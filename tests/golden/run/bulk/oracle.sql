-- Oracle for bulk/wf.scope (data generated into --data-dir when the test runs).
-- No float SUM/AVG here: over generated data their last digit would depend on
-- the summation order.
-- @table {"name": "trips", "path": "traffic.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["seg", "string"], ["speed", "float"], ["lanes", "int"], ["note", "string"]]}
-- @table {"name": "segs", "path": "segments.csv", "format": "csv", "header": true, "columns": [["seg", "string"], ["name", "string"], ["speed_limit", "int"]]}

-- @output {"path": "fast.csv", "format": "csv", "header": true, "types": ["int", "string", "float", "int"]}
SELECT id, seg, speed * 3.6 AS kmh, lanes FROM trips WHERE speed > 50 AND lanes >= 2 ORDER BY _pos;

-- @output {"path": "named.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT t.id, s.name, t.speed * 3.6 AS kmh FROM trips t JOIN segs s ON t.seg = s.seg
WHERE t.speed > 50 AND t.lanes >= 2 AND t.speed * 3.6 > s.speed_limit * 4 ORDER BY t._pos, s._pos;

-- @output {"path": "by_seg.csv", "format": "csv", "header": true, "types": ["string", "int", "int", "float", "string"]}
SELECT seg, COUNT(*) AS n, SUM(lanes) AS lanes, MAX(speed) AS top, MIN(note) AS first_note FROM trips
GROUP BY seg HAVING n > 200 ORDER BY seg;

-- @output {"path": "both.jsonl", "format": "jsonl", "types": ["int", "string"]}
SELECT id, note, 0 AS _branch, _pos FROM trips WHERE lanes = 1 AND note = 'fog'
UNION ALL SELECT id, p_upper(note), 1, _pos FROM trips WHERE speed < 1
ORDER BY _branch, _pos;
