// The shared reader of Exchange's own CSV logs (message tracking, SMTP protocol, HttpProxy, agent and
// protocol logs): `#`-directives like W3C, then `#Fields: a,b,c` and comma-separated values with CSV
// quoting ("" inside quotes). Values are kept as written; '' means empty.
import { FieldLayout as CsvLayout } from '../field-layout.js'
import type { LineParser, ParseContext } from '../format.js'
import { readQuoted } from '../quoted-value.js'
import { excerpt } from '../format.js'

/** Splits one CSV line; undefined when a quote is left open at the end of the line. */
export function splitCsvLine(line: string): string[] | undefined {
  if (line.indexOf('"') === -1) return line.split(',')
  const values: string[] = []
  let i = 0
  const n = line.length
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      const quoted = readQuoted(line, i)
      if (!quoted.closed) return undefined
      let value = quoted.value
      i = quoted.end
      // Text after a closing quote up to the comma is kept (lenient, as Exchange's readers are).
      const comma = line.indexOf(',', i)
      value += line.slice(i, comma === -1 ? n : comma)
      values.push(value)
      if (comma === -1) return values
      i = comma + 1
    } else {
      const comma = line.indexOf(',', i)
      values.push(line.slice(i, comma === -1 ? n : comma))
      if (comma === -1) return values
      i = comma + 1
    }
  }
}

export { FieldLayout as CsvLayout } from '../field-layout.js'

export interface CsvRecord {
  values: readonly string[]
  layout: CsvLayout
  line: number
  text: string
  /** #Log-type of the file, when it said. */
  logType?: string
}

/** A known field list assumed for files without #Fields; `fits` checks a line's values. */
export interface DefaultLayout {
  name: string
  names: readonly string[]
  fits(values: readonly string[]): boolean
}

export interface ExchangeCsvOptions {
  map(record: CsvRecord, ctx: ParseContext): void
  /** Field lists to try, in order, when the file has no #Fields header. */
  defaults: readonly DefaultLayout[]
}

const FIELDS = /^#\s*Fields:\s*/i
const LOG_TYPE = /^#\s*Log-type:\s*/i

export function createExchangeCsvParser(ctx: ParseContext, options: ExchangeCsvOptions): LineParser {
  let layout: CsvLayout | undefined
  let logType: string | undefined
  let headerlessReported = false
  return {
    line(text, lineNo) {
      if (text.charCodeAt(0) === 35 /* # */) {
        if (FIELDS.test(text)) layout = new CsvLayout(text.replace(FIELDS, '').trim().split(',').map((n) => n.trim()))
        else if (LOG_TYPE.test(text)) logType = text.replace(LOG_TYPE, '').trim()
        return
      }
      if (text.trim() === '') return
      const values = splitCsvLine(text)
      if (values === undefined) {
        ctx.problem({ line: lineNo, code: 'bad_line', message: 'a quoted value is not closed on this line; line not read', excerpt: excerpt(text) })
        return
      }
      let current = layout
      if (current === undefined) {
        const guess = options.defaults.find((d) => d.names.length === values.length && d.fits(values))
        if (guess === undefined) {
          ctx.problem({
            line: lineNo,
            code: 'bad_line',
            message: `data line before any #Fields directive, and no known field list fits its ${values.length} values`,
            excerpt: excerpt(text),
          })
          return
        }
        if (!headerlessReported) {
          headerlessReported = true
          ctx.problem({ line: lineNo, code: 'no_header', message: `no #Fields header: read with the standard ${guess.name} field list (${guess.names.join(',')})` })
        }
        current = new CsvLayout(guess.names)
      }
      // Exchange ends many lines with a comma for an empty last field; tolerate one missing trailing value.
      const fitted = values.length === current.names.length - 1 ? [...values, ''] : values
      if (fitted.length !== current.names.length) {
        ctx.problem({
          line: lineNo,
          code: 'bad_line',
          message: `${values.length} values where #Fields names ${current.names.length}; line not read`,
          excerpt: excerpt(text),
        })
        return
      }
      options.map({ values: fitted, layout: current, line: lineNo, text, ...(logType === undefined ? {} : { logType }) }, ctx)
    },
    end() {},
  }
}

/** Reads an Exchange timestamp ('2024-01-25T15:16:09.843Z'); undefined when it is not one. */
export function parseExchangeTime(value: string | undefined): number | undefined {
  if (value === undefined || value.length < 19 || value.charCodeAt(4) !== 45 || value.charCodeAt(10) !== 84 /* T */) return undefined
  const ms = Date.parse(value.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isNaN(ms) ? undefined : ms
}

/** A field's value by name, '' as undefined. */
export function fieldOf(record: CsvRecord, name: string): string | undefined {
  const i = record.layout.indexOf(name)
  if (i === -1) return undefined
  const value = record.values[i]
  return value === undefined || value === '' ? undefined : value
}

export function allFields(record: CsvRecord): Record<string, string> {
  const fields: Record<string, string> = {}
  record.layout.names.forEach((name, i) => {
    fields[name] = record.values[i] ?? ''
  })
  return fields
}

/** '10.11.12.13:25', '[::1]:25' or 'fe80::1%3' into address and port. */
export function splitEndpoint(value: string | undefined): { ip?: string; port?: number } {
  if (value === undefined) return {}
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(value)
  if (bracket !== null) return { ip: bracket[1]!, port: Number(bracket[2]) }
  const colons = value.split(':').length - 1
  if (colons === 1) {
    const [ip, port] = value.split(':')
    const n = Number(port)
    return Number.isInteger(n) && n >= 0 && n <= 65535 ? { ip: ip!, port: n } : { ip: value }
  }
  return { ip: value }
}

/** Reports a timestamp that is present but unreadable, as the W3C formats do. */
export function checkTime(ctx: ParseContext, record: CsvRecord, raw: string | undefined, ts: number | undefined): void {
  if (raw !== undefined && ts === undefined) {
    ctx.problem({ line: record.line, code: 'bad_date', message: 'date/time could not be read; record kept without a timestamp', excerpt: excerpt(record.text) })
  }
}

/** Integer value or undefined. */
export function integerOf(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined
  return Number(value)
}
