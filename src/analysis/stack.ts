// Stack counting: how often each value of a field occurs, with when and by how many users and IPs.
// The investigator's first question of any field ("what is rare here?").
import { EVENT_COLUMNS } from '../model/event.js'
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
  const expressions = query.fields.map((field, i) => `${fieldExpression(field, params)} AS ${quoteIdentifier(field)}`)
  const groups = query.fields.map((_, i) => String(i + 1)).join(', ')
  let where = ''
  if (query.dataset !== undefined) {
    params.push(query.dataset)
    where = `WHERE dataset = $${params.length}`
  }
  params.push(query.limit ?? 50)
  const sql = `SELECT ${expressions.join(', ')}, count(*) AS count, min(ts) AS first_seen, max(ts) AS last_seen,
      count(DISTINCT user_key) AS users, count(DISTINCT src_ip) AS ips
    FROM events ${where}
    GROUP BY ${groups}
    ORDER BY count ${query.least === true ? 'ASC' : 'DESC'}, ${groups}
    LIMIT $${params.length}`
  return store.query(sql, params)
}

function fieldExpression(field: string, params: unknown[]): string {
  if (COLUMN_NAMES.has(field) && field !== 'fields' && field !== 'raw') return quoteIdentifier(field)
  if (field.startsWith('fields.') && field.length > 'fields.'.length) {
    params.push(`$."${field.slice('fields.'.length).replaceAll('"', '\\"')}"`)
    return `json_extract_string(fields, $${params.length})`
  }
  throw new UnknownFieldError(
    `unknown field "${field}": use an events column (${[...COLUMN_NAMES].filter((c) => c !== 'fields' && c !== 'raw').join(', ')}) or fields.<original name>`,
  )
}
