// The case store: where ingested files and their events live. One interface, an embedded DuckDB
// implementation now (duckdb.ts) and a ClickHouse one later; analysis code only sees this.
import type { EventDraft } from '../model/event.js'
import type { BulkSelect, ProblemCode } from '../formats/format.js'

export interface StoredFile {
  file_id: number
  path: string
  sha256: string
  format: string | null
  records: number
}

export interface FileSummary {
  path: string
  size: number
  sha256: string
  format: string | null
  encoding: string
  records: number
  problems: number
  problemCounts: Partial<Record<ProblemCode, number>>
  hostHint?: string
  durationMs: number
}

export interface StoredProblem {
  line: number
  code: ProblemCode
  message: string
  excerpt?: string
}

/** Everything one input file adds to the case; nothing is visible until commit(). */
export interface FileWriter {
  readonly fileId: number
  /** The format the file was read as (known once its head has been sniffed). */
  setFormat(format: string): void
  addEvent(event: EventDraft, format: string): void
  addProblem(problem: StoredProblem): void
  /** Declares a #Fields layout whose data lines will come through addBulkLine. */
  addLayout(layoutId: number, fieldNames: readonly string[], select: BulkSelect, dataset: string): void
  /** A well-formed UTF-8 data line (no tab, no control character) of a declared layout. */
  addBulkLine(buf: Buffer, start: number, end: number, lineNo: number, layoutId: number): void
  /** After all lines: the bulk rows whose date could not be read (the SQL left ts empty). */
  bulkDateProblems(): Promise<StoredProblem[]>
  /** Resolves when buffered rows are small again; the caller awaits it between chunks. */
  drain(): Promise<void> | undefined
  commit(summary: FileSummary): Promise<void>
  abort(): Promise<void>
}

export interface BeginFileOptions {
  /** Host name for events whose log does not name its server. */
  hostHint?: string
}

export type Row = Record<string, unknown>

export interface Store {
  /** The file already in the case with this content, if any. */
  findFileBySha256(sha256: string): Promise<StoredFile | undefined>
  /** Whether a file of exactly this size is in the case (only then is a re-ingest check worth a pre-hash). */
  hasFileOfSize(size: number): Promise<boolean>
  /** Removes a file and everything it added (an earlier ingest that could not read it). */
  forgetFile(fileId: number): Promise<void>
  beginFile(options?: BeginFileOptions): Promise<FileWriter>
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>
  /** The rows of a query as they come, a chunk at a time: memory does not grow with the result. */
  stream(sql: string, params?: readonly unknown[]): AsyncIterable<Row>
  close(): Promise<void>
}
