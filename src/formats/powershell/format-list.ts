// PowerShell Format-List text (`... | fl > file.txt`): objects separated by blank lines, one
// `Name : value` per property with the names padded so the colons line up, long values wrapped at the
// console width with continuation lines indented to the value column (or, when copied from a
// terminal, not indented at all).
import { excerpt, type FormatModule, type LineParser, type ParseContext } from '../format.js'
import { psRecordSink } from './ps-record.js'
import { looksLikeKnownCmdlet } from './sniff-names.js'

/** Lines per record beyond which a block is not an object but something else; reported, then cut. */
const MAX_RECORD_LINES = 5000

interface Property {
  name: string
  /** Physical pieces of the value, in order, and the width of the line each came from. */
  pieces: string[]
  widths: number[]
}

/** `Name   : value` with the colon at `colon`; undefined when the line is not a property line there. */
function propertyAt(text: string, colon: number): { name: string; value: string } | undefined {
  if (text.length <= colon || text.charCodeAt(colon) !== 58 /* : */ || text.charCodeAt(colon - 1) !== 32) return undefined
  if (text.length > colon + 1 && text.charCodeAt(colon + 1) !== 32) return undefined
  if (text.charCodeAt(0) === 32) return undefined
  const name = text.slice(0, colon).trimEnd()
  if (name === '') return undefined
  return { name, value: text.slice(colon + 2) }
}

/** The colon column of a first property line: the first ` : ` (or a trailing ` :`) after a name. */
function colonOf(text: string): number | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 32) return undefined
  const inner = text.indexOf(' : ')
  if (inner > 0) return inner + 1
  if (text.endsWith(' :') && text.trimEnd().length > 2) return text.length - 1
  return undefined
}

/**
 * Joins a value's lines back. PowerShell word-wraps keeping the space (or tab) at the end of the
 * broken line, and cuts a word longer than the room left exactly at the console width (ids break
 * anywhere, even inside a byte): both are joined as they are. Any other line ended at a newline of
 * the value itself. The console width is written nowhere: a cut line is as wide as the widest line
 * of the file so far, what follows it is the rest of a word (never a space or a tab), and either
 * the line is one unbroken word (an id) or that width is one `>` writes from a usual console
 * (79, 119): a value's own line of words may otherwise be the widest so far.
 */
/** File widths of Windows PowerShell's `>` from an 80- or 120-column console (buffer width - 1). */
const USUAL_WIDTHS = new Set([79, 119])

function joinPieces(property: Property, widest: number): string {
  let value = property.pieces[0] ?? ''
  for (let i = 1; i < property.pieces.length; i++) {
    const previous = property.pieces[i - 1]!
    const next = property.pieces[i]!
    const wordWrap = /[ \t]$/.test(previous)
    const cut =
      !wordWrap && next !== '' && !/^[ \t]/.test(next) && property.widths[i - 1]! >= widest && (USUAL_WIDTHS.has(widest) || !/[ \t]/.test(previous))
    value += (wordWrap || cut ? '' : '\n') + next
  }
  return value
}

export const formatListFormat: FormatModule = {
  id: 'ps_list',
  description: 'PowerShell Format-List output (| fl > file): Get-DatabaseEvent, Get-MessageTrackingLog, audit logs, any cmdlet',
  fileNamePatterns: ['*.txt', 'eventhistory*.txt', '*-fl.txt'],
  samples: [
    '\n\nCounter        : 4711\nCreateTime     : 3/11/2026 10:32:15 PM\nEventName      : ObjectCreated\nItemEntryId    : 00-00-00-00-5A-3B\n',
  ],
  sniff(head) {
    const lines = head.split(/\r?\n/, 200)
    let aligned = 0
    let colon: number | undefined
    const names: string[] = []
    for (const text of lines) {
      if (text.trim() === '') {
        colon = undefined
        continue
      }
      if (colon === undefined) colon = colonOf(text)
      const property = colon === undefined ? undefined : propertyAt(text, colon)
      if (property !== undefined) {
        aligned++
        names.push(property.name)
      }
    }
    if (aligned < 3) return 0
    return looksLikeKnownCmdlet(names) ? 75 : 45
  },
  open(ctx: ParseContext): LineParser {
    const sink = psRecordSink(ctx)
    let lines: string[] = []
    let firstLine = 0
    let colon: number | undefined
    let properties: Property[] = []
    // The widest line of the file so far: the console width, once any value has wrapped.
    let widest = 0

    const finish = (): void => {
      if (lines.length === 0) return
      if (properties.length === 0) {
        ctx.problem({ line: firstLine, code: 'bad_line', message: 'text without `Name : value` properties; not a Format-List object', excerpt: excerpt(lines[0]!) })
      } else {
        const values = properties.map((p) => [p.name, joinPieces(p, widest)] as const)
        sink.record({ line: firstLine, lastLine: firstLine + lines.length - 1, properties: values, text: lines.join('\n') })
      }
      lines = []
      properties = []
      colon = undefined
    }

    return {
      line(text, lineNo) {
        // Only an empty line separates objects: a line of spaces is an empty line inside a value.
        if (text === '' || (lines.length === 0 && text.trim() === '')) {
          finish()
          return
        }
        if (lines.length === 0) firstLine = lineNo
        if (lines.length >= MAX_RECORD_LINES) {
          ctx.problem({ line: lineNo, code: 'bad_line', message: `object longer than ${MAX_RECORD_LINES} lines; cut here`, excerpt: excerpt(text) })
          finish()
          firstLine = lineNo
        }
        lines.push(text)
        const width = text.length
        widest = Math.max(widest, width)
        colon ??= colonOf(text)
        const property = colon === undefined ? undefined : propertyAt(text, colon)
        if (property !== undefined) {
          properties.push({ name: property.name, pieces: [property.value], widths: [width] })
          return
        }
        const current = properties.at(-1)
        if (current === undefined) {
          // Text before any property in this block (a cmdlet's warning, a prompt): kept in raw only.
          properties = []
          return
        }
        // A continuation: indented to the value column by Format-List, or at column 0 by a terminal.
        current.pieces.push(colon !== undefined && text.slice(0, colon + 2).trim() === '' ? text.slice(colon + 2) : text.trimStart())
        current.widths.push(width)
      },
      end() {
        finish()
        sink.end()
      },
    }
  },
}
