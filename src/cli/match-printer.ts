// Prints matches as they come: `path:lines: record` for a person, or one JSON array written piece by
// piece so that a million matches never sit in memory. Waits for the pipe when it is full, and stops
// quietly when its reader goes away (`exhunt grep ... | head`).
import { once } from 'node:events'
import type { Writable } from 'node:stream'

export class MatchPrinter {
  readonly #out: Writable
  readonly #json: boolean
  #count = 0

  constructor(out: Writable, options: { json: boolean }) {
    this.#out = out
    this.#json = options.json
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      process.stderr.write(`exhunt: cannot write the results: ${error.message}\n`)
      process.exit(2)
    })
  }

  /** `prefix` and `record` are shown to a person; `data` is the match in --json. */
  add(prefix: string, record: string, data: Record<string, unknown>): void {
    let text: string
    if (this.#json) {
      text = `${this.#count === 0 ? '[\n' : ',\n'}${JSON.stringify(data)}`
    } else {
      // A record of several lines (a Format-List block) is followed by a blank line to keep it apart.
      text = `${printable(prefix)}${printable(record)}\n${record.includes('\n') ? '\n' : ''}`
    }
    this.#count++
    this.#out.write(text)
  }

  drain(): Promise<void> | undefined {
    if (!this.#out.writableNeedDrain) return undefined
    return once(this.#out, 'drain').then(() => undefined)
  }

  finish(): void {
    if (this.#json) this.#out.write(this.#count === 0 ? '[]\n' : '\n]\n')
  }
}

/** Control characters are shown escaped so a hostile log cannot drive the terminal. */
function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
