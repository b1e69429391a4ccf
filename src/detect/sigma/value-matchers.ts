// What a detection item's modifiers make of its values, in the order the rule wrote them
// (`field|windash|contains`): matchers that value-sql.ts turns into SQL. A chain that is not valid
// or not supported is a CompileError with the item's line.
import ipaddr from 'ipaddr.js'
import { scalarString, type DetectionItem, type Modifier, type SigmaScalar } from './ast.js'
import {
  base64Of,
  base64OffsetVariants,
  parseSigmaString,
  plainPattern,
  plainText,
  utf16Pattern,
  windashVariants,
  withWildcards,
  type Pattern,
} from './sigma-string.js'

/** A rule part that cannot be turned into SQL: the reason, at the rule's line. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message)
  }
}

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'
export type Position = 'equals' | 'contains' | 'startswith' | 'endswith'

export type Matcher =
  | { kind: 'pattern'; pattern: Pattern; cased: boolean }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'compare'; op: '<' | '<=' | '>' | '>='; value: number }
  | { kind: 'null' }
  | { kind: 'exists'; exists: boolean }
  | { kind: 'fieldref'; field: string; position: Position; cased: boolean }
  | { kind: 'timepart'; part: TimePart; value: number }

/** An item after its modifiers: per value the matchers of its forms (OR), values linked by `link`. */
export interface ItemMatchers {
  field: string | null
  values: Matcher[][]
  link: 'or' | 'and'
  negate: boolean
  line: number
}

const COMPARE: Partial<Record<Modifier, '<' | '<=' | '>' | '>='>> = { lt: '<', lte: '<=', gt: '>', gte: '>=' }
const TIME_PARTS: readonly Modifier[] = ['minute', 'hour', 'day', 'week', 'month', 'year']
const REGEX_FLAGS: Partial<Record<Modifier, string>> = { i: 'i', ignorecase: 'i', m: 'm', multiline: 'm', s: 's', dotall: 's' }

/** Constructs of PCRE that RE2 (DuckDB's regular expressions) does not have. */
const RE2_UNSUPPORTED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(\?<?[=!]/, 'lookaround'],
  [/\(\?>/, 'atomic group'],
  [/\\[1-9]/, 'backreference'],
  [/\\[KGAZz]/, 'PCRE escape'],
  [/[*+?}][+]/, 'possessive quantifier'],
]

function checkRegex(source: string, line: number): string {
  // Strip escaped characters first so that `\\1` (a backslash, then 1) is not taken for a backreference.
  const bare = source.replace(/\\\\/g, '')
  for (const [construct, name] of RE2_UNSUPPORTED) {
    if (construct.test(bare)) throw new CompileError(`regular expression uses a ${name}, which DuckDB's RE2 engine does not support: ${source}`, line)
  }
  // RE2 names groups (?P<name>...); PCRE's (?<name>...) means the same.
  return source.replace(/\(\?<(?=[A-Za-z_])/g, '(?P<')
}

function number(value: SigmaScalar, line: number, what: string): number {
  const text = value.kind === 'number' || value.kind === 'string' ? value.text.trim() : ''
  const n = text === '' ? NaN : Number(text)
  if (!Number.isFinite(n)) throw new CompileError(`${what} needs a number, not ${JSON.stringify(text)}`, line)
  return n
}

type Stage = { kind: 'patterns'; patterns: Pattern[]; cased: boolean } | { kind: 'done'; matchers: Matcher[] }

/** Applies the value modifiers to one value. */
function valueMatchers(value: SigmaScalar, modifiers: readonly Modifier[], line: number): Matcher[] {
  // expand was applied to the value before (expandValue): the other modifiers see its results.
  const valueMods = modifiers.filter((m) => m !== 'all' && m !== 'neq' && m !== 'expand')
  const first = valueMods[0]
  if (value.kind === 'null') {
    if (valueMods.length > 0) throw new CompileError(`a null value cannot take modifiers (${valueMods.join('|')})`, line)
    return [{ kind: 'null' }]
  }
  if (first === 'exists') {
    if (value.kind !== 'boolean' || valueMods.length > 1) throw new CompileError('exists takes true or false and no other modifier', line)
    return [{ kind: 'exists', exists: value.value }]
  }
  if (first !== undefined && COMPARE[first] !== undefined) {
    if (valueMods.length > 1) throw new CompileError(`${first} takes no other modifier`, line)
    return [{ kind: 'compare', op: COMPARE[first]!, value: number(value, line, first) }]
  }
  if (first !== undefined && TIME_PARTS.includes(first)) {
    if (valueMods.length > 1) throw new CompileError(`${first} takes no other modifier`, line)
    return [{ kind: 'timepart', part: first as TimePart, value: number(value, line, first) }]
  }
  const text = scalarString(value)!
  if (first === 'cidr') {
    if (valueMods.length > 1) throw new CompileError('cidr takes no other modifier', line)
    if (!ipaddr.isValidCIDR(text) && !ipaddr.isValid(text)) throw new CompileError(`"${text}" is not an IPv4 or IPv6 network`, line)
    return [{ kind: 'cidr', cidr: text.includes('/') ? text : `${text}/${ipaddr.parse(text).kind() === 'ipv4' ? 32 : 128}` }]
  }
  if (first === 're') {
    let flags = ''
    for (const m of valueMods.slice(1)) {
      if (REGEX_FLAGS[m] !== undefined) flags += REGEX_FLAGS[m]
      else if (m !== 'contains' && m !== 'startswith' && m !== 'endswith') throw new CompileError(`re cannot be followed by ${m}`, line)
      // A regular expression already matches anywhere in the value: contains/startswith/endswith change nothing.
    }
    return [{ kind: 'regex', source: checkRegex(text, line), flags: [...new Set(flags)].sort().join('') }]
  }
  if (first === 'fieldref') return [fieldref(text, valueMods.slice(1), line)]
  let stage: Stage = { kind: 'patterns', patterns: [value.kind === 'string' ? parseSigmaString(text) : plainPattern(text)], cased: false }
  for (const modifier of valueMods) stage = applyStringModifier(stage, modifier, line)
  if (stage.kind === 'done') return stage.matchers
  const cased = stage.cased
  return stage.patterns.map((pattern) => ({ kind: 'pattern', pattern, cased }))
}

function fieldref(field: string, rest: readonly Modifier[], line: number): Matcher {
  let position: Position = 'equals'
  let cased = false
  for (const m of rest) {
    if (m === 'contains' || m === 'startswith' || m === 'endswith') position = m
    else if (m === 'cased') cased = true
    else throw new CompileError(`fieldref cannot be combined with ${m}`, line)
  }
  return { kind: 'fieldref', field, position, cased }
}

function plainOf(pattern: Pattern, modifier: string, line: number): string {
  const text = plainText(pattern)
  if (text === undefined) throw new CompileError(`${modifier} cannot encode a value with wildcards`, line)
  return text
}

function applyStringModifier(stage: Stage, modifier: Modifier, line: number): Stage {
  if (stage.kind === 'done') throw new CompileError(`${modifier} cannot follow the modifiers before it`, line)
  const { patterns, cased } = stage
  const next = (p: Pattern[]): Stage => ({ kind: 'patterns', patterns: p, cased })
  switch (modifier) {
    case 'contains':
      return next(patterns.map((p) => withWildcards(p, true, true)))
    case 'startswith':
      return next(patterns.map((p) => withWildcards(p, false, true)))
    case 'endswith':
      return next(patterns.map((p) => withWildcards(p, true, false)))
    case 'cased':
      return { kind: 'patterns', patterns, cased: true }
    case 'windash':
      return next(patterns.flatMap(windashVariants))
    case 'base64':
      return next(patterns.map((p) => plainPattern(base64Of(plainOf(p, modifier, line), p.binary))))
    case 'base64offset':
      return next(patterns.flatMap((p) => base64OffsetVariants(plainOf(p, modifier, line), p.binary).map(plainPattern)))
    case 'wide':
    case 'utf16le':
      return next(patterns.map((p) => utf16Pattern(p, 'utf16le')))
    case 'utf16be':
    case 'utf16':
      return next(patterns.map((p) => utf16Pattern(p, modifier)))
    default:
      throw new CompileError(`${modifier} must be the first modifier of a value`, line)
  }
}

/** Values of placeholders (`%name%` of `|expand` values), by name without the percent signs. */
export type Placeholders = ReadonlyMap<string, readonly string[]>

/**
 * An `|expand` value with its placeholders replaced, as pySigma's placeholder transformations do:
 * each `%name%` by each of its values (several placeholders: every combination), every result a
 * Sigma string again (wildcards in the values are wildcards). A placeholder with no values given is
 * a CompileError; one given an empty list leaves no value (the value matches nothing).
 */
function expandValue(value: SigmaScalar, placeholders: Placeholders | undefined, line: number): SigmaScalar[] {
  if (value.kind !== 'string') return [value]
  const names = [...new Set(value.text.match(/%[^%]+%/g) ?? [])]
  const missing = names.filter((n) => placeholders?.get(n.slice(1, -1)) === undefined)
  if (names.length === 0 || missing.length > 0) {
    const shown = names.length === 0 ? value.text : missing.join(', ')
    throw new CompileError(`expand: the placeholder ${shown} has no values: exhunt fills only the placeholders of its own pack (src/detect/placeholders.ts)`, line)
  }
  let texts = [value.text]
  for (const name of names) {
    const values = placeholders!.get(name.slice(1, -1))!
    texts = texts.flatMap((t) => values.map((v) => t.split(name).join(v)))
  }
  return [...new Set(texts)].map((text) => ({ kind: 'string', text }))
}

export function itemMatchers(item: DetectionItem, placeholders?: Placeholders): ItemMatchers {
  const link = item.modifiers.includes('all') ? 'and' : 'or'
  const expand = item.modifiers.includes('expand')
  const values = item.values.map((value) =>
    expand ? expandValue(value, placeholders, item.line).flatMap((v) => valueMatchers(v, item.modifiers, item.line)) : valueMatchers(value, item.modifiers, item.line),
  )
  return { field: item.field, values, link, negate: item.modifiers.includes('neq'), line: item.line }
}
