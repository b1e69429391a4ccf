// A Sigma correlation rule as one SQL query: the records of the rules it refers to (each rule's
// match query, with the group-by fields as "g:<i>" columns), and of those the ones inside a window
// of `timespan` where the correlation holds. Windows slide: one starts at every record.
//   event_count       count of records in the window
//   value_count       count of distinct values of `field`
//   temporal          count of distinct rules (default: all of them)
//   temporal_ordered  every rule, in the order listed, within the window
// A correlation may refer to another correlation (chaining): the windows where the referred one
// holds are its records, with only its group-by fields (correlationPart).
// A condition with an upper bound (lt, lte, eq) counts in fixed windows of `timespan` from the epoch,
// as a SIEM's time bins do: a sliding window can always be chosen to hold fewer records.
import { ruleHandle, type CountCondition, type SigmaCorrelation, type SigmaDocument, type SigmaRule } from './ast.js'
import { compileMatchQuery, compileProblem, type CompileOptions } from './compile-rule.js'
import type { RuleProblem } from '../finding.js'
import { BASE_COLUMNS, USER_COLUMN } from './source-sql.js'
import { CompileError } from './value-matchers.js'
import { bindParam } from '../../store/sql-quote.js'

export interface CompiledCorrelation {
  correlation: SigmaCorrelation
  /** The correlated records: the match columns, "g:0".. (group values) and "x:rule" (index in `rules`). */
  sql: string
  params: unknown[]
  /** The referred rules and correlations, in the correlation's order. */
  rules: SigmaDocument[]
}

export type CorrelationResult = { ok: true; compiled: CompiledCorrelation } | { ok: false; problem: RuleProblem }

/** The rule a correlation refers to by id or name. */
export function findReferredRule(reference: string, documents: readonly SigmaDocument[]): SigmaDocument | undefined {
  return documents.find((d) => d.id === reference) ?? documents.find((d) => d.name === reference)
}

function countSql(column: string, condition: readonly CountCondition[], param: (v: unknown) => string): string {
  const ops = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=' } as const
  return condition.map((c) => `${column} ${ops[c.op]} ${param(c.value)}`).join(' AND ')
}

function integer(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new CompileError(`timespan of ${ms} ms`)
  // (to_milliseconds: an INTERVAL literal of more than 2^31 - 1 milliseconds, 25 days, does not parse.)
  return `to_milliseconds(CAST(${ms} AS BIGINT))`
}

function referredDocuments(correlation: SigmaCorrelation, documents: readonly SigmaDocument[], chain: readonly SigmaCorrelation[]): SigmaDocument[] {
  return correlation.rules.map((reference) => {
    const doc = findReferredRule(reference, documents)
    if (doc === undefined) throw new CompileError(`the correlation refers to "${reference}", which is not among the rules loaded`)
    if (doc.kind === 'correlation' && (doc === correlation || chain.includes(doc))) throw new CompileError(`the correlation refers to "${reference}", which refers back to it (a loop)`)
    return doc
  })
}

/** A referred rule's match query; its own problem names it (its lines are in its own file). */
function referredQuery(rule: SigmaRule, reference: string, params: unknown[], options: CompileOptions): ReturnType<typeof compileMatchQuery> {
  try {
    return compileMatchQuery(rule, params, options)
  } catch (error) {
    if (!(error instanceof CompileError)) throw error
    const where = error.line === undefined ? '' : ` (${rule.source.path} line ${error.line})`
    throw new CompileError(`the referred rule "${reference}" cannot be compiled${where}: ${error.message}`)
  }
}

/** The field of a group-by name for one rule: an alias gives each rule its own field. */
function groupField(correlation: SigmaCorrelation, group: string, rule: SigmaDocument, reference: string): string {
  const alias = correlation.aliases.get(group)
  if (alias === undefined) return group
  const field = alias.get(reference) ?? (rule.name === undefined ? undefined : alias.get(rule.name)) ?? (rule.id === undefined ? undefined : alias.get(rule.id))
  if (field === undefined) throw new CompileError(`alias ${group} names no field for rule "${reference}"`)
  return field
}

/**
 * The records of a referred rule as the correlation reads them: its match query with the group
 * values as "g:<i>" and the counted value as "x:value".
 */
function detectionPart(rule: SigmaRule, reference: string, index: number, fields: readonly string[], valueField: string | undefined, params: unknown[], options: CompileOptions): string {
  const extra = valueField === undefined ? fields : [...fields, valueField]
  const { sql, source } = referredQuery(rule, reference, params, { ...options, extraFields: extra })
  const columns = [
    ...BASE_COLUMNS,
    USER_COLUMN,
    ...fields.map((f, i) => `CAST(${source.field(f).sql} AS VARCHAR) AS "g:${i}"`),
    valueField === undefined ? 'NULL::VARCHAR AS "x:value"' : `CAST(${source.field(valueField).sql} AS VARCHAR) AS "x:value"`,
    `${index} AS "x:rule"`,
  ]
  const complete = fields.length === 0 ? '' : ` WHERE ${fields.map((f) => `${source.field(f).sql} IS NOT NULL`).join(' AND ')}`
  return `SELECT ${columns.join(', ')} FROM (\n${sql}\n) q${complete}`
}

/**
 * A referred correlation (a chained correlation): the records of the windows where it holds. As the
 * Sigma specification says of chaining, only its group-by fields go on: the next correlation groups
 * and counts by those; the records keep their time, file, line and endpoint (the finding's
 * evidence), and their address and account only where those are one of the group values (a burst
 * grouped by account names its account, not the addresses it came from).
 */
function correlationPart(
  inner: SigmaCorrelation,
  reference: string,
  index: number,
  fields: readonly string[],
  valueField: string | undefined,
  into: { params: unknown[]; documents: readonly SigmaDocument[]; options: CompileOptions; chain: readonly SigmaCorrelation[] },
): string {
  const column = (field: string): string => {
    const i = inner.groupBy.indexOf(field)
    if (i === -1) throw new CompileError(`the referred correlation "${reference}" passes on only its group-by fields (${inner.groupBy.join(', ') || 'none'}), not ${field}`)
    return `q."g:${i}"`
  }
  let sql: string
  try {
    sql = compile(inner, into.documents, into.options, into.params, into.chain).sql
  } catch (error) {
    if (!(error instanceof CompileError)) throw error
    throw new CompileError(`the referred correlation "${reference}" cannot be compiled: ${error.message}`)
  }
  // A record's address and account go on where they are one of its group values (in any letter case:
  // the account column is lower-cased, a Windows group value such as TargetUserName is not).
  const groupValues = inner.groupBy.map((_, i) => `lower(CAST(q."g:${i}" AS VARCHAR))`)
  const kept = (column: string): string => (groupValues.length === 0 ? 'NULL::VARCHAR' : `CASE WHEN lower(q.${column}) IN (${groupValues.join(', ')}) THEN q.${column} END`)
  const columns = [
    'q.file_id',
    'q.line',
    'q.ts',
    `${kept('src_ip')} AS src_ip`,
    'q."x:endpoints"',
    `${kept(USER_COLUMN)} AS ${USER_COLUMN}`,
    ...fields.map((f, i) => `${column(f)} AS "g:${i}"`),
    valueField === undefined ? 'NULL::VARCHAR AS "x:value"' : `${column(valueField)} AS "x:value"`,
    `${index} AS "x:rule"`,
  ]
  return `SELECT ${columns.join(', ')} FROM (\n${sql}\n) q`
}

function compile(correlation: SigmaCorrelation, documents: readonly SigmaDocument[], options: CompileOptions, params: unknown[], chain: readonly SigmaCorrelation[] = []): CompiledCorrelation {
  const rules = referredDocuments(correlation, documents, chain)
  const param = (v: unknown): string => bindParam(params, v)
  const groups = correlation.groupBy.map((_, i) => `"g:${i}"`)
  const parts = rules.map((doc, index) => {
    const reference = correlation.rules[index]!
    const fields = correlation.groupBy.map((g) => groupField(correlation, g, doc, reference))
    const valueField = correlation.type === 'value_count' ? correlation.field! : undefined
    if (doc.kind === 'correlation') return correlationPart(doc, reference, index, fields, valueField, { params, documents, options, chain: [...chain, correlation] })
    return detectionPart(doc, reference, index, fields, valueField, params, options)
  })
  const span = integer(correlation.timespanMs)
  if (everyRecord(correlation)) {
    // Every record opens a window that holds it: the records themselves, without the window join.
    return { correlation, sql: `WITH r AS (\n${parts.join('\nUNION ALL\n')}\n)\nSELECT DISTINCT r.* FROM r WHERE r.ts IS NOT NULL`, params, rules }
  }
  const partition = groups.length === 0 ? '' : `PARTITION BY ${groups.join(', ')} `
  const sameGroup = groups.map((g) => `r.${g} = h.${g}`)
  const hitsSql = hits(correlation, rules.length, groups, partition, span, param)
  const inWindow = [...sameGroup, `r.ts BETWEEN h."x:start" AND h."x:end"`].join(' AND ')
  const sql =
    `WITH r AS (\n${parts.join('\nUNION ALL\n')}\n),\n${hitsSql},\n${islands(groups, partition)}\n` +
    `SELECT DISTINCT r.* FROM r JOIN hi h ON ${inWindow}`
  return { correlation, sql, params, rules }
}

/**
 * `hi`: the windows of `h` merged where they overlap, per group. A record is in a window where the
 * correlation holds exactly when it is in one of these; joined to the records instead of `h`, each
 * record meets one interval rather than every window that holds it (a 30-day window starts at each
 * of a scanner's thousands of failures).
 */
function islands(groups: readonly string[], partition: string): string {
  const keys = groups.map((g) => `${g}, `).join('')
  const order = `${partition}ORDER BY "x:start", "x:end"`
  return (
    `hw AS (SELECT ${keys}"x:start", "x:end", CASE WHEN "x:start" <= max("x:end") OVER (${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS "x:new" FROM h),\n` +
    `hn AS (SELECT ${keys}"x:start", "x:end", sum("x:new") OVER (${order} ROWS UNBOUNDED PRECEDING) AS "x:island" FROM hw),\n` +
    `hi AS (SELECT ${keys}min("x:start") AS "x:start", max("x:end") AS "x:end" FROM hn GROUP BY ${keys}"x:island")`
  )
}

/** An event_count of at least one record (gte: 1, gt: 0): findings per group of a rule's records. */
function everyRecord(correlation: SigmaCorrelation): boolean {
  const [only, ...rest] = correlation.condition
  return correlation.type === 'event_count' && rest.length === 0 && only !== undefined && ((only.op === 'gte' && only.value <= 1) || (only.op === 'gt' && only.value < 1))
}

/** `h`: the groups and window starts where the correlation holds. */
function hits(correlation: SigmaCorrelation, ruleCount: number, groups: string[], partition: string, span: string, param: (v: unknown) => string): string {
  // (count(*) and count(DISTINCT ...) are exhunt's own SQL; the bounds are parameters.)
  const window = `OVER (${partition}ORDER BY ts RANGE BETWEEN CURRENT ROW AND ${span} FOLLOWING)`
  const select = (n: string, condition: readonly CountCondition[]): string => {
    const test = countSql('"x:n"', condition, param)
    if (condition.some((c) => c.op === 'lt' || c.op === 'lte' || c.op === 'eq')) {
      const ms = correlation.timespanMs
      const bucket = `epoch_ms(CAST(floor(epoch_ms(ts) / ${ms}) * ${ms} AS BIGINT))`
      const keys = [...groups, `${bucket} AS "x:start"`]
      return (
        `w AS (SELECT ${keys.join(', ')}, ${n} AS "x:n" FROM r WHERE ts IS NOT NULL GROUP BY ALL),\n` +
        `h AS (SELECT ${[...groups, '"x:start"'].join(', ')}, "x:start" + ${span} - INTERVAL 1 MICROSECOND AS "x:end" FROM w WHERE ${test})`
      )
    }
    return (
      `w AS (SELECT ${[...groups, 'ts'].join(', ')}, ${n} ${window} AS "x:n" FROM r WHERE ts IS NOT NULL),\n` +
      `h AS (SELECT DISTINCT ${[...groups, 'ts AS "x:start"', `ts + ${span} AS "x:end"`].join(', ')} FROM w WHERE ${test})`
    )
  }
  switch (correlation.type) {
    case 'event_count':
      return select('count(*)', correlation.condition)
    case 'value_count':
      return select('count(DISTINCT "x:value")', correlation.condition)
    case 'temporal':
      return select('count(DISTINCT "x:rule")', correlation.condition.length > 0 ? correlation.condition : [{ op: 'gte', value: ruleCount }])
    case 'temporal_ordered':
      return ordered(correlation, ruleCount, groups, span)
  }
}

/** Each rule's first record after the previous rule's, all within the window from the first rule's. */
function ordered(correlation: SigmaCorrelation, ruleCount: number, groups: string[], span: string): string {
  if (correlation.condition.some((c) => !(c.op === 'gte' && c.value === ruleCount))) {
    throw new CompileError('temporal_ordered with a condition other than all rules (gte: their number) is not supported')
  }
  const keys = groups.join(', ')
  const steps = [`s0 AS (SELECT ${[...groups, 'ts AS "x:start"', 'ts AS "x:t"'].join(', ')} FROM r WHERE "x:rule" = 0 AND ts IS NOT NULL)`]
  for (let i = 1; i < ruleCount; i++) {
    const same = groups.map((g) => `r.${g} = p.${g}`)
    const on = [`r."x:rule" = ${i}`, ...same, 'r.ts >= p."x:t"', `r.ts <= p."x:start" + ${span}`].join(' AND ')
    const carried = [...groups.map((g) => `p.${g}`), 'p."x:start"']
    steps.push(`s${i} AS (SELECT ${carried.join(', ')}, min(r.ts) AS "x:t" FROM s${i - 1} p JOIN r ON ${on} GROUP BY ${carried.join(', ')})`)
  }
  return `${steps.join(',\n')},\nh AS (SELECT DISTINCT ${keys === '' ? '' : `${keys}, `}"x:start", "x:start" + ${span} AS "x:end" FROM s${ruleCount - 1})`
}

export function compileSigmaCorrelation(correlation: SigmaCorrelation, documents: readonly SigmaDocument[], options: CompileOptions = {}): CorrelationResult {
  try {
    return { ok: true, compiled: compile(correlation, documents, options, []) }
  } catch (error) {
    return { ok: false, problem: compileProblem(ruleHandle(correlation), correlation.source.path, error) }
  }
}
