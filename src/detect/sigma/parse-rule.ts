// One Sigma document (a YAML map) as a detection rule or a correlation rule.
import { isMap, type YAMLMap } from 'yaml'
import { SEVERITIES, type Severity } from '../finding.js'
import type { SigmaDocument, SigmaLogsource, SigmaRule } from './ast.js'
import { parseCorrelation } from './parse-correlation.js'
import { parseDetection } from './parse-detection.js'
import { asMap, get, lineOf, optionalText, SigmaSyntaxError, textList, type YamlContext } from './yaml-nodes.js'

export type SigmaMetaFields = Omit<SigmaRule, 'kind' | 'logsource' | 'detection'>

function level(ctx: YamlContext, map: YAMLMap): Severity | undefined {
  const text = optionalText(ctx, map, 'level')
  if (text === undefined) return undefined
  const lower = text.toLowerCase()
  if ((SEVERITIES as readonly string[]).includes(lower)) return lower as Severity
  throw new SigmaSyntaxError(`level "${text}": expected one of ${SEVERITIES.join(', ')}`, lineOf(ctx, get(ctx, map, 'level')))
}

/** Title, id, level... shared by detection and correlation rules. */
export function parseMeta(ctx: YamlContext, map: YAMLMap, path: string): SigmaMetaFields {
  const title = optionalText(ctx, map, 'title')
  if (title === undefined) throw new SigmaSyntaxError('the rule has no title', ctx.line)
  const meta: SigmaMetaFields = {
    title,
    references: textList(ctx, map, 'references'),
    tags: textList(ctx, map, 'tags'),
    falsepositives: textList(ctx, map, 'falsepositives'),
    source: { path, line: ctx.line },
  }
  const optional = ['id', 'name', 'status', 'description', 'author', 'date'] as const
  for (const key of optional) {
    const value = optionalText(ctx, map, key)
    if (value !== undefined) meta[key] = value
  }
  const severity = level(ctx, map)
  if (severity !== undefined) meta.level = severity
  return meta
}

function parseLogsource(ctx: YamlContext, map: YAMLMap): SigmaLogsource {
  const node = get(ctx, map, 'logsource')
  if (node === undefined) throw new SigmaSyntaxError('the rule has no logsource', ctx.line)
  const logsource = asMap(ctx, node, 'logsource', ctx.line)
  const result: SigmaLogsource = {}
  for (const key of ['product', 'category', 'service'] as const) {
    const value = optionalText(ctx, logsource, key)
    if (value !== undefined) result[key] = value.toLowerCase()
  }
  return result
}

/** A detection rule or a correlation rule; throws SigmaSyntaxError for what is not valid Sigma. */
export function parseDocument(ctx: YamlContext, node: unknown, path: string): SigmaDocument {
  if (!isMap(node)) throw new SigmaSyntaxError('a Sigma document must be a map', ctx.line)
  const meta = parseMeta(ctx, node, path)
  if (get(ctx, node, 'correlation') !== undefined) return parseCorrelation(ctx, node, meta)
  if (get(ctx, node, 'filter') !== undefined && get(ctx, node, 'detection') === undefined) {
    throw new SigmaSyntaxError('a Sigma filter (meta filter) document, not a rule: filters are not supported', ctx.line)
  }
  const detection = get(ctx, node, 'detection')
  if (detection === undefined) throw new SigmaSyntaxError('the rule has no detection', ctx.line)
  return { kind: 'rule', ...meta, logsource: parseLogsource(ctx, node), detection: parseDetection(ctx, detection, ctx.line) }
}
