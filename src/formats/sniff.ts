// Chooses the format of a file from its content; the file name is only a hint that formats may use.
import type { FormatModule } from './format.js'

/** Below this confidence a file is reported as of unknown format rather than guessed. */
export const MIN_CONFIDENCE = 30

export interface SniffResult {
  format?: FormatModule
  confidence: number
  /** Why nothing was chosen, for the problem report. */
  reason?: string
}

export function sniffFormat(formats: readonly FormatModule[], head: string, fileName: string): SniffResult {
  let best: FormatModule | undefined
  let bestConfidence = 0
  for (const format of formats) {
    const confidence = format.sniff(head, fileName)
    if (confidence > bestConfidence) {
      best = format
      bestConfidence = confidence
    }
  }
  if (best !== undefined && bestConfidence >= MIN_CONFIDENCE) return { format: best, confidence: bestConfidence }
  return { confidence: bestConfidence, reason: describeUnknown(head) }
}

function describeUnknown(head: string): string {
  if (head.length === 0) return 'empty file'
  let control = 0
  const sample = head.slice(0, 4096)
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++
  }
  if (control > sample.length * 0.1) return 'not a text log (binary content)'
  const firstLine = head.slice(0, head.indexOf('\n') === -1 ? head.length : head.indexOf('\n')).trim()
  return `no known log format recognised (first line: ${JSON.stringify(firstLine.slice(0, 100))}); use --format ID to force one, see \`exhunt formats\``
}
