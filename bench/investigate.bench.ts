// `npm run bench:investigate`: `exhunt investigate` (ingest, the whole built-in pack, summary,
// containment) on a generated mixed case of EXHUNT_BENCH_SIZE MB (default 250): CAS IIS logs, an IIS
// SMTP log, message tracking, EventHistory and a Security log, with both seed stories hidden in it.
// Reports the wall time, the ingest and detection shares, and the time per rule so slow rules show.
// Target: under 60 s on the 2-core bench machine. Reports figures; asserts nothing about time.
import fs from 'node:fs'
import path from 'node:path'
import { BENCH_CONTEXT, generateMixedCase } from './generate-mixed-case.js'
import { measure } from './measure.js'

const ROOT = process.cwd()
const OUT = path.join(ROOT, 'bench', 'out')
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js')
const SIZE = Number(process.env.EXHUNT_BENCH_SIZE ?? '250')
const EVIDENCE = path.join(OUT, `mixed-${SIZE}MB`)
const CONTEXT = path.join(OUT, `mixed-${SIZE}MB-context.yaml`)
const CASE = path.join(OUT, `investigate-case-${SIZE}`)

interface Timing {
  title: string
  logsource: string
  ms: number
  matches: number
}

const done = `${EVIDENCE}.complete`
if (!fs.existsSync(done)) {
  process.stderr.write(`generating ${EVIDENCE}...\n`)
  fs.rmSync(EVIDENCE, { recursive: true, force: true })
  generateMixedCase(EVIDENCE, SIZE)
  fs.writeFileSync(done, '')
}
fs.writeFileSync(CONTEXT, BENCH_CONTEXT)
fs.rmSync(CASE, { recursive: true, force: true })
const bytes = fs.readdirSync(EVIDENCE, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + fs.statSync(path.join(e.parentPath, e.name)).size, 0)

process.stderr.write(`exhunt investigate on ${(bytes / 1e6).toFixed(0)} MB...\n`)
const run = await measure(process.execPath, [CLI, 'investigate', EVIDENCE, '--case', CASE, '--context', CONTEXT, '--json'])
if (run.status !== 0) throw new Error('investigate failed')
const report = JSON.parse(run.stdout) as { compromised_accounts: string[]; attacker_ips: string[]; abused_endpoints: string[]; timings: Timing[]; ingest: { records: number; problems: number; unreadable: Array<{ path: string; reason: string }> } }
for (const file of report.ingest.unreadable) process.stderr.write(`not ingested: ${file.path}: ${file.reason}\n`)
const detectMs = report.timings.reduce((n, t) => n + t.ms, 0)
const again = await measure(process.execPath, [CLI, 'detect', '--case', CASE, '--json'], { keepStdout: false })

console.log(`${(bytes / 1e6).toFixed(0)} MB, ${report.ingest.records.toLocaleString('en-US')} records (${report.ingest.problems} problems)`)
console.log(`exhunt investigate: ${run.seconds.toFixed(1)} s (target < 60 s), peak RSS ${run.peakRssMb?.toFixed(0) ?? '?'} MB; rules and checks ${(detectMs / 1000).toFixed(1)} s of it`)
console.log(`exhunt detect again on the case: ${again.seconds.toFixed(1)} s`)
console.log(`found: accounts ${report.compromised_accounts.join(', ')}; addresses ${report.attacker_ips.join(', ')}; endpoints ${report.abused_endpoints.join(', ')}`)
console.table([...report.timings].sort((a, b) => b.ms - a.ms).map((t) => ({ rule: t.title.slice(0, 70), source: t.logsource, ms: t.ms, matches: t.matches })))
fs.writeFileSync(
  path.join(OUT, 'investigate-results.json'),
  `${JSON.stringify({ megabytes: Math.round(bytes / 1e6), records: report.ingest.records, investigate_s: run.seconds, peak_rss_mb: run.peakRssMb, detect_s: detectMs / 1000, detect_again_s: again.seconds, timings: report.timings }, null, 2)}\n`,
)
