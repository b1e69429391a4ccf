// Matchers in SQL over one column of the source relation. Sigma matches strings case-insensitively
// unless `cased`: both sides are lower-cased (the value in JavaScript, bound as a parameter).
// Every expression here is TRUE or FALSE, never NULL, so NOT in a condition means what Sigma means.
import { cidrsSql } from './cidr-sql.js'
import type { Pattern } from './sigma-string.js'
import type { ItemMatchers, Matcher } from './value-matchers.js'

export interface ValueSqlContext {
  /** Binds a value; returns its placeholder. */
  param(value: unknown): string
  /** The column of another field (fieldref). */
  fieldColumn(field: string): string
}

/** LIKE pattern text: % _ and \ escaped with \, * and ? as % and _. */
function likePattern(pattern: Pattern, lower: boolean): string {
  return pattern.parts
    .map((p) => {
      if ('wildcard' in p) return p.wildcard === '*' ? '%' : '_'
      const text = lower ? p.text.toLowerCase() : p.text
      return text.replace(/[\\%_]/g, '\\$&')
    })
    .join('')
}

function patternSql(pattern: Pattern, cased: boolean, column: string, ctx: ValueSqlContext): string {
  const parts = pattern.parts
  const target = cased ? column : `lower(${column})`
  const textOf = (i: number): string | undefined => {
    const p = parts[i]
    return p !== undefined && 'text' in p ? (cased ? p.text : p.text.toLowerCase()) : undefined
  }
  const star = (i: number): boolean => {
    const p = parts[i]
    return p !== undefined && 'wildcard' in p && p.wildcard === '*'
  }
  if (parts.length === 0) return `coalesce(${column} = '', false)`
  if (parts.every((p) => 'wildcard' in p && p.wildcard === '*')) return `(${column} IS NOT NULL)`
  if (parts.length === 1 && textOf(0) !== undefined) return `coalesce(${target} = ${ctx.param(textOf(0))}, false)`
  if (parts.length === 2 && star(0) && textOf(1) !== undefined) return `coalesce(ends_with(${target}, ${ctx.param(textOf(1))}), false)`
  if (parts.length === 2 && textOf(0) !== undefined && star(1)) return `coalesce(starts_with(${target}, ${ctx.param(textOf(0))}), false)`
  if (parts.length === 3 && star(0) && textOf(1) !== undefined && star(2)) return `coalesce(contains(${target}, ${ctx.param(textOf(1))}), false)`
  return `coalesce(${target} LIKE ${ctx.param(likePattern(pattern, !cased))} ESCAPE '\\', false)`
}

const COMPARE_SQL = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const

export function matcherSql(matcher: Matcher, column: string, ctx: ValueSqlContext): string {
  switch (matcher.kind) {
    case 'pattern':
      return patternSql(matcher.pattern, matcher.cased, column, ctx)
    case 'regex': {
      const flags = matcher.flags === '' ? '' : `(?${matcher.flags})`
      return `coalesce(regexp_matches(${column}, ${ctx.param(flags + matcher.source)}), false)`
    }
    case 'cidr':
      return cidrsSql(column, [matcher.cidr], ctx.param)
    case 'compare':
      return `coalesce(TRY_CAST(${column} AS DOUBLE) ${COMPARE_SQL[matcher.op]} ${ctx.param(matcher.value)}, false)`
    case 'null':
      return `(${column} IS NULL OR ${column} = '')`
    case 'exists':
      return matcher.exists ? `(${column} IS NOT NULL)` : `(${column} IS NULL)`
    case 'fieldref': {
      const other = ctx.fieldColumn(matcher.field)
      const [a, b] = matcher.cased ? [column, other] : [`lower(${column})`, `lower(${other})`]
      const test = { equals: `${a} = ${b}`, contains: `contains(${a}, ${b})`, startswith: `starts_with(${a}, ${b})`, endswith: `ends_with(${a}, ${b})` }[matcher.position]
      return `coalesce(${test}, false)`
    }
    case 'timepart':
      return `coalesce(date_part('${matcher.part}', TRY_CAST(${column} AS TIMESTAMP)) = ${ctx.param(matcher.value)}, false)`
  }
}

/** A plain (wildcard-free) case-insensitive value, which many can share one IN (...). */
function plainEquality(matcher: Matcher): string | undefined {
  if (matcher.kind !== 'pattern' || matcher.cased || matcher.pattern.parts.length !== 1) return undefined
  const part = matcher.pattern.parts[0]!
  return 'text' in part ? part.text.toLowerCase() : undefined
}

/** Parts AND- or OR-linked; no parts (a placeholder expanded to nothing) is false for OR, true for AND. */
export const joined = (parts: string[], op: 'AND' | 'OR'): string =>
  parts.length === 0 ? (op === 'OR' ? 'false' : 'true') : parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`

/** One detection item over a scalar column: its values' forms OR-linked, values OR/AND-linked. */
function scalarItemSql(item: ItemMatchers, column: string, ctx: ValueSqlContext): string {
  if (item.link === 'or') {
    // Many plain values share one IN (...), many networks one address conversion.
    const all = item.values.flat()
    const equal = all.map(plainEquality).filter((v): v is string => v !== undefined)
    const cidrs = all.flatMap((m) => (m.kind === 'cidr' ? [m.cidr] : []))
    const shared: string[] = []
    if (equal.length > 1) shared.push(`coalesce(lower(${column}) IN (${[...new Set(equal)].map((v) => ctx.param(v)).join(', ')}), false)`)
    if (cidrs.length > 1) shared.push(cidrsSql(column, cidrs, ctx.param))
    const rest = all.filter((m) => !(equal.length > 1 && plainEquality(m) !== undefined) && !(cidrs.length > 1 && m.kind === 'cidr'))
    return joined([...shared, ...rest.map((m) => matcherSql(m, column, ctx))], 'OR')
  }
  return joined(item.values.map((forms) => joined(forms.map((m) => matcherSql(m, column, ctx)), 'OR')), 'AND')
}

/** A list column (Windows `Data`): a value matches when any element does; exists/null ask about the list. */
function listItemSql(item: ItemMatchers, column: string, ctx: ValueSqlContext): string {
  const one = (m: Matcher): string => {
    if (m.kind === 'exists') return m.exists ? `coalesce(len(${column}) > 0, false)` : `coalesce(len(${column}) = 0, true)`
    if (m.kind === 'null') return `coalesce(len(${column}) = 0, true)`
    return `coalesce(list_bool_or(list_transform(${column}, sigma_v -> ${matcherSql(m, 'sigma_v', ctx)})), false)`
  }
  const values = item.values.map((forms) => joined(forms.map(one), 'OR'))
  return joined(values, item.link === 'or' ? 'OR' : 'AND')
}

export function itemSql(item: ItemMatchers, column: { sql: string; list: boolean }, ctx: ValueSqlContext): string {
  const sql = column.list ? listItemSql(item, column.sql, ctx) : scalarItemSql(item, column.sql, ctx)
  return item.negate ? `(NOT ${sql})` : sql
}
