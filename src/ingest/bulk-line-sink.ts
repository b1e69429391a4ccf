// Routes the lines of a W3C log between the two paths: plainly well-formed data lines go to the
// store as bytes, to be loaded and normalised by DuckDB (fast); directives and every line that is
// not plainly well-formed (wrong field count, control characters, invalid UTF-8, empty) go to the
// format's TypeScript parser as text, which parses what it can and reports the rest with reasons.
import { isUtf8 } from 'node:buffer'
import type { BulkCapability } from '../formats/format.js'
import type { ByteLineSink, LineSink } from '../io/line-reader.js'
import type { FileWriter } from '../store/store.js'

export interface BulkRouting {
  bulk: BulkCapability
  dataset: string
  writer: FileWriter
  /** The text path: the format's parser behind the usual NUL/oversize checks. */
  text: LineSink
  onBulkRecord(): void
}

const FIELDS_DIRECTIVE = '#Fields:'

export function bulkLineSink(routing: BulkRouting): ByteLineSink {
  const layoutIds = new Map<string, number>()
  let layoutId: number | undefined
  let fieldCount = 0

  const declare = (directive: string): void => {
    const names = directive.slice(FIELDS_DIRECTIVE.length).trim().split(/\s+/)
    const key = names.join(' ')
    const known = layoutIds.get(key)
    if (known !== undefined) {
      layoutId = known
      fieldCount = names.length
      return
    }
    const select = routing.bulk.selectFor(names)
    if (select === undefined) {
      layoutId = undefined
      return
    }
    layoutId = layoutIds.size + 1
    layoutIds.set(key, layoutId)
    fieldCount = names.length
    routing.writer.addLayout(layoutId, names, select, routing.dataset)
  }

  return {
    kind: 'bytes',
    line(buf, start, end, lineNo) {
      if (end > start && buf[start] === 0x23 /* # */) {
        const text = buf.toString('utf8', start, end)
        routing.text.line(text, lineNo)
        if (text.startsWith(FIELDS_DIRECTIVE)) declare(text)
        return
      }
      if (layoutId !== undefined && end > start && isPlainLine(buf, start, end, fieldCount)) {
        routing.writer.addBulkLine(buf, start, end, lineNo, layoutId)
        routing.onBulkRecord()
        return
      }
      routing.text.line(buf.toString('utf8', start, end), lineNo)
    },
    oversized: (lineNo, start) => routing.text.oversized(lineNo, start),
    drain: () => routing.text.drain?.(),
  }
}

// The right number of single-space separated fields, no control characters, valid UTF-8.
function isPlainLine(buf: Buffer, start: number, end: number, fieldCount: number): boolean {
  let spaces = 0
  let high = false
  let previousSpace = true // a leading space would make an empty first field
  for (let i = start; i < end; i++) {
    const b = buf[i]!
    if (b === 0x20) {
      if (previousSpace) return false
      spaces++
      previousSpace = true
    } else {
      if (b < 0x20 || b === 0x7f) return false
      if (b >= 0x80) high = true
      previousSpace = false
    }
  }
  if (previousSpace || spaces + 1 !== fieldCount) return false
  return !high || isUtf8(buf.subarray(start, end))
}
