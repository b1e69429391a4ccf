// `--where` conditions of the analysis commands, compiled to SQL with every value as a parameter:
//   user_key=mgarcia   src_ip!=10.0.0.1   user_agent~firefox (contains, any case)   user_agent!~probe
//   src_ip=198.51.100.0/24 (an IPv4 network)   ts>=2026-03-11   http_status>=400   user_key= (empty)
// Conditions are ANDed. Field names are those of field-sql.ts.
import ipaddr from 'ipaddr.js'
import { fieldExpression } from './field-sql.js'

export class WhereError extends Error {}

const OPERATORS = ['!~', '!=', '>=', '<=', '~', '=', '>', '<'] as const
type Operator = (typeof OPERATORS)[number]

export interface Condition {
  field: string
  operator: Operator
  value: string
}

export function parseCondition(text: string): Condition {
  const match = /^\s*([A-Za-z_][\w.\-()]*)\s*(!~|!=|>=|<=|~|=|>|<)(.*)$/.exec(text)
  if (match === null) {
    throw new WhereError(`--where "${text}": expected FIELD OP VALUE with OP one of ${OPERATORS.join(' ')} (e.g. user_agent~firefox, src_ip=198.51.100.0/24)`)
  }
  return { field: match[1]!, operator: match[2] as Operator, value: match[3]!.trim() }
}

/** An IPv4 network as its first and last address as integers, or undefined when `value` is not one. */
function ipv4Range(value: string): [number, number] | undefined {
  if (!value.includes('/') || !ipaddr.isValidCIDR(value)) return undefined
  const [address, bits] = ipaddr.parseCIDR(value)
  if (address.kind() !== 'ipv4') return undefined
  const base = (address as ipaddr.IPv4).toByteArray().reduce((n, b) => n * 256 + b, 0)
  const size = 2 ** (32 - bits)
  const first = Math.floor(base / size) * size
  return [first, first + size - 1]
}

/** `10.8.` for 10.8.0.0/16, `10.0.5.7.` for 10.0.5.7: what every address inside starts with (address + '.'). */
export function octetPrefix(network: string): string | undefined {
  if (!ipaddr.isValid(network) && !ipaddr.isValidCIDR(network)) return undefined
  const [address, bits] = network.includes('/') ? ipaddr.parseCIDR(network) : [ipaddr.parse(network), 32]
  if (address.kind() !== 'ipv4' || bits % 8 !== 0) return undefined
  return `${(address as ipaddr.IPv4).octets.slice(0, bits / 8).join('.')}.`
}

/** An IPv4 text as an integer in SQL (NULL for anything else). */
export function ipv4NumberSql(expression: string): string {
  const part = (i: number) => `TRY_CAST(split_part(${expression}, '.', ${i}) AS BIGINT)`
  return `CASE WHEN regexp_matches(${expression}, '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$') THEN ${part(1)} * 16777216 + ${part(2)} * 65536 + ${part(3)} * 256 + ${part(4)} END`
}

export function conditionSql(condition: Condition, params: unknown[]): string {
  const expression = fieldExpression(condition.field, params)
  const { operator, value } = condition
  const param = (v: unknown): string => {
    params.push(v)
    return `$${params.length}`
  }
  if (operator === '~' || operator === '!~') {
    const test = `contains(lower(${expression}), ${param(value.toLowerCase())})`
    return operator === '~' ? `coalesce(${test}, false)` : `NOT coalesce(${test}, false)`
  }
  if ((operator === '=' || operator === '!=') && value === '') {
    return operator === '=' ? `(${expression} IS NULL OR CAST(${expression} AS VARCHAR) = '')` : `(${expression} IS NOT NULL AND CAST(${expression} AS VARCHAR) <> '')`
  }
  const range = operator === '=' || operator === '!=' ? ipv4Range(value) : undefined
  const prefix = range === undefined ? undefined : octetPrefix(value)
  if (prefix !== undefined) {
    // On an octet boundary a network is a text prefix: cheaper than the address as a number.
    const inside = `coalesce(starts_with(CAST(${expression} AS VARCHAR) || '.', ${param(prefix)}), false)`
    return operator === '=' ? inside : `NOT ${inside}`
  }
  if (range !== undefined) {
    const inside = `coalesce(${ipv4NumberSql(expression)} BETWEEN ${param(range[0])} AND ${param(range[1])}, false)`
    return operator === '=' ? inside : `NOT ${inside}`
  }
  const sqlOperator = operator === '!=' ? '<>' : operator
  if (operator === '!=') return `(${expression} IS NULL OR CAST(${expression} AS VARCHAR) <> ${param(value)})`
  // Compare as the column's own type when it has one (numbers, timestamps); DuckDB casts the text.
  return `${expression} ${sqlOperator} ${param(value)}`
}

/** `WHERE ...` for the conditions and any extra SQL conditions (already parameterised), or ''. */
export function whereClause(conditions: readonly Condition[], params: unknown[], extra: readonly string[] = []): string {
  const parts = [...extra, ...conditions.map((c) => conditionSql(c, params))]
  return parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`
}
