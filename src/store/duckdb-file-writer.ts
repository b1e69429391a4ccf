// One input file's way into the DuckDB case: parsed rows and bulk lines are staged on disk in
// segments and loaded by DuckDB's CSV reader, one load after another, overlapping with parsing.
// Nothing of the file counts until commit() writes its row in `files` (see duckdb.ts).
import fs from 'node:fs'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { BulkSelect } from '../formats/format.js'
import { excerpt } from '../formats/format.js'
import type { EventDraft } from '../model/event.js'
import { BULK_COLUMNS, EVENT_COLUMNS } from '../model/event.js'
import { toPlainRows } from './plain-rows.js'
import { EVENT_TABLES } from './event-tables.js'
import { quoteIdentifier, quoteLiteral } from './sql-quote.js'
import type { FileSummary, FileWriter, StoredProblem } from './store.js'
import { eventToTsvRow, STAGING_COLUMNS } from './tsv-row.js'

/** Staged characters (parsed rows) per segment before it is handed to DuckDB (8M: peak RSS 0.93 GB on a 150 MB message tracking log, against 1.12 GB with 32M, for 15% more time). */
export const SEGMENT_CHARS = 8 * 1024 * 1024
/**
 * Staged bytes (bulk lines) per segment, written to disk as they grow (never held in memory).
 * A trade-off measured on a 200 MB CAS log: small segments pay DuckDB's per-INSERT cost (32 MB:
 * 9.5 s), one huge segment gives up overlapping parsing with loading (768 MB: 5.6 s); 96-128 MB
 * segments gave 3.9-5.4 s.
 */
const BULK_SEGMENT_BYTES = 256 * 1024 * 1024
/** Bulk lines are gathered in a buffer of this size before each write to the staging file. */
const BULK_WRITE_BYTES = 4 * 1024 * 1024
/** Problems kept per file in the problems table (all are counted). */
export const MAX_STORED_PROBLEMS = 10_000

interface Layout {
  select: BulkSelect
  dataset: string
}

export class DuckDbFileWriter implements FileWriter {
  readonly fileId: number
  readonly #connection: DuckDBConnection
  readonly #stagingPrefix: string
  readonly #hostHint: string | undefined
  #rows: string[] = []
  #chars = 0
  #segment = 0
  #format = ''
  #loading: Promise<void> = Promise.resolve()
  #loadError: unknown
  #pendingSegments = 0
  readonly #problems: StoredProblem[] = []
  readonly #layouts = new Map<number, Layout>()
  // Allocated on the first bulk line: most files (and every small one) never need it.
  #bulkBuffer: Buffer | undefined
  #bulkUsed = 0
  #bulkFile: { path: string; fd: number; bytes: number } | undefined
  #bulkLayouts = new Set<number>()

  readonly #segmentChars: number
  readonly #onCommitted: ((summary: FileSummary) => void) | undefined

  constructor(
    connection: DuckDBConnection,
    fileId: number,
    stagingPrefix: string,
    options: { hostHint: string | undefined; segmentChars: number; onCommitted?: (summary: FileSummary) => void },
  ) {
    this.#connection = connection
    this.fileId = fileId
    this.#stagingPrefix = stagingPrefix
    this.#hostHint = options.hostHint
    this.#segmentChars = options.segmentChars
    this.#onCommitted = options.onCommitted
  }

  addEvent(event: EventDraft, format: string): void {
    this.#format = format
    const row = eventToTsvRow(event, this.#hostHint)
    this.#rows.push(row)
    this.#chars += row.length
    if (this.#chars >= this.#segmentChars) this.#stageRows()
  }

  addProblem(problem: StoredProblem): void {
    if (this.#problems.length < MAX_STORED_PROBLEMS) this.#problems.push(problem)
  }

  addLayout(layoutId: number, fieldNames: readonly string[], select: BulkSelect, dataset: string): void {
    this.#layouts.set(layoutId, { select, dataset })
    this.#enqueue(async () => {
      await this.#connection.run('INSERT INTO layouts VALUES ($1, $2, from_json($3, \'["VARCHAR"]\'))', [
        this.fileId,
        layoutId,
        JSON.stringify(fieldNames),
      ] as never)
    })
  }

  addBulkLine(buf: Buffer, start: number, end: number, lineNo: number, layoutId: number): void {
    const need = end - start + 24
    this.#bulkBuffer ??= Buffer.allocUnsafe(BULK_WRITE_BYTES)
    if (this.#bulkUsed + need > this.#bulkBuffer.length) this.#writeBulkBuffer(need)
    // A line longer than the buffer gets a buffer of its own.
    const bulk = this.#bulkUsed + need > this.#bulkBuffer.length ? Buffer.allocUnsafe(need) : this.#bulkBuffer
    let pos = bulk === this.#bulkBuffer ? this.#bulkUsed : 0
    pos += bulk.write(String(lineNo), pos, 'latin1')
    bulk[pos++] = 9
    pos += bulk.write(String(layoutId), pos, 'latin1')
    bulk[pos++] = 9
    pos += buf.copy(bulk, pos, start, end)
    bulk[pos++] = 10
    if (bulk === this.#bulkBuffer) this.#bulkUsed = pos
    else this.#appendToBulkFile(bulk.subarray(0, pos))
    this.#bulkLayouts.add(layoutId)
  }

  // Synchronous writes of a few MB to the page cache: simpler than stream back-pressure, and short.
  #writeBulkBuffer(nextLine: number): void {
    if (this.#bulkBuffer !== undefined && this.#bulkUsed > 0) this.#appendToBulkFile(this.#bulkBuffer.subarray(0, this.#bulkUsed))
    this.#bulkUsed = 0
    if (this.#bulkFile !== undefined && this.#bulkFile.bytes + nextLine > BULK_SEGMENT_BYTES) this.#stageBulk()
  }

  #appendToBulkFile(data: Buffer): void {
    if (this.#bulkFile === undefined) {
      const file = `${this.#stagingPrefix}-${this.#segment++}.tsv`
      this.#bulkFile = { path: file, fd: fs.openSync(file, 'w'), bytes: 0 }
    }
    fs.writeSync(this.#bulkFile.fd, data)
    this.#bulkFile.bytes += data.length
  }

  setFormat(format: string): void {
    this.#format = format
  }

  drain(): Promise<void> | undefined {
    this.#throwLoadError()
    // Parsing may run at most one segment ahead of DuckDB: that bounds memory whatever the file size.
    return this.#pendingSegments > 1 ? this.#loading : undefined
  }

  async bulkDateProblems(): Promise<StoredProblem[]> {
    this.#stageRows()
    this.#stageBulk()
    await this.#loading
    this.#throwLoadError()
    if (this.#layouts.size === 0) return []
    const rows = await toPlainRows(
      await this.#connection.runAndReadAll(
        'SELECT line, raw FROM bulk_events WHERE file_id = $1 AND ts IS NULL ORDER BY line LIMIT 100000',
        [this.fileId] as never,
      ),
    )
    return rows.map((r) => ({
      line: Number(r.line),
      code: 'bad_date' as const,
      message: 'date/time could not be read; record kept without a timestamp',
      excerpt: excerpt(String(r.raw)),
    }))
  }

  async commit(summary: FileSummary): Promise<void> {
    try {
      this.#stageRows()
      this.#stageBulk()
      await this.#loading
      this.#throwLoadError()
      await this.#insertProblems()
      await this.#connection.run(
        `INSERT INTO files VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()::TIMESTAMP, $11)`,
        [
          this.fileId,
          summary.path,
          summary.size,
          summary.sha256,
          summary.format,
          summary.encoding,
          summary.records,
          summary.problems,
          JSON.stringify(summary.problemCounts),
          summary.hostHint ?? null,
          Math.round(summary.durationMs),
        ] as never,
      )
      this.#onCommitted?.(summary)
    } catch (error) {
      await this.abort()
      throw error
    }
  }

  async abort(): Promise<void> {
    this.#rows = []
    this.#bulkUsed = 0
    if (this.#bulkFile !== undefined) fs.closeSync(this.#bulkFile.fd)
    this.#bulkFile = undefined
    await this.#loading.catch(() => undefined)
    for (const table of [...EVENT_TABLES, 'problems', 'layouts']) {
      await this.#connection.run(`DELETE FROM ${table} WHERE file_id = $1`, [this.fileId] as never)
    }
    this.#removeStagingFiles()
  }

  #throwLoadError(): void {
    if (this.#loadError !== undefined) throw this.#loadError
  }

  // Loads run one after another on the connection, in the order they were staged.
  #enqueue(work: () => Promise<void>): void {
    this.#pendingSegments++
    this.#loading = this.#loading
      .then(async () => {
        if (this.#loadError === undefined) await work()
      })
      .catch((error: unknown) => {
        this.#loadError ??= error
      })
      .finally(() => {
        this.#pendingSegments--
      })
  }

  #stageRows(): void {
    if (this.#rows.length === 0) return
    const text = this.#rows.join('')
    this.#rows = []
    this.#chars = 0
    const file = `${this.#stagingPrefix}-${this.#segment++}.tsv`
    this.#enqueue(async () => {
      await fs.promises.writeFile(file, text)
      await this.#loadRows(file)
    })
  }

  #stageBulk(): void {
    if (this.#bulkBuffer !== undefined && this.#bulkUsed > 0) this.#appendToBulkFile(this.#bulkBuffer.subarray(0, this.#bulkUsed))
    this.#bulkUsed = 0
    const staged = this.#bulkFile
    if (staged === undefined) return
    fs.closeSync(staged.fd)
    this.#bulkFile = undefined
    const layouts = [...this.#bulkLayouts]
    this.#bulkLayouts = new Set()
    this.#enqueue(async () => {
      try {
        for (const layoutId of layouts) await this.#loadBulk(staged.path, layoutId)
      } finally {
        fs.rmSync(staged.path, { force: true })
      }
    })
  }

  async #loadRows(file: string): Promise<void> {
    try {
      const columns = STAGING_COLUMNS.map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`).join(', ')
      const select = EVENT_COLUMNS.map((c) => {
        switch (c.name) {
          case 'ts':
            return 'epoch_ms(ts)'
          case 'recipients':
            return `from_json(recipients, '["VARCHAR"]')`
          case 'file_id':
            return String(this.fileId)
          case 'format':
            return '$1'
          case 'ua_family':
          case 'layout_id':
            return 'NULL'
          default:
            return quoteIdentifier(c.name)
        }
      })
      await this.#connection.run(
        `INSERT INTO parsed_events SELECT ${select.join(', ')} FROM read_csv(${quoteLiteral(file)}, delim = '\t', quote = '"',
          escape = '"', header = false, auto_detect = false, strict_mode = true, max_line_size = 16777216,
          buffer_size = 33554432, columns = {${columns}})`,
        [this.#format] as never,
      )
    } finally {
      fs.rmSync(file, { force: true })
    }
  }

  async #loadBulk(file: string, layoutId: number): Promise<void> {
    const layout = this.#layouts.get(layoutId)
    if (layout === undefined) throw new Error(`bulk rows for undeclared layout ${layoutId}`)
    const names: string[] = []
    const exprs: string[] = []
    for (const c of BULK_COLUMNS) {
      names.push(quoteIdentifier(c))
      switch (c) {
        case 'file_id':
          exprs.push(String(this.fileId))
          break
        case 'format':
          exprs.push('$2::VARCHAR')
          break
        case 'dataset':
          exprs.push('$3::VARCHAR')
          break
        case 'line':
          exprs.push('line')
          break
        case 'raw':
          exprs.push('raw')
          break
        case 'layout_id':
          exprs.push(String(layoutId))
          break
        default:
          exprs.push(layout.select.columns[c] ?? 'NULL')
      }
    }
    const source = `(SELECT line, raw, string_split(raw, ' ') AS f, $1::VARCHAR AS host_hint
      FROM read_csv(${quoteLiteral(file)}, delim = '\t', quote = '', escape = '', header = false,
           auto_detect = false, strict_mode = true, max_line_size = 4194304,
           columns = {'line': 'BIGINT', 'layout': 'INTEGER', 'raw': 'VARCHAR'})
      WHERE layout = ${layoutId})`
    await this.#connection.run(
      `INSERT INTO bulk_events (${names.join(', ')})
       SELECT ${exprs.join(', ')}
       FROM ${staged(layout.select.stages, source)}`,
      [this.#hostHint ?? null, this.#format, layout.dataset] as never,
    )
  }

  async #insertProblems(): Promise<void> {
    if (this.#problems.length === 0) return
    const appender = await this.#connection.createAppender('problems')
    for (const p of this.#problems) {
      appender.appendInteger(this.fileId)
      appender.appendBigInt(BigInt(p.line))
      appender.appendVarchar(p.code)
      appender.appendVarchar(p.message)
      if (p.excerpt === undefined) appender.appendNull()
      else appender.appendVarchar(p.excerpt)
      appender.endRow()
    }
    appender.closeSync()
  }

  #removeStagingFiles(): void {
    for (let i = 0; i < this.#segment; i++) fs.rmSync(`${this.#stagingPrefix}-${i}.tsv`, { force: true })
  }
}

/** The staged lines with each stage's named values added, one subquery per stage. */
function staged(stages: BulkSelect['stages'], source: string): string {
  return stages.reduce((inner, stage) => {
    const named = Object.entries(stage).map(([name, sql]) => `${sql} AS ${quoteIdentifier(name)}`)
    return `(SELECT *, ${named.join(', ')} FROM ${inner})`
  }, source)
}
