// Stack counting: how often each value of a field occurs, with when and by how many users and IPs.
// The investigator's first question of any field ("what is rare here?").
import { quoteIdentifier } from '../store/sql-quote.js'
import { fieldExpression, joinsFor } from './field-sql.js'
import type { Row, Store } from '../store/store.js'

export interface StackQuery {
  /** An events column (user_agent) or an original field (fields.cs-host). */
  fields: readonly string[]
  dataset?: string
  least?: boolean
  limit?: number
}

export { UnknownFieldError } from './field-sql.js'

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
    FROM events e ${joinsFor(query.fields)} ${where}
    GROUP BY ${groups}
    ORDER BY count ${query.least === true ? 'ASC' : 'DESC'}, ${groups}
    LIMIT $${params.length}`
  return store.query(sql, params)
}
