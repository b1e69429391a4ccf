// The small interface every log format implements (see STYLE.md, "The format module").
// A format knows its own syntax and nothing about files, encodings or the store:
// the ingest pipeline decodes the file, splits it into lines and hands them over one by one.
import type { BulkColumn, EventDraft } from '../model/event.js'
import type { DateOrder } from '../model/local-time.js'
import type { Readable } from 'node:stream'

export const FORMAT_IDS = [
  'iis',
  'iis_smtp',
  'w3c',
  'msgtrk',
  'smtp_receive',
  'smtp_send',
  'httpproxy',
  'exchange_log',
  'ps_list',
  'ps_table',
  'ps_csv',
  'winevt_xml',
  'winevt_csv',
  'evtx',
] as const
export type FormatId = (typeof FORMAT_IDS)[number]

/** How sure sniff() is that a file is in this format: 0 = not mine, 100 = certain. */
export type Confidence = number

export const PROBLEM_CODES = [
  'bad_line', // a line that does not fit the format (wrong field count, unparsable value)
  'bad_date', // a record whose date/time could not be read
  'truncated', // the last line of the file has no line terminator and looks cut short
  'binary', // NUL bytes or other binary garbage in a line
  'huge_line', // a line longer than the reader accepts; kept truncated
  'no_header', // the file has no #Fields header; the layout was inferred
  'unknown_format', // no format recognised the file
  'empty', // the file has no records at all
  'encoding', // bytes that are not valid in the detected encoding
  'read_error', // the file or archive member could not be read
  'truncated_value', // a value the writer cut short (Format-Table's `...`): kept as shown
  'local_time', // times written in local time without a zone, read as UTC because no --tz was given
  'checksum', // a stored checksum does not match the bytes (EVTX header, chunk, records): read anyway
  'dirty', // the file was not closed cleanly (its header is behind its data): read to the last record
  'damaged', // a damaged part of a binary file (a chunk, a record) skipped; the rest is read
] as const
export type ProblemCode = (typeof PROBLEM_CODES)[number]

export interface ProblemDraft {
  line: number
  code: ProblemCode
  message: string
  /** A short copy of the offending text. */
  excerpt?: string
}

/** How to read times written without a zone, in the collecting machine's culture (--tz, --culture). */
export interface LocalTimeOptions {
  /** IANA name (Europe/Madrid); absent: local times are read as UTC and the file says so. */
  readonly timeZone?: string
  /** Absent: learnt from the file's own dates, or the file is refused with a message. */
  readonly order?: DateOrder
}

/**
 * Thrown by a parser that cannot read a file without more information from the investigator
 * (for example the day/month order of its dates): the file is not ingested, and the message,
 * which names the option to give, is reported with it.
 */
export class FileNeedsOptionError extends Error {}

/** What the pipeline gives a parser: where to put records and problems, and hints about the file. */
export interface ParseContext {
  readonly fileName: string
  /** Host name taken from the collection path, when the log itself does not name its server. */
  readonly hostHint?: string
  readonly localTime?: LocalTimeOptions
  emit(event: EventDraft): void
  problem(problem: ProblemDraft): void
}

/** A parser for one file: fed every line in order, then told the file has ended. */
export interface LineParser {
  /** `text` has no line terminator. `lineNo` is 1-based. */
  line(text: string, lineNo: number): void
  end(): void
}

export interface FormatModule {
  readonly id: FormatId
  readonly description: string
  /** File name patterns this format is usually found under (a hint for people, not for sniffing). */
  readonly fileNamePatterns: readonly string[]
  /** Small text samples; each must sniff as this format (checked by the registry test). */
  readonly samples: readonly string[]
  /** Pure: decoded head of the file (first lines) and its name, to a confidence. */
  sniff(head: string, fileName: string): Confidence
  open(ctx: ParseContext): LineParser
  /** Present when the format's plain data lines can also be loaded in bulk (see BulkCapability). */
  readonly bulk?: BulkCapability
  /** Present for a binary format (EVTX): the file is read as bytes, not lines; sniff/open are unused. */
  readonly binary?: BinaryCapability
}

/** A binary format, recognised by its first bytes and read from the decompressed byte stream. */
export interface BinaryCapability {
  /** Whether the first bytes of a file are this format's signature. */
  matches(head: Buffer): boolean
  /**
   * Reads every record of the stream into ctx (events, and problems with the record's position in
   * `line`). The pipeline hashes and counts the bytes; a stream error is the pipeline's to report.
   */
  read(stream: Readable, ctx: ParseContext): Promise<void>
}

/**
 * The fast path for space-separated W3C logs: well-formed data lines never become JavaScript
 * objects; DuckDB reads them and normalises them with the SQL given here. Directives and any line
 * that is not plainly well-formed still go through open()'s parser, which reports the problems.
 * The SQL must give the same values as the parser does; a contract test holds the two together.
 */
export interface BulkCapability {
  /**
   * For one `#Fields` layout, the SQL that turns `f` (the line split on single spaces, a 1-based
   * VARCHAR list), `raw`, `line` and `host_hint` into event columns; undefined when the layout
   * needs the parser (for example a time-only log that takes its date from #Date).
   * Field names only choose indexes: no text of the log is ever put into the SQL.
   */
  selectFor(fieldNames: readonly string[]): BulkSelect | undefined
}

export interface BulkSelect {
  /**
   * Named intermediate values, computed once per line, stage after stage: a stage may use the
   * names of the stages before it. (DuckDB does not share a sub-expression repeated inside CASE
   * branches; naming it here is what makes it cheap.) Names start with `x_`.
   */
  stages: ReadonlyArray<Readonly<Record<string, string>>>
  /** Bulk rows keep their original fields in `raw` (named by the layout), not in `fields`. */
  columns: BulkColumns
}

export type BulkColumns = Partial<Record<Exclude<BulkColumn, 'file_id' | 'format' | 'dataset' | 'line' | 'raw' | 'layout_id'>, string>>

/** A short, single-line copy of offending text for problem reports. */
export function excerpt(text: string, max = 120): string {
  const cleaned = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned
}
