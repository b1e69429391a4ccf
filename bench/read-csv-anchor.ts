// The anchor of the ingest benchmark, run as its own process: DuckDB's own read_csv loading the same
// IIS log into a table of a fresh database file (15 VARCHAR columns, '#' lines skipped).
import { DuckDBInstance } from '@duckdb/node-api'

const [file, database] = process.argv.slice(2)
if (file === undefined || database === undefined) throw new Error('usage: read-csv-anchor LOG DATABASE')
const names = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(' ')
const columns = names.map((n) => `'${n}': 'VARCHAR'`).join(', ')
const instance = await DuckDBInstance.create(database)
const connection = await instance.connect()
await connection.run(
  `CREATE TABLE log AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', delim = ' ', header = false, comment = '#', auto_detect = false, columns = {${columns}})`,
)
const rows = (await connection.runAndReadAll('SELECT count(*) AS n FROM log')).getRowObjectsJS()[0]?.n
process.stdout.write(`${String(rows)}\n`)
connection.closeSync()
instance.closeSync()
