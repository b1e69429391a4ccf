// Pivot: from one value (an IP, a network, an account, a user agent or its family, a host, an item, a
// message) to everything the case ties to it: the users, source IPs, endpoints, user agents, client
// apps, datasets and servers of the records it appears in, each with its count and first/last seen.
// For an IP or network, its neighbours (the other addresses of its /24) and their users; with the
// case context, what each address is to the organisation and which published endpoint was used for
// something it does not publish. `hops: 2` follows the ties one step further, within caps.
import ipaddr from 'ipaddr.js'
import { endpointLabel, ipRole, type NetworkLabels } from './ip-role.js'
import type { Row, Store } from '../store/store.js'
import { joinsFor } from './field-sql.js'
import { type Condition, whereClause } from './where.js'
export { ipRole, type NetworkLabels } from './ip-role.js'
import { canonicalIp, hasUserAgentTable, inNetworkSql, itemIdsOf, valueCondition, type PivotValue, type SqlCondition } from './value-kind.js'
import { bindParam } from '../store/sql-quote.js'

export const TIE_KINDS = ['users', 'ips', 'dst_hosts', 'dst_ips', 'user_agents', 'ua_families', 'client_apps', 'datasets', 'servers', 'items', 'messages'] as const
export type TieKind = (typeof TIE_KINDS)[number]

const TIE_COLUMNS: Record<TieKind, string> = {
  users: 'e.user_key',
  ips: 'e.src_ip',
  dst_hosts: 'lower(e.dst_host)',
  dst_ips: 'e.dst_ip',
  user_agents: 'e.user_agent',
  ua_families: 'ua.family',
  client_apps: 'e.client_app',
  datasets: 'e.dataset',
  servers: 'e.host_name',
  items: 'e.item_id',
  messages: 'e.message_id',
}

/** The ties a second hop starts from: the ones that name one actor or thing, not a whole class. */
const FOLLOWED: readonly TieKind[] = ['users', 'ips', 'user_agents', 'items', 'messages']

export interface Tie {
  value: string
  count: number
  first_seen: string | null
  last_seen: string | null
  /** For addresses: what the address is (context role, endpoint, private/public). */
  role?: string
}

export type Ties = Partial<Record<TieKind, Tie[]>>

export interface Neighbour extends Tie {
  ip: string
  user_count: number
  users: string[]
}

export interface OffPublication {
  endpoint: string
  publishes: string[]
  client_app: string
  user: string | null
  count: number
  first_seen: string | null
  last_seen: string | null
}

export interface Hop {
  from: { tie: TieKind; value: string }
  /** Only values not already tied at the first hop. */
  ties: Ties
}

export interface PivotResult {
  value: string
  kind: PivotValue['kind']
  written: string
  /** For an address: what it is to the organisation. */
  role?: string
  records: number
  first_seen: string | null
  last_seen: string | null
  ties: Ties
  /** Distinct values per tie kind, when more than the cap were found. */
  truncated: Partial<Record<TieKind, number>>
  network?: string
  neighbours: Neighbour[]
  off_publication: OffPublication[]
  hops: Hop[]
  notes: string[]
}

export interface PivotQuery {
  value: PivotValue
  dataset?: string
  where?: readonly Condition[]
  /** 1 (default) or 2. */
  hops?: number
  /** Prefix length of the neighbourhood of an IP: 24 for IPv4, 64 for IPv6 by default. */
  prefix?: number
  /** Values shown per tie kind. */
  limit?: number
  /** Ties followed per kind at the second hop. */
  maxFollow?: number
  labels?: NetworkLabels
}

export class NothingTiedError extends Error {}

const DEFAULT_LIMIT = 25
const DEFAULT_FOLLOW = 10
const NEIGHBOUR_USERS = 20

export async function pivot(store: Store, query: PivotQuery): Promise<PivotResult> {
  const { value } = query
  const notes: string[] = []
  const limit = query.limit ?? DEFAULT_LIMIT
  const withUa = await hasUserAgentTable(store)
  const itemIds = value.kind === 'item_id' ? await itemIdsOf(store, value.value) : undefined
  const params: unknown[] = []
  const sql = await valueCondition(store, value, params, itemIds === undefined ? {} : { itemIds })
  const filter = scope(query, { sql, params })

  const first = (await tiesOf(store, { filter, withUa, limit })).get(null)
  if (first === undefined) throw new NothingTiedError(`no record ties to ${value.written}${filter.narrowed ? ' (with the --dataset/--where given)' : ''}`)
  const { ties, truncated, total } = first
  // The pivot value itself is not a tie of itself.
  dropSelf(ties, value)
  label(ties, query.labels)

  const result: PivotResult = {
    value: value.value,
    kind: value.kind,
    written: value.written,
    ...(value.kind === 'ipv4' || value.kind === 'ipv6' ? { role: ipRole(value.value, query.labels) } : {}),
    records: total.count,
    first_seen: total.first_seen,
    last_seen: total.last_seen,
    ties,
    truncated,
    neighbours: [],
    off_publication: [],
    hops: [],
    notes,
  }
  for (const [kind, total] of Object.entries(truncated)) notes.push(`${kind}: ${total} values, the ${limit} most frequent shown (--limit to see more)`)
  if (!withUa) notes.push('the case has no user-agent classification (ingested by an older exhunt): ua_families is empty, a family matches the user agents that contain its name')

  const network = neighbourhood(value, query.prefix)
  if (network !== undefined) {
    result.network = network
    result.neighbours = await neighboursOf(store, network, value, query)
    for (const n of result.neighbours) n.role = ipRole(n.ip, query.labels)
  }
  if (query.labels === undefined || query.labels.endpoints.length === 0) {
    notes.push('no case context: addresses are labelled private/public only; a context file (--context) naming the VPN networks and published endpoints says which is which, and which endpoint served what it does not publish')
  } else {
    result.off_publication = await offPublication(store, filter, query.labels)
  }
  if ((query.hops ?? 1) >= 2) result.hops = await secondHop(store, { query, ties, withUa, limit, notes })
  return result
}

interface Filter {
  where: string
  params: unknown[]
  narrowed: boolean
  conditions: readonly Condition[]
}

/** The value's condition with --dataset and --where, as one WHERE clause. */
function scope(query: { dataset?: string; where?: readonly Condition[] }, condition: SqlCondition): Filter {
  const params = [...condition.params]
  const extra = [condition.sql]
  if (query.dataset !== undefined) {
    params.push(query.dataset)
    extra.push(`e.dataset = $${params.length}`)
  }
  const where = whereClause(query.where ?? [], params, extra)
  return { where, params, narrowed: query.dataset !== undefined || (query.where ?? []).length > 0, conditions: query.where ?? [] }
}

/** The joins the --where fields need (original fields, ua.*), and the classification for the ties. */
function joins(withUa: boolean, where: readonly Condition[] = []): string {
  return joinsFor([...where.map((c) => c.field), ...(withUa ? ['ua.family'] : [])])
}

interface TiesOptions {
  filter: Filter
  withUa: boolean
  limit: number
  /** Group the ties by this expression too (the second hop: one set of ties per followed value). */
  source?: string
}

interface TiesOf {
  ties: Ties
  truncated: Partial<Record<TieKind, number>>
  /** All the matching records: their count and first and last time. */
  total: Tie
}

/**
 * Every tie kind in one scan: GROUPING SETS make one aggregate per kind over the matching records
 * (and one for them all), and a window keeps the most frequent values of each.
 */
async function tiesOf(store: Store, options: TiesOptions): Promise<Map<string | null, TiesOf>> {
  const kinds = TIE_KINDS.filter((k) => k !== 'ua_families' || options.withUa)
  const source = options.source ?? 'NULL'
  const columns = kinds.map((k) => `CAST(${TIE_COLUMNS[k]} AS VARCHAR) AS ${k}`).join(', ')
  const sets = ['(source)', ...kinds.map((k) => `(source, ${k})`)].join(', ')
  const tieName = `CASE ${kinds.map((k) => `WHEN grouping(${k}) = 0 THEN '${k}'`).join(' ')} ELSE 'total' END`
  const params = [...options.filter.params, options.limit]
  const rows = await store.query(
    `WITH m AS (
       SELECT CAST(${source} AS VARCHAR) AS source, ${columns}, e.ts FROM events e ${joins(options.withUa, options.filter.conditions)} ${options.filter.where}
     ), g AS (
       SELECT source, ${tieName} AS tie, coalesce(${kinds.join(', ')}) AS value,
         count(*) AS count, min(ts) AS first_seen, max(ts) AS last_seen
       FROM m GROUP BY GROUPING SETS (${sets})
     )
     SELECT source, tie, value, count, first_seen, last_seen, count(*) OVER (PARTITION BY source, tie) AS distinct_values
     FROM g WHERE tie = 'total' OR (value IS NOT NULL AND value <> '' AND value <> '-')
     QUALIFY row_number() OVER (PARTITION BY source, tie ORDER BY count DESC, value) <= $${params.length}
     ORDER BY source, tie, count DESC, value`,
    params,
  )
  const out = new Map<string | null, TiesOf>()
  for (const row of rows) {
    const key = row.source === null ? null : String(row.source)
    let entry = out.get(key)
    if (entry === undefined) out.set(key, (entry = { ties: {}, truncated: {}, total: { value: '', count: 0, first_seen: null, last_seen: null } }))
    if (row.tie === 'total') {
      entry.total = tieOf(row)
      continue
    }
    const tie = row.tie as TieKind
    ;(entry.ties[tie] ??= []).push(tieOf(row))
    const distinct = Number(row.distinct_values)
    if (distinct > options.limit) entry.truncated[tie] = distinct
  }
  return out
}

function tieOf(row: Row): Tie {
  return { value: String(row.value ?? ''), count: Number(row.count), first_seen: (row.first_seen as string | null) ?? null, last_seen: (row.last_seen as string | null) ?? null }
}

/** The tie kind a pivot value is itself a value of. */
const SELF_TIE: Partial<Record<PivotValue['kind'], TieKind>> = { user: 'users', ipv4: 'ips', ipv6: 'ips', user_agent: 'user_agents', ua_family: 'ua_families', item_id: 'items', message_id: 'messages' }

function dropSelf(ties: Ties, value: PivotValue): void {
  const kind = SELF_TIE[value.kind]
  if (kind === undefined) return
  const remaining = ties[kind]?.filter((t) => t.value.toLowerCase() !== value.value.toLowerCase())
  if (remaining === undefined || remaining.length === 0) delete ties[kind]
  else ties[kind] = remaining
}

function label(ties: Ties, labels: NetworkLabels | undefined): void {
  for (const kind of ['ips', 'dst_ips'] as const) for (const tie of ties[kind] ?? []) tie.role = ipRole(tie.value, labels)
  for (const tie of ties.dst_hosts ?? []) {
    const endpoint = labels?.endpoints.find((e) => e.hosts.includes(tie.value))
    if (endpoint !== undefined) tie.role = endpointLabel(endpoint)
  }
}

/** The network whose other addresses are the value's neighbours: the IP's /24 (/64), or the CIDR. */
function neighbourhood(value: PivotValue, prefix: number | undefined): string | undefined {
  if (value.kind === 'ipv4' || value.kind === 'ipv6') {
    if (canonicalIp(value.value) === undefined) return undefined
    const bits = prefix ?? (value.kind === 'ipv4' ? 24 : 64)
    const network = value.kind === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${value.value}/${bits}`) : ipaddr.IPv6.networkAddressFromCIDR(`${value.value}/${bits}`)
    return `${network.toString()}/${bits}`
  }
  if (value.kind === 'cidr') {
    const [address, bits] = ipaddr.parseCIDR(value.value)
    if (prefix === undefined || prefix >= bits) return value.value
    const cidr = `${address.toString()}/${prefix}`
    const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr)
    return `${network.toString()}/${prefix}`
  }
  return undefined
}

async function neighboursOf(store: Store, network: string, value: PivotValue, query: PivotQuery): Promise<Neighbour[]> {
  const params: unknown[] = []
  const inside = await inNetworkSql(store, 'e.src_ip', network, params)
  const filter = scope(query, { sql: inside, params })
  filter.params.push(query.limit ?? DEFAULT_LIMIT * 4)
  // Per address and user first (a small aggregate), then per address: cheaper than list(DISTINCT).
  const rows = await store.query(
    `SELECT ip, sum(n) AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen, count(user_key) AS user_count,
       list(user_key ORDER BY user_key) FILTER (WHERE user_key IS NOT NULL) AS users
     FROM (
       SELECT e.src_ip AS ip, e.user_key, count(*) AS n, min(e.ts) AS first_seen, max(e.ts) AS last_seen
       FROM events e ${joins(false, filter.conditions)} ${filter.where} GROUP BY ALL
     ) GROUP BY ip ORDER BY count DESC, ip LIMIT $${filter.params.length}`,
    filter.params,
  )
  return rows
    .filter((r) => value.kind === 'cidr' || canonicalIp(String(r.ip)) !== value.value)
    .map((r) => ({
      ip: String(r.ip),
      value: String(r.ip),
      count: Number(r.count),
      first_seen: (r.first_seen as string | null) ?? null,
      last_seen: (r.last_seen as string | null) ?? null,
      user_count: Number(r.user_count),
      users: ((r.users as string[] | null) ?? []).slice(0, NEIGHBOUR_USERS),
    }))
}

/**
 * Records that reached a published endpoint (by its IP as source or destination, or its host name)
 * with a client app the endpoint is not meant to publish: OWA through the ActiveSync publication.
 */
async function offPublication(store: Store, filter: Filter, labels: NetworkLabels): Promise<OffPublication[]> {
  const params = [...filter.params]
  const values: string[] = []
  for (const endpoint of labels.endpoints) {
    for (const address of [...endpoint.ips, ...endpoint.hosts]) {
      params.push(endpoint.name, address.toLowerCase(), endpoint.publishes.join(','))
      values.push(`($${params.length - 2}, $${params.length - 1}, $${params.length})`)
    }
  }
  if (values.length === 0) return []
  const rows = await store.query(
    `SELECT p.name AS endpoint, any_value(p.publishes) AS publishes, e.client_app, e.user_key AS user,
       count(*) AS count, min(e.ts) AS first_seen, max(e.ts) AS last_seen
     FROM events e ${joins(false, filter.conditions)} JOIN (VALUES ${values.join(', ')}) p(name, address, publishes)
       ON e.src_ip = p.address OR e.dst_ip = p.address OR lower(e.dst_host) = p.address
     ${filter.where === '' ? 'WHERE' : `${filter.where} AND`} e.client_app IS NOT NULL
       AND NOT list_contains(string_split(p.publishes, ','), e.client_app)
     GROUP BY ALL ORDER BY endpoint, e.client_app, count DESC, user LIMIT 500`,
    params,
  )
  return rows.map((r) => ({
    endpoint: String(r.endpoint),
    publishes: String(r.publishes).split(','),
    client_app: String(r.client_app),
    user: r.user === null ? null : String(r.user),
    count: Number(r.count),
    first_seen: (r.first_seen as string | null) ?? null,
    last_seen: (r.last_seen as string | null) ?? null,
  }))
}

interface HopOptions {
  query: PivotQuery
  ties: Ties
  withUa: boolean
  limit: number
  notes: string[]
}

/** The ties of the first hop's ties, one query per followed kind, only what is new. */
async function secondHop(store: Store, options: HopOptions): Promise<Hop[]> {
  const { query, ties, withUa, notes } = options
  const maxFollow = query.maxFollow ?? DEFAULT_FOLLOW
  // Compared in lower case: a family or host differs from the value by its case at most.
  const seen = new Map<TieKind, Set<string>>(TIE_KINDS.map((k) => [k, new Set((ties[k] ?? []).map((t) => t.value.toLowerCase()))]))
  const own = SELF_TIE[query.value.kind]
  if (own !== undefined) seen.get(own)!.add(query.value.value.toLowerCase())
  const hops: Hop[] = []
  for (const kind of FOLLOWED) {
    const all = ties[kind] ?? []
    if (all.length === 0) continue
    const followed = all.slice(0, maxFollow).map((t) => t.value)
    if (all.length > maxFollow) notes.push(`second hop: followed the ${maxFollow} most frequent of ${all.length} ${kind} (--max-follow to change)`)
    const params: unknown[] = []
    const column = TIE_COLUMNS[kind]
    const condition = { sql: `${column} IN (${followed.map((v) => bindParam(params, v)).join(', ')})`, params }
    const filter = scope(query, condition)
    const found = await tiesOf(store, { filter, withUa, limit: options.limit, source: column })
    for (const from of followed) {
      const entry = found.get(from)
      if (entry === undefined) continue
      const fresh: Ties = {}
      for (const tie of TIE_KINDS) {
        if (tie === kind) continue
        const values = (entry.ties[tie] ?? []).filter((t) => !seen.get(tie)!.has(t.value.toLowerCase()))
        if (values.length > 0) fresh[tie] = values
      }
      label(fresh, query.labels)
      if (Object.keys(fresh).length > 0) hops.push({ from: { tie: kind, value: from }, ties: fresh })
    }
  }
  return hops
}
