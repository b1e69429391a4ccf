// A progress bar (bytes, records/s, ETA) on a terminal; nothing at all when output is piped.
import cliProgress from 'cli-progress'
import type { IngestReporter } from '../ingest/ingest.js'
import type { FileResult } from '../ingest/ingest-source.js'

export function terminalProgress(stream: NodeJS.WriteStream, onFileDone: (result: FileResult) => void): IngestReporter {
  if (!stream.isTTY) {
    return { started() {}, fileStarted() {}, bytesRead() {}, recordsAdded() {}, fileDone: onFileDone }
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {done}/{size} | {records} records, {rate}/s | ETA {eta_formatted} | {file}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  )
  let bytes = 0
  let total = 0
  let records = 0
  const started = Date.now()
  const payload = (file?: string): Record<string, string> => ({
    done: megabytes(bytes),
    size: megabytes(total),
    records: records.toLocaleString('en-US'),
    rate: Math.round(records / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString('en-US'),
    ...(file === undefined ? {} : { file: shorten(file, 40) }),
  })
  return {
    started(totalBytes) {
      total = Math.max(1, totalBytes)
      bar.start(total, 0, { ...payload(), file: '' })
    },
    fileStarted(path) {
      bar.update(bytes, payload(path))
    },
    bytesRead(delta) {
      bytes += delta
      bar.update(Math.min(bytes, total), payload())
    },
    recordsAdded(delta) {
      records += delta
    },
    fileDone(result) {
      bar.update(Math.min(bytes, total), payload())
      // Per-file lines go above the bar so they stay readable.
      bar.stop()
      onFileDone(result)
      if (bytes < total) bar.start(total, Math.min(bytes, total), payload(''))
    },
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(-(max - 1))}`
}
