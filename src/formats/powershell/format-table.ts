// PowerShell Format-Table text (`| ft`, `| ft -AutoSize`, `| ft -Wrap`): a header, a row of dashes
// under each column, then one row per object. Without -AutoSize, values wider than their column are
// cut and end in `...` (Windows PowerShell) or `…` (PowerShell 7): kept as shown, and reported,
// since the rest of the value is not in the file. With -Wrap, a value continues on the next lines
// of its column, the other columns left blank.
import { excerpt, type FormatModule, type LineParser, type ParseContext } from '../format.js'
import { psRecordSink } from './ps-record.js'
import { looksLikeKnownCmdlet } from './sniff-names.js'

interface Column {
  name: string
  start: number
  /** Where the next column starts (its text may run to the end of the line for the last one). */
  end: number
  /** The column's width, which a cut or wrapped value fills (the dashes only underline the name). */
  width: number
}

const DASHES = /^ *-+( +-+)* *$/

function columnsOf(header: string, dashes: string): Column[] | undefined {
  if (!DASHES.test(dashes) || header.trim() === '') return undefined
  const runs: Array<[number, number]> = []
  const re = /-+/g
  for (let m = re.exec(dashes); m !== null; m = re.exec(dashes)) runs.push([m.index, m.index + m[0].length])
  const columns = runs.map(([start, stop], i) => ({
    name: header.slice(start, stop).trim(),
    start,
    end: i + 1 < runs.length ? runs[i + 1]![0] : Number.POSITIVE_INFINITY,
    // Up to the space before the next column; the last one as far as the header is padded (5.1).
    width: i + 1 < runs.length ? runs[i + 1]![0] - 1 - start : Math.max(stop, header.length) - start,
  }))
  // Every header name sits over its dashes.
  if (columns.some((c) => c.name === '')) return undefined
  return columns
}

function cell(text: string, column: Column): string {
  return text.slice(column.start, column.end === Number.POSITIVE_INFINITY ? undefined : column.end).trim()
}

/**
 * What ended one -Wrap piece of a cell, to join it to the next: a word longer than the column is
 * cut at the column's width (joined as is); a word that did not fit with its space moved to the
 * next line (a space, which the cell's padding hides); otherwise the next word would have fitted,
 * so the value itself had a newline there.
 */
function joinerAfter(piece: string, next: string, width: number): string {
  if (piece.length >= width) return ''
  const nextWord = next.split(/[ \t]/, 1)[0] ?? ''
  return piece.length + 1 + nextWord.length + 1 <= width ? '\n' : ' '
}

// Format-Table cuts a value too wide for its column, and a value with a newline at the newline.
function isCut(value: string): boolean {
  return value.endsWith('...') || value.endsWith('…')
}

export const formatTableFormat: FormatModule = {
  id: 'ps_table',
  description: 'PowerShell Format-Table output (| ft, -AutoSize, -Wrap); values cut with ... are reported',
  fileNamePatterns: ['*.txt', '*-ft.txt'],
  samples: ['\nTimestamp             EventId Source      MessageId\n---------             ------- ------      ---------\n3/11/2026 10:32:15 PM SUBMIT  STOREDRIVER <a@b>\n'],
  sniff(head) {
    const lines = head.split(/\r?\n/, 200)
    for (let i = 1; i < lines.length; i++) {
      const columns = columnsOf(lines[i - 1]!, lines[i]!)
      if (columns !== undefined && columns.length >= 2) return looksLikeKnownCmdlet(columns.map((c) => c.name)) ? 75 : 45
    }
    return 0
  },
  open(ctx: ParseContext): LineParser {
    const sink = psRecordSink(ctx)
    let columns: Column[] | undefined
    let previous: { text: string; lineNo: number } | undefined
    let row: { line: number; lastLine: number; pieces: string[][]; lines: string[] } | undefined

    const finishRow = (): void => {
      if (row === undefined || columns === undefined) return
      const current = row
      row = undefined
      const cut: string[] = []
      const properties = columns.map((column, i) => {
        const pieces = current.pieces[i]!
        let value = pieces[0] ?? ''
        for (let k = 1; k < pieces.length; k++) value += joinerAfter(pieces[k - 1]!, pieces[k]!, column.width) + pieces[k]
        if (pieces.length === 1 && isCut(value)) cut.push(column.name)
        return [column.name, value] as const
      })
      if (cut.length > 0) {
        ctx.problem({
          line: current.line,
          code: 'truncated_value',
          message: `${cut.join(', ')} ends in "..." as Format-Table writes a value it cut short (the rest is not in the file; re-run with | fl or Export-Csv)`,
          excerpt: excerpt(current.lines[0]!),
        })
      }
      sink.record({ line: current.line, lastLine: current.lastLine, properties, text: current.lines.join('\n') })
    }

    const dataLine = (text: string, lineNo: number): void => {
      const cols = columns!
      const cells = cols.map((c) => cell(text, c))
      // -Wrap: a row whose first column is blank continues the row above.
      if (row !== undefined && cells[0] === '' && cells.some((c) => c !== '')) {
        cells.forEach((c, i) => {
          if (c !== '') row!.pieces[i]!.push(c)
        })
        row.lines.push(text)
        row.lastLine = lineNo
        return
      }
      finishRow()
      row = { line: lineNo, lastLine: lineNo, pieces: cells.map((c) => (c === '' ? [] : [c])), lines: [text] }
    }

    const take = (text: string, lineNo: number): void => {
      if (text.trim() === '') finishRow()
      else if (columns === undefined) ctx.problem({ line: lineNo, code: 'bad_line', message: 'text before any table header; not read', excerpt: excerpt(text) })
      else dataLine(text, lineNo)
    }

    // One line of look-ahead: a line is a header only when the next one is its dashes.
    return {
      line(text, lineNo) {
        const held = previous
        previous = { text, lineNo }
        if (held === undefined) return
        const header = columnsOf(held.text, text)
        if (header !== undefined) {
          finishRow()
          columns = header
          previous = undefined
          return
        }
        take(held.text, held.lineNo)
      },
      end() {
        if (previous !== undefined) take(previous.text, previous.lineNo)
        finishRow()
        sink.end()
      },
    }
  },
}
