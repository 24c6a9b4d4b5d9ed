-- Oracle for join/wf.scope: inner joins ordered by (left _pos, right _pos).
-- @table {"name": "trips", "path": "trips.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["seg", "string"], ["speed", "float"]]}
-- @table {"name": "segs", "path": "segs.csv", "format": "csv", "header": true, "columns": [["seg", "string"], ["name", "string"], ["zone", "int"]]}
-- @table {"name": "zones", "path": "zones.csv", "format": "csv", "header": true, "columns": [["zone", "int"], ["label", "string"]]}

-- @output {"path": "named.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT t.id, s.name, t.speed FROM trips t JOIN segs s ON t.seg = s.seg ORDER BY t._pos, s._pos;

-- @output {"path": "filtered.csv", "format": "csv", "header": true, "types": ["int", "string", "int", "float"]}
SELECT t.id, t.seg, s.zone * 10 + t.id AS code, t.speed / s.zone AS per_zone
FROM trips t JOIN segs s ON t.seg = s.seg WHERE t.speed > 50 AND s.name != 'closed' ORDER BY t._pos, s._pos;

-- @output {"path": "zoned.csv", "format": "csv", "header": true, "types": ["string", "string", "int", "string"]}
SELECT s.seg, s.name, s.zone, z.label FROM segs s JOIN zones z ON s.zone = z.zone ORDER BY s._pos, z._pos;

-- The nested join's rows keep (trip, seg) order; the outer join appends the zone's position.
-- @output {"path": "chained.csv", "format": "csv", "header": true, "types": ["int", "string"]}
SELECT f.id, z.label
FROM (SELECT t.id, s.zone, t._pos AS _tp, s._pos AS _sp FROM trips t JOIN segs s ON t.seg = s.seg WHERE t.speed > 30) f
JOIN zones z ON f.zone = z.zone ORDER BY f._tp, f._sp, z._pos;

-- @output {"path": "reversed.csv", "format": "csv", "header": true, "types": ["string", "int"]}
SELECT s.seg, t.id FROM segs s JOIN trips t ON s.seg = t.seg ORDER BY s._pos, t._pos;
