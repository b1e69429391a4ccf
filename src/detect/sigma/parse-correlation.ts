// The correlation section of a Sigma correlation rule (Sigma correlation rules specification 2.0):
// type, the rules it refers to, group-by, timespan, condition, aliases, generate.
import { isMap, isScalar, type YAMLMap } from 'yaml'
import { CORRELATION_TYPES, type CorrelationType, type CountCondition, type CountOperator, type SigmaCorrelation } from './ast.js'
import type { SigmaMetaFields } from './parse-rule.js'
import { asMap, get, keyText, lineOf, pairs, resolved, scalarText, SigmaSyntaxError, textList, type YamlContext } from './yaml-nodes.js'

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const OPERATORS: readonly CountOperator[] = ['gt', 'gte', 'lt', 'lte', 'eq']

export function parseTimespan(text: string, line?: number): number {
  const match = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text)
  if (match === null) throw new SigmaSyntaxError(`timespan "${text}": expected a number and s, m, h, d or w (e.g. 90m)`, line)
  return Number(match[1]) * UNITS[match[2]!]!
}

function correlationType(text: string, line?: number): CorrelationType {
  if ((CORRELATION_TYPES as readonly string[]).includes(text)) return text as CorrelationType
  throw new SigmaSyntaxError(`correlation type "${text}" is not supported (supported: ${CORRELATION_TYPES.join(', ')})`, line)
}

function booleanOf(ctx: YamlContext, node: unknown): boolean {
  const value = resolved(ctx, node)
  if (isScalar(value) && typeof value.value === 'boolean') return value.value
  throw new SigmaSyntaxError('generate must be true or false', lineOf(ctx, node))
}

function conditionOf(ctx: YamlContext, node: unknown): { condition: CountCondition[]; field?: string } {
  if (node === undefined) return { condition: [] }
  const map = asMap(ctx, node, 'correlation condition')
  const condition: CountCondition[] = []
  let field: string | undefined
  for (const pair of pairs(map)) {
    const key = keyText(ctx, pair)
    const line = lineOf(ctx, pair.key)
    if (key === 'field') {
      field = scalarText(ctx, pair.value, 'field')
      continue
    }
    if (!(OPERATORS as readonly string[]).includes(key)) throw new SigmaSyntaxError(`correlation condition "${key}": expected ${OPERATORS.join(', ')} or field`, line)
    const text = scalarText(ctx, pair.value, key)
    if (!/^\d+$/.test(text)) throw new SigmaSyntaxError(`correlation condition ${key}: "${text}" is not a whole number`, line)
    condition.push({ op: key as CountOperator, value: Number(text) })
  }
  return field === undefined ? { condition } : { condition, field }
}

function aliasesOf(ctx: YamlContext, node: unknown): Map<string, Map<string, string>> {
  const aliases = new Map<string, Map<string, string>>()
  if (node === undefined) return aliases
  for (const pair of pairs(asMap(ctx, node, 'aliases'))) {
    const perRule = new Map<string, string>()
    for (const inner of pairs(asMap(ctx, resolved(ctx, pair.value), `alias ${keyText(ctx, pair)}`))) {
      perRule.set(keyText(ctx, inner), scalarText(ctx, inner.value, 'alias field'))
    }
    aliases.set(keyText(ctx, pair), perRule)
  }
  return aliases
}

export function parseCorrelation(ctx: YamlContext, map: YAMLMap, meta: SigmaMetaFields): SigmaCorrelation {
  const section = asMap(ctx, get(ctx, map, 'correlation'), 'correlation', ctx.line)
  const line = lineOf(ctx, section) ?? ctx.line
  const typeNode = get(ctx, section, 'type')
  if (typeNode === undefined) throw new SigmaSyntaxError('the correlation has no type', line)
  const type = correlationType(scalarText(ctx, typeNode, 'type'), lineOf(ctx, typeNode))
  const rules = textList(ctx, section, 'rules')
  if (rules.length === 0) throw new SigmaSyntaxError('the correlation refers to no rules', line)
  const timespanNode = get(ctx, section, 'timespan') ?? get(ctx, section, 'timeframe')
  if (timespanNode === undefined) throw new SigmaSyntaxError('the correlation has no timespan', line)
  const timespanText = scalarText(ctx, timespanNode, 'timespan')
  const { condition, field } = conditionOf(ctx, get(ctx, section, 'condition'))
  if ((type === 'event_count' || type === 'value_count') && condition.length === 0) {
    throw new SigmaSyntaxError(`a ${type} correlation needs a condition (gt, gte, lt, lte, eq)`, line)
  }
  if (type === 'value_count' && field === undefined) throw new SigmaSyntaxError('a value_count correlation needs condition.field', line)
  const generateNode = get(ctx, section, 'generate') ?? get(ctx, map, 'generate')
  const correlation: SigmaCorrelation = {
    kind: 'correlation',
    ...meta,
    type,
    rules,
    groupBy: textList(ctx, section, 'group-by'),
    timespanMs: parseTimespan(timespanText, lineOf(ctx, timespanNode)),
    timespanText,
    condition,
    aliases: aliasesOf(ctx, get(ctx, section, 'aliases')),
    generate: generateNode === undefined ? false : booleanOf(ctx, generateNode),
  }
  if (field !== undefined) correlation.field = field
  if (isMap(get(ctx, section, 'rules'))) throw new SigmaSyntaxError('correlation rules must be a list of ids or names', line)
  return correlation
}
