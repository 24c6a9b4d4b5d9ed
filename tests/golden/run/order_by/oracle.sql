-- Oracle for order_by/wf.scope: each ORDER BY gets _pos as the last key (stable sort).
-- SQLite's default BINARY collation compares strings bytewise, like Popper.
-- @table {"name": "cities", "path": "cities.csv", "format": "csv", "header": true, "columns": [["name", "string"], ["country", "string"], ["pop", "int"], ["area", "float"]]}

-- @output {"path": "by_name.csv", "format": "csv", "header": true, "types": ["string", "string", "int", "float"]}
SELECT name, country, pop, area FROM cities ORDER BY name, _pos;

-- @output {"path": "by_pop_desc.csv", "format": "csv", "header": true, "types": ["string", "string", "int", "float"]}
SELECT name, country, pop, area FROM cities ORDER BY pop DESC, _pos;

-- @output {"path": "by_country_pop.csv", "format": "csv", "header": true, "types": ["string", "string", "int"]}
SELECT name, country, pop FROM cities ORDER BY country ASC, pop DESC, _pos;

-- @output {"path": "stable.csv", "format": "csv", "header": true, "types": ["string", "string"]}
SELECT name, country FROM cities ORDER BY country DESC, _pos;

-- @output {"path": "by_density.csv", "format": "csv", "header": true, "types": ["string", "float"]}
SELECT name, pop / area AS density FROM cities ORDER BY density DESC, _pos;

-- @output {"path": "by_len.csv", "format": "csv", "header": true, "types": ["string", "int"]}
SELECT name, p_len(name) AS chars FROM cities ORDER BY p_len(name), name DESC, _pos;

-- Groups' canonical order is by key, which breaks the ties of n.
-- @output {"path": "groups.csv", "format": "csv", "header": true, "types": ["string", "int", "int"]}
SELECT country, COUNT(*) AS n, SUM(pop) AS total FROM cities GROUP BY country ORDER BY n DESC, country;
