// `exhunt search` over an ingested case: DuckDB narrows the records (case-prefilter.ts), the same
// wrap-proof matcher as `exhunt grep` confirms each one. Results stream: records come in line windows
// of at most PAGE_ROWS rows, never the whole case at once.
import type { Row, Store } from '../store/store.js'
import { casePrefilter } from './case-prefilter.js'
import type { SearchPattern } from './search-pattern.js'
import { matchStoredRecord } from './wrap-proof-match.js'

/** Rows fetched at once. */
export const PAGE_ROWS = 1000

export interface CaseMatch {
  path: string
  /** The record's first line in its file. */
  line: number
  dataset: string | null
  ts: string | null
  /** The record with its wrapped values joined back. */
  record: string
  match: string
}

export interface CaseSearchOptions {
  consoleWidths: ReadonlySet<number>
  /** A stored record whose joined value outgrew the cap: text across the cut was not searched as one. */
  onNotice(path: string, line: number, message: string): void
}

interface Window {
  fileId: number
  from: number
  to: number
}

export async function* searchCase(store: Store, pattern: SearchPattern, options: CaseSearchOptions): AsyncGenerator<CaseMatch> {
  const filter = casePrefilter(pattern)
  const condition = filter === undefined ? '' : `AND ${filter.sql}`
  const params = filter?.params ?? []
  // One pass tells which files have candidates, how many, and over which lines.
  const files = await store.query(
    `SELECT f.file_id, f.path, count(*) AS n, min(e.line) AS first, max(e.line) AS last
     FROM events e JOIN files f USING (file_id) WHERE true ${condition}
     GROUP BY f.file_id, f.path ORDER BY f.file_id`,
    params,
  )
  for (const file of files) {
    const path = String(file.path)
    for (const window of evenWindows(Number(file.file_id), Number(file.first), Number(file.last), Number(file.n))) {
      for await (const row of rowsIn(store, window, condition, params)) {
        const line = Number(row.line)
        const found = matchStoredRecord(String(row.raw ?? ''), pattern, {
          consoleWidths: options.consoleWidths,
          onNotice: (_lineNo, message) => options.onNotice(path, line, message),
        })
        if (found === undefined) continue
        yield { path, line, dataset: nullableString(row.dataset), ts: nullableString(row.ts), record: found.record, match: found.match }
      }
    }
  }
}

/** Line ranges expected to hold about PAGE_ROWS candidates each, if they are spread evenly. */
function* evenWindows(fileId: number, first: number, last: number, candidates: number): Generator<Window> {
  const count = Math.max(1, Math.ceil(candidates / PAGE_ROWS))
  const span = Math.ceil((last - first + 1) / count)
  for (let from = first; from <= last; from += span) yield { fileId, from, to: Math.min(last, from + span - 1) }
}

// A window's rows in line order; one that holds more than PAGE_ROWS is halved until it does not (a
// single line is read whole: it holds a record or two). Ranges of lines, not OFFSET pages, so that
// DuckDB skips the row groups outside them.
async function* rowsIn(store: Store, window: Window, condition: string, params: readonly string[]): AsyncGenerator<Row> {
  const single = window.from === window.to
  const rows = await store.query(
    `SELECT line, dataset, ts, raw FROM events
     WHERE file_id = ? AND line BETWEEN ? AND ? ${condition}
     ORDER BY line ${single ? '' : `LIMIT ${PAGE_ROWS + 1}`}`,
    [window.fileId, window.from, window.to, ...params],
  )
  if (single || rows.length <= PAGE_ROWS) {
    yield* rows
    return
  }
  const middle = Math.floor((window.from + window.to) / 2)
  yield* rowsIn(store, { ...window, to: middle }, condition, params)
  yield* rowsIn(store, { ...window, from: middle + 1 }, condition, params)
}

function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value)
}
