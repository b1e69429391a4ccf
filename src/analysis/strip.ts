// "Stripping": for every field, how many values it has, which are the most common, and how many
// records are left once the values known to be normal are taken away. Fields with a single value,
// or only known values, say nothing and are hidden. One scan of the case: every field is grouped in
// the same query (GROUPING SETS), and only the top values of each come back to Node.
import type { CaseContext } from '../context/case-context.js'
import type { Store } from '../store/store.js'
import { DERIVED_FROM_COLUMN, fieldExpression, joinsFor } from './field-sql.js'
import { knownValueSql, type Baseline } from './known-values.js'
import { whereClause, type Condition } from './where.js'

/** Fields worth stripping: few enough values to stack, telling enough to matter. */
export const STRIP_FIELDS = [
  'dataset',
  'host_name',
  'client_app',
  'http_method',
  'url_path',
  'http_status',
  'outcome',
  'event_code',
  'user_key',
  'src_ip',
  'src_subnet',
  'dst_host',
  'dst_ip',
  'dst_port',
  'user_agent',
  'ua.family',
  'ua.client',
  'ua.os',
] as const

export interface StripOptions {
  context: CaseContext
  baseline?: Baseline
  conditions?: readonly Condition[]
  dataset?: string
  fields?: readonly string[]
  /** Top values shown per field. */
  top?: number
  /** Show the fields stripping hides too. */
  all?: boolean
}

export interface StrippedValue {
  value: string | null
  count: number
  known: boolean
}

export interface StrippedField {
  field: string
  /** Distinct values (empty not counted). */
  values: number
  /** Records with a value. */
  records: number
  known_records: number
  /** Records with a value that is not known: what is left to look at. */
  remaining: number
  top: StrippedValue[]
  /** Why stripping hides it (shown with --all). */
  hidden?: 'one value' | 'only known values' | 'empty'
}

export async function strip(store: Store, options: StripOptions): Promise<StrippedField[]> {
  const fields = options.fields ?? STRIP_FIELDS
  const top = options.top ?? 5
  const params: unknown[] = []
  // Fields derived from a column (src_subnet, ua.*) are computed on that column's groups, not on
  // every record: the records are grouped by base fields only.
  const base: string[] = []
  const baseIndex = (f: string): number => {
    const i = base.indexOf(f)
    return i === -1 ? base.push(f) - 1 : i
  }
  const plan = fields.map((f) => {
    const derived = DERIVED_FROM_COLUMN[f]
    return derived === undefined ? { from: baseIndex(f) } : { from: baseIndex(derived.column), derived }
  })
  const select = base.map((f, i) => `CAST(${fieldExpression(f, params)} AS VARCHAR) AS f${i}`)
  const extra = options.dataset === undefined ? [] : [`e.dataset = $${params.push(options.dataset)}`]
  const where = whereClause(options.conditions ?? [], params, extra)
  const conditionFields = (options.conditions ?? []).map((c) => c.field)
  // GROUPING(f0..fn) has a bit set for every column not grouped: set i is all ones but bit n-1-i.
  const all = 2 ** base.length - 1
  const setOf = (i: number): number => all - 2 ** (base.length - 1 - i)
  const columns = base.map((_, i) => `f${i}`).join(', ')
  const perField = plan.map((p, i) =>
    p.derived === undefined
      ? `SELECT ${i} AS field, value, n FROM tall WHERE b = ${p.from}`
      : `SELECT ${i} AS field, ${p.derived.sql('value')} AS value, sum(n) AS n FROM tall ${p.derived.join === 'ua' ? 'LEFT JOIN user_agents ua ON ua.user_agent = tall.value' : ''} WHERE b = ${p.from} GROUP BY ALL`,
  )
  const known = fields.map((f, i) => {
    const sql = knownValueSql(f, 'value', options.context, options.baseline ?? {}, params)
    return sql === undefined ? undefined : `WHEN ${i} THEN ${sql}`
  })
  const knownCase = known.some((k) => k !== undefined) ? `CASE field ${known.filter((k) => k !== undefined).join(' ')} ELSE false END` : 'false'
  params.push(top)
  const sql = `
    WITH base AS (
      SELECT ${select.join(', ')} FROM events e ${joinsFor([...base, ...conditionFields])} ${where}
    ), groups AS (
      SELECT GROUPING(${columns}) AS g, ${columns}, count(*) AS n FROM base GROUP BY GROUPING SETS (${base.map((_, i) => `(f${i})`).join(', ')})
    ), tall AS (
      SELECT CASE g ${base.map((_, i) => `WHEN ${setOf(i)} THEN ${i}`).join(' ')} END AS b,
        CASE g ${base.map((_, i) => `WHEN ${setOf(i)} THEN f${i}`).join(' ')} END AS value, n
      FROM groups
    ), requested AS (
      ${perField.join('\n      UNION ALL ')}
    ), marked AS (
      SELECT field, value, n, value IS NOT NULL AND ${knownCase} AS known FROM requested
    )
    SELECT field, value, n, known,
      count(value) OVER w AS "values",
      sum(CASE WHEN value IS NOT NULL THEN n ELSE 0 END) OVER w AS records,
      sum(CASE WHEN known THEN n ELSE 0 END) OVER w AS known_records,
      row_number() OVER (PARTITION BY field ORDER BY (value IS NULL), known, n DESC, value) AS rank
    FROM marked
    WINDOW w AS (PARTITION BY field)
    QUALIFY rank <= $${params.length}
    ORDER BY field, rank`
  const rows = await store.query(sql, params)
  const byField = new Map<number, StrippedField>()
  for (const row of rows) {
    const index = Number(row.field)
    let summary = byField.get(index)
    if (summary === undefined) {
      const records = Number(row.records)
      const knownRecords = Number(row.known_records)
      summary = { field: fields[index]!, values: Number(row.values), records, known_records: knownRecords, remaining: records - knownRecords, top: [] }
      byField.set(index, summary)
    }
    if (row.value !== null) summary.top.push({ value: row.value as string, count: Number(row.n), known: row.known === true })
  }
  const result = fields.map((f, i) => byField.get(i) ?? { field: f, values: 0, records: 0, known_records: 0, remaining: 0, top: [] })
  for (const r of result) {
    if (r.records === 0) r.hidden = 'empty'
    else if (r.values === 1) r.hidden = 'one value'
    else if (r.remaining === 0) r.hidden = 'only known values'
  }
  return options.all === true ? result : result.filter((r) => r.hidden === undefined)
}
