// How analysis names a field in SQL over `events e`: an events column (user_agent), an original
// field under its log's own name (fields.cs-host), or a derived one (ua.family, subnet). Every
// analysis command (stack, strip, pivot, timeline) uses these, so a field means the same everywhere.
import { activeSyncParameterSql, EAS_PARAMETERS, isActiveSyncPathSql } from '../formats/w3c/activesync-query.js'
import { EVENT_COLUMNS } from '../model/event.js'
import { quoteIdentifier } from '../store/sql-quote.js'

export class UnknownFieldError extends Error {}

const COLUMN_NAMES = new Set<string>(EVENT_COLUMNS.map((c) => c.name).filter((c) => c !== 'fields' && c !== 'raw'))

/** Bulk-loaded W3C rows keep their original fields as `raw` split on spaces, named by their layout. */
export const LAYOUT_JOIN = 'LEFT JOIN layouts l ON l.file_id = e.file_id AND l.layout_id = e.layout_id'

/** The user-agent classification (user_agents, filled after ingest), joined on demand. */
export const USER_AGENT_JOIN = 'LEFT JOIN user_agents ua ON ua.user_agent = e.user_agent'

/** The /24 of an IPv4 address (SQL over a VARCHAR expression); NULL for anything else. */
function subnetSql(ip: string): string {
  return `CASE WHEN regexp_matches(${ip}, '^\\d+\\.\\d+\\.\\d+\\.\\d+$') THEN regexp_replace(${ip}, '\\.\\d+$', '.0/24') END`
}

/**
 * Derived fields that are a function of one column's value: analysis that groups by the column
 * first can compute them on its few distinct values instead of on every record (strip does).
 */
export const DERIVED_FROM_COLUMN: Readonly<Record<string, { column: string; sql(value: string): string; join?: 'ua' }>> = {
  src_subnet: { column: 'src_ip', sql: subnetSql },
  'ua.family': { column: 'user_agent', sql: () => 'ua.family', join: 'ua' },
  'ua.version': { column: 'user_agent', sql: () => 'ua.version', join: 'ua' },
  'ua.os': { column: 'user_agent', sql: () => 'ua.os', join: 'ua' },
  'ua.device': { column: 'user_agent', sql: () => 'ua.device', join: 'ua' },
  'ua.client': { column: 'user_agent', sql: () => 'ua.client', join: 'ua' },
}

/** Fields computed from columns: the /24 of an IPv4 source, the parts of the user agent. */
const DERIVED: Record<string, { sql: string; join?: 'ua' }> = {
  src_subnet: { sql: subnetSql('e.src_ip') },
  'ua.family': { sql: 'ua.family', join: 'ua' },
  'ua.version': { sql: 'ua.version', join: 'ua' },
  'ua.os': { sql: 'ua.os', join: 'ua' },
  'ua.device': { sql: 'ua.device', join: 'ua' },
  'ua.client': { sql: 'ua.client', join: 'ua' },
  date: { sql: `strftime(e.ts, '%Y-%m-%d')` },
  hour: { sql: 'hour(e.ts)' },
}

export function isOriginalField(field: string): boolean {
  return field.startsWith('fields.') && field.length > 'fields.'.length
}

/** The joins a set of fields needs, for the FROM clause after `events e`. */
export function joinsFor(fields: Iterable<string>): string {
  let layout = false
  let ua = false
  for (const field of fields) {
    if (isOriginalField(field)) layout = true
    if (DERIVED[field]?.join === 'ua') ua = true
  }
  return [layout ? LAYOUT_JOIN : '', ua ? USER_AGENT_JOIN : ''].join(' ')
}

export function knownFieldNames(): string[] {
  return [...COLUMN_NAMES, ...Object.keys(DERIVED)]
}

/** SQL for a field; values it needs are pushed to `params` ($n placeholders). */
export function fieldExpression(field: string, params: unknown[]): string {
  if (COLUMN_NAMES.has(field)) return `e.${quoteIdentifier(field)}`
  const derived = DERIVED[field]
  if (derived !== undefined) return derived.sql
  if (isOriginalField(field)) {
    const name = field.slice('fields.'.length)
    params.push(`$."${name.replaceAll('"', '\\"')}"`, name)
    const path = `$${params.length - 1}`
    const nameParam = `$${params.length}`
    const stored = `json_extract_string(e.fields, ${path}), string_split(e.raw, ' ')[list_position(l.names, ${nameParam}::VARCHAR)]`
    const eas = EAS_PARAMETERS.find((p) => name === `eas.${p}`)
    if (eas === undefined) return `coalesce(${stored})`
    // IIS rows do not store the ActiveSync parameters: they are read from the query string.
    return `coalesce(${stored}, CASE WHEN ${isActiveSyncPathSql('e.url_path')} THEN ${activeSyncParameterSql('e.url_query', eas)} END)`
  }
  throw new UnknownFieldError(`unknown field "${field}": use an events column (${knownFieldNames().join(', ')}) or fields.<original name>`)
}
