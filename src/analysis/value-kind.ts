// What a value typed by the investigator is (an IP, a network, an account, a user agent or its family,
// a host, a mailbox item, a message), and the SQL condition that finds the records it appears in.
// Pivot and timeline both start here, so `198.51.100.0/24` or `ACME\cmoreno` mean the same in each.
//
// Most kinds are told by their shape alone; a bare word (cmoreno, Firefox, cas01) is looked up in the
// case: an account key, a user-agent family or a server that exists there.
import ipaddr from 'ipaddr.js'
import { parseAccount } from '../model/account.js'
import { entryIdIn, normaliseItemId } from '../model/item-id.js'
import type { Store } from '../store/store.js'
import { ipv4NumberSql } from './where.js'

export const VALUE_KINDS = ['ipv4', 'ipv6', 'cidr', 'user', 'user_agent', 'ua_family', 'host', 'item_id', 'message_id'] as const
export type ValueKind = (typeof VALUE_KINDS)[number]

export class UnknownValueError extends Error {}

export interface PivotValue {
  kind: ValueKind
  /** As the investigator wrote it. */
  written: string
  /** Normalised: canonical IP, network address/bits, account key, item id in hex, message id in <>. */
  value: string
}

/** A text condition over `events e`, its values as parameters. */
export interface SqlCondition {
  sql: string
  params: unknown[]
}

const MESSAGE_ID = /^<[^<>\s]+@[^<>\s]+>$/
const UPN = /^[^\s@\\<>/]+@[^\s@\\<>/]+\.[^\s@\\<>/]+$/
const DOMAIN_USER = /^[^\s\\/]+\\[^\s\\/]+$/
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/
const BARE_WORD = /^[^\s/\\@<>()]+$/
const ADDRESS_AS_WRITTEN = /^[0-9a-f.:]+(%\w+)?$/i
const OLD_ITEM_ID = `json_extract_string(e.fields, '$."exhunt.old_item_id"')`

function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text)
}

/** An IP as exhunt compares it: IPv4-mapped IPv6 as IPv4, IPv6 in its short lower-case form. */
export function canonicalIp(text: string): string | undefined {
  if (isIpv4(text)) return ipaddr.parse(text).toString()
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined
  return ipaddr.process(text).toString()
}

/** The kind a value has by its shape alone; undefined for a bare word, which only the case can tell. */
export function kindByShape(text: string): PivotValue | undefined {
  const written = text.trim()
  if (MESSAGE_ID.test(written)) return { kind: 'message_id', written, value: written }
  if (written.includes('/') && ipaddr.isValidCIDR(written)) {
    const [address, bits] = ipaddr.parseCIDR(written)
    const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(written) : ipaddr.IPv6.networkAddressFromCIDR(written)
    return { kind: 'cidr', written, value: `${network.toString()}/${bits}` }
  }
  const ip = canonicalIp(written)
  if (ip !== undefined) return { kind: ip.includes(':') ? 'ipv6' : 'ipv4', written, value: ip }
  const item = entryIdIn(written)
  if (item !== undefined && /^[0-9A-Fa-f\s\-:{}]+$|^[A-Za-z0-9+/_-]+={0,2}$/.test(written)) return { kind: 'item_id', written, value: item }
  if (DOMAIN_USER.test(written) || UPN.test(written)) {
    return { kind: 'user', written, value: parseAccount(written)!.user_key }
  }
  // A user agent has a product/version or spaces; IIS writes its spaces as '+'.
  if (/[/()]|\s/.test(written) && !BARE_WORD.test(written)) return { kind: 'user_agent', written, value: written }
  return undefined
}

/** The value as a given kind (`--as`), or an error saying why it cannot be one. */
export function valueAs(kind: ValueKind, text: string): PivotValue {
  const written = text.trim()
  const shaped = kindByShape(written)
  const bad = (what: string): never => {
    throw new UnknownValueError(`"${written}" is not ${what}`)
  }
  switch (kind) {
    case 'ipv4':
    case 'ipv6':
      if (shaped?.kind === kind) return shaped
      // An address as a log wrote it, in a form no parser takes (fe80::1234:5678:123abc:245e%3).
      if (ADDRESS_AS_WRITTEN.test(written) && written.includes(kind === 'ipv4' ? '.' : ':')) return { kind, written, value: written }
      return bad(`an ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} address`)
    case 'cidr':
      return shaped?.kind === kind ? shaped : bad('an IP network (198.51.100.0/24)')
    case 'item_id': {
      // Said to be an item: any id, normalised as sources' ids are (shape detection asks for a whole
      // entry id; a source may write a short or redacted one).
      const id = normaliseItemId(written)
      return id !== undefined && !/\s/.test(id) ? { kind, written, value: id } : bad('an item id (hex, dashed or not, or a base64 StoreObjectId)')
    }
    case 'message_id':
      if (written === '' || /\s/.test(written)) return bad('a message id')
      return { kind, written, value: written.startsWith('<') ? written : `<${written}>` }
    case 'user': {
      const account = parseAccount(written)
      return account === undefined ? bad('an account') : { kind, written, value: account.user_key }
    }
    case 'host':
      return written === '' ? bad('a host name') : { kind, written, value: written.toLowerCase() }
    case 'user_agent':
    case 'ua_family':
      return written === '' ? bad('a user agent') : { kind, written, value: written }
    default:
      return assertNever(kind)
  }
}

/** An address or a network, whichever the text is (timeline --ip). */
export function addressValue(text: string): PivotValue {
  const shaped = kindByShape(text)
  if (shaped !== undefined && (shaped.kind === 'ipv4' || shaped.kind === 'ipv6' || shaped.kind === 'cidr')) return shaped
  return valueAs(text.includes('/') ? 'cidr' : text.includes(':') ? 'ipv6' : 'ipv4', text)
}

export interface DetectOptions {
  /** Take the value as this kind instead of guessing. */
  as?: ValueKind
}

/** What a value is: by its shape, else by what the case holds. */
export async function detectValue(store: Store, text: string, options: DetectOptions = {}): Promise<PivotValue> {
  const written = text.trim()
  if (written === '') throw new UnknownValueError('an empty value ties to nothing')
  if (options.as !== undefined) return valueAs(options.as, written)
  const shaped = kindByShape(written)
  if (shaped?.kind === 'user_agent') {
    // Pasted from an IIS log, its spaces are '+'; the case keeps them decoded.
    const decoded = written.replaceAll('+', ' ')
    if (decoded !== written && !(await exists(store, 'e.user_agent = $1', [written])) && (await exists(store, 'e.user_agent = $1', [decoded]))) {
      return { kind: 'user_agent', written, value: decoded }
    }
  }
  if (shaped !== undefined) return shaped
  const found: PivotValue[] = []
  const lower = written.toLowerCase()
  // An address a log wrote in a form no parser takes (fe80::1234:5678:123abc:245e%3): as written.
  if (ADDRESS_AS_WRITTEN.test(written) && /[.:]/.test(written) && (await exists(store, '(e.src_ip = $1 OR e.dst_ip = $1)', [written]))) {
    return { kind: written.includes(':') ? 'ipv6' : 'ipv4', written, value: written }
  }
  if (BARE_WORD.test(written) && (await exists(store, 'e.user_key = $1', [lower]))) found.push({ kind: 'user', written, value: lower })
  if ((await hasUserAgentTable(store)) && (await store.query('SELECT 1 FROM user_agents WHERE lower(family) = $1 LIMIT 1', [lower])).length > 0) {
    found.push({ kind: 'ua_family', written, value: written })
  }
  if (HOST_NAME.test(written) || BARE_WORD.test(written)) {
    if (await exists(store, '(lower(e.dst_host) = $1 OR lower(e.host_name) = $1)', [lower])) found.push({ kind: 'host', written, value: lower })
  }
  // Ids a source wrote its own way (redacted, short, not hex) are found as the case holds them.
  const item = normaliseItemId(written)
  if (item !== undefined && (await exists(store, 'e.item_id = $1', [item]))) found.push({ kind: 'item_id', written, value: item })
  if (!/\s/.test(written) && (await exists(store, 'e.message_id = $1', [written]))) found.push({ kind: 'message_id', written, value: written })
  if (found.length === 1) return found[0]!
  if (found.length > 1) {
    throw new UnknownValueError(`"${written}" could be ${found.map((f) => describeKind(f.kind)).join(' or ')}; say which with --as ${found.map((f) => f.kind).join('|')}`)
  }
  if (!(await hasUserAgentTable(store)) && BARE_WORD.test(written) && (await exists(store, 'contains(lower(e.user_agent), $1)', [lower]))) {
    // Without the classification a family is what user agents contain.
    return { kind: 'ua_family', written, value: written }
  }
  throw new UnknownValueError(
    `cannot tell what "${written}" is: not an IP, network, DOMAIN\\user, UPN, <message-id> or item id, and no account, user-agent family or host of that name is in the case (--as ${VALUE_KINDS.join('|')} to say)`,
  )
}

export function describeKind(kind: ValueKind): string {
  switch (kind) {
    case 'ipv4': return 'an IPv4 address'
    case 'ipv6': return 'an IPv6 address'
    case 'cidr': return 'an IP network'
    case 'user': return 'an account'
    case 'user_agent': return 'a user agent'
    case 'ua_family': return 'a user-agent family'
    case 'host': return 'a host'
    case 'item_id': return 'a mailbox item'
    case 'message_id': return 'a message id'
    default: return assertNever(kind)
  }
}

async function exists(store: Store, condition: string, params: unknown[]): Promise<boolean> {
  return (await store.query(`SELECT 1 FROM events e WHERE ${condition} LIMIT 1`, params)).length > 0
}

/** Whether the case has the user-agent classification (cases ingested before it have not). */
export async function hasUserAgentTable(store: Store): Promise<boolean> {
  const rows = await store.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'user_agents' AND table_schema = 'main'`)
  return rows.length > 0
}

/** An IPv4 network as its first and last address as integers. */
export function ipv4Range(cidr: string): [number, number] {
  const [address, bits] = ipaddr.parseCIDR(cidr)
  const base = (address as ipaddr.IPv4).toByteArray().reduce((n, b) => n * 256 + b, 0)
  const size = 2 ** (32 - bits)
  const first = Math.floor(base / size) * size
  return [first, first + size - 1]
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.')
}

/**
 * SQL for "this IP column is inside the network". IPv4: a LIKE on the octets every address of the
 * network shares (cheap, narrows first), then the exact integer range. IPv6: the addresses of the
 * case are few, so they are matched here and named in the SQL.
 */
export async function inNetworkSql(store: Store, column: string, cidr: string, params: unknown[]): Promise<string> {
  const param = (v: unknown): string => {
    params.push(v)
    return `$${params.length}`
  }
  const [address] = ipaddr.parseCIDR(cidr)
  if (address.kind() === 'ipv4') {
    const [first, last] = ipv4Range(cidr)
    const a = dotted(first).split('.')
    const b = dotted(last).split('.')
    let shared = 0
    while (shared < 4 && a[shared] === b[shared]) shared++
    if (shared === 4) return `${column} = ${param(a.join('.'))}`
    const prefix = shared === 0 ? '' : `${a.slice(0, shared).join('.')}.`
    const like = prefix === '' ? 'true' : `${column} LIKE ${param(`${prefix}%`)}`
    const [, bits] = ipaddr.parseCIDR(cidr)
    if (bits === 24) {
      // The common case, and cheap: the prefix, then one octet (a cast instead of the regex below).
      return `(${like} AND TRY_CAST(substr(${column}, ${prefix.length + 1}) AS UTINYINT) IS NOT NULL)`
    }
    return `(${like} AND coalesce(${ipv4NumberSql(column)} BETWEEN ${param(first)} AND ${param(last)}, false))`
  }
  const network = ipaddr.parseCIDR(cidr)
  const candidates = await store.query(`SELECT DISTINCT ${column} AS ip FROM events e WHERE contains(${column}, ':')`)
  const inside = candidates
    .map((r) => String(r.ip))
    .filter((ip) => {
      if (!ipaddr.IPv6.isValid(ip)) return false
      const parsed = ipaddr.parse(ip)
      return parsed.kind() === 'ipv6' && parsed.match(network)
    })
  return inside.length === 0 ? 'false' : `${column} IN (${inside.map(param).join(', ')})`
}

/** The forms an IP may be written in a log: IPv4 also as IPv4-mapped IPv6; IPv6 short and full. */
export function ipForms(ip: string): string[] {
  if (canonicalIp(ip) === undefined) return [ip]
  if (!ip.includes(':')) return [ip, `::ffff:${ip}`]
  const parsed = ipaddr.parse(ip) as ipaddr.IPv6
  return [...new Set([parsed.toString(), parsed.toNormalizedString()])]
}

export interface ConditionOptions {
  /** For item ids: every id of the item (after moves), when already known. */
  itemIds?: readonly string[]
  /** Only the source IP, not the destination (timeline --ip means who connected). */
  sourceOnly?: boolean
}

/** The records a value appears in, as a condition over `events e` (no join needed); values go to `params`. */
export async function valueCondition(store: Store, value: PivotValue, params: unknown[], options: ConditionOptions = {}): Promise<string> {
  const param = (v: unknown): string => {
    params.push(v)
    return `$${params.length}`
  }
  const list = (values: readonly string[]): string => values.map(param).join(', ')
  const ipColumns = options.sourceOnly === true ? ['e.src_ip'] : ['e.src_ip', 'e.dst_ip']
  let sql: string
  switch (value.kind) {
    case 'ipv4':
    case 'ipv6': {
      const forms = list(ipForms(value.value))
      const lower = value.kind === 'ipv6' && canonicalIp(value.value) !== undefined
      sql = ipColumns.map((c) => `${lower ? `lower(${c})` : c} IN (${forms})`).join(' OR ')
      break
    }
    case 'cidr': {
      const parts: string[] = []
      for (const c of ipColumns) parts.push(await inNetworkSql(store, c, value.value, params))
      sql = parts.join(' OR ')
      break
    }
    case 'user':
      sql = `e.user_key = ${param(value.value)}`
      break
    case 'user_agent':
      sql = `e.user_agent = ${param(value.value)}`
      break
    case 'ua_family':
      sql = (await hasUserAgentTable(store))
        ? `e.user_agent IN (SELECT user_agent FROM user_agents WHERE lower(family) = ${param(value.value.toLowerCase())})`
        : `contains(lower(e.user_agent), ${param(value.value.toLowerCase())})`
      break
    case 'host':
      sql = `(lower(e.dst_host) = ${param(value.value)} OR lower(e.host_name) = ${param(value.value)})`
      break
    case 'item_id': {
      const ids = list(options.itemIds ?? [value.value])
      sql = `e.item_id IN (${ids}) OR (e.dataset = 'db_event' AND ${OLD_ITEM_ID} IN (${ids}))`
      break
    }
    case 'message_id': {
      const bare = value.value.replace(/^<|>$/g, '')
      sql = `e.message_id IN (${list([value.value, bare])})`
      break
    }
    default:
      return assertNever(value.kind)
  }
  return `(${sql})`
}

/**
 * Every id a mailbox item had: EventHistory records a move as a new ItemEntryId with the old one in
 * OldItemEntryId (fields['exhunt.old_item_id']); both directions are followed, a few steps at most.
 */
export async function itemIdsOf(store: Store, itemId: string, maxSteps = 10): Promise<string[]> {
  const ids = new Set([itemId])
  for (let step = 0; step < maxSteps; step++) {
    const known = [...ids]
    const marks = known.map((_, i) => `$${i + 1}`).join(', ')
    const rows = await store.query(
      `SELECT DISTINCT e.item_id AS a, ${OLD_ITEM_ID} AS b FROM events e
       WHERE e.dataset = 'db_event' AND ${OLD_ITEM_ID} IS NOT NULL AND e.item_id IS NOT NULL
         AND (e.item_id IN (${marks}) OR ${OLD_ITEM_ID} IN (${marks}))`,
      known,
    )
    const before = ids.size
    for (const row of rows) {
      ids.add(String(row.a))
      ids.add(String(row.b))
    }
    if (ids.size === before) break
  }
  return [...ids]
}

function assertNever(value: never): never {
  throw new Error(`unexpected value kind ${String(value)}`)
}
