// Reading Sigma's YAML through the `yaml` package's node API, so that every problem can name its
// line: small typed accessors over YAMLMap/YAMLSeq/Scalar, and the one error type of parsing.
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Document, Pair, type Scalar, YAMLMap } from 'yaml'
import { scalarString, type SigmaScalar } from './ast.js'

/** What is wrong with a rule, at a line of its file (thrown inside the parser, returned as a RuleProblem). */
export class SigmaSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message)
  }
}

/** One YAML document of a rule file, with what its nodes need to be read. */
export interface YamlContext {
  doc: Document
  lines: LineCounter
  /** The line of the document's first node, for problems about the document as a whole. */
  line: number
}

export function lineOf(ctx: YamlContext, node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range
  return range === undefined ? undefined : ctx.lines.linePos(range[0]).line
}

/** The node an alias (`*name`) points at; any other node as it is. */
export function resolved(ctx: YamlContext, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ctx.doc) : node
}

export function pairs(map: YAMLMap): Pair[] {
  return map.items as Pair[]
}

/** The key of a pair as text (keys of Sigma documents are always scalars). */
export function keyText(ctx: YamlContext, pair: Pair): string {
  const key = resolved(ctx, pair.key)
  if (isScalar(key) && key.value !== null && typeof key.value !== 'object') return String(key.value)
  throw new SigmaSyntaxError('a key must be plain text', lineOf(ctx, pair.key))
}

export function get(ctx: YamlContext, map: YAMLMap, key: string): unknown {
  for (const pair of pairs(map)) if (keyText(ctx, pair) === key) return resolved(ctx, pair.value)
  return undefined
}

export function asMap(ctx: YamlContext, node: unknown, what: string, line?: number): YAMLMap {
  if (isMap(node)) return node
  throw new SigmaSyntaxError(`${what} must be a map`, lineOf(ctx, node) ?? line)
}

/** A scalar's text: strings as written, plain numbers and booleans as their source text. */
export function scalarText(ctx: YamlContext, node: unknown, what: string): string {
  const text = scalarString(sigmaScalar(ctx, node, what))
  if (text === undefined) throw new SigmaSyntaxError(`${what} must not be empty`, lineOf(ctx, node))
  return text
}

export function optionalText(ctx: YamlContext, map: YAMLMap, key: string): string | undefined {
  const node = get(ctx, map, key)
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined
  return scalarText(ctx, node, key)
}

/** A list of texts (a single scalar counts as a list of one), e.g. tags, references. */
export function textList(ctx: YamlContext, map: YAMLMap, key: string): string[] {
  const node = get(ctx, map, key)
  if (node === undefined || (isScalar(node) && node.value === null)) return []
  if (isSeq(node)) {
    return node.items.map((item) => resolved(ctx, item)).filter((item) => !(isScalar(item) && item.value === null)).map((item) => scalarText(ctx, item, key))
  }
  return [scalarText(ctx, node, key)]
}

/** A detection value: plain scalars keep their source text so `0x17` is not read as 23. */
export function sigmaScalar(ctx: YamlContext, node: unknown, what: string): SigmaScalar {
  const value = resolved(ctx, node)
  if (!isScalar(value)) throw new SigmaSyntaxError(`${what} must be a single value`, lineOf(ctx, node))
  const scalar = value as Scalar
  if (scalar.value === null) return { kind: 'null' }
  if (typeof scalar.value === 'boolean') return { kind: 'boolean', value: scalar.value }
  if (typeof scalar.value === 'number' || typeof scalar.value === 'bigint') {
    const source = (scalar.srcToken as { source?: string } | undefined)?.source
    return { kind: 'number', text: scalar.type === 'PLAIN' && source !== undefined ? source.trim() : String(scalar.value) }
  }
  if (typeof scalar.value === 'string') return { kind: 'string', text: scalar.value }
  throw new SigmaSyntaxError(`${what}: unsupported value`, lineOf(ctx, node))
}

/** `global`/`repeat` collections: the document's keys over the base's, nested maps merged. */
export function mergeMaps(ctx: YamlContext, base: YAMLMap, over: YAMLMap): YAMLMap {
  const merged = new YAMLMap()
  const overKeys = new Map(pairs(over).map((pair) => [keyText(ctx, pair), pair] as const))
  for (const pair of pairs(base)) {
    const key = keyText(ctx, pair)
    const mine = overKeys.get(key)
    if (mine === undefined) merged.items.push(pair)
    else if (isMap(resolved(ctx, pair.value)) && isMap(resolved(ctx, mine.value))) {
      const inner = mergeMaps(ctx, resolved(ctx, pair.value) as YAMLMap, resolved(ctx, mine.value) as YAMLMap)
      merged.items.push(new Pair(mine.key, inner))
    } else merged.items.push(mine)
  }
  const baseKeys = new Set(pairs(base).map((pair) => keyText(ctx, pair)))
  for (const pair of pairs(over)) if (!baseKeys.has(keyText(ctx, pair))) merged.items.push(pair)
  return merged
}
