// `exhunt grep` needs no case: every file under the paths (folders walked, .gz and .zip members read,
// evidence opened read-only), decoded in its own encoding (PowerShell 5.1's `>` writes UTF-16LE),
// goes line by line through the wrap-proof matcher, in memory bounded by the line and record caps.
import { discover } from '../io/discover.js'
import { readLines } from '../io/line-reader.js'
import type { SearchPattern } from './search-pattern.js'
import { WrapProofMatcher, type RecordMatch } from './wrap-proof-match.js'

/** Longer lines are not held in memory: they are reported and not searched. */
export const MAX_LINE_CHARS = 1 << 20

export interface GrepReporter {
  match(path: string, match: RecordMatch): void
  /** Something not searched, or not wholly: an unreadable file, a line over the cap. */
  problem(path: string, message: string): void
  /** Resolves when the output has room again; awaited between chunks of input. */
  drain(): Promise<void> | undefined
}

export interface GrepOptions {
  consoleWidths: ReadonlySet<number>
}

export interface GrepSummary {
  files: number
  matches: number
  problems: number
}

export async function grepFiles(paths: readonly string[], pattern: SearchPattern, reporter: GrepReporter, options: GrepOptions): Promise<GrepSummary> {
  const summary: GrepSummary = { files: 0, matches: 0, problems: 0 }
  const problem = (path: string, message: string): void => {
    summary.problems++
    reporter.problem(path, message)
  }
  for await (const found of discover(paths)) {
    if (found.kind === 'error') {
      problem(found.path, found.message)
      continue
    }
    summary.files++
    const matcher = new WrapProofMatcher(pattern, {
      consoleWidths: options.consoleWidths,
      onMatch: (match) => {
        summary.matches++
        reporter.match(found.path, match)
      },
      onNotice: (lineNo, message) => problem(found.path, `line ${lineNo}: ${message}`),
    })
    let result: Awaited<ReturnType<typeof readLines>>
    try {
      result = await readLines(await found.open(), {
        maxLineChars: MAX_LINE_CHARS,
        onHead: () => ({
          kind: 'text',
          line: (text, lineNo) => matcher.line(text, lineNo),
          oversized: (lineNo) => {
            matcher.unreadableLine()
            problem(found.path, `line ${lineNo}: longer than ${MAX_LINE_CHARS} characters, not searched`)
          },
          drain: () => reporter.drain(),
        }),
      })
    } catch (error) {
      problem(found.path, `cannot read: ${(error as Error).message}`)
      continue
    }
    matcher.end()
    if (result.error !== undefined) {
      problem(found.path, result.bytes === 0 ? `cannot read: ${result.error.message}` : `read stopped after line ${result.lines}: ${result.error.message}`)
    }
  }
  return summary
}
