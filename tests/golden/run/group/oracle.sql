-- Oracle for group/wf.scope: groups ordered by their key values. Prices are
-- multiples of 0.25, so float sums are exact in any summation order.
-- @table {"name": "sales", "path": "sales.csv", "format": "csv", "header": true, "columns": [["region", "string"], ["product", "string"], ["qty", "int"], ["price", "float"]]}

-- @output {"path": "by_region.csv", "format": "csv", "header": true, "types": ["string", "int", "int", "float", "float", "float", "int", "float", "string", "string", "float", "int"]}
SELECT region, COUNT(*) AS n, SUM(qty) AS total_qty, SUM(price) AS total_price, AVG(price) AS mean_price,
       AVG(qty) AS mean_qty, MIN(qty) AS min_qty, MAX(price) AS max_price, MIN(product) AS first_product,
       MAX(product) AS last_product, SUM(qty * price) AS revenue, COUNT(product) AS n_products
FROM sales GROUP BY region ORDER BY region;

-- @output {"path": "pairs.csv", "format": "csv", "header": true, "types": ["string", "string", "int", "int"]}
SELECT region, product, COUNT(*) AS n, SUM(qty) AS q FROM sales GROUP BY region, product
HAVING n > 1 AND q >= 5 ORDER BY region, product;

-- @output {"path": "busy.csv", "format": "csv", "header": true, "types": ["string"]}
SELECT region FROM sales GROUP BY region HAVING SUM(qty) > 10 ORDER BY region;

-- @output {"path": "by_qty.csv", "format": "csv", "header": true, "types": ["int", "int", "string"]}
SELECT qty, COUNT(*) AS n, MAX(region) AS some_region FROM sales GROUP BY qty ORDER BY qty;

-- @output {"path": "by_parity.csv", "format": "csv", "header": true, "types": ["bool", "int", "float"]}
SELECT odd, COUNT(*) AS n, SUM(price) AS total FROM (SELECT p_mod(qty, 2) = 1 AS odd, price FROM sales)
GROUP BY odd ORDER BY odd;

-- @output {"path": "overall.jsonl", "format": "jsonl", "types": ["int", "int", "float", "string", "int"]}
SELECT COUNT(*) AS n, SUM(qty) AS q, AVG(price) AS p, MIN(region) AS r, MAX(qty) AS m FROM sales;

-- @output {"path": "cheap.csv", "format": "csv", "header": true, "types": ["string", "float"]}
SELECT region, AVG(qty) AS mean_qty FROM sales WHERE price < 5 GROUP BY region HAVING mean_qty > 2 ORDER BY region;
