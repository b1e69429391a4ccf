// Puts back together what a console or PowerShell's Format-List split across lines, so that a value
// is one string again (`fgrep` missed a wrapped ItemEntryId for a whole night). Lines come in one at
// a time and leave as records; memory is bounded by the caps below, not by the file.
//
// When does line N+1 continue line N (line break and continuation indentation removed, nothing put
// in their place)?
// - Inside a Format-List block: a blank-line-separated block whose first line is `Name : value`,
//   every property line of which has its " : " at the same column (the longest name + 3). A line
//   that starts with whitespace continues the value above: PowerShell indents wrapped chunks (and
//   the later lines of a multi-line value) to that column. The indentation up to it is dropped.
// - Anywhere, a line continues the one above at column 0 when that one filled a console width
//   exactly (80, 120, ... or widths given with --console-width) and does not end in whitespace: that
//   is a console's wrap. (A screen copy pads short lines with blanks; those must not join.)
// - Never across a blank line, and never onto a line that is a property line of the current block
//   (column-0 name, " : " at the block's column): that is the next property, and joining it to a value
//   that happened to fill the width exactly would make matches out of two different properties.
// A match is looked for inside one joined (logical) line only, so it never spans two properties, nor
// two log lines the rule did not join.

export const DEFAULT_CONSOLE_WIDTHS: readonly number[] = [80, 100, 120, 132, 160, 200, 240]

/** A joined value longer than this is cut (and the cut reported): a bound on memory. */
export const MAX_LOGICAL_LINE_CHARS = 1 << 20
/** A Format-List block larger than this is handed on in parts; matching is not affected. */
export const MAX_BLOCK_CHARS = 1 << 20
export const MAX_BLOCK_LINES = 5000

export interface LinePart {
  lineNo: number
  /** The line's text, without the continuation indentation that was dropped. */
  text: string
}

/** One record line as it was before wrapping: its physical lines, joined. */
export interface LogicalLine {
  parts: LinePart[]
  text: string
}

export interface AssembledRecord {
  /** `block`: a Format-List object (blank-line separated); `line`: a log line with its wraps. */
  kind: 'block' | 'line'
  lines: LogicalLine[]
}

export interface JoinerOptions {
  consoleWidths: ReadonlySet<number>
  onRecord(record: AssembledRecord): void
  /** Something that limits the search (a value cut at the cap), with the line where it happens. */
  onNotice(lineNo: number, message: string): void
}

// A Format-List property line: a name starting at column 0, padded, then " : " (or " :" and the end of
// the line for an empty value). Names hold no colon, which keeps timestamps out.
const LIST_LABEL = /^[^\s:][^:]{0,99}? :(?: |$)/

type Mode = 'between' | 'block' | 'lines'

export class WrappedLineJoiner {
  readonly #options: JoinerOptions
  #mode: Mode = 'between'
  /** The value column of the current Format-List block. */
  #valueColumn = 0
  /** The logical line still open to continuations. */
  #current: LogicalLine | undefined
  #block: LogicalLine[] = []
  #blockChars = 0
  #blockLines = 0
  /** The physical line before, as read (the width rule looks at it). */
  #previous = ''

  constructor(options: JoinerOptions) {
    this.#options = options
  }

  line(text: string, lineNo: number): void {
    if (isBlank(text)) {
      this.#endRecord()
      this.#mode = 'between'
    } else {
      const continuation = this.#continuation(text)
      const current = this.#current
      if (continuation !== undefined && current !== undefined && current.text.length + continuation.length <= MAX_LOGICAL_LINE_CHARS) {
        current.parts.push({ lineNo, text: continuation })
        current.text += continuation
      } else {
        if (continuation !== undefined) {
          this.#options.onNotice(lineNo, `a wrapped value grew past ${MAX_LOGICAL_LINE_CHARS} characters and is cut here: text across this line break is not searched as one`)
        }
        this.#startLogicalLine(text, lineNo)
      }
    }
    this.#previous = text
  }

  /** A line that could not be read (over the reader's cap): nothing joins across it. */
  unreadableLine(): void {
    this.#endRecord()
    this.#mode = 'between'
    this.#previous = ''
  }

  end(): void {
    this.#endRecord()
  }

  // The text the line adds to the open logical line, or undefined when it starts a new one.
  #continuation(text: string): string | undefined {
    if (this.#current === undefined) return undefined
    if (this.#mode === 'block') {
      if (isPropertyLine(text, this.#valueColumn)) return undefined
      if (startsWithWhitespace(text)) return withoutIndent(text, this.#valueColumn)
    }
    return this.#previousFilledWidth() ? text : undefined
  }

  #previousFilledWidth(): boolean {
    const previous = this.#previous
    return this.#options.consoleWidths.has(previous.length) && !isWhitespace(previous.charCodeAt(previous.length - 1))
  }

  #startLogicalLine(text: string, lineNo: number): void {
    this.#finishLogicalLine()
    if (this.#mode === 'between') {
      const column = listValueColumn(text)
      this.#mode = column === undefined ? 'lines' : 'block'
      this.#valueColumn = column ?? 0
    } else if (this.#mode === 'block' && !isPropertyLine(text, this.#valueColumn)) {
      // Neither a property nor a continuation: this block is not Format-List output after all.
      this.#endRecord()
      this.#mode = 'lines'
    }
    this.#current = { parts: [{ lineNo, text }], text }
  }

  #finishLogicalLine(): void {
    const current = this.#current
    if (current === undefined) return
    this.#current = undefined
    if (this.#mode !== 'block') {
      this.#options.onRecord({ kind: 'line', lines: [current] })
      return
    }
    this.#block.push(current)
    this.#blockChars += current.text.length
    this.#blockLines += current.parts.length
    if (this.#blockChars > MAX_BLOCK_CHARS || this.#blockLines > MAX_BLOCK_LINES) this.#emitBlock()
  }

  #endRecord(): void {
    this.#finishLogicalLine()
    this.#emitBlock()
  }

  #emitBlock(): void {
    if (this.#block.length > 0) this.#options.onRecord({ kind: 'block', lines: this.#block })
    this.#block = []
    this.#blockChars = 0
    this.#blockLines = 0
  }
}

/** The value column a Format-List block starting with this line would have, if it is a property line. */
function listValueColumn(text: string): number | undefined {
  const label = LIST_LABEL.exec(text)
  if (label === null) return undefined
  return label[0].endsWith(' ') ? label[0].length : label[0].length + 1
}

function isPropertyLine(text: string, valueColumn: number): boolean {
  if (startsWithWhitespace(text)) return false
  if (text.startsWith(' : ', valueColumn - 3)) return true
  return text.length === valueColumn - 1 && text.endsWith(' :')
}

function withoutIndent(text: string, valueColumn: number): string {
  let i = 0
  while (i < valueColumn && i < text.length && isWhitespace(text.charCodeAt(i))) i++
  return text.slice(i)
}

const NON_BLANK = /\S/

function isBlank(text: string): boolean {
  return !NON_BLANK.test(text)
}

function startsWithWhitespace(text: string): boolean {
  return isWhitespace(text.charCodeAt(0))
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09
}
