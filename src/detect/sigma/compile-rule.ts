// A Sigma detection rule as one SQL query over the case: the rule's logsource (logsources.ts) gives
// the records and their field columns (source-sql.ts), the detection gives the predicate
// (compile-predicate.ts). What cannot be compiled is a RuleProblem with the reason and the line.
import type { RuleProblem } from '../finding.js'
import { resolveLogsource, type CaseFacts } from '../logsources.js'
import { ruleHandle, type SigmaRule } from './ast.js'
import { compilePredicate } from './compile-predicate.js'
import { BASE_COLUMNS, SourceBuilder, USER_COLUMN, type FieldCatalog } from './source-sql.js'
import { CompileError, type Placeholders } from './value-matchers.js'

export interface CompiledRule {
  rule: SigmaRule
  /** The logsource mapping the rule reads (rules with the same key share one relation in runRules). */
  logsource: string
  /** The rule as one query: its matching records (file_id, line, ts, src_ip, "x:endpoints", "x:user"). */
  sql: string
  params: unknown[]
  /** The predicate alone, over the logsource's relation; its parameters are the first of `params`. */
  predicate: string
  predicateParams: unknown[]
  /** The logsource's relation as this rule needs it. */
  source: SourceBuilder
}

export interface CompileOptions {
  /** Original field names of the case, so that `NewValue` finds Windows Defender's "New Value". */
  catalog?: FieldCatalog
  /** More Sigma fields to return per record (a correlation's group-by), as "f:<field>" columns. */
  extraFields?: readonly string[]
  /** Values of the `|expand` placeholders, by name without `%` (src/detect/placeholders.ts for the pack's). */
  placeholders?: Placeholders
  /** What the exhunt logsource's derived fields are computed from (exhunt-logsource.ts); none known without. */
  facts?: CaseFacts
}

export type CompileResult = { ok: true; compiled: CompiledRule } | { ok: false; problem: RuleProblem }

export function compileProblem(handle: string, path: string, error: unknown): RuleProblem {
  if (!(error instanceof CompileError)) throw error
  return { rule: handle, path, reason: error.line === undefined ? error.message : `line ${error.line}: ${error.message}` }
}

/**
 * The match query of a rule, its values pushed to `params` (which may already hold others: the
 * placeholders continue from there). Throws CompileError.
 */
export function compileMatchQuery(
  rule: SigmaRule,
  params: unknown[],
  options: CompileOptions = {},
): { sql: string; predicate: string; predicateEnd: number; source: SourceBuilder } {
  const resolution = resolveLogsource(rule.logsource, options.facts)
  if (!resolution.ok) throw new CompileError(resolution.reason)
  const source = new SourceBuilder(resolution.mapping, options.catalog)
  const predicate = compilePredicate(rule.detection, source, params, options.placeholders)
  const predicateEnd = params.length
  const columns = [...BASE_COLUMNS, USER_COLUMN, ...(options.extraFields ?? []).map((f) => source.field(f).sql)]
  const sql = `SELECT ${columns.join(', ')} FROM (\n${source.sql(params)}\n) s WHERE ${predicate}`
  return { sql, predicate, predicateEnd, source }
}

export function compileSigmaRule(rule: SigmaRule, options: CompileOptions = {}): CompileResult {
  try {
    const params: unknown[] = []
    const { sql, predicate, predicateEnd, source } = compileMatchQuery(rule, params, options)
    const predicateParams = params.slice(0, predicateEnd)
    return { ok: true, compiled: { rule, logsource: source.mapping.key, sql, params, predicate, predicateParams, source } }
  } catch (error) {
    return { ok: false, problem: compileProblem(ruleHandle(rule), rule.source.path, error) }
  }
}
