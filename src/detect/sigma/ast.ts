// The typed form of Sigma documents (SigmaHQ specification 2.x): what parse-*.ts make of the YAML
// and what compile-*.ts turn into SQL. Nothing here knows about exhunt's store.
import path from 'node:path'
import type { Severity } from '../finding.js'

/** Where something was written: the rule file and the 1-based line. */
export interface SourceRef {
  path: string
  line: number
}

export interface SigmaLogsource {
  product?: string
  category?: string
  service?: string
}

/** The value modifiers of the specification (appendix "Sigma Modifiers" 2.1, and pySigma's aliases). */
export const MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'all',
  'exists',
  'cased',
  'neq',
  'windash',
  're',
  'i',
  'ignorecase',
  'm',
  'multiline',
  's',
  'dotall',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'lt',
  'lte',
  'gt',
  'gte',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'cidr',
  'expand',
  'fieldref',
] as const
export type Modifier = (typeof MODIFIERS)[number]

export function isModifier(name: string): name is Modifier {
  return (MODIFIERS as readonly string[]).includes(name)
}

/**
 * A value as the rule wrote it. Plain scalars keep their source text (`0x17` stays `0x17`, `4624`
 * is `4624`): Sigma matches values as strings, and numbers only for the comparison modifiers.
 */
export type SigmaScalar = { kind: 'string'; text: string } | { kind: 'number'; text: string } | { kind: 'boolean'; value: boolean } | { kind: 'null' }

/** A value as text (booleans as true/false); undefined for null. */
export function scalarString(value: SigmaScalar): string | undefined {
  switch (value.kind) {
    case 'string':
    case 'number':
      return value.text
    case 'boolean':
      return String(value.value)
    case 'null':
      return undefined
  }
}

/** `field|mod1|mod2: values` inside a search identifier; `field` null for a keyword (full-text) search. */
export interface DetectionItem {
  field: string | null
  modifiers: Modifier[]
  /** One value or a list: OR-linked, AND-linked with the `all` modifier. */
  values: SigmaScalar[]
  line: number
}

/** One map of a search identifier: every item must hold. */
export interface ItemGroup {
  items: DetectionItem[]
  line: number
}

/** A search identifier: a map, or a list of maps and keywords (any of them). */
export interface SearchIdentifier {
  name: string
  alternatives: ItemGroup[]
  line: number
}

export type ConditionNode =
  | { kind: 'and'; parts: ConditionNode[] }
  | { kind: 'or'; parts: ConditionNode[] }
  | { kind: 'not'; part: ConditionNode }
  | { kind: 'ref'; name: string }
  /** `1 of sel*`, `all of them`, `2 of filter_*`: the identifiers the pattern named, resolved at parse. */
  | { kind: 'of'; quantifier: 'all' | number; names: string[]; pattern: string }

export interface Detection {
  identifiers: Map<string, SearchIdentifier>
  /** The condition (a list of conditions is OR-linked). */
  condition: ConditionNode
  conditionText: string
  line: number
}

/** What every Sigma document shares. */
interface SigmaMeta {
  title: string
  id?: string
  name?: string
  status?: string
  /** Absent when the rule gives none. */
  level?: Severity
  description?: string
  references: string[]
  tags: string[]
  falsepositives: string[]
  author?: string
  date?: string
  source: SourceRef
}

export interface SigmaRule extends SigmaMeta {
  kind: 'rule'
  logsource: SigmaLogsource
  detection: Detection
}

export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered'] as const
export type CorrelationType = (typeof CORRELATION_TYPES)[number]

export type CountOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq'

export interface CountCondition {
  op: CountOperator
  value: number
}

export interface SigmaCorrelation extends SigmaMeta {
  kind: 'correlation'
  type: CorrelationType
  /** The referred rules, by id or name, in order. */
  rules: string[]
  groupBy: string[]
  timespanMs: number
  timespanText: string
  /** AND-linked (`gt: 100, lte: 200` is a range); empty for temporal types: all rules. */
  condition: CountCondition[]
  /** value_count: the field whose distinct values are counted. */
  field?: string
  /** alias → rule name → field of that rule's events. */
  aliases: Map<string, Map<string, string>>
  /** Whether the referred rules also run on their own. */
  generate: boolean
}

export type SigmaDocument = SigmaRule | SigmaCorrelation

/** The rule's handle in findings and problems: its id, else its name, else its file's name. */
export function ruleHandle(doc: SigmaDocument): string {
  return doc.id ?? doc.name ?? path.basename(doc.source.path).replace(/\.ya?ml$/i, '')
}
