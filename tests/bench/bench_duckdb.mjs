// The benchmark jobs in DuckDB through the npm registry's @duckdb/node-api
// (installed by run_bench.sh outside the repository; not a Popper dependency).
//
// Usage: node bench_duckdb.mjs filter|group|join TRIPS.csv SEGMENTS.csv OUTPUT.csv
import { DuckDBInstance } from '@duckdb/node-api';

const [kind, tripsPath, segmentsPath, outPath] = process.argv.slice(2);
const trips = `read_csv('${tripsPath}', header = true, columns = {'id': 'BIGINT', 'seg': 'VARCHAR', ` +
  `'speed': 'DOUBLE', 'lanes': 'BIGINT', 'note': 'VARCHAR'})`;
const segments = `read_csv('${segmentsPath}', header = true, columns = {'seg': 'VARCHAR', ` +
  `'name': 'VARCHAR', 'speed_limit': 'BIGINT'})`;
const queries = {
  filter: `SELECT id, seg, speed * 3.6 AS kmh FROM ${trips} WHERE speed > 50 AND lanes >= 2`,
  group: `SELECT seg, COUNT(*) AS n, AVG(speed) AS mean_speed FROM ${trips} GROUP BY seg ORDER BY seg`,
  join: `SELECT t.id, s.name, t.speed FROM ${trips} t JOIN ${segments} s ON t.seg = s.seg`,
};
if (!(kind in queries)) {
  console.error(`bench_duckdb.mjs: unknown job ${kind}`);
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`COPY (${queries[kind]}) TO '${outPath}' (HEADER, DELIMITER ',')`);
