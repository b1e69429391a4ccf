// `npm run bench:query`: the investigator's commands (strip, stack, pivot, timeline) on the 1 GB
// bench case: each timed as a whole command line (process start, case open, query, output) and as
// its query alone (the analysis function on an open store, best of three). Target: under 1 s each.
// The case is bench/out/case-1000, ingested from bench/out/cas-1000MB.log when missing
// (EXHUNT_BENCH_SIZE=200 for the 200 MB one). Reports figures; asserts nothing about time.
import fs from 'node:fs'
import path from 'node:path'
import { pivot, type PivotQuery } from '../src/analysis/pivot.js'
import { stackCount } from '../src/analysis/stack.js'
import { timeline, parseTimeBound, type TimelineQuery } from '../src/analysis/timeline.js'
import { detectValue } from '../src/analysis/value-kind.js'
import { parseCondition } from '../src/analysis/where.js'
import { openDuckDbStore, type DuckDbStore } from '../src/store/duckdb.js'
import { generateCasLog } from './generate-cas-log.js'
import { measure } from './measure.js'

const ROOT = process.cwd()
const OUT = path.join(ROOT, 'bench', 'out')
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js')
const SIZE = Number(process.env.EXHUNT_BENCH_SIZE ?? '1000')
const LOG = path.join(OUT, `cas-${SIZE}MB.log`)
const CASE = path.join(OUT, `case-${SIZE}`)

interface Result {
  command: string
  cli_s: number
  query_s: number | null
  rows: number | string
}

async function prepareCase(): Promise<void> {
  if (fs.existsSync(path.join(CASE, 'case.duckdb'))) return
  if (!fs.existsSync(LOG)) {
    process.stderr.write(`generating ${LOG}...\n`)
    generateCasLog(LOG, SIZE * 1e6)
  }
  process.stderr.write(`ingesting ${LOG} into ${CASE}...\n`)
  const ingest = await measure(process.execPath, [CLI, 'ingest', LOG, '--case', CASE, '--json'], { keepStdout: false })
  if (ingest.status !== 0) throw new Error('ingest failed')
  process.stderr.write(`ingested in ${ingest.seconds.toFixed(1)} s\n`)
}

async function bestOf<T>(run: () => Promise<T>, times = 3): Promise<{ seconds: number; value: T }> {
  let best = Infinity
  let value: T | undefined
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    value = await run()
    best = Math.min(best, (performance.now() - started) / 1000)
  }
  return { seconds: best, value: value as T }
}

async function drain(store: DuckDbStore, query: TimelineQuery, limit?: number): Promise<number> {
  let n = 0
  for await (const _ of (await timeline(store, query)).rows) {
    if (++n === limit) break
  }
  return n
}

await prepareCase()
const store = await openDuckDbStore(CASE, { readOnly: true })
// A user, an address and a minute that the generated log holds.
const sample = (await store.query(`SELECT user_key, src_ip, ts FROM events WHERE client_app = 'OWA' AND user_key IS NOT NULL ORDER BY file_id, line LIMIT 1 OFFSET 100000`))[0]!
const user = String(sample.user_key)
const ip = String(sample.src_ip)
const minute = String(sample.ts).slice(0, 16)
const hasStrip = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'strip.js'))

const pivotOf = async (text: string, extra: Partial<PivotQuery> = {}): Promise<number> => {
  const result = await pivot(store, { value: await detectValue(store, text), ...extra })
  return result.records
}
const queries: Array<{ command: string[]; query?: () => Promise<number> }> = [
  ...(hasStrip ? [{ command: ['strip'] }] : []),
  { command: ['stack', 'user_agent'], query: async () => (await stackCount(store, { fields: ['user_agent'] })).length },
  { command: ['stack', 'ua.family', '--least'], query: async () => (await stackCount(store, { fields: ['ua.family'], least: true })).length },
  { command: ['pivot', 'Firefox'], query: () => pivotOf('Firefox') },
  { command: ['pivot', `ACME\\${user}`], query: () => pivotOf(`ACME\\${user}`) },
  { command: ['pivot', ip], query: () => pivotOf(ip) },
  { command: ['pivot', '198.51.100.0/24'], query: () => pivotOf('198.51.100.0/24') },
  { command: ['pivot', 'Firefox', '--hops', '2'], query: () => pivotOf('Firefox', { hops: 2 }) },
  { command: ['timeline', '--user', user], query: () => drain(store, { user }, 500) },
  { command: ['timeline', '--user', user, '--json'], query: () => drain(store, { user }) },
  { command: ['timeline', '--ip', ip, '--json'], query: () => drain(store, { ip }) },
  // A third of the case (the mobile publication's address): its first page as a table.
  { command: ['timeline', '--ip', '198.51.100.25'], query: () => drain(store, { ip: '198.51.100.25' }, 500) },
  {
    command: ['timeline', '--from', minute, '--to', `${minute}:59`, '--json'],
    query: () => drain(store, { from: parseTimeBound(minute, 'from'), to: parseTimeBound(`${minute}:59`, 'to') }),
  },
  { command: ['timeline', '--where', 'user_agent~firefox', '--from', minute.slice(0, 13), '--json'], query: () => drain(store, { where: [parseCondition('user_agent~firefox')], from: parseTimeBound(minute.slice(0, 13), 'from') }) },
  { command: ['timeline', '--item', '00-00-00-00-5A-3F-1C-2B-8E-4D-4A-9B', '--json'], query: () => drain(store, { item: '00-00-00-00-5A-3F-1C-2B-8E-4D-4A-9B' }) },
]

const results: Result[] = []
const records = Number((await store.query('SELECT count(*) AS n FROM events'))[0]!.n)
for (const { command, query } of queries) {
  const q = query === undefined ? undefined : await bestOf(query)
  // The command line in a child process: it opens the case itself (read-only, so beside ours).
  const cli = await measure(process.execPath, [CLI, ...command, '--case', CASE], { keepStdout: false })
  results.push({ command: command.join(' '), cli_s: round(cli.seconds), query_s: q === undefined ? null : round(q.seconds), rows: q?.value ?? (cli.status === 0 ? '-' : `exit ${cli.status}`) })
}
await store.close()

console.log(`case ${CASE}: ${records.toLocaleString('en-US')} records (${SIZE} MB of CAS log)`)
console.table(results)
console.log('target: each under 1 s (cli_s includes starting node and opening the case)')
fs.writeFileSync(path.join(OUT, 'query-results.json'), `${JSON.stringify({ records, results }, null, 2)}\n`)

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
