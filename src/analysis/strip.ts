// "Stripping": for every field, how many values it has, which are the most common, and how many
// records are left once the values known to be normal are taken away. Fields with a single value,
// or only known values, say nothing and are hidden. One scan of the case: every field is grouped in
// the same query (GROUPING SETS), and only the top values of each come back to Node.
import type { CaseContext } from '../context/case-context.js'
import type { Store } from '../store/store.js'
import { fieldExpression, joinsFor } from './field-sql.js'
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
  const select = fields.map((f, i) => `CAST(${fieldExpression(f, params)} AS VARCHAR) AS f${i}`)
  const extra = options.dataset === undefined ? [] : [`e.dataset = $${params.push(options.dataset)}`]
  const where = whereClause(options.conditions ?? [], params, extra)
  const conditionFields = (options.conditions ?? []).map((c) => c.field)
  // GROUPING(f0..fn) has a bit set for every column not grouped: set i is all ones but bit n-1-i.
  const all = 2 ** fields.length - 1
  const field = `CASE g ${fields.map((_, i) => `WHEN ${all - 2 ** (fields.length - 1 - i)} THEN ${i}`).join(' ')} END`
  const value = `CASE g ${fields.map((_, i) => `WHEN ${all - 2 ** (fields.length - 1 - i)} THEN f${i}`).join(' ')} END`
  const known = fields.map((f, i) => {
    const sql = knownValueSql(f, 'value', options.context, options.baseline ?? {}, params)
    return sql === undefined ? undefined : `WHEN ${i} THEN ${sql}`
  })
  const knownCase = known.some((k) => k !== undefined) ? `CASE field ${known.filter((k) => k !== undefined).join(' ')} ELSE false END` : 'false'
  params.push(top)
  const sql = `
    WITH base AS (
      SELECT ${select.join(', ')} FROM events e ${joinsFor([...fields, ...conditionFields])} ${where}
    ), groups AS (
      SELECT GROUPING(${fields.map((_, i) => `f${i}`).join(', ')}) AS g, ${fields.map((_, i) => `f${i}`).join(', ')}, count(*) AS n
      FROM base GROUP BY GROUPING SETS (${fields.map((_, i) => `(f${i})`).join(', ')})
    ), tall AS (
      SELECT ${field} AS field, ${value} AS value, n FROM groups
    ), marked AS (
      SELECT field, value, n, value IS NOT NULL AND ${knownCase} AS known FROM tall
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
