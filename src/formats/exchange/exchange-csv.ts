// The shared reader of Exchange's own CSV logs (message tracking, SMTP protocol, HttpProxy, agent and
// protocol logs): `#`-directives like W3C, then `#Fields: a,b,c` and comma-separated values with CSV
// quoting ("" inside quotes). Values are kept as written. Each format compiles a plan (its column
// indexes) once per #Fields layout; data lines only index into the split values.
import { FieldLayout } from '../field-layout.js'
import type { LineParser, ParseContext } from '../format.js'
import { excerpt } from '../format.js'
import type { DefaultLayout } from './default-layouts.js'

export { FieldLayout as CsvLayout } from '../field-layout.js'

/** One data line, split and named, handed to a format's mapper together with its compiled plan. */
export interface CsvRecord {
  values: readonly string[]
  layout: FieldLayout
  line: number
  text: string
}

export interface ExchangeCsvOptions<Plan> {
  /** Column indexes (and anything else) a format needs for one #Fields layout; called once per layout. */
  compile(layout: FieldLayout, logType: string | undefined): Plan
  /** Turns a record into events and problems. */
  map(record: CsvRecord, plan: Plan): void
  /** Known field lists, tried in order, for files without #Fields (see default-layouts.ts). */
  defaults: readonly DefaultLayout[]
  /** Called when the file ends (formats that hold state flush it here). */
  end?(): void
}

const QUOTE = 34 // "
const HASH = 35 // #

/**
 * Splits one CSV line; undefined when a quoted value is left open at the end of the line.
 * A quote only opens a value at its start; text after a closing quote up to the comma is kept
 * (lenient, as Exchange's own readers are).
 */
export function splitCsvLine(line: string, delimiter = ','): string[] | undefined {
  if (line.indexOf('"') === -1) return line.split(delimiter)
  const DELIMITER = delimiter.charCodeAt(0)
  const values: string[] = []
  const n = line.length
  let i = 0
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      let value = ''
      let start = i + 1
      for (;;) {
        const close = line.indexOf('"', start)
        if (close === -1) return undefined
        if (line.charCodeAt(close + 1) === QUOTE) {
          value += line.slice(start, close + 1)
          start = close + 2
          continue
        }
        value += line.slice(start, close)
        i = close + 1
        break
      }
      if (i < n && line.charCodeAt(i) !== DELIMITER) {
        const comma = line.indexOf(delimiter, i)
        value += line.slice(i, comma === -1 ? n : comma)
        i = comma === -1 ? n : comma
      }
      values.push(value)
      if (i >= n) return values
      i++ // the delimiter
      if (i === n) {
        values.push('')
        return values
      }
    } else {
      const comma = line.indexOf(delimiter, i)
      if (comma === -1) {
        values.push(line.slice(i))
        return values
      }
      values.push(line.slice(i, comma))
      i = comma + 1
      if (i === n) {
        values.push('')
        return values
      }
    }
  }
}

/** The value at a compiled column index; '' and '-' (empty as Exchange and W3C write it) as undefined. */
export function valueAt(values: readonly string[], index: number): string | undefined {
  if (index < 0) return undefined
  const value = values[index]
  if (value === undefined || value === '' || (value.length === 1 && value.charCodeAt(0) === 45)) return undefined
  return value
}

/** Every original field under its #Fields name (values as written). */
export function fieldsOf(layout: FieldLayout, values: readonly string[]): Record<string, string> {
  const names = layout.names
  const fields: Record<string, string> = {}
  for (let i = 0; i < names.length; i++) fields[names[i]!] = values[i] ?? ''
  return fields
}

/** Integer value (up to 15 digits) or undefined, without a regular expression. */
export function integerOf(value: string | undefined): number | undefined {
  if (value === undefined || value.length === 0 || value.length > 15) return undefined
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48
    if (d < 0 || d > 9) return undefined
    n = n * 10 + d
  }
  return n
}

/** The text after `#Name:` when the directive is that one (case-insensitive, spaces tolerated), else undefined. */
export function directiveValue(text: string, name: string): string | undefined {
  let i = 1
  while (text.charCodeAt(i) === 32) i++
  if (text.length < i + name.length + 1 || text.charCodeAt(i + name.length) !== 58 /* : */) return undefined
  if (text.slice(i, i + name.length).toLowerCase() !== name.toLowerCase()) return undefined
  return text.slice(i + name.length + 1).trim()
}

/** `#Fields: a,b,c` names (trimmed). Space-separated W3C names are returned as one name, so they never fit. */
export function parseFieldsDirective(value: string): string[] {
  return value.split(',').map((n) => n.trim())
}

/** Reports a timestamp that is present but unreadable: the record is kept without `ts`. */
export function reportBadDate(ctx: ParseContext, record: CsvRecord): void {
  ctx.problem({ line: record.line, code: 'bad_date', message: 'date/time could not be read; record kept without a timestamp', excerpt: excerpt(record.text) })
}

/** The first line that is neither a directive nor blank. */
export function firstDataLine(head: string): string | undefined {
  let start = 0
  while (start < head.length) {
    let end = head.indexOf('\n', start)
    if (end === -1) end = head.length
    const line = head.slice(start, end).replace(/\r$/, '')
    if (line.trim() !== '' && line.charCodeAt(0) !== 35) return line
    start = end + 1
  }
  return undefined
}

/** 'a@x;b@y;' into ['a@x', 'b@y'] (empty parts dropped, spaces trimmed). */
export function splitRecipients(text: string): string[] {
  if (text.indexOf(';') === -1) {
    const r = text.trim()
    return r === '' ? [] : [r]
  }
  const list: string[] = []
  for (const part of text.split(';')) {
    const r = part.trim()
    if (r !== '') list.push(r)
  }
  return list
}

export function createExchangeCsvParser<Plan>(ctx: ParseContext, options: ExchangeCsvOptions<Plan>): LineParser {
  return new ExchangeCsvParser(ctx, options)
}

class ExchangeCsvParser<Plan> implements LineParser {
  readonly #ctx: ParseContext
  readonly #options: ExchangeCsvOptions<Plan>
  #layout: FieldLayout | undefined
  #plan: Plan | undefined
  #logType: string | undefined
  #headerlessReported = false
  /** Plans of the default layouts, compiled on first use. */
  readonly #defaultPlans = new Map<DefaultLayout, { layout: FieldLayout; plan: Plan }>()
  #lastDefault: DefaultLayout | undefined

  constructor(ctx: ParseContext, options: ExchangeCsvOptions<Plan>) {
    this.#ctx = ctx
    this.#options = options
  }

  line(text: string, lineNo: number): void {
    if (text.charCodeAt(0) === HASH) {
      this.#directive(text)
      return
    }
    if (text.length === 0) return
    const c0 = text.charCodeAt(0)
    if ((c0 === 32 || c0 === 9) && text.trim() === '') return
    const values = splitCsvLine(text)
    if (values === undefined) {
      this.#ctx.problem({ line: lineNo, code: 'bad_line', message: 'a quoted value is not closed on this line; line not read', excerpt: excerpt(text) })
      return
    }
    let layout = this.#layout
    let plan = this.#plan
    if (layout === undefined) {
      const chosen = this.#headerless(values, text, lineNo)
      if (chosen === undefined) return
      layout = chosen.layout
      plan = chosen.plan
    }
    const expected = layout.names.length
    if (values.length !== expected) {
      this.#ctx.problem({
        line: lineNo,
        code: 'bad_line',
        message: `${values.length} values where #Fields names ${expected}; line not read`,
        excerpt: excerpt(text),
      })
      return
    }
    this.#options.map({ values, layout, line: lineNo, text }, plan as Plan)
  }

  end(): void {
    this.#options.end?.()
  }

  #directive(text: string): void {
    const fields = directiveValue(text, 'Fields')
    if (fields !== undefined) {
      this.#layout = new FieldLayout(parseFieldsDirective(fields))
      this.#plan = this.#options.compile(this.#layout, this.#logType)
      return
    }
    const logType = directiveValue(text, 'Log-type')
    if (logType !== undefined) {
      this.#logType = logType
      if (this.#layout !== undefined) this.#plan = this.#options.compile(this.#layout, logType)
    }
  }

  #headerless(values: string[], text: string, lineNo: number): { layout: FieldLayout; plan: Plan } | undefined {
    let guess: DefaultLayout | undefined
    const last = this.#lastDefault
    if (last !== undefined && fitsDefault(last, values)) guess = last
    else {
      for (const d of this.#options.defaults) {
        if (fitsDefault(d, values)) {
          guess = d
          break
        }
      }
    }
    if (guess === undefined) {
      this.#ctx.problem({
        line: lineNo,
        code: 'bad_line',
        message: `data line before any #Fields directive, and no standard Exchange field list fits its ${values.length} values`,
        excerpt: excerpt(text),
      })
      return undefined
    }
    this.#lastDefault = guess
    if (!this.#headerlessReported) {
      this.#headerlessReported = true
      this.#ctx.problem({
        line: lineNo,
        code: 'no_header',
        message: `no #Fields header: read with the standard ${guess.name} field list (${guess.source}): ${guess.names.join(',')}`,
      })
    }
    let compiled = this.#defaultPlans.get(guess)
    if (compiled === undefined) {
      const layout = new FieldLayout(guess.names)
      compiled = { layout, plan: this.#options.compile(layout, this.#logType) }
      this.#defaultPlans.set(guess, compiled)
    }
    return compiled
  }
}

function fitsDefault(layout: DefaultLayout, values: readonly string[]): boolean {
  return layout.names.length === values.length && layout.fits(values)
}
