// Ingests one input file into the case: sniff, decode, parse, store, and account for every line
// that did not become a record (each is a counted problem with its line number).
import { TextDecoder } from 'node:util'
import type { InputSource } from '../io/discover.js'
import { readLines, type LineSink } from '../io/line-reader.js'
import { decoderLabel } from '../io/encoding.js'
import { excerpt, type FormatModule, type LineParser, type LocalTimeOptions, type ProblemCode, type ProblemDraft } from '../formats/format.js'
import { sniffFormat } from '../formats/sniff.js'
import { hashWholeSource, peekHead } from '../io/source-stream.js'
import { binaryFormatOf, readBinarySource } from './binary-source.js'
import { bulkLineSink } from './bulk-line-sink.js'
import type { EventDraft } from '../model/event.js'
import type { Store } from '../store/store.js'

/** Lines longer than this are reported and skipped rather than held in memory. */
export const MAX_LINE_CHARS = 1024 * 1024
/** Problems listed per file in the ingest report (all are counted, and up to 10,000 are stored). */
export const LISTED_PROBLEMS = 20

/**
 * ingested: its records are in the case; not_a_log: read whole, no format recognised (recorded in
 * the case with its sha256, so it is not read again); already_in_case: same sha256 as a file in the
 * case; unreadable: could not be read or parsed (nothing of it is in the case).
 */
export type FileStatus = 'ingested' | 'not_a_log' | 'already_in_case' | 'unreadable'

export interface FileProblem {
  line: number
  code: ProblemCode
  reason: string
  excerpt?: string
}

export interface FileResult {
  path: string
  status: FileStatus
  sha256: string | null
  format: string | null
  encoding: string | null
  records: number
  bytes: number
  problem_count: number
  problem_counts: Partial<Record<ProblemCode, number>>
  /** The first problems, in line order. */
  problems: FileProblem[]
  /** For already_in_case: the path it was first ingested from. */
  same_as?: string
  host_hint?: string
}

export interface SourceOptions {
  formats: readonly FormatModule[]
  /** Forces a format instead of sniffing. */
  forced?: FormatModule
  /** How to read times written in local time (PowerShell output): --tz, --culture. */
  localTime?: LocalTimeOptions
  onBytes?(delta: number): void
  onRecords?(delta: number): void
}

const MAX_KEPT_PROBLEMS = 10_000

export async function ingestSource(store: Store, source: InputSource, options: SourceOptions): Promise<FileResult> {
  const started = performance.now()
  const result: FileResult = {
    path: source.path,
    status: 'ingested',
    sha256: null,
    format: null,
    encoding: null,
    records: 0,
    bytes: 0,
    problem_count: 0,
    problem_counts: {},
    problems: [],
    ...(source.hostHint === undefined ? {} : { host_hint: source.hostHint }),
  }
  const kept: FileProblem[] = []
  const addProblem = (p: ProblemDraft): void => {
    result.problem_count++
    result.problem_counts[p.code] = (result.problem_counts[p.code] ?? 0) + 1
    if (kept.length < MAX_KEPT_PROBLEMS) {
      kept.push({ line: p.line, code: p.code, reason: p.message, ...(p.excerpt === undefined ? {} : { excerpt: p.excerpt }) })
    }
  }

  // A file of a size already in the case may be a copy: hashing first saves parsing it again.
  if (source.exactSize !== undefined && (await store.hasFileOfSize(source.exactSize))) {
    const whole = await hashWholeSource(source)
    const sha256 = whole.error === undefined ? whole.sha256 : undefined
    const existing = sha256 === undefined ? undefined : await store.findFileBySha256(sha256)
    if (existing !== undefined && existing.format !== null) {
      options.onBytes?.(source.exactSize)
      return { ...result, status: 'already_in_case', sha256: existing.sha256, format: existing.format, records: existing.records, same_as: existing.path }
    }
  }

  const writer = await store.beginFile(source.hostHint === undefined ? {} : { hostHint: source.hostHint })
  let format: FormatModule | undefined
  let parser: LineParser | undefined
  let lastProblemLine = -1
  let bytesSeen = 0
  let recordsSinceReport = 0
  const ctx = {
    fileName: source.fileName,
    ...(options.localTime === undefined ? {} : { localTime: options.localTime }),
    ...(source.hostHint === undefined ? {} : { hostHint: source.hostHint }),
    emit: (event: EventDraft): void => {
      writer.addEvent(event, format!.id)
      result.records++
      if (++recordsSinceReport === 4096) {
        options.onRecords?.(recordsSinceReport)
        recordsSinceReport = 0
      }
    },
    problem: (p: ProblemDraft): void => {
      lastProblemLine = p.line
      addProblem(p)
    },
  }

  const sink: LineSink = {
    kind: 'text',
    line(text, lineNo) {
      if (text.indexOf('\0') !== -1) {
        ctx.problem({ line: lineNo, code: 'binary', message: 'line holds NUL bytes (binary garbage); not parsed', excerpt: excerpt(text) })
        return
      }
      parser!.line(text, lineNo)
    },
    oversized(lineNo, start) {
      ctx.problem({
        line: lineNo,
        code: 'huge_line',
        message: `line longer than ${MAX_LINE_CHARS} characters; skipped`,
        excerpt: excerpt(start),
      })
    },
    drain: () => writer.drain(),
  }

  // Stores what was read: unless the same content is already in the case, the file is committed.
  const finishFile = async (read: { sha256: string; bytes: number; encoding: string }): Promise<FileResult> => {
    for (const p of await writer.bulkDateProblems()) addProblem(p)
    if (format !== undefined && result.records === 0 && result.problem_count === 0) {
      addProblem({ line: 0, code: 'empty', message: read.bytes === 0 ? 'empty file' : 'no records in this file (only headers or blank lines)' })
    }
    const existing = await store.findFileBySha256(read.sha256)
    if (existing !== undefined && (existing.format !== null || format === undefined)) {
      await writer.abort()
      return { ...result, status: 'already_in_case', format: existing.format, records: existing.records, same_as: existing.path, problem_count: 0, problem_counts: {}, problems: [] }
    }
    if (existing !== undefined) await store.forgetFile(existing.file_id)
    for (const p of kept) writer.addProblem({ line: p.line, code: p.code, message: p.reason, ...(p.excerpt === undefined ? {} : { excerpt: p.excerpt }) })
    await writer.commit({
      path: source.path,
      size: read.bytes,
      sha256: read.sha256,
      format: result.format,
      encoding: read.encoding,
      records: result.records,
      problems: result.problem_count,
      problemCounts: result.problem_counts,
      ...(source.hostHint === undefined ? {} : { hostHint: source.hostHint }),
      durationMs: performance.now() - started,
    })
    result.problems = firstProblems(kept)
    if (format === undefined) result.status = 'not_a_log'
    return result
  }

  try {
    const stream = await source.open()
    const binary = binaryFormatOf(await peekHead(stream), options.formats, options.forced)
    if (binary !== undefined) {
      format = binary
      result.format = binary.id
      result.encoding = 'binary'
      writer.setFormat(binary.id)
      const read = await readBinarySource(source, stream, binary, ctx, (total) => {
        options.onBytes?.(total - bytesSeen)
        bytesSeen = total
      })
      options.onRecords?.(recordsSinceReport)
      result.sha256 = read.sha256
      result.bytes = read.bytes
      if (read.error !== undefined) {
        addProblem({ line: 0, code: 'read_error', message: `reading stopped after ${read.bytes} bytes: ${read.error.message}; records before it are kept, sha256 covers only the bytes read` })
      }
      return await finishFile({ ...read, encoding: 'binary' })
    }
    const read = await readLines(stream, {
      maxLineChars: MAX_LINE_CHARS,
      onBytes: (bytes) => {
        options.onBytes?.(bytes - bytesSeen)
        bytesSeen = bytes
      },
      onHead: (head, encoding) => {
        result.encoding = encoding.encoding
        const text = new TextDecoder(decoderLabel(encoding.encoding)).decode(head)
        const sniffed = options.forced === undefined ? sniffFormat(options.formats, text, source.fileName) : undefined
        const chosen = options.forced ?? sniffed?.format
        if (chosen === undefined) {
          addProblem({ line: 0, code: head.length === 0 ? 'empty' : 'unknown_format', message: sniffed?.reason ?? 'unknown format' })
          return undefined
        }
        format = chosen
        result.format = chosen.id
        writer.setFormat(chosen.id)
        parser = chosen.open(ctx)
        if (chosen.bulk === undefined) return sink
        return bulkLineSink({
          bulk: chosen.bulk,
          dataset: chosen.id,
          writer,
          text: sink,
          onBulkRecord: () => {
            result.records++
            if (++recordsSinceReport === 4096) {
              options.onRecords?.(recordsSinceReport)
              recordsSinceReport = 0
            }
          },
        })
      },
    })
    parser?.end()
    options.onRecords?.(recordsSinceReport)
    result.sha256 = read.sha256
    result.bytes = read.bytes
    if (read.error === undefined && read.lastLineUnterminated && lastProblemLine === read.lines) relabelTruncated(kept, result, read.lines)
    if (read.invalidUtf8 && format !== undefined) {
      addProblem({
        line: 0,
        code: 'encoding',
        message: 'bytes that are not valid UTF-8 were read as U+FFFD (the file may be in a legacy code page or damaged)',
      })
    }
    if (read.error !== undefined) {
      // The stream broke (damaged archive, I/O error): keep what was read and say where it stopped.
      addProblem({
        line: read.lines,
        code: 'read_error',
        message: `reading stopped after ${read.bytes} bytes (line ${read.lines}): ${read.error.message}; records before it are kept, sha256 covers only the bytes read`,
      })
    }
    return await finishFile({ sha256: read.sha256, bytes: read.bytes, encoding: read.encoding.encoding })
  } catch (error) {
    await writer.abort()
    throw error
  }
}

function firstProblems(kept: readonly FileProblem[]): FileProblem[] {
  return [...kept].sort((a, b) => a.line - b.line).slice(0, LISTED_PROBLEMS)
}

// A last line without terminator that the parser could not read was most likely cut off mid-write.
function relabelTruncated(kept: FileProblem[], result: FileResult, lastLine: number): void {
  const last = kept.findLast((p) => p.line === lastLine)
  if (last === undefined || last.code === 'truncated') return
  result.problem_counts[last.code] = (result.problem_counts[last.code] ?? 1) - 1
  if (result.problem_counts[last.code] === 0) delete result.problem_counts[last.code]
  result.problem_counts.truncated = (result.problem_counts.truncated ?? 0) + 1
  last.reason = `last line has no line terminator and could not be read (file cut short?): ${last.reason}`
  last.code = 'truncated'
}
