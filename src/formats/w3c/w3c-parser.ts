// The state machine shared by every W3C format: directives (#Fields may change midway, #Date dates
// time-only lines), data lines split into named values, and what to do when a line does not fit.
import { FieldLayout as W3cLayout } from '../field-layout.js'
import type { LineParser, ParseContext } from '../format.js'
import { excerpt } from '../format.js'
import { inferHeaderlessLayout, type HeaderlessGuess } from './headerless-iis.js'
import { parseDateDirective, parseW3cDate, parseW3cTime, splitW3cLine } from './w3c-line.js'

export { FieldLayout as W3cLayout } from '../field-layout.js'

/** One data line, split and named, handed to a format's mapper. */
export interface W3cRecord {
  values: readonly string[]
  layout: W3cLayout
  line: number
  text: string
  /** UTC milliseconds from date and time (or #Date and time); undefined if absent or invalid. */
  ts?: number
  /** True when the line had a date or time value that could not be read. */
  badDate: boolean
}

export interface W3cParserOptions {
  /** Turns a record into events (usually one). */
  map(record: W3cRecord, ctx: ParseContext): void
  /** Whether headerless lines may be read with a known IIS default layout. */
  headerlessIis: boolean
  /** When a line has more values than #Fields, the one free-text field that may have swallowed spaces. */
  spaceTolerantField?: string
}

const FIELDS = /^#\s*Fields:\s*/i
const DATE = /^#\s*Date:\s*/i

export function createW3cParser(ctx: ParseContext, options: W3cParserOptions): LineParser {
  let layout: W3cLayout | undefined
  let dateIndex = -1
  let timeIndex = -1
  let directiveDay: number | undefined
  let headerlessReported = false

  const useLayout = (next: W3cLayout): void => {
    layout = next
    dateIndex = next.indexOf('date')
    timeIndex = next.indexOf('time')
  }

  const timestamp = (values: readonly string[]): { ts?: number; badDate: boolean } => {
    const timeText = timeIndex === -1 ? undefined : values[timeIndex]
    const dateText = dateIndex === -1 ? undefined : values[dateIndex]
    if (timeText === undefined && dateText === undefined) return { badDate: false }
    const day = dateText === undefined ? directiveDay : parseW3cDate(dateText)
    const time = timeText === undefined ? 0 : parseW3cTime(timeText)
    if (day === undefined || time === undefined) return { badDate: true }
    return { ts: day + time, badDate: false }
  }

  const emit = (values: readonly string[], line: number, text: string): void => {
    const { ts, badDate } = timestamp(values)
    if (badDate) {
      ctx.problem({ line, code: 'bad_date', message: 'date/time could not be read; record kept without a timestamp', excerpt: excerpt(text) })
    }
    options.map({ values, layout: layout!, line, text, ...(ts === undefined ? {} : { ts }), badDate }, ctx)
  }

  return {
    line(text, lineNo) {
      if (text.charCodeAt(0) === 35 /* # */) {
        if (FIELDS.test(text)) {
          const names = text.replace(FIELDS, '').trim().split(/\s+/).filter((n) => n !== '')
          useLayout(new W3cLayout(names))
        } else if (DATE.test(text)) {
          directiveDay = parseDateDirective(text.replace(DATE, ''))
        }
        return
      }
      if (text.trim() === '') return
      let values = splitW3cLine(text)
      if (layout === undefined) {
        const guess: HeaderlessGuess | undefined = options.headerlessIis ? inferHeaderlessLayout(values) : undefined
        if (guess === undefined) {
          ctx.problem({
            line: lineNo,
            code: 'bad_line',
            message: `data line before any #Fields directive, and no known layout fits its ${values.length} values`,
            excerpt: excerpt(text),
          })
          return
        }
        if (!headerlessReported) {
          headerlessReported = true
          ctx.problem({ line: lineNo, code: 'no_header', message: `no #Fields header: read with the assumed layout "${guess.name}" (${guess.names.join(' ')})` })
        }
        const saved = layout
        useLayout(new W3cLayout(guess.names))
        emit(values, lineNo, text)
        layout = saved
        return
      }
      if (values.length !== layout.names.length) {
        const merged = mergeSpacedField(values, layout, options.spaceTolerantField)
        if (merged === undefined) {
          ctx.problem({
            line: lineNo,
            code: 'bad_line',
            message: `${values.length} values where #Fields names ${layout.names.length}; line not read`,
            excerpt: excerpt(text),
          })
          return
        }
        ctx.problem({
          line: lineNo,
          code: 'bad_line',
          message: `${values.length - layout.names.length} extra space-separated values taken as part of ${options.spaceTolerantField}; record kept`,
          excerpt: excerpt(text),
        })
        values = merged
      }
      emit(values, lineNo, text)
    },
    end() {},
  }
}

// A writer that did not encode spaces in a user agent leaves extra values: join them back into that
// field, if the layout has it and the values around it still line up.
function mergeSpacedField(values: string[], layout: W3cLayout, field: string | undefined): string[] | undefined {
  if (field === undefined || values.length < layout.names.length) return undefined
  const at = layout.indexOf(field)
  if (at === -1) return undefined
  const extra = values.length - layout.names.length
  return [...values.slice(0, at), values.slice(at, at + extra + 1).join(' '), ...values.slice(at + extra + 1)]
}
