-- Oracle for strings/wf.scope. Every string function is Popper's, in Python
-- (p_*): SQLite's lower/upper are ASCII-only and its substr counts from 1.
-- Bools passed to concat are turned into "true"/"false" with p_bool_str,
-- because SQLite stores them as 0/1.
-- @table {"name": "words", "path": "words.csv", "format": "csv", "header": true, "columns": [["id", "int"], ["s", "string"]]}

-- @output {"path": "measured.csv", "format": "csv", "header": true, "types": ["int", "string", "int", "string", "string", "string", "int"]}
SELECT id, s, p_len(s) AS n, p_lower(s) AS lo, p_upper(s) AS up, p_trim(s) AS trimmed, p_len(p_trim(s)) AS n_trimmed
FROM words ORDER BY _pos;

-- @output {"path": "tested.csv", "format": "csv", "header": true, "types": ["int", "bool", "bool", "bool", "bool", "bool", "bool"]}
SELECT id, p_contains(s, 'ü') AS has_umlaut, p_contains(s, '') AS has_empty, p_starts_with(s, '日本') AS starts_jp,
       p_ends_with(s, 'é') AS ends_e, p_starts_with(s, '') AS starts_empty, p_contains(s, 'o w') AS has_o_w
FROM words ORDER BY _pos;

-- @output {"path": "sliced.csv", "format": "csv", "header": true, "types": ["int", "string", "string", "string", "string", "string", "string", "string", "string"]}
SELECT id, p_substr(s, 1) AS from1, p_substr(s, 1, 3) AS mid3, p_substr(s, 0, 0) AS none, p_substr(s, 20) AS past_end,
       p_substr(s, 4, 100) AS long_len, p_replace(s, 'o', '0') AS zeroed, p_replace(s, 'Ö', 'OE') AS ascii_oe,
       p_replace(s, 'oo', 'o') AS halved
FROM words ORDER BY _pos;

-- @output {"path": "joined.jsonl", "format": "jsonl", "types": ["int", "string", "string", "string", "string"]}
SELECT id, p_concat(s, '|', id) AS c1, p_concat(id, 2.5, p_bool_str(1), 'x') AS c2, s || '!' AS c3,
       p_concat(p_len(s), '/', 1e20) AS c4
FROM words WHERE id <= 4 ORDER BY _pos;
