// The detection section: search identifiers (maps, lists of maps, keyword lists) and the condition.
// Modifiers are checked against the specification's list here; what a modifier means is compiled later.
import { isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml'
import { isModifier, type Detection, type DetectionItem, type ItemGroup, type Modifier, type SearchIdentifier, type SigmaScalar } from './ast.js'
import { parseCondition } from './parse-condition.js'
import { asMap, keyText, lineOf, pairs, resolved, scalarText, sigmaScalar, SigmaSyntaxError, type YamlContext } from './yaml-nodes.js'

/** `field|mod1|mod2`, `|all` (keywords with modifiers) or `field`. */
function fieldAndModifiers(key: string, line: number | undefined): { field: string | null; modifiers: Modifier[] } {
  const [field = '', ...names] = key.split('|')
  const modifiers: Modifier[] = []
  for (const name of names) {
    if (!isModifier(name)) throw new SigmaSyntaxError(`"${key}": unknown modifier "${name}"`, line)
    modifiers.push(name)
  }
  return { field: field === '' ? null : field, modifiers }
}

function itemValues(ctx: YamlContext, node: unknown, key: string, keyLine: number): SigmaScalar[] {
  const value = resolved(ctx, node)
  if (isSeq(value)) {
    if (value.items.length === 0) throw new SigmaSyntaxError(`"${key}": the list of values is empty`, keyLine)
    return value.items.map((item) => {
      if (isMap(resolved(ctx, item)) || isSeq(resolved(ctx, item))) throw new SigmaSyntaxError(`"${key}": a value in the list must be a single value`, lineOf(ctx, item))
      return sigmaScalar(ctx, item, key)
    })
  }
  if (isMap(value)) throw new SigmaSyntaxError(`"${key}": the value must be a single value or a list`, keyLine)
  if (value === null || value === undefined) return [{ kind: 'null' }]
  return [sigmaScalar(ctx, value, key)]
}

function itemOf(ctx: YamlContext, pair: Pair): DetectionItem {
  const key = keyText(ctx, pair)
  const line = lineOf(ctx, pair.key) ?? 0
  const { field, modifiers } = fieldAndModifiers(key, line)
  return { field, modifiers, values: itemValues(ctx, pair.value, key, line), line }
}

function groupOfMap(ctx: YamlContext, map: YAMLMap): ItemGroup {
  const items = pairs(map).map((pair) => itemOf(ctx, pair))
  if (items.length === 0) throw new SigmaSyntaxError('an empty map in the detection', lineOf(ctx, map))
  return { items, line: lineOf(ctx, map) ?? 0 }
}

function keywordGroup(values: SigmaScalar[], line: number): ItemGroup {
  return { items: [{ field: null, modifiers: [], values, line }], line }
}

function searchIdentifier(ctx: YamlContext, name: string, node: unknown, line: number): SearchIdentifier {
  const value = resolved(ctx, node)
  if (isMap(value)) return { name, alternatives: [groupOfMap(ctx, value)], line }
  if (isSeq(value)) {
    if (value.items.length === 0) throw new SigmaSyntaxError(`search identifier "${name}" is an empty list`, line)
    const alternatives: ItemGroup[] = []
    const keywords: SigmaScalar[] = []
    for (const item of value.items) {
      const element = resolved(ctx, item)
      if (isMap(element)) alternatives.push(groupOfMap(ctx, element))
      else if (isScalar(element)) keywords.push(sigmaScalar(ctx, element, name))
      else throw new SigmaSyntaxError(`search identifier "${name}": a list inside a list`, lineOf(ctx, item) ?? line)
    }
    // Keywords of one list are OR-linked like the maps beside them: one keyword item holds them all.
    if (keywords.length > 0) alternatives.push(keywordGroup(keywords, line))
    return { name, alternatives, line }
  }
  if (isScalar(value) && value.value !== null) return { name, alternatives: [keywordGroup([sigmaScalar(ctx, value, name)], line)], line }
  throw new SigmaSyntaxError(`search identifier "${name}" is empty`, line)
}

function conditionTexts(ctx: YamlContext, node: unknown, line: number | undefined): string[] {
  const value = resolved(ctx, node)
  if (isSeq(value)) return value.items.map((item) => scalarText(ctx, item, 'condition'))
  if (value === undefined) throw new SigmaSyntaxError('the detection has no condition', line)
  return [scalarText(ctx, value, 'condition')]
}

export function parseDetection(ctx: YamlContext, node: unknown, ruleLine: number): Detection {
  const map = asMap(ctx, node, 'detection', ruleLine)
  const line = lineOf(ctx, map) ?? ruleLine
  const identifiers = new Map<string, SearchIdentifier>()
  let conditionNode: unknown
  let conditionLine: number | undefined
  for (const pair of pairs(map)) {
    const name = keyText(ctx, pair)
    const keyLine = lineOf(ctx, pair.key) ?? line
    if (name === 'condition') {
      conditionNode = pair.value
      conditionLine = keyLine
    } else if (name === 'timeframe') {
      // Sigma 1's window for aggregations; without an aggregation it changes nothing.
    } else {
      identifiers.set(name, searchIdentifier(ctx, name, pair.value, keyLine))
    }
  }
  const texts = conditionTexts(ctx, conditionNode, line)
  const names = [...identifiers.keys()]
  const parsed = texts.map((text) => parseCondition(text, names, conditionLine))
  const condition = parsed.length === 1 ? parsed[0]! : { kind: 'or' as const, parts: parsed }
  return { identifiers, condition, conditionText: texts.join(' | '), line }
}
