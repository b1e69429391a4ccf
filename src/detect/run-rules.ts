// Runs Sigma rules over a case and turns their matches into findings. Rules of one logsource share
// one relation: its records and the fields all those rules use are read once into a temporary
// table, and each rule's predicate runs over it (the same predicate as in the rule's own query,
// which is used instead when the store cannot make temporary tables). A rule whose query fails is
// a RuleProblem, as is a rule that cannot be compiled: none is skipped silently.
import type { Store } from '../store/store.js'
import type { DetectionResult, EvidencePointer, Finding, RuleProblem, Severity } from './finding.js'
import { ruleHandle, type SigmaDocument, type SigmaRule } from './sigma/ast.js'
import { compileSigmaCorrelation, findReferredRule } from './sigma/compile-correlation.js'
import { compileSigmaRule, type CompiledRule, type CompileOptions } from './sigma/compile-rule.js'
import type { RuleSet } from './sigma/parse-file.js'
import { BASE_COLUMNS, ENDPOINTS_COLUMN, SourceBuilder, USER_COLUMN, type FieldCatalog } from './sigma/source-sql.js'

export interface RunRulesOptions {
  /** Evidence pointers kept per finding (default 50; `count` says how many records matched). */
  evidenceLimit?: number
  /** Distinct users, IPs and endpoints kept per finding (default 1000). */
  valueLimit?: number
  /** Called after each rule has run (progress, slow-rule reports). */
  onRule?: (timing: RuleTiming) => void
  /** Values of `|expand` placeholders (a placeholder without values leaves its rule a problem). */
  placeholders?: CompileOptions['placeholders']
  /** The case's facts, for the exhunt logsource's derived fields (exhunt-logsource.ts). */
  facts?: CompileOptions['facts']
}

export interface RuleTiming {
  rule: string
  title: string
  /** The logsource mapping the rule read, or 'correlation'. */
  logsource: string
  ms: number
  /** Records matched. */
  matches: number
}

export interface SigmaDetectionResult extends DetectionResult {
  /** One per rule run, in the order they ran. */
  timings: RuleTiming[]
}

const DEFAULT_SEVERITY: Severity = 'medium'

/** Original field names of the Windows events of the case (Sigma names are matched against them). */
async function windowsCatalog(store: Store): Promise<FieldCatalog> {
  const rows = await store.query(`SELECT DISTINCT unnest(json_keys(fields)) AS k FROM events WHERE dataset = 'winevt'`)
  return new Set(rows.map((r) => String(r.k)))
}

interface Aggregate {
  count: number
  first_seen: string | null
  last_seen: string | null
  users: string[]
  ips: string[]
  endpoints: string[]
  evidence: Array<{ file_id: number; line: number }>
}

/** One row of findings data per group over a match query (columns of compile-rule's match query). */
function aggregateSql(matchSql: string, groups: readonly string[], evidenceLimit: number, valueLimit: number): string {
  const distinct = (expr: string): string => `list_sort(list_distinct(list(${expr})))[1:${valueLimit}]`
  const columns = [
    ...groups,
    'count(*) AS count',
    'min(ts) AS first_seen',
    'max(ts) AS last_seen',
    `${distinct(USER_COLUMN)} AS users`,
    `${distinct('src_ip')} AS ips`,
    `list_sort(list_distinct(flatten(list(${ENDPOINTS_COLUMN}))))[1:${valueLimit}] AS endpoints`,
    `arg_min({'file_id': file_id, 'line': line}, {'t': ts, 'f': file_id, 'l': line}, ${evidenceLimit}) AS evidence`,
  ]
  const groupBy = groups.length === 0 ? '' : ` GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}`
  return `WITH m AS (\n${matchSql}\n) SELECT ${columns.join(', ')} FROM m${groupBy}`
}

class Runner {
  readonly findings: Finding[] = []
  readonly problems: RuleProblem[] = []
  readonly timings: RuleTiming[] = []
  rulesRun = 0
  readonly #paths = new Map<number, string>()
  readonly #evidenceLimit: number
  readonly #valueLimit: number

  constructor(
    readonly store: Store,
    readonly options: RunRulesOptions,
    readonly catalog: FieldCatalog | undefined,
  ) {
    this.#evidenceLimit = Math.max(1, Math.floor(options.evidenceLimit ?? 50))
    this.#valueLimit = Math.max(1, Math.floor(options.valueLimit ?? 1000))
  }

  async loadPaths(): Promise<void> {
    for (const row of await this.store.query('SELECT file_id, path FROM files')) this.#paths.set(Number(row.file_id), String(row.path))
  }

  #evidence(rows: Aggregate['evidence']): EvidencePointer[] {
    return rows.map((e) => ({ path: this.#paths.get(Number(e.file_id)) ?? `file ${e.file_id}`, line: Number(e.line) }))
  }

  /** Runs one rule's match query; findings per group. */
  async run(doc: SigmaDocument, logsource: string, matchSql: string, params: readonly unknown[], groupColumns: readonly string[] = []): Promise<void> {
    const started = performance.now()
    let matches = 0
    try {
      const rows = await this.store.query(aggregateSql(matchSql, groupColumns, this.#evidenceLimit, this.#valueLimit), params)
      for (const row of rows as unknown as Array<Aggregate & Record<string, unknown>>) {
        const count = Number(row.count)
        if (count === 0) continue
        matches += count
        const groupText = groupColumns.map((g, i) => `${doc.kind === 'correlation' ? doc.groupBy[i] : g}=${String(row[g.replaceAll('"', '')] ?? '')}`)
        this.findings.push({
          rule: ruleHandle(doc),
          severity: doc.level ?? DEFAULT_SEVERITY,
          title: groupText.length === 0 ? doc.title : `${doc.title} (${groupText.join(', ')})`,
          users: (row.users ?? []).filter((u) => u !== null),
          ips: (row.ips ?? []).filter((u) => u !== null),
          endpoints: (row.endpoints ?? []).filter((u) => u !== null),
          first_seen: row.first_seen,
          last_seen: row.last_seen,
          count,
          evidence: this.#evidence(row.evidence ?? []),
        })
      }
      this.rulesRun++
    } catch (error) {
      this.problems.push({ rule: ruleHandle(doc), path: doc.source.path, reason: `the rule's query failed: ${(error as Error).message.split('\n')[0]}` })
    }
    const timing = { rule: ruleHandle(doc), title: doc.title, logsource, ms: Math.round(performance.now() - started), matches }
    this.timings.push(timing)
    this.options.onRule?.(timing)
  }

  /**
   * The rules of one logsource over one temporary table of its records and fields. Keyword searches
   * read the records' text in their own query: a copy of every record's text would cost more memory
   * than the scans it saves. Each rule's own query also serves when the table cannot be made.
   */
  async runGroup(group: readonly CompiledRule[], tableNumber: number): Promise<void> {
    const rules = group.filter((r) => !r.source.usesRaw)
    for (const rule of group) if (rule.source.usesRaw || rules.length === 1) await this.run(rule.rule, rule.logsource, rule.sql, rule.params)
    if (rules.length < 2) return
    const shared = new SourceBuilder(rules[0]!.source.mapping, this.catalog)
    for (const rule of rules) shared.include(rule.source)
    const table = `exhunt_sigma_source_${tableNumber}`
    const params: unknown[] = []
    try {
      await this.store.query(`CREATE OR REPLACE TEMP TABLE ${table} AS ${shared.sql(params)}`, params)
    } catch {
      for (const rule of rules) await this.run(rule.rule, rule.logsource, rule.sql, rule.params)
      return
    }
    try {
      const columns = [...BASE_COLUMNS, USER_COLUMN].join(', ')
      for (const rule of rules) await this.run(rule.rule, rule.logsource, `SELECT ${columns} FROM ${table} WHERE ${rule.predicate}`, rule.predicateParams)
    } finally {
      await this.store.query(`DROP TABLE IF EXISTS ${table}`)
    }
  }
}

/** Rules and correlations that a correlation refers to and that do not run on their own (`generate: false`). */
function correlatedOnly(documents: readonly SigmaDocument[]): Set<SigmaDocument> {
  const hidden = new Set<SigmaDocument>()
  for (const doc of documents) {
    if (doc.kind !== 'correlation' || doc.generate) continue
    for (const reference of doc.rules) {
      const rule = findReferredRule(reference, documents)
      if (rule !== undefined) hidden.add(rule)
    }
  }
  // Correlations hidden only by hidden correlations (a loop: a refers to b, b to a) would never run,
  // silently: they are not hidden, so that compiling them reports the loop.
  const reached = new Set<SigmaDocument>()
  const visit = (doc: SigmaDocument): void => {
    if (reached.has(doc)) return
    reached.add(doc)
    if (doc.kind !== 'correlation') return
    for (const reference of doc.rules) {
      const rule = findReferredRule(reference, documents)
      if (rule !== undefined) visit(rule)
    }
  }
  for (const doc of documents) if (!hidden.has(doc)) visit(doc)
  for (const doc of hidden) if (doc.kind === 'correlation' && !reached.has(doc)) hidden.delete(doc)
  return hidden
}

/**
 * Runs every rule of the set over the case. Findings: one per detection rule that matched, one per
 * group of a correlation that held. Problems: the set's own (unparsable documents), the rules that
 * could not be compiled, the queries that failed.
 */
export async function runRules(store: Store, rules: RuleSet, options: RunRulesOptions = {}): Promise<SigmaDetectionResult> {
  const documents = rules.rules
  const usesWindows = documents.some((d) => d.kind === 'rule' && d.logsource.product === 'windows')
  const catalog = usesWindows ? await windowsCatalog(store) : undefined
  const runner = new Runner(store, options, catalog)
  runner.problems.push(...rules.problems)
  await runner.loadPaths()
  const options_: CompileOptions = {
    ...(catalog === undefined ? {} : { catalog }),
    ...(options.placeholders === undefined ? {} : { placeholders: options.placeholders }),
    ...(options.facts === undefined ? {} : { facts: options.facts }),
  }
  const hidden = correlatedOnly(documents)
  const groups = new Map<string, CompiledRule[]>()
  for (const doc of documents) {
    if (doc.kind !== 'rule' || hidden.has(doc)) continue
    const result = compileSigmaRule(doc as SigmaRule, options_)
    if (!result.ok) {
      runner.problems.push(result.problem)
      continue
    }
    const group = groups.get(result.compiled.logsource) ?? []
    group.push(result.compiled)
    groups.set(result.compiled.logsource, group)
  }
  let tableNumber = 0
  for (const group of groups.values()) await runner.runGroup(group, tableNumber++)
  for (const doc of documents) {
    if (doc.kind !== 'correlation' || hidden.has(doc)) continue
    const result = compileSigmaCorrelation(doc, documents, options_)
    if (!result.ok) {
      runner.problems.push(result.problem)
      continue
    }
    const groupColumns = doc.groupBy.map((_, i) => `"g:${i}"`)
    await runner.run(doc, 'correlation', result.compiled.sql, result.compiled.params, groupColumns)
  }
  return { findings: runner.findings, problems: runner.problems, rules_run: runner.rulesRun, timings: runner.timings }
}
