// A rule's detection as one SQL predicate over the source relation (source-sql.ts): search
// identifiers (maps AND, lists OR), keyword searches over the record's text, and the condition.
import type { ConditionNode, Detection, DetectionItem, SearchIdentifier } from './ast.js'
import type { SourceBuilder } from './source-sql.js'
import { withWildcards, type Pattern } from './sigma-string.js'
import { CompileError, itemMatchers, type Matcher, type Placeholders } from './value-matchers.js'
import { itemSql, joined, matcherSql, type ValueSqlContext } from './value-sql.js'
import { bindParam } from '../../store/sql-quote.js'

const XML_ENTITIES: ReadonlyArray<readonly [string, string]> = [
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&apos;'],
]

/** The forms a text takes in XML: as is, with & and < escaped (EVTX rendering), with all five escaped. */
function xmlForms(pattern: Pattern): Pattern[] {
  const escape = (count: number) => (text: string) => XML_ENTITIES.slice(0, count).reduce((t, [c, e]) => t.replaceAll(c, e), text)
  const forms = [pattern, ...[2, 5].map((n) => ({ ...pattern, parts: pattern.parts.map((p) => ('text' in p ? { text: escape(n)(p.text) } : p)) }))]
  const seen = new Set<string>()
  return forms.filter((f) => {
    const key = JSON.stringify(f.parts)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function lowered(pattern: Pattern): Pattern {
  return { ...pattern, parts: pattern.parts.map((p) => ('text' in p ? { text: p.text.toLowerCase() } : p)) }
}

/** A keyword search: anywhere in the record (implied * around it), on the lower-cased copy unless cased. */
function keywordSql(item: DetectionItem, source: SourceBuilder, ctx: ValueSqlContext, placeholders: Placeholders | undefined): string {
  const raw = source.raw()
  const positioned = item.modifiers.some((m) => m === 'contains' || m === 'startswith' || m === 'endswith')
  const matchers = itemMatchers(item, placeholders)
  const formsSql = (matcher: Matcher): string[] => {
    if (matcher.kind === 'regex') return [matcherSql(matcher, raw.sql, ctx)]
    if (matcher.kind !== 'pattern') throw new CompileError(`a keyword search cannot use ${matcher.kind} (only text and re)`, item.line)
    const pattern = positioned ? matcher.pattern : withWildcards(matcher.pattern, true, true)
    return (raw.xml ? xmlForms(pattern) : [pattern]).map((p) =>
      matcher.cased ? matcherSql({ kind: 'pattern', pattern: p, cased: true }, raw.sql, ctx) : matcherSql({ kind: 'pattern', pattern: lowered(p), cased: true }, raw.lower, ctx),
    )
  }
  const values = matchers.values.map((forms) => joined(forms.flatMap(formsSql), 'OR'))
  const sql = joined(values, matchers.link === 'and' ? 'AND' : 'OR')
  return matchers.negate ? `(NOT ${sql})` : sql
}

function fieldItemSql(item: DetectionItem, source: SourceBuilder, ctx: ValueSqlContext, placeholders: Placeholders | undefined): string {
  const column = source.field(item.field!, item.line)
  return itemSql(itemMatchers(item, placeholders), column, ctx)
}

function identifierSql(identifier: SearchIdentifier, source: SourceBuilder, ctx: ValueSqlContext, placeholders: Placeholders | undefined): string {
  const groups = identifier.alternatives.map((group) => {
    const items = group.items.map((item) => (item.field === null ? keywordSql(item, source, ctx, placeholders) : fieldItemSql(item, source, ctx, placeholders)))
    return joined(items, 'AND')
  })
  return joined(groups, 'OR')
}

/** The predicate of a detection; values are pushed to `params` ($n), `|expand` values take `placeholders`. */
export function compilePredicate(detection: Detection, source: SourceBuilder, params: unknown[], placeholders?: Placeholders): string {
  const ctx: ValueSqlContext = {
    param: (value) => bindParam(params, value),
    fieldColumn: (field) => {
      const column = source.field(field)
      if (column.list) throw new CompileError(`fieldref to ${field}, which holds a list of values`)
      return column.sql
    },
  }
  const condition = (node: ConditionNode): string => {
    switch (node.kind) {
      case 'ref':
        return identifierSql(detection.identifiers.get(node.name)!, source, ctx, placeholders)
      case 'not':
        return `(NOT ${condition(node.part)})`
      case 'and':
      case 'or':
        return `(${node.parts.map(condition).join(` ${node.kind.toUpperCase()} `)})`
      case 'of': {
        const parts = node.names.map((name) => condition({ kind: 'ref', name }))
        if (node.quantifier === 'all') return joined(parts, 'AND')
        if (node.quantifier === 1) return joined(parts, 'OR')
        return `((${parts.map((p) => `CAST(${p} AS INTEGER)`).join(' + ')}) >= ${ctx.param(node.quantifier)})`
      }
    }
  }
  return condition(detection.condition)
}
