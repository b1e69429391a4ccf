// The embedded case store: one DuckDB file per case (<case>/case.duckdb).
// Events reach it in bulk: rows are staged as tab-separated text in <case>/tmp and loaded by DuckDB's
// own CSV reader, which is many times faster than appending value by value from JavaScript; the load
// of one segment overlaps with the parsing of the next.
// A file is either wholly in the case or not at all: its rows are loaded first and its row in `files`
// is written last, as the commit mark. Rows without that mark (an ingest that was killed) are removed
// whenever the case is opened. One big transaction per file would give the same guarantee, but DuckDB
// loads several times slower inside an explicit transaction (measured: 10.4 s against 6.2 s for
// 192 MB), so the mark is the cheaper way to the same guarantee.
import fs from 'node:fs'
import path from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { EventDraft } from '../model/event.js'
import { EVENT_COLUMNS } from '../model/event.js'
import type { BulkSelect } from '../formats/format.js'
import { excerpt } from '../formats/format.js'
import type { BeginFileOptions, FileSummary, FileWriter, Row, Store, StoredFile, StoredProblem } from './store.js'
import { eventToTsvRow, STAGING_COLUMNS } from './tsv-row.js'
import { quoteIdentifier, quoteLiteral } from './sql-quote.js'
import { toPlainRows } from './plain-rows.js'

export const CASE_FILE = 'case.duckdb'
/** Staged characters (parsed rows) per segment before it is handed to DuckDB. */
const SEGMENT_CHARS = 32 * 1024 * 1024
/**
 * Staged bytes (bulk lines) per segment, written to disk as they grow (never held in memory).
 * A trade-off measured on a 200 MB CAS log: small segments pay DuckDB's per-INSERT cost (32 MB:
 * 9.5 s), one huge segment gives up overlapping parsing with loading (768 MB: 5.6 s); 96-128 MB
 * segments gave 3.9-5.4 s.
 */
const BULK_SEGMENT_BYTES = 256 * 1024 * 1024
/** Bulk lines are gathered in a buffer of this size before each write to the staging file. */
const BULK_WRITE_BYTES = 4 * 1024 * 1024
/** DuckDB's memory while a case is written: with Node's own share, peak RSS stays under 1 GB on a 1 GB log (measured 0.95 GB). */
const MEMORY_LIMIT = '384MB'
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
  `CREATE TABLE IF NOT EXISTS layouts (
    file_id INTEGER NOT NULL,
    layout_id INTEGER NOT NULL,
    names VARCHAR[] NOT NULL
  )`,
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
  /** Staged rows per segment (tests use small segments to exercise many loads on little data). */
  segmentChars?: number
}

export async function openDuckDbStore(caseDir: string, options: OpenOptions = {}): Promise<DuckDbStore> {
  const file = path.join(caseDir, CASE_FILE)
  if (options.readOnly === true) {
    if (!fs.existsSync(file)) throw new CaseNotFoundError(caseDir)
    let instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
    let connection = await instance.connect()
    if (await hasUnmarkedRows(connection)) {
      // An ingest was interrupted: clean the case once, then read it.
      connection.closeSync()
      instance.closeSync()
      ;(await openDuckDbStore(caseDir)).close()
      instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
      connection = await instance.connect()
    }
    return new DuckDbStore(instance, connection, caseDir, options)
  }
  fs.mkdirSync(caseDir, { recursive: true })
  const instance = await DuckDBInstance.create(file)
  const connection = await instance.connect()
  // Row order is carried by (file_id, line); not keeping insertion order lets loads run in parallel.
  await connection.run('SET preserve_insertion_order = false')
  // Memory must not grow with the evidence: DuckDB spills to <case>/tmp beyond this.
  await connection.run(`SET memory_limit = '${MEMORY_LIMIT}'`)
  await connection.run(`SET temp_directory = ${quoteLiteral(path.join(caseDir, 'tmp', 'duckdb'))}`)
  for (const statement of SCHEMA) await connection.run(statement)
  await removeUnmarkedRows(connection)
  return new DuckDbStore(instance, connection, caseDir, options)
}

// Rows of a file whose ingest never wrote its `files` row (killed midway) are not part of the case.
async function removeUnmarkedRows(connection: DuckDBConnection): Promise<void> {
  for (const table of ['events', 'layouts', 'problems']) {
    await connection.run(`DELETE FROM ${table} WHERE file_id NOT IN (SELECT file_id FROM files)`)
  }
}

// Cheap (column statistics, no scan): a file's rows are written before its mark and under a new,
// higher file_id, so rows without a mark always carry an id above the highest marked one.
async function hasUnmarkedRows(connection: DuckDBConnection): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    'SELECT (SELECT max(file_id) FROM events) > coalesce((SELECT max(file_id) FROM files), 0) AS unmarked',
  )
  return reader.getRowObjectsJS()[0]?.unmarked === true
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
  readonly #segmentChars: number

  constructor(instance: DuckDBInstance, connection: DuckDBConnection, caseDir: string, options: OpenOptions) {
    this.#instance = instance
    this.#connection = connection
    this.#tmpDir = path.join(caseDir, 'tmp')
    this.#segmentChars = options.segmentChars ?? SEGMENT_CHARS
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
    // The mark goes first: without it the rest is ignored, whatever happens next.
    for (const table of ['files', 'events', 'problems', 'layouts']) {
      await this.#connection.run(`DELETE FROM ${table} WHERE file_id = $1`, [fileId])
    }
  }

  async beginFile(options: BeginFileOptions = {}): Promise<FileWriter> {
    const rows = await this.query('SELECT coalesce(max(file_id), 0) + 1 AS next FROM files')
    const fileId = Number(rows[0]?.next ?? 1)
    fs.mkdirSync(this.#tmpDir, { recursive: true })
    return new DuckDbFileWriter(this.#connection, fileId, path.join(this.#tmpDir, `file-${process.pid}-${fileId}`), {
      hostHint: options.hostHint,
      segmentChars: this.#segmentChars,
    })
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

interface Layout {
  select: BulkSelect
  dataset: string
}

class DuckDbFileWriter implements FileWriter {
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
  readonly #bulkBuffer = Buffer.allocUnsafe(BULK_WRITE_BYTES)
  #bulkUsed = 0
  #bulkFile: { path: string; fd: number; bytes: number } | undefined
  #bulkLayouts = new Set<number>()

  readonly #segmentChars: number

  constructor(
    connection: DuckDBConnection,
    fileId: number,
    stagingPrefix: string,
    options: { hostHint: string | undefined; segmentChars: number },
  ) {
    this.#connection = connection
    this.fileId = fileId
    this.#stagingPrefix = stagingPrefix
    this.#hostHint = options.hostHint
    this.#segmentChars = options.segmentChars
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
    if (this.#bulkUsed + need > this.#bulkBuffer.length) this.#writeBulkBuffer(need)
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
    if (this.#bulkUsed > 0) this.#appendToBulkFile(this.#bulkBuffer.subarray(0, this.#bulkUsed))
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
        'SELECT line, raw FROM events WHERE file_id = $1 AND layout_id IS NOT NULL AND ts IS NULL ORDER BY line LIMIT 100000',
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
    for (const table of ['events', 'problems', 'layouts']) {
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
    if (this.#bulkUsed > 0) this.#appendToBulkFile(this.#bulkBuffer.subarray(0, this.#bulkUsed))
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
        `INSERT INTO events SELECT ${select.join(', ')} FROM read_csv(${quoteLiteral(file)}, delim = '\t', quote = '"',
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
    for (const c of EVENT_COLUMNS) {
      names.push(quoteIdentifier(c.name))
      switch (c.name) {
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
          exprs.push(layout.select[c.name] ?? 'NULL')
      }
    }
    await this.#connection.run(
      `INSERT INTO events (${names.join(', ')})
       SELECT ${exprs.join(', ')}
       FROM (SELECT line, raw, string_split(raw, ' ') AS f, $1::VARCHAR AS host_hint
             FROM read_csv(${quoteLiteral(file)}, delim = '\t', quote = '', escape = '', header = false,
                  auto_detect = false, strict_mode = true, max_line_size = 4194304,
                  columns = {'line': 'BIGINT', 'layout': 'INTEGER', 'raw': 'VARCHAR'})
             WHERE layout = ${layoutId})`,
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
