// `npm run bench:ingest`: exhunt ingest against DuckDB's own read_csv and `grep -c` (the I/O floor)
// on generated CAS logs of 200 MB and 1 GB (EXHUNT_BENCH_SIZES=20,200 to choose), then a stack count
// over the resulting case. Reports figures; asserts nothing about time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { generateCasLog } from './generate-cas-log.js'
import { measure } from './measure.js'

const ROOT = process.cwd()
const OUT = path.join(ROOT, 'bench', 'out')
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js')
const ANCHOR = path.join(ROOT, 'dist', 'bench', 'read-csv-anchor.js')
const sizes = (process.env.EXHUNT_BENCH_SIZES ?? '200,1000').split(',').map(Number)

interface Result {
  size_mb: number
  grep_mb_s: number
  read_csv_mb_s: number
  read_csv_rss_mb: number | null
  exhunt_mb_s: number
  exhunt_rss_mb: number | null
  ratio_to_read_csv: number
  records: number
  stack_cli_s: number
  stack_query_s: number
}

fs.mkdirSync(OUT, { recursive: true })
const results: Result[] = []
for (const sizeMb of sizes) {
  const log = path.join(OUT, `cas-${sizeMb}MB.log`)
  if (!fs.existsSync(log) || Math.abs(fs.statSync(log).size - sizeMb * 1e6) > 1e5) {
    process.stderr.write(`generating ${log}...\n`)
    generateCasLog(log, sizeMb * 1e6)
  }
  const mb = fs.statSync(log).size / 1e6
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'exhunt-bench-'))
  try {
    // Same page-cache state for everyone: read the file once before measuring.
    await measure('cat', [log], { keepStdout: false })
    const grep = await measure('grep', ['-c', '', log])
    const anchor = await measure(process.execPath, [ANCHOR, log, path.join(work, 'anchor.duckdb')])
    const caseDir = path.join(work, 'case')
    const ingest = await measure(process.execPath, [CLI, 'ingest', log, '--case', caseDir, '--json'])
    const report = JSON.parse(ingest.stdout) as { files: Array<{ records: number; problem_count: number }> }
    const records = report.files[0]?.records ?? 0
    if (records === 0) throw new Error('exhunt ingested no records')
    const stack = await measure(process.execPath, [CLI, 'stack', 'user_agent', '--case', caseDir, '--json'])
    const instance = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'), { access_mode: 'READ_ONLY' })
    const connection = await instance.connect()
    const started = performance.now()
    await connection.runAndReadAll('SELECT user_agent, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC LIMIT 50')
    const query = (performance.now() - started) / 1000
    connection.closeSync()
    instance.closeSync()
    results.push({
      size_mb: Math.round(mb),
      grep_mb_s: round(mb / grep.seconds),
      read_csv_mb_s: round(mb / anchor.seconds),
      read_csv_rss_mb: anchor.peakRssMb === null ? null : Math.round(anchor.peakRssMb),
      exhunt_mb_s: round(mb / ingest.seconds),
      exhunt_rss_mb: ingest.peakRssMb === null ? null : Math.round(ingest.peakRssMb),
      ratio_to_read_csv: round(anchor.seconds / ingest.seconds, 2),
      records,
      stack_cli_s: round(stack.seconds, 2),
      stack_query_s: round(query, 3),
    })
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

console.table(results)
console.log('targets: ratio_to_read_csv >= 0.5, exhunt_rss_mb < 1024 on 1 GB, stack_query_s < 1')
fs.writeFileSync(path.join(OUT, 'ingest-results.json'), `${JSON.stringify(results, null, 2)}\n`)

function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
