// Ingests everything under the given paths into a case, file by file.
import { linkSubmissionsToItems } from '../analysis/link-items.js'
import { refreshUserAgents } from '../analysis/user-agent-table.js'
import { discover, totalSizeOnDisk } from '../io/discover.js'
import { FileNeedsOptionError, type FormatModule, type LocalTimeOptions } from '../formats/format.js'
import type { Store } from '../store/store.js'
import { ingestSource, type FileResult } from './ingest-source.js'

/** What the pipeline tells whoever is watching (a progress bar, a test, nobody). */
export interface IngestReporter {
  started(totalBytes: number): void
  fileStarted(path: string): void
  bytesRead(delta: number): void
  recordsAdded(delta: number): void
  fileDone(result: FileResult): void
}

export interface IngestOptions {
  formats: readonly FormatModule[]
  forced?: FormatModule
  localTime?: LocalTimeOptions
  reporter?: IngestReporter
}

export interface IngestResult {
  files: FileResult[]
}

export async function ingestPaths(store: Store, paths: readonly string[], options: IngestOptions): Promise<IngestResult> {
  const reporter = options.reporter
  reporter?.started(await totalSizeOnDisk(paths))
  const files: FileResult[] = []
  for await (const found of discover(paths)) {
    if (found.kind === 'error') {
      const result = unreadable(found.path, found.message)
      files.push(result)
      reporter?.fileDone(result)
      continue
    }
    reporter?.fileStarted(found.path)
    let bytes = 0
    const result = await ingestSource(store, found, {
      formats: options.formats,
      ...(options.forced === undefined ? {} : { forced: options.forced }),
      ...(options.localTime === undefined ? {} : { localTime: options.localTime }),
      onBytes: (delta) => {
        bytes += delta
        // Decompressed bytes outrun the archive's size on disk; progress counts at most the latter.
        reporter?.bytesRead(Math.max(0, Math.min(delta, found.sizeOnDisk - (bytes - delta))))
      },
      onRecords: (delta) => reporter?.recordsAdded(delta),
    }).catch((error: unknown) => failedResult(found.path, error))
    files.push(result)
    reporter?.fileDone(result)
  }
  if (files.some((f) => f.status === 'ingested')) {
    await linkSubmissionsToItems(store)
    await refreshUserAgents(store)
  }
  return { files }
}

function unreadable(path: string, reason: string): FileResult {
  return {
    path,
    status: 'unreadable',
    sha256: null,
    format: null,
    encoding: null,
    records: 0,
    bytes: 0,
    problem_count: 1,
    problem_counts: { read_error: 1 },
    problems: [{ line: 0, code: 'read_error', reason }],
  }
}

// A bug in a parser or a failing store must not cost the investigator the other files:
// the file's transaction was rolled back, and the failure is reported with the file.
function failedResult(path: string, error: unknown): FileResult {
  if (error instanceof FileNeedsOptionError) return unreadable(path, `not ingested: ${error.message}`)
  const message = error instanceof Error ? error.message : String(error)
  return unreadable(path, `not ingested (internal error, please report it): ${message}`)
}
