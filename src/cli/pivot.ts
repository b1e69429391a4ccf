// `exhunt pivot VALUE`: everything the case ties to a value, as sections of aligned tables, one JSON
// object (--json), or one row per tie (--csv, --ndjson).
import type { Command } from 'commander'
import type { CaseContext } from '../context/case-context.js'
import { NothingTiedError, pivot, TIE_KINDS, type NetworkLabels, type PivotResult, type Tie } from '../analysis/pivot.js'
import { detectValue, describeKind, UnknownValueError, VALUE_KINDS, type ValueKind } from '../analysis/value-kind.js'
import type { Row } from '../store/store.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { addAnalysisOptions, conditionsOf, contextOf, type AnalysisFlags } from './analysis-options.js'
import { addOutputOptions, checkOutputFlags, writeRows, type OutputFlags } from './output.js'
import { renderTable } from './table.js'
import { UsageError } from './usage-error.js'

interface PivotFlags extends AnalysisFlags, OutputFlags {
  as?: string
  hops: string
  prefix?: string
  limit: string
  maxFollow: string
}

export function registerPivot(program: Command): void {
  const command = program
    .command('pivot')
    .description('everything the case ties to a value: users, source IPs, endpoints, user agents, client apps, datasets, with counts and first/last seen')
    .argument('<value>', 'an IP, a network (198.51.100.0/24), DOMAIN\\user, a UPN or account key, a user agent or its family (Firefox), a host, an item id, a <message-id>')
  addAnalysisOptions(command)
  addOutputOptions(command)
    .option('--as <kind>', `take VALUE as this kind instead of guessing (${VALUE_KINDS.join(', ')})`)
    .option('--hops <n>', '2 follows the ties one step further (users, IPs, user agents, items, messages)', '1')
    .option('--prefix <bits>', "neighbourhood of an IP: the other addresses of its /24 (IPv6: /64), or this prefix's")
    .option('--limit <n>', 'values shown per tie kind', '25')
    .option('--max-follow <n>', 'with --hops 2: ties followed per kind, the most frequent first', '10')
    .addHelpText('after', '\nWith a case context (context.yaml, --context) addresses are labelled (vpn, internal, the published\nendpoints) and records that reached an endpoint for a service it does not publish are listed.')
    .action(async (text: string, flags: PivotFlags) => {
      checkOutputFlags(flags)
      const hops = positive(flags.hops, '--hops')
      if (hops > 2) throw new UsageError('--hops: 1 or 2 (a third hop ties most of any case to anything)')
      const limit = positive(flags.limit, '--limit')
      const maxFollow = positive(flags.maxFollow, '--max-follow')
      const prefix = flags.prefix === undefined ? undefined : positive(flags.prefix, '--prefix')
      if (prefix !== undefined && prefix > 128) throw new UsageError(`--prefix: at most 32 (IPv4) or 128 (IPv6), not ${prefix}`)
      if (flags.as !== undefined && !(VALUE_KINDS as readonly string[]).includes(flags.as)) throw new UsageError(`--as: one of ${VALUE_KINDS.join(', ')}, not "${flags.as}"`)
      const conditions = conditionsOf(flags)
      const labels = labelsOf(contextOf(flags))
      const store = await openDuckDbStore(flags.case, { readOnly: true })
      try {
        let result: PivotResult
        try {
          const value = await detectValue(store, text, flags.as === undefined ? {} : { as: flags.as as ValueKind })
          if (prefix !== undefined && (value.kind === 'ipv4' || value.kind === 'cidr') && prefix > 32) throw new UsageError(`--prefix: at most 32 for IPv4, not ${prefix}`)
          result = await pivot(store, {
            value,
            hops,
            limit,
            maxFollow,
            where: conditions,
            ...(prefix === undefined ? {} : { prefix }),
            ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
            ...(labels === undefined ? {} : { labels }),
          })
        } catch (error) {
          if (error instanceof UnknownValueError) throw new UsageError(error.message)
          if (error instanceof NothingTiedError) {
            process.stderr.write(`exhunt: ${error.message}\n`)
            process.exitCode = 1
            return
          }
          throw error
        }
        if (flags.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        else if (flags.csv === true || flags.ndjson === true) await writeRows(pivotRows(result), flags, PIVOT_COLUMNS)
        else process.stdout.write(renderPivot(result))
      } finally {
        await store.close()
      }
    })
}

function positive(text: string, option: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option} must be a positive integer, not "${text}"`)
  return n
}

/** The context as pivot needs it; undefined when there is none (every field of it is optional). */
export function labelsOf(context: CaseContext): NetworkLabels | undefined {
  const networks = Object.entries(context.networks ?? {}).flatMap(([role, list]) => (list ?? []).map((network) => ({ role, network })))
  const endpoints = (context.endpoints ?? []).map((e) => ({
    name: [...e.hosts, ...e.ips][0] ?? '?',
    hosts: e.hosts,
    ips: e.ips,
    publishes: [...e.publishes],
  }))
  return networks.length === 0 && endpoints.length === 0 ? undefined : { networks, endpoints }
}

const PIVOT_COLUMNS = ['section', 'from', 'value', 'count', 'first_seen', 'last_seen', 'role', 'detail'] as const

/** One row per tie, neighbour, off-publication use and second-hop tie (for --csv and --ndjson). */
function* pivotRows(result: PivotResult): Iterable<Row> {
  const tieRow = (section: string, from: string, t: Tie, detail = ''): Row => ({
    section, from, value: t.value, count: t.count, first_seen: t.first_seen, last_seen: t.last_seen, role: t.role ?? '', detail,
  })
  for (const kind of TIE_KINDS) for (const t of result.ties[kind] ?? []) yield tieRow(kind, '', t)
  for (const n of result.neighbours) yield tieRow('neighbours', result.network ?? '', n, n.users.join(' '))
  for (const o of result.off_publication) {
    yield { section: 'off_publication', from: o.endpoint, value: o.user ?? '', count: o.count, first_seen: o.first_seen, last_seen: o.last_seen, role: `publishes ${o.publishes.join(', ')}`, detail: o.client_app }
  }
  for (const hop of result.hops) {
    for (const kind of TIE_KINDS) for (const t of hop.ties[kind] ?? []) yield tieRow(`hop2:${kind}`, `${hop.from.tie}=${hop.from.value}`, t)
  }
}

const TIE_TITLES: Record<(typeof TIE_KINDS)[number], string> = {
  users: 'users',
  ips: 'source IPs',
  dst_hosts: 'host headers',
  dst_ips: 'destination IPs (servers, endpoints)',
  user_agents: 'user agents',
  ua_families: 'user-agent families',
  client_apps: 'client apps',
  datasets: 'datasets',
  servers: 'servers (hosts that logged)',
  items: 'mailbox items',
  messages: 'message ids',
}

function tieTable(ties: readonly Tie[]): string {
  const withRole = ties.some((t) => t.role !== undefined)
  const rows = ties.map((t) => ({ value: t.value, ...(withRole ? { role: t.role ?? '' } : {}), count: t.count, first_seen: t.first_seen, last_seen: t.last_seen }))
  return renderTable(rows)
}

export function renderPivot(result: PivotResult): string {
  const out: string[] = []
  const role = result.role === undefined ? '' : ` (${result.role})`
  out.push(`${result.written}: ${describeKind(result.kind)}${result.written === result.value ? '' : ` (${result.value})`}${role}, ${result.records} record${result.records === 1 ? '' : 's'}, ${result.first_seen ?? '?'} … ${result.last_seen ?? '?'}\n`)
  for (const kind of TIE_KINDS) {
    const ties = result.ties[kind]
    if (ties === undefined || ties.length === 0) continue
    const more = result.truncated[kind]
    out.push(`\n${TIE_TITLES[kind]} (${more ?? ties.length}${more === undefined ? '' : `, ${ties.length} shown`})\n${tieTable(ties)}`)
  }
  if (result.network !== undefined) {
    out.push(`\nneighbours in ${result.network} (${result.neighbours.length})\n`)
    out.push(
      result.neighbours.length === 0
        ? '(no other address of the network in the case)\n'
        : renderTable(result.neighbours.map((n) => ({ ip: n.ip, role: n.role ?? '', count: n.count, first_seen: n.first_seen, last_seen: n.last_seen, user_count: n.user_count, users: n.users.join(', ') }))),
    )
  }
  if (result.off_publication.length > 0) {
    out.push('\nendpoints used for what they do not publish\n')
    out.push(renderTable(result.off_publication.map((o) => ({ endpoint: o.endpoint, publishes: o.publishes.join(', '), client_app: o.client_app, user: o.user ?? '', count: o.count, first_seen: o.first_seen, last_seen: o.last_seen }))))
  }
  for (const hop of result.hops) {
    const rows = TIE_KINDS.flatMap((kind) => (hop.ties[kind] ?? []).map((t) => ({ tie: kind, value: t.value, role: t.role ?? '', count: t.count, first_seen: t.first_seen, last_seen: t.last_seen })))
    out.push(`\nhop 2 from ${hop.from.tie} ${hop.from.value}: new ties\n${renderTable(rows)}`)
  }
  if (result.notes.length > 0) out.push(`\n${result.notes.map((n) => `note: ${n}`).join('\n')}\n`)
  return out.join('')
}
