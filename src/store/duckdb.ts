// The embedded case store: one DuckDB file per case (<case>/case.duckdb).
// Events reach it in bulk: rows are staged as tab-separated text in <case>/tmp and loaded by DuckDB's
// own CSV reader, which is many times faster than appending value by value from JavaScript; the load
// of one segment overlaps with the parsing of the next. Each input file is one transaction, so an
// interrupted ingest leaves every file either wholly in the case or not in it at all.
import fs from 'node:fs'
import path from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { EventDraft } from '../model/event.js'
import { EVENT_COLUMNS } from '../model/event.js'
import type { BeginFileOptions, FileSummary, FileWriter, Row, Store, StoredFile, StoredProblem } from './store.js'
import { eventToTsvRow, STAGING_COLUMNS } from './tsv-row.js'
import { quoteIdentifier, quoteLiteral } from './sql-quote.js'
import { toPlainRows } from './plain-rows.js'

export const CASE_FILE = 'case.duckdb'
/** Staged characters per segment before it is handed to DuckDB. */
const SEGMENT_CHARS = 48 * 1024 * 1024
/** Problems kept per file in the problems table (all are counted). */
export const MAX_STORED_PROBLEMS = 10_000

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS files (
    file_id INTEGER PRIMARY KEY,
    path VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    format VARCHAR,
    encoding VARCHAR,
    records BIGINT NOT NULL,
    errors BIGINT NOT NULL,
    problem_counts JSON,
    host_hint VARCHAR,
    ingested_at TIMESTAMP NOT NULL,
    duration_ms BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS events (${EVENT_COLUMNS.map((c) => `${quoteIdentifier(c.name)} ${c.sql}`).join(', ')})`,
  `CREATE TABLE IF NOT EXISTS problems (
    file_id INTEGER NOT NULL,
    line BIGINT,
    code VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    excerpt VARCHAR
  )`,
]

export interface OpenOptions {
  readOnly?: boolean
}

export async function openDuckDbStore(caseDir: string, options: OpenOptions = {}): Promise<DuckDbStore> {
  const file = path.join(caseDir, CASE_FILE)
  if (options.readOnly === true) {
    if (!fs.existsSync(file)) throw new CaseNotFoundError(caseDir)
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
    return new DuckDbStore(instance, await instance.connect(), caseDir)
  }
  fs.mkdirSync(caseDir, { recursive: true })
  const instance = await DuckDBInstance.create(file)
  const connection = await instance.connect()
  for (const statement of SCHEMA) await connection.run(statement)
  return new DuckDbStore(instance, connection, caseDir)
}

export class CaseNotFoundError extends Error {
  constructor(readonly caseDir: string) {
    super(`no case at ${caseDir} (expected ${path.join(caseDir, CASE_FILE)}); run \`exhunt ingest PATH --case ${caseDir}\` first`)
  }
}

export class DuckDbStore implements Store {
  readonly #instance: DuckDBInstance
  readonly #connection: DuckDBConnection
  readonly #tmpDir: string

  constructor(instance: DuckDBInstance, connection: DuckDBConnection, caseDir: string) {
    this.#instance = instance
    this.#connection = connection
    this.#tmpDir = path.join(caseDir, 'tmp')
  }

  async findFileBySha256(sha256: string): Promise<StoredFile | undefined> {
    const rows = await this.query('SELECT file_id, path, sha256, format, records FROM files WHERE sha256 = $1', [sha256])
    const row = rows[0]
    if (row === undefined) return undefined
    return {
      file_id: Number(row.file_id),
      path: String(row.path),
      sha256: String(row.sha256),
      format: row.format === null ? null : String(row.format),
      records: Number(row.records),
    }
  }

  async hasFileOfSize(size: number): Promise<boolean> {
    const rows = await this.query('SELECT 1 FROM files WHERE size = $1 LIMIT 1', [size])
    return rows.length > 0
  }

  /** Removes a file and its events (used when an earlier ingest could not read it and a new one can). */
  async forgetFile(fileId: number): Promise<void> {
    await this.#connection.run('BEGIN TRANSACTION')
    for (const table of ['events', 'problems', 'files']) {
      await this.#connection.run(`DELETE FROM ${table} WHERE file_id = $1`, [fileId])
    }
    await this.#connection.run('COMMIT')
  }

  async beginFile(options: BeginFileOptions = {}): Promise<FileWriter> {
    const rows = await this.query('SELECT coalesce(max(file_id), 0) + 1 AS next FROM files')
    const fileId = Number(rows[0]?.next ?? 1)
    fs.mkdirSync(this.#tmpDir, { recursive: true })
    await this.#connection.run('BEGIN TRANSACTION')
    return new DuckDbFileWriter(this.#connection, fileId, path.join(this.#tmpDir, `file-${process.pid}-${fileId}`), options.hostHint)
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const reader = await this.#connection.runAndReadAll(sql, params as never)
    return toPlainRows(reader)
  }

  async close(): Promise<void> {
    this.#connection.closeSync()
    this.#instance.closeSync()
  }
}

class DuckDbFileWriter implements FileWriter {
  readonly fileId: number
  readonly #connection: DuckDBConnection
  readonly #stagingPrefix: string
  #rows: string[] = []
  #chars = 0
  #segment = 0
  #format = ''
  readonly #hostFallback: string | undefined
  #loading: Promise<void> | undefined
  #loadError: unknown
  readonly #problems: StoredProblem[] = []

  constructor(connection: DuckDBConnection, fileId: number, stagingPrefix: string, hostHint: string | undefined) {
    this.#connection = connection
    this.fileId = fileId
    this.#stagingPrefix = stagingPrefix
    this.#hostFallback = hostHint
  }

  addEvent(event: EventDraft, format: string): void {
    this.#format = format
    const row = eventToTsvRow(event, this.#hostFallback)
    this.#rows.push(row)
    this.#chars += row.length
  }

  addProblem(problem: StoredProblem): void {
    if (this.#problems.length < MAX_STORED_PROBLEMS) this.#problems.push(problem)
  }

  drain(): Promise<void> | undefined {
    if (this.#chars < SEGMENT_CHARS) return undefined
    return this.#startLoad()
  }

  async commit(summary: FileSummary): Promise<void> {
    try {
      await this.#startLoad()
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
      await this.#connection.run('COMMIT')
    } catch (error) {
      await this.abort()
      throw error
    }
  }

  async abort(): Promise<void> {
    await this.#loading?.catch(() => undefined)
    await this.#connection.run('ROLLBACK').catch(() => undefined)
    this.#removeStagingFiles()
  }

  // Waits for the previous segment, then writes the buffered rows and starts loading them.
  async #startLoad(): Promise<void> {
    await this.#loading
    this.#throwLoadError()
    if (this.#rows.length === 0) return
    const file = `${this.#stagingPrefix}-${this.#segment++}.tsv`
    await fs.promises.writeFile(file, this.#rows.join(''))
    this.#rows = []
    this.#chars = 0
    this.#loading = this.#load(file).catch((error: unknown) => {
      this.#loadError = error
    })
  }

  #throwLoadError(): void {
    if (this.#loadError !== undefined) throw this.#loadError
  }

  async #load(file: string): Promise<void> {
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
            return quoteLiteral(this.#format)
          case 'ua_family':
            return 'NULL' // classified by the analysis layer (ua-parser-js), not at ingest
          default:
            return quoteIdentifier(c.name)
        }
      })
      await this.#connection.run(
        `INSERT INTO events SELECT ${select.join(', ')} FROM read_csv(${quoteLiteral(file)}, delim = '\t', quote = '"',
          escape = '"', header = false, auto_detect = false, strict_mode = true, max_line_size = 67108864,
          buffer_size = 134217728, columns = {${columns}})`,
      )
    } finally {
      fs.rmSync(file, { force: true })
    }
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
