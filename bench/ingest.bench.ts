// `npm run bench:ingest`: exhunt ingest against DuckDB's own read_csv and `grep -c` (the I/O floor)
// on generated CAS logs of 200 MB and 1 GB (EXHUNT_BENCH_SIZES=20,200 to choose), then a stack count
// over the resulting case. Each timing is the median of EXHUNT_BENCH_RUNS runs (default 3), the
// anchor and exhunt taking turns, so that one slow moment of a shared machine does not decide the
// ratio; the slowest and fastest runs are reported too. Reports figures; asserts nothing about time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { generateCasLog } from './generate-cas-log.js'
import { measure, type Measurement } from './measure.js'

const ROOT = process.cwd()
const OUT = path.join(ROOT, 'bench', 'out')
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js')
const ANCHOR = path.join(ROOT, 'dist', 'bench', 'read-csv-anchor.js')
const sizes = (process.env.EXHUNT_BENCH_SIZES ?? '200,1000').split(',').map(Number)
const runs = Math.max(1, Number(process.env.EXHUNT_BENCH_RUNS ?? '3'))

interface Result {
  size_mb: number
  grep_mb_s: number
  read_csv_mb_s: number
  read_csv_rss_mb: number | null
  exhunt_mb_s: number
  exhunt_rss_mb: number | null
  ratio_to_read_csv: number
  /** Seconds of each run, fastest first. */
  read_csv_runs_s: number[]
  exhunt_runs_s: number[]
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
    const anchors: Measurement[] = []
    const ingests: Measurement[] = []
    const caseDir = path.join(work, 'case')
    for (let run = 0; run < runs; run++) {
      const database = path.join(work, 'anchor.duckdb')
      fs.rmSync(database, { force: true })
      anchors.push(await measure(process.execPath, [ANCHOR, log, database]))
      fs.rmSync(caseDir, { recursive: true, force: true })
      ingests.push(await measure(process.execPath, [CLI, 'ingest', log, '--case', caseDir, '--json']))
      process.stderr.write(`${Math.round(mb)} MB run ${run + 1}/${runs}: read_csv ${anchors.at(-1)!.seconds.toFixed(2)} s, exhunt ${ingests.at(-1)!.seconds.toFixed(2)} s\n`)
    }
    const anchor = median(anchors)
    const ingest = median(ingests)
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
      read_csv_runs_s: anchors.map((m) => round(m.seconds, 2)).sort((a, b) => a - b),
      exhunt_runs_s: ingests.map((m) => round(m.seconds, 2)).sort((a, b) => a - b),
      records,
      stack_cli_s: round(stack.seconds, 2),
      stack_query_s: round(query, 3),
    })
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

console.table(results.map(({ read_csv_runs_s, exhunt_runs_s, ...figures }) => figures))
for (const r of results) console.log(`${r.size_mb} MB runs (s): read_csv ${r.read_csv_runs_s.join(', ')}; exhunt ${r.exhunt_runs_s.join(', ')}`)
console.log('targets: ratio_to_read_csv >= 0.5, exhunt_rss_mb < 1024 on 1 GB, stack_query_s < 1')
fs.writeFileSync(path.join(OUT, 'ingest-results.json'), `${JSON.stringify(results, null, 2)}\n`)

/** The run of median time (the upper middle one for an even count); its peak RSS is the highest of all runs. */
function median(measurements: readonly Measurement[]): Measurement {
  const sorted = [...measurements].sort((a, b) => a.seconds - b.seconds)
  const middle = sorted[Math.floor(sorted.length / 2)]!
  const peaks = measurements.map((m) => m.peakRssMb).filter((p): p is number => p !== null)
  return { ...middle, peakRssMb: peaks.length === 0 ? null : Math.max(...peaks) }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
