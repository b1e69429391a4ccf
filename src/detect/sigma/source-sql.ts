// The records a rule looks at, as one relation: the events of its logsource's variants (UNION ALL),
// with a column per Sigma field the rule uses ("f:Image"), plus what findings need (file, line,
// time, user, addresses) and, for keyword searches, the record's text. Compiled predicates refer
// to these columns only, so the same predicate runs over this SELECT or over a table made from it.
import { fieldExpression, isOriginalField, joinsFor, knownFieldNames } from '../../analysis/field-sql.js'
import { EVENT_COLUMNS } from '../../model/event.js'
import { bindParam, quoteIdentifier } from '../../store/sql-quote.js'
import type { FieldContext, FieldMapping, LogsourceMapping, SourceVariant } from '../logsources.js'
import { CompileError } from './value-matchers.js'

/** The columns every source has (read by findings). */
export const BASE_COLUMNS = ['file_id', 'line', 'ts', 'src_ip', '"x:endpoints"'] as const
/** The endpoints a record went through (VARCHAR[]): its logsource's `endpoint`, else dst_host and host_name. */
export const ENDPOINTS_COLUMN = '"x:endpoints"'
export const USER_COLUMN = '"x:user"'
export const RAW_COLUMN = '"x:raw"'
export const RAW_LOWER_COLUMN = '"x:raw_lower"'

export interface FieldColumn {
  sql: string
  list: boolean
}

/** Original field names of the case (for Windows: every EventData name seen), to match Sigma names. */
export type FieldCatalog = ReadonlySet<string>

/** Events columns that hold lists. */
const LIST_COLUMNS: ReadonlySet<string> = new Set(EVENT_COLUMNS.filter((c) => c.sql.endsWith('[]')).map((c) => c.name))

const normalised = (name: string): string => name.toLowerCase().replace(/[\s_]/g, '')

function jsonPath(key: string): string {
  return `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
}

export class SourceBuilder {
  readonly #mapping: LogsourceMapping
  readonly #catalog: FieldCatalog | undefined
  readonly #fields = new Set<string>()
  #raw = false

  constructor(mapping: LogsourceMapping, catalog?: FieldCatalog) {
    this.#mapping = mapping
    this.#catalog = catalog
  }

  get mapping(): LogsourceMapping {
    return this.#mapping
  }

  get fields(): ReadonlySet<string> {
    return this.#fields
  }

  /** Whether the rule searches the record's text (keywords), which shared tables do not copy. */
  get usesRaw(): boolean {
    return this.#raw
  }

  /** The column of a Sigma field (registered for the SELECT). */
  field(name: string, line?: number): FieldColumn {
    if (/[\u0000-\u001f]/.test(name)) throw new CompileError(`field name ${JSON.stringify(name)} has control characters`, line)
    const lists = new Set(this.#mapping.variants.map((v) => this.#resolve(v, name).list === true))
    if (lists.size > 1) throw new CompileError(`field ${name} is a list in one variant of the logsource and a value in another`, line)
    this.#fields.add(name)
    return { sql: quoteIdentifier(`f:${name}`), list: lists.has(true) }
  }

  /** The record's text for keyword searches (and its lower-case copy). */
  raw(): { sql: string; lower: string; xml: boolean } {
    this.#raw = true
    return { sql: RAW_COLUMN, lower: RAW_LOWER_COLUMN, xml: this.#mapping.rawIsXml }
  }

  /** Adds another builder's field columns (a table shared by the rules of one logsource). */
  include(other: SourceBuilder): void {
    for (const field of other.#fields) this.#fields.add(field)
  }

  /** The SELECT of the source: one per variant, UNION ALL; its parameters are pushed to `params`. */
  sql(params: unknown[]): string {
    return this.#mapping.variants.map((variant) => this.#variantSql(variant, params)).join('\nUNION ALL\n')
  }

  #resolve(variant: SourceVariant, name: string): FieldMapping {
    const mapped = variant.fields[name]
    if (mapped !== undefined) return mapped
    if (variant.fallback === 'original') return { sql: (ctx) => ctx.analysis(`fields.${name}`) }
    if (variant.fallback === 'analysis') {
      const known = isOriginalField(name) || knownFieldNames().includes(name)
      return { sql: (ctx) => ctx.analysis(known ? name : `fields.${name}`), list: LIST_COLUMNS.has(name) }
    }
    const keys = this.#catalogKeys(name)
    return { sql: (ctx) => (keys.length === 1 ? ctx.json(keys[0]!) : `coalesce(${keys.map((k) => ctx.json(k)).join(', ')})`) }
  }

  /** `NewValue` finds Defender's "New Value", `Feature_Name` its "Feature Name". */
  #catalogKeys(name: string): string[] {
    if (this.#catalog === undefined || this.#catalog.has(name)) return [name]
    const wanted = normalised(name)
    const similar = [...this.#catalog].filter((key) => normalised(key) === wanted).sort()
    return similar.length === 0 ? [name] : similar
  }

  #variantSql(variant: SourceVariant, params: unknown[]): string {
    const keys: string[] = []
    const analysisFields: string[] = []
    const ctx: FieldContext = {
      json: (key) => {
        let i = keys.indexOf(key)
        if (i === -1) i = keys.push(key) - 1
        return `e."x:j"[${i + 1}]`
      },
      param: (value) => bindParam(params, value),
      analysis: (name) => {
        analysisFields.push(name)
        return fieldExpression(name, params)
      },
    }
    const user = variant.user === undefined ? 'e.user_key' : variant.user.sql(ctx)
    const endpoints = variant.endpoint === undefined ? '[e.dst_host, e.host_name]' : `[${variant.endpoint.sql(ctx)}]`
    const columns = ['e.file_id', 'e.line', 'e.ts', 'e.src_ip', `CAST(${endpoints} AS VARCHAR[]) AS ${ENDPOINTS_COLUMN}`, `${user} AS ${USER_COLUMN}`]
    if (this.#raw) columns.push(`e.raw AS ${RAW_COLUMN}`, `lower(e.raw) AS ${RAW_LOWER_COLUMN}`)
    for (const field of [...this.#fields].sort()) {
      // Sigma compares text: numbers and times of the events columns become VARCHAR, lists stay lists.
      const mapping = this.#resolve(variant, field)
      const sql = mapping.list === true ? mapping.sql(ctx) : `CAST(${mapping.sql(ctx)} AS VARCHAR)`
      columns.push(`${sql} AS ${quoteIdentifier(`f:${field}`)}`)
    }
    const extraction = keys.length === 0 ? '' : `, json_extract_string(e.fields, [${keys.map((k) => bindParam(params, jsonPath(k))).join(', ')}]) AS "x:j"`
    const computed = (variant.inner ?? []).map((c) => `, ${c}`).join('')
    const inner = `SELECT e.*${extraction}${computed} FROM events e WHERE ${variant.filter}`
    return `SELECT ${columns.join(', ')} FROM (${inner}) e ${joinsFor(analysisFields)}`.trimEnd()
  }
}
