-- Oracle for union/wf.scope: UNION ALL ordered by (_branch, the branch's own order).
-- @table {"name": "a", "path": "a.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["name", "string"], ["score", "float"]]}
-- @table {"name": "b", "path": "b.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["name", "string"], ["score", "float"]]}

-- @output {"path": "both.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, name, score, 0 AS _branch, _pos FROM a UNION ALL SELECT id, name, score, 1, _pos FROM b ORDER BY _branch, _pos;

-- @output {"path": "swapped.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, name, score, 0 AS _branch, _pos FROM b UNION ALL SELECT id, name, score, 1, _pos FROM a ORDER BY _branch, _pos;

-- @output {"path": "twice.csv", "format": "csv", "header": true, "types": ["int", "string", "float"]}
SELECT id, name, score, 0 AS _branch, _pos FROM a
UNION ALL SELECT id, name, score, 1, _pos FROM a
UNION ALL SELECT id, name, score, 2, _pos FROM b WHERE score > 5
ORDER BY _branch, _pos;

-- @output {"path": "mixed.csv", "format": "csv", "header": true, "types": ["string", "float"]}
SELECT name AS who, score * 2 AS points, 0 AS _branch, _pos FROM a WHERE score > 2
UNION ALL SELECT name, score, 1, _pos FROM b
UNION ALL SELECT p_upper(name), 0.5, 2, _pos FROM a WHERE id = 3
ORDER BY _branch, _pos;

-- @output {"path": "summary_by_who.csv", "format": "csv", "header": true, "types": ["string", "int", "float"]}
WITH mixed AS (
  SELECT name AS who, score * 2 AS points FROM a WHERE score > 2
  UNION ALL SELECT name, score FROM b
  UNION ALL SELECT p_upper(name), 0.5 FROM a WHERE id = 3)
SELECT who, COUNT(*) AS n, SUM(points) AS total FROM (SELECT * FROM mixed UNION ALL SELECT * FROM mixed)
GROUP BY who HAVING total > 4 ORDER BY who;

-- @output {"path": "deep.csv", "format": "csv", "header": true, "types": ["int"]}
SELECT id FROM (SELECT id, score, 0 AS _branch, _pos FROM b UNION ALL SELECT id, score, 1, _pos FROM a)
WHERE score < 8 AND id > 1 ORDER BY _branch, _pos;
