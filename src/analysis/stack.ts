// Stack counting: how often each value of a field occurs, with when and by how many users and IPs.
// The investigator's first question of any field ("what is rare here?").
import { EVENT_COLUMNS } from '../model/event.js'
import { activeSyncParameterSql, EAS_PARAMETERS, isActiveSyncPathSql } from '../formats/w3c/activesync-query.js'
import { quoteIdentifier } from '../store/sql-quote.js'
import type { Row, Store } from '../store/store.js'

export interface StackQuery {
  /** An events column (user_agent) or an original field (fields.cs-host). */
  fields: readonly string[]
  dataset?: string
  least?: boolean
  limit?: number
}

export class UnknownFieldError extends Error {}

const COLUMN_NAMES = new Set<string>(EVENT_COLUMNS.map((c) => c.name))

export async function stackCount(store: Store, query: StackQuery): Promise<Row[]> {
  const params: unknown[] = []
  const expressions = query.fields.map((field) => `${fieldExpression(field, params)} AS ${quoteIdentifier(field)}`)
  const groups = query.fields.map((_, i) => String(i + 1)).join(', ')
  let where = ''
  if (query.dataset !== undefined) {
    params.push(query.dataset)
    where = `WHERE e.dataset = $${params.length}`
  }
  params.push(query.limit ?? 50)
  const sql = `SELECT ${expressions.join(', ')}, count(*) AS count, min(e.ts) AS first_seen, max(e.ts) AS last_seen,
      count(DISTINCT e.user_key) AS users, count(DISTINCT e.src_ip) AS ips
    FROM events e ${query.fields.some(isOriginalField) ? LAYOUT_JOIN : ''} ${where}
    GROUP BY ${groups}
    ORDER BY count ${query.least === true ? 'ASC' : 'DESC'}, ${groups}
    LIMIT $${params.length}`
  return store.query(sql, params)
}

// Bulk-loaded W3C rows keep their original fields as `raw` split on spaces, named by their layout.
const LAYOUT_JOIN = 'LEFT JOIN layouts l ON l.file_id = e.file_id AND l.layout_id = e.layout_id'

function isOriginalField(field: string): boolean {
  return field.startsWith('fields.') && field.length > 'fields.'.length
}

function fieldExpression(field: string, params: unknown[]): string {
  if (COLUMN_NAMES.has(field) && field !== 'fields' && field !== 'raw') return `e.${quoteIdentifier(field)}`
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
  throw new UnknownFieldError(
    `unknown field "${field}": use an events column (${[...COLUMN_NAMES].filter((c) => c !== 'fields' && c !== 'raw').join(', ')}) or fields.<original name>`,
  )
}
