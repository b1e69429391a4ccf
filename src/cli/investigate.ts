// `exhunt investigate PATH...`: ingest the evidence, run the pack, and say which accounts are
// compromised, which addresses are the attacker's, which endpoints were abused (each with the
// reasons) and what to close. The case defaults to ./exhunt-case and is never put inside the
// evidence. Progress goes to stderr on a terminal; stdout holds the result only.
import path from 'node:path'
import type { Command } from 'commander'
import { containmentPlan, type Containment } from '../detect/containment.js'
import { detectCase, type CaseDetection } from '../detect/detect-case.js'
import type { Finding } from '../detect/finding.js'
import { summarise, type Summary, type Verdict } from '../detect/investigate.js'
import { FORMATS } from '../formats/registry.js'
import { ingestPaths } from '../ingest/ingest.js'
import type { FileResult } from '../ingest/ingest-source.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { contextOf } from './analysis-options.js'
import { containmentText } from './contain.js'
import { addRuleOptions, detectOptionsOf, renderFinding, renderProblems, ruleProgress, type RuleFlags } from './detect.js'
import { DEFAULT_CASE_DIR, describeFile, keepContextInCase, localTimeOptions, refuseCaseInsideEvidence } from './ingest.js'
import { terminalProgress } from './progress.js'
import { printable } from './table.js'

interface InvestigateFlags extends RuleFlags {
  case: string
  context?: string
  tz?: string
  culture?: string
  json?: boolean
}

/** What `investigate --json` prints: the summary, the findings and the containment plan. */
export interface InvestigationReport {
  case: string
  compromised_accounts: string[]
  attacker_ips: string[]
  abused_endpoints: string[]
  findings: Finding[]
  containment: Containment
  accounts: Verdict[]
  ips: Verdict[]
  endpoints: Summary['endpoints']
  problems: CaseDetection['problems']
  /** How long each rule took (and the placeholders' learning). */
  timings: CaseDetection['timings']
  ingest: { files: number; ingested: number; already_in_case: number; unreadable: Array<{ path: string; reason: string }>; records: number; problems: number }
}

export function registerInvestigate(program: Command): void {
  const command = program
    .command('investigate')
    .description('ingest, detect and summarise: compromised accounts, attacker addresses and abused endpoints with the reasons, and what to close')
    .argument('<path...>', 'files or folders of collected logs (opened read-only)')
    .option('--case <dir>', 'case folder (created if missing; never inside the evidence)', DEFAULT_CASE_DIR)
    .option('--context <file>', 'case context file (default: context.yaml in the case folder); kept in the case when it has none')
    .option('--tz <zone>', 'time zone of times written in local time (IANA name); default: time_zone of the context')
    .option('--culture <name>', 'culture of PowerShell/Event Viewer dates: en-US (month/day), en-GB (day/month), ...; default: culture of the context')
    .option('--json', 'the result as one JSON object: compromised_accounts, attacker_ips, abused_endpoints, findings, containment, ...')
  addRuleOptions(command).addHelpText(
    'after',
    '\nAn account or address is accused from 3 points: a high finding (3), or a medium (2) with another\n' +
      'rule\'s finding; leads below that are listed apart. Files already in the case are not read again.',
  )
  command.action(async (paths: string[], flags: InvestigateFlags) => {
    const report = await investigate(paths, flags)
    process.stdout.write(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report))
  })
}

async function investigate(paths: readonly string[], flags: InvestigateFlags): Promise<InvestigationReport> {
  const caseDir = path.resolve(flags.case)
  refuseCaseInsideEvidence(flags.case, paths)
  const context = contextOf(flags)
  const localTime = localTimeOptions(flags)
  const store = await openDuckDbStore(flags.case)
  try {
    keepContextInCase(flags)
    const tty = process.stderr.isTTY === true
    const reporter = terminalProgress(process.stderr, (file) => {
      if (tty) process.stderr.write(describeFile(file))
    })
    const { files } = await ingestPaths(store, paths, { formats: FORMATS, localTime, reporter })
    const progress = ruleProgress(process.stderr)
    const detection = await detectCase(store, context, detectOptionsOf(flags, progress.onRule))
    progress.done()
    const summary = summarise(detection.findings, context)
    const containment = await containmentPlan(store, context, summary, detection.findings)
    return {
      case: caseDir,
      compromised_accounts: summary.compromised_accounts,
      attacker_ips: summary.attacker_ips,
      abused_endpoints: summary.abused_endpoints,
      findings: detection.findings,
      containment,
      accounts: summary.accounts,
      ips: summary.ips,
      endpoints: summary.endpoints,
      problems: detection.problems,
      timings: detection.timings,
      ingest: ingestSummary(files),
    }
  } finally {
    await store.close()
  }
}

function ingestSummary(files: readonly FileResult[]): InvestigationReport['ingest'] {
  return {
    files: files.length,
    ingested: files.filter((f) => f.status === 'ingested').length,
    already_in_case: files.filter((f) => f.status === 'already_in_case').length,
    unreadable: files.filter((f) => f.status === 'unreadable' || f.status === 'not_a_log').map((f) => ({ path: f.path, reason: f.problems[0]?.reason ?? '' })),
    records: files.reduce((n, f) => n + f.records, 0),
    problems: files.reduce((n, f) => n + f.problem_count, 0),
  }
}

function renderVerdicts(title: string, verdicts: readonly Verdict[]): string[] {
  if (verdicts.length === 0) return []
  const lines = ['', `${title} (${verdicts.length}):`]
  for (const v of verdicts) {
    lines.push(`  ${printable(v.value)}${v.role === undefined ? '' : ` [${v.role}]`}  score ${v.score}${v.ties.length > 0 ? `  with ${printable(v.ties.slice(0, 6).join(', '))}` : ''}`)
    for (const reason of v.reasons.slice(0, 4)) lines.push(`      ${printable(reason)}`)
  }
  return lines
}

function renderReport(report: InvestigationReport): string {
  const i = report.ingest
  const out = [
    `Case ${report.case}: ${i.ingested} files ingested (${i.records.toLocaleString('en-US')} records, ${i.problems} problems), ${i.already_in_case} already in the case${i.unreadable.length > 0 ? `, ${i.unreadable.length} not readable` : ''}.`,
    ...renderVerdicts('Compromised accounts', report.accounts.filter((a) => a.accused)),
    ...renderVerdicts('Attacker addresses', report.ips.filter((a) => a.accused)),
  ]
  if (report.endpoints.length > 0) {
    out.push('', `Abused endpoints (${report.endpoints.length}):`)
    for (const e of report.endpoints) out.push(`  ${printable(e.endpoint)}${e.publishes.length > 0 ? ` (publishes ${e.publishes.join(', ')})` : ''}: ${printable(e.reasons[0] ?? '')}`)
  }
  out.push(...renderVerdicts('Leads, not accused', [...report.accounts, ...report.ips].filter((v) => !v.accused)))
  out.push('', `Findings (${report.findings.length}):`, ...report.findings.map(renderFinding))
  out.push('Containment:', containmentText(report.containment))
  if (report.problems.length > 0) out.push(renderProblems(report.problems))
  return `${out.join('\n')}\n`
}
