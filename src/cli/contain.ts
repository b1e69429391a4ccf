// `exhunt contain`: what to close, from the case's findings: accounts to reset, addresses to block,
// a URI filter dictionary per abused endpoint, and the hardening the evidence supports; as text,
// JSON, or CSV rows a firewall or a ticket can take.
import type { Command } from 'commander'
import { containmentPlan, type Containment } from '../detect/containment.js'
import { detectCase } from '../detect/detect-case.js'
import { summarise } from '../detect/investigate.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { contextOf } from './analysis-options.js'
import { addRuleOptions, detectOptionsOf, ruleProgress, type RuleFlags } from './detect.js'
import { DEFAULT_CASE_DIR } from './ingest.js'
import { renderCsv } from './table.js'
import { UsageError } from './usage-error.js'

const FORMATS = ['text', 'json', 'csv'] as const
type Format = (typeof FORMATS)[number]

interface ContainFlags extends RuleFlags {
  case: string
  context?: string
  format: string
}

export function registerContain(program: Command): void {
  const command = program
    .command('contain')
    .description('what to close: accounts to reset, addresses to block, URI filters per abused endpoint, hardening advice')
    .option('--case <dir>', 'case folder', DEFAULT_CASE_DIR)
    .option('--context <file>', 'case context file (default: context.yaml in the case folder, if present)')
    .option('--format <format>', `${FORMATS.join(', ')}`, 'text')
  addRuleOptions(command).addHelpText(
    'after',
    '\nThe case is detected again (exhunt detect) and summarised (exhunt investigate). CSV rows: kind, endpoint, value, note\n' +
      '(kind: reset_account, block_ip, not_blocked, uri_block, uri_allow, hardening).',
  )
  command.action(async (flags: ContainFlags) => {
    if (!(FORMATS as readonly string[]).includes(flags.format)) throw new UsageError(`--format: one of ${FORMATS.join(', ')}, not "${flags.format}"`)
    const context = contextOf({ case: flags.case, ...(flags.context === undefined ? {} : { context: flags.context }) })
    const store = await openDuckDbStore(flags.case, { readOnly: true })
    const progress = ruleProgress(process.stderr)
    let plan: Containment
    try {
      const detection = await detectCase(store, context, detectOptionsOf(flags, progress.onRule))
      progress.done()
      plan = await containmentPlan(store, context, summarise(detection.findings, context), detection.findings)
    } finally {
      progress.done()
      await store.close()
    }
    process.stdout.write(renderContainment(plan, flags.format as Format))
  })
}

export function renderContainment(plan: Containment, format: Format): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`
  if (format === 'csv') return renderCsv(containmentRows(plan), ['kind', 'endpoint', 'value', 'note'])
  return containmentText(plan)
}

function containmentRows(plan: Containment): Array<Record<string, string>> {
  return [
    ...plan.reset_accounts.map((value) => ({ kind: 'reset_account', endpoint: '', value, note: '' })),
    ...plan.block_ips.map((value) => ({ kind: 'block_ip', endpoint: '', value, note: '' })),
    ...plan.not_blocked.map((n) => ({ kind: 'not_blocked', endpoint: '', value: n.ip, note: n.reason })),
    ...plan.uri_filters.flatMap((f) => [
      ...f.block.map((value) => ({ kind: 'uri_block', endpoint: f.endpoint, value, note: f.why })),
      ...f.allow.map((value) => ({ kind: 'uri_allow', endpoint: f.endpoint, value, note: '' })),
    ]),
    ...plan.hardening.map((h) => ({ kind: 'hardening', endpoint: '', value: h.topic, note: h.advice })),
  ]
}

export function containmentText(plan: Containment): string {
  const out: string[] = []
  out.push(`Reset the passwords of: ${plan.reset_accounts.length === 0 ? '(none)' : plan.reset_accounts.join(', ')}`)
  out.push(`Block these addresses: ${plan.block_ips.length === 0 ? '(none)' : plan.block_ips.join(', ')}`)
  for (const n of plan.not_blocked) out.push(`  not ${n.ip}: ${n.reason}`)
  for (const f of plan.uri_filters) {
    out.push('', `URI filter for ${f.endpoint} (${f.why}):`)
    for (const b of f.block) out.push(`  block  ${b}`)
    for (const a of f.allow) out.push(`  allow  ${a}`)
  }
  if (plan.hardening.length > 0) out.push('', 'Hardening:')
  for (const h of plan.hardening) {
    out.push(`  ${h.topic}: ${h.advice}`)
    for (const e of h.evidence.slice(0, 3)) out.push(`      because ${e}`)
  }
  return `${out.join('\n')}\n`
}
