// Stack counting: how often each value of a field occurs, with when and by how many users and IPs.
// The investigator's first question of any field ("what is rare here?").
import { quoteIdentifier } from '../store/sql-quote.js'
import type { Row, Store } from '../store/store.js'
import { fieldExpression, joinsFor } from './field-sql.js'
import { whereClause, type Condition } from './where.js'

export { UnknownFieldError } from './field-sql.js'

export interface StackQuery {
  /** An events column (user_agent), an original field (fields.cs-host) or a derived one (ua.family). */
  fields: readonly string[]
  dataset?: string
  conditions?: readonly Condition[]
  /** Values to leave out, per field (patterns with *), e.g. from --known FILE. */
  known?: readonly string[]
  least?: boolean
  limit?: number
}

export async function stackCount(store: Store, query: StackQuery): Promise<Row[]> {
  const params: unknown[] = []
  const expressions = query.fields.map((field) => `${fieldExpression(field, params)} AS ${quoteIdentifier(field)}`)
  const groups = query.fields.map((_, i) => String(i + 1)).join(', ')
  const extra: string[] = []
  if (query.dataset !== undefined) extra.push(`e.dataset = $${params.push(query.dataset)}`)
  if (query.known !== undefined && query.known.length > 0) {
    // A known value is left out when it is the value of the first field.
    const first = fieldExpression(query.fields[0]!, params)
    const patterns = query.known.map((k) => `$${params.push(k.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_').replaceAll('*', '%'))}`)
    extra.push(`NOT coalesce(${patterns.map((p) => `CAST(${first} AS VARCHAR) ILIKE ${p} ESCAPE '\\'`).join(' OR ')}, false)`)
  }
  const where = whereClause(query.conditions ?? [], params, extra)
  params.push(query.limit ?? 50)
  const sql = `SELECT ${expressions.join(', ')}, count(*) AS count, min(e.ts) AS first_seen, max(e.ts) AS last_seen,
      count(DISTINCT e.user_key) AS users, count(DISTINCT e.src_ip) AS ips
    FROM events e ${joinsFor([...query.fields, ...(query.conditions ?? []).map((c) => c.field)])} ${where}
    GROUP BY ${groups}
    ORDER BY count ${query.least === true ? 'ASC' : 'DESC'}, ${groups}
    LIMIT $${params.length}`
  return store.query(sql, params)
}
