// Finds a pattern even where a console or Format-List wrapped it across lines, and says which record
// holds it. `exhunt grep` (files, line by line) and `exhunt search` (records stored in a case) both
// match through here, so the two always agree.
import type { SearchPattern, TextMatch } from './search-pattern.js'
import { WrappedLineJoiner, type AssembledRecord, type JoinerOptions, type LogicalLine } from './wrapped-line-joiner.js'

export interface RecordMatch {
  /** The lines of the record reported: a whole Format-List block, or the log lines the match spans. */
  firstLine: number
  lastLine: number
  /** The lines the matched text itself spans. */
  matchFirstLine: number
  matchLastLine: number
  /** The record with its wrapped values joined back; its logical lines separated by '\n'. */
  record: string
  /** The matched text as it stands in the record (with its separators under --ignore-separators). */
  match: string
}

export interface MatcherOptions extends Omit<JoinerOptions, 'onRecord'> {
  onMatch(match: RecordMatch): void
}

/** Streams a file's lines through the joiner and reports each record that holds a match, once. */
export class WrapProofMatcher {
  readonly #joiner: WrappedLineJoiner

  constructor(pattern: SearchPattern, options: MatcherOptions) {
    this.#joiner = new WrappedLineJoiner({
      consoleWidths: options.consoleWidths,
      onNotice: options.onNotice,
      onRecord: (record) => {
        const match = matchRecord(record, pattern)
        if (match !== undefined) options.onMatch(match)
      },
    })
  }

  line(text: string, lineNo: number): void {
    this.#joiner.line(text, lineNo)
  }

  unreadableLine(): void {
    this.#joiner.unreadableLine()
  }

  end(): void {
    this.#joiner.end()
  }
}

/** The first match in a record, reported with the record it belongs to. */
export function matchRecord(record: AssembledRecord, pattern: SearchPattern): RecordMatch | undefined {
  const found = firstMatch(record.lines, pattern)
  if (found === undefined) return undefined
  const { logical, match } = found
  const [first, last] = partsSpanned(logical, match)
  const matchFirstLine = logical.parts[first]!.lineNo
  const matchLastLine = logical.parts[last]!.lineNo
  const matched = logical.text.slice(match.start, match.end)
  if (record.kind === 'line') {
    // A log line is reported as the lines the match spans: a line that only happened to fill the
    // console width is not glued to the next record in the output.
    const parts = logical.parts.slice(first, last + 1)
    return { firstLine: matchFirstLine, lastLine: matchLastLine, matchFirstLine, matchLastLine, record: parts.map((p) => p.text).join(''), match: matched }
  }
  return {
    firstLine: record.lines[0]!.parts[0]!.lineNo,
    lastLine: record.lines.at(-1)!.parts.at(-1)!.lineNo,
    matchFirstLine,
    matchLastLine,
    record: record.lines.map((l) => l.text).join('\n'),
    match: matched,
  }
}

export interface StoredRecordMatch {
  /** The stored record with its wrapped values joined back. */
  record: string
  match: string
}

/**
 * Matches one record as stored in a case (`raw`: its original lines joined with '\n'), with the same
 * joining rule as a file read line by line.
 */
export function matchStoredRecord(raw: string, pattern: SearchPattern, options: Omit<MatcherOptions, 'onMatch'>): StoredRecordMatch | undefined {
  const lines: LogicalLine[] = []
  const joiner = new WrappedLineJoiner({ ...options, onRecord: (record) => lines.push(...record.lines) })
  raw.split('\n').forEach((text, i) => joiner.line(text.endsWith('\r') ? text.slice(0, -1) : text, i + 1))
  joiner.end()
  const found = firstMatch(lines, pattern)
  if (found === undefined) return undefined
  return { record: lines.map((l) => l.text).join('\n'), match: found.logical.text.slice(found.match.start, found.match.end) }
}

function firstMatch(lines: readonly LogicalLine[], pattern: SearchPattern): { logical: LogicalLine; match: TextMatch } | undefined {
  for (const logical of lines) {
    const match = pattern.find(logical.text)
    if (match !== undefined) return { logical, match }
  }
  return undefined
}

/** Indexes of the first and last physical line parts the match covers. */
function partsSpanned(logical: LogicalLine, match: TextMatch): [number, number] {
  const lastChar = match.end > match.start ? match.end - 1 : match.start
  let first = -1
  let offset = 0
  for (let i = 0; i < logical.parts.length; i++) {
    offset += logical.parts[i]!.text.length
    if (first === -1 && match.start < offset) first = i
    if (lastChar < offset) return [first === -1 ? i : first, i]
  }
  const end = logical.parts.length - 1
  return [first === -1 ? end : first, end]
}
