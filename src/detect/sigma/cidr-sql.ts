// The cidr modifier in SQL: an IPv4 network as a range of integers (where.ts's ipv4NumberSql), an
// IPv6 network as a range of the address's eight 16-bit groups, compared as lists. Bounds are
// numbers computed here from the parsed network: bound as parameters (IPv4) or written as integer
// list literals (IPv6), never the rule's text.
import ipaddr from 'ipaddr.js'
import { ipv4NumberSql } from '../../analysis/where.js'

type Param = (value: unknown) => string

function bounds(bytes: number[], bits: number): { first: number[]; last: number[] } {
  const first = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8))
    return b & ((0xff << (8 - keep)) & 0xff)
  })
  const last = first.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8))
    return b | (0xff >> keep)
  })
  return { first, last }
}

/** The eight groups of an IPv6 text (zone and brackets dropped, `::` expanded), or NULL. */
export function ipv6GroupsSql(expression: string): string {
  const s = `lower(split_part(trim(${expression}, '[]'), '%', 1))`
  const left = `split_part(${s}, '::', 1)`
  const right = `split_part(${s}, '::', 2)`
  const count = (part: string): string => `CASE WHEN ${part} = '' THEN 0 ELSE len(string_split(${part}, ':')) END`
  const expanded = `CASE WHEN contains(${s}, '::') THEN concat_ws(':', nullif(${left}, ''), nullif(rtrim(repeat('0:', 8 - ${count(left)} - ${count(right)}), ':'), ''), nullif(${right}, '')) ELSE ${s} END`
  const groups = `list_transform(string_split(${expanded}, ':'), g -> TRY_CAST('0x' || g AS INTEGER))`
  return `CASE WHEN regexp_matches(${s}, '^[0-9a-f:]+$') AND contains(${s}, ':') THEN ${groups} END`
}

function integerList(values: number[]): string {
  if (!values.every(Number.isInteger)) throw new Error('bug: an IPv6 bound that is not an integer')
  return `[${values.join(', ')}]`
}

function groupsOf(bytes: number[]): number[] {
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push(bytes[i]! * 256 + bytes[i + 1]!)
  return groups
}

/**
 * Whether the value (a VARCHAR expression) is an address inside any of the networks; never NULL.
 * The address is converted once (a one-element list and a lambda) however many networks there are.
 */
export function cidrsSql(expression: string, cidrs: readonly string[], param: Param): string {
  const v4: string[] = []
  const v6: string[] = []
  for (const cidr of cidrs) {
    const [address, bits] = ipaddr.parseCIDR(cidr)
    const { first, last } = bounds(address.toByteArray(), bits)
    if (address.kind() === 'ipv4') {
      const number = (b: number[]): number => b.reduce((n, x) => n * 256 + x, 0)
      v4.push(`n BETWEEN ${param(number(first))} AND ${param(number(last))}`)
    } else {
      v6.push(`g BETWEEN ${integerList(groupsOf(first))} AND ${integerList(groupsOf(last))}`)
    }
  }
  const tests: string[] = []
  if (v4.length > 0) tests.push(`coalesce(list_bool_or(list_transform([${ipv4NumberSql(expression)}], n -> ${v4.join(' OR ')})), false)`)
  if (v6.length > 0) {
    const valid = 'len(g) = 8 AND list_bool_and(list_transform(g, x -> x IS NOT NULL))'
    tests.push(`coalesce(list_bool_or(list_transform([${ipv6GroupsSql(expression)}], g -> ${valid} AND (${v6.join(' OR ')}))), false)`)
  }
  return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`
}
