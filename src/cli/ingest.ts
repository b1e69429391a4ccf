// `exhunt ingest PATH... [--case DIR]`: every log under the paths into the case.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { CONTEXT_FILE, ContextError, loadCaseContext, type CaseContext } from '../context/case-context.js'
import type { LocalTimeOptions } from '../formats/format.js'
import { FORMATS, findFormat, formatIds } from '../formats/registry.js'
import { checkTimeZone, dateOrderOfCulture, type DateOrder } from '../model/local-time.js'
import { ingestPaths } from '../ingest/ingest.js'
import type { FileResult } from '../ingest/ingest-source.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { terminalProgress } from './progress.js'
import { UsageError } from './usage-error.js'

export const DEFAULT_CASE_DIR = 'exhunt-case'

interface IngestFlags {
  case: string
  format?: string
  json?: boolean
  tz?: string
  culture?: string
  context?: string
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read every log under PATH (folders, .gz, .zip) into a case')
    .argument('<path...>', 'files or folders of collected logs (opened read-only)')
    .option('--case <dir>', 'case folder (created if missing)', DEFAULT_CASE_DIR)
    .option('--format <id>', `force a format instead of sniffing (${formatIds().join(', ')})`)
    .option('--json', 'print the per-file report as JSON')
    .option('--tz <zone>', 'time zone of times written in local time, e.g. by PowerShell (IANA name: Europe/Madrid)')
    .option('--culture <name>', 'culture of the machine that wrote PowerShell dates: en-US (month/day), en-GB (day/month), ... or mdy / dmy')
    .option('--context <file>', 'case context file (default: context.yaml in the case folder, if present)')
    .addHelpText('after', '\nRe-ingesting a file already in the case (same sha256) does nothing. Each file is\ningested whole or not at all. Problems (bad lines, bad dates, binary garbage...) are\ncounted per file and the first ones listed with their line numbers.')
    .action(async (paths: string[], flags: IngestFlags) => {
      await runIngest(paths, flags)
    })
}

export async function runIngest(paths: readonly string[], flags: IngestFlags): Promise<FileResult[]> {
  const forced = flags.format === undefined ? undefined : findFormat(flags.format)
  if (flags.format !== undefined && forced === undefined) {
    throw new UsageError(`unknown format "${flags.format}"; known formats: ${formatIds().join(', ')}`)
  }
  refuseCaseInsideEvidence(flags.case, paths)
  const localTime = localTimeOptions(flags)
  const store = await openDuckDbStore(flags.case)
  keepContextInCase(flags)
  // Ctrl-C: files already reported are in the case; the one in progress never got its mark and is
  // removed the next time the case is opened.
  const onInterrupt = (): void => {
    process.stderr.write('\nexhunt: interrupted; the files reported above are in the case, the file in progress is not\n')
    process.exit(130)
  }
  process.once('SIGINT', onInterrupt)
  try {
    const reporter = terminalProgress(process.stderr, (result) => {
      if (flags.json !== true) process.stdout.write(describeFile(result))
    })
    const { files } = await ingestPaths(store, paths, { formats: FORMATS, ...(forced === undefined ? {} : { forced }), localTime, reporter })
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify({ case: path.resolve(flags.case), files }, null, 2)}\n`)
    } else {
      process.stdout.write(describeTotals(files, flags.case))
    }
    return files
  } finally {
    process.off('SIGINT', onInterrupt)
    await store.close()
  }
}

export function refuseCaseInsideEvidence(caseDir: string, paths: readonly string[]): void {
  const resolvedCase = path.resolve(caseDir)
  for (const p of paths) {
    const evidence = path.resolve(p)
    if (resolvedCase === evidence || resolvedCase.startsWith(evidence + path.sep)) {
      throw new UsageError(`the case folder ${caseDir} is inside the evidence ${p}; choose --case outside it (exhunt never writes into evidence)`)
    }
  }
}

export function describeFile(r: FileResult): string {
  const status =
    r.status === 'already_in_case'
      ? `already in case${r.same_as !== undefined && r.same_as !== r.path ? ` (as ${r.same_as})` : ''}`
      : r.status === 'unreadable'
        ? 'NOT READ'
        : r.status === 'not_a_log'
          ? `not a log exhunt knows, ${r.encoding ?? '?'}`
        : `${r.format ?? 'unknown format'}, ${r.encoding ?? '?'}, ${plural(r.records, 'record')}`
  const problems = r.problem_count === 0 ? '' : `, ${plural(r.problem_count, 'problem')} (${Object.entries(r.problem_counts).map(([code, n]) => `${code} ${n}`).join(', ')})`
  const lines = [`${r.path}: ${status}${problems}`]
  for (const p of r.problems.slice(0, 5)) {
    lines.push(`    line ${p.line}: ${p.reason}${p.excerpt === undefined ? '' : ` | ${p.excerpt}`}`)
  }
  if (r.problem_count > 5) lines.push(`    … ${r.problem_count - 5} more (exhunt sql "SELECT * FROM problems" --case …)`)
  return `${lines.join('\n')}\n`
}

function describeTotals(files: readonly FileResult[], caseDir: string): string {
  const ingested = files.filter((f) => f.status === 'ingested')
  const records = ingested.reduce((sum, f) => sum + f.records, 0)
  const problems = files.reduce((sum, f) => sum + f.problem_count, 0)
  const already = files.filter((f) => f.status === 'already_in_case').length
  const unread = files.length - ingested.length - already
  return (
    `\n${plural(files.length, 'file')}: ${ingested.length} ingested (${plural(records, 'record')}), ` +
    `${already} already in case, ${unread} not readable as a log; ${plural(problems, 'problem')}. Case: ${caseDir}\n`
  )
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`
}

// --tz and --culture win over the case context file; both are checked before anything is read.
export function localTimeOptions(flags: { case: string; context?: string; tz?: string; culture?: string }): LocalTimeOptions {
  let context: CaseContext
  try {
    context = loadCaseContext(flags.case, flags.context)
  } catch (error) {
    if (error instanceof ContextError) throw new UsageError(error.message)
    throw error
  }
  const timeZone = flags.tz ?? context.timeZone
  if (timeZone !== undefined) {
    try {
      checkTimeZone(timeZone)
    } catch {
      throw new UsageError(`--tz: unknown time zone "${timeZone}" (use an IANA name such as Europe/Madrid or UTC)`)
    }
  }
  const culture = flags.culture ?? context.culture
  let order: DateOrder | undefined
  if (culture !== undefined) {
    const found = dateOrderOfCulture(culture)
    if (found === 'unknown') throw new UsageError(`--culture: "${culture}" is not a culture name such as en-US or en-GB (or mdy / dmy)`)
    order = found
  }
  return { ...(timeZone === undefined ? {} : { timeZone }), ...(order === undefined ? {} : { order }) }
}

// A context given to ingest becomes the case's own (when it has none), so that the analysis
// commands read it without --context every time.
export function keepContextInCase(flags: { case: string; context?: string }): void {
  if (flags.context === undefined) return
  const own = path.join(flags.case, CONTEXT_FILE)
  if (path.resolve(own) === path.resolve(flags.context) || fs.existsSync(own)) return
  fs.copyFileSync(flags.context, own, fs.constants.COPYFILE_EXCL)
  if (process.stderr.isTTY === true) process.stderr.write(`exhunt: ${flags.context} kept as the case's ${own}\n`)
}
