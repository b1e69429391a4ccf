// `exhunt detect`: the built-in Sigma rule pack (with the case context's placeholders) and the investigator's Sigma
// rules over a case; each finding with its rule, severity, users, addresses, endpoints, first and
// last seen and evidence lines; the rules that could not run, with the reason.
import type { Command } from 'commander'
import { detectCase, type CaseDetection, type DetectOptions } from '../detect/detect-case.js'
import type { Finding, RuleProblem } from '../detect/finding.js'
import type { RuleTiming } from '../detect/sigma-pack.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { contextOf } from './analysis-options.js'
import { DEFAULT_CASE_DIR } from './ingest.js'
import { printable } from './table.js'

export interface RuleFlags {
  rules?: string[]
  sigma?: string[]
}

interface DetectFlags extends RuleFlags {
  case: string
  context?: string
  json?: boolean
  timings?: boolean
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** --rules and --sigma, shared by detect, investigate and contain. */
export function addRuleOptions(command: Command): Command {
  return command
    .option('--rules <dir>', 'Sigma rules to run in place of the built-in ones (src/detect/rules); repeatable. They get the same placeholders (%deployed_browsers%, %org_networks%...) and exhunt.* fields as the pack', collect)
    .option('--sigma <path...>', 'more Sigma rule files or folders to run besides the pack')
}

export function detectOptionsOf(flags: RuleFlags, onRule?: (timing: RuleTiming) => void): DetectOptions {
  return { ...(flags.rules === undefined ? {} : { rules: flags.rules }), ...(flags.sigma === undefined ? {} : { sigma: flags.sigma }), ...(onRule === undefined ? {} : { onRule }) }
}

/** One line on a terminal's stderr per rule as it finishes, overwritten; nothing when stderr is not a terminal. */
export function ruleProgress(stream: NodeJS.WriteStream): { onRule?: (timing: RuleTiming) => void; done(): void } {
  if (!stream.isTTY) return { done() {} }
  let n = 0
  return {
    onRule(timing) {
      n++
      stream.write(`\r\x1b[2Kdetect: ${n} rules run, last ${timing.title.slice(0, 60)} (${timing.ms} ms)`)
    },
    done() {
      if (n > 0) stream.write('\r\x1b[2K')
    },
  }
}

export function registerDetect(program: Command): void {
  const command = program
    .command('detect')
    .description('run the built-in Sigma rule pack (its placeholders filled from the case context, or learnt from the traffic) and any Sigma rules given over a case')
    .option('--case <dir>', 'case folder', DEFAULT_CASE_DIR)
    .option('--context <file>', 'case context file (default: context.yaml in the case folder, if present)')
    .option('--json', 'the result as JSON: findings, problems, rules_run, timings')
    .option('--timings', 'also print how long each rule took')
  addRuleOptions(command).addHelpText(
    'after',
    '\nEach finding: rule, severity, title, users, IPs, endpoints, first/last seen, records, evidence (file:line).\n' +
      'Rules that cannot be compiled or run are listed with the reason. Exit status 0 whatever is found.',
  )
  command.action(async (flags: DetectFlags) => {
    const context = contextOf({ case: flags.case, ...(flags.context === undefined ? {} : { context: flags.context }) })
    const store = await openDuckDbStore(flags.case, { readOnly: true })
    const progress = ruleProgress(process.stderr)
    let result: CaseDetection
    try {
      result = await detectCase(store, context, detectOptionsOf(flags, progress.onRule))
    } finally {
      progress.done()
      await store.close()
    }
    if (flags.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else process.stdout.write(renderDetection(result, flags.timings === true))
  })
}

export function renderDetection(result: CaseDetection, timings: boolean): string {
  const out = [`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} from ${result.rules_run} rules`, '']
  for (const finding of result.findings) out.push(renderFinding(finding))
  if (result.problems.length > 0) out.push(renderProblems(result.problems))
  if (timings) out.push(renderTimings(result.timings))
  return out.join('\n')
}

const list = (values: readonly string[], max = 8): string => (values.length <= max ? values.join(', ') : `${values.slice(0, max).join(', ')} and ${values.length - max} more`)

export function renderFinding(f: Finding): string {
  const lines = [`${f.severity.toUpperCase().padEnd(8)} ${printable(f.title)}`]
  const facts = [
    f.users.length > 0 ? `users ${list(f.users)}` : '',
    f.ips.length > 0 ? `ips ${list(f.ips)}` : '',
    f.endpoints.length > 0 ? `endpoints ${list(f.endpoints)}` : '',
  ].filter((s) => s !== '')
  if (facts.length > 0) lines.push(`         ${printable(facts.join(' · '))}`)
  lines.push(`         ${f.first_seen ?? '?'} – ${f.last_seen ?? '?'}, ${f.count} record${f.count === 1 ? '' : 's'}, rule ${f.rule}`)
  const shown = f.evidence.slice(0, 3).map((e) => `${e.path}:${e.line}`)
  if (shown.length > 0) lines.push(`         evidence ${printable(shown.join(', '))}${f.evidence.length > 3 ? ` (+${f.evidence.length - 3} more with --json)` : ''}`)
  const logons = (f.account_evidence ?? []).map((e) => `${e.path}:${e.line}`)
  if (logons.length > 0) lines.push(`         account from ${printable(logons.slice(0, 3).join(', '))}${logons.length > 3 ? ` (+${logons.length - 3} more with --json)` : ''}`)
  return `${lines.join('\n')}\n`
}

export function renderProblems(problems: readonly RuleProblem[]): string {
  const lines = [`Rules that could not run (${problems.length}):`]
  for (const p of problems) lines.push(`  ${p.path} (${p.rule}): ${printable(p.reason)}`)
  return `${lines.join('\n')}\n`
}

function renderTimings(timings: readonly RuleTiming[]): string {
  const lines = ['Time per rule:']
  for (const t of [...timings].sort((a, b) => b.ms - a.ms)) lines.push(`  ${String(t.ms).padStart(7)} ms  ${t.title} [${t.logsource}]`)
  return `${lines.join('\n')}\n`
}
