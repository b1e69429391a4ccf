// The pieces of a W3C extended log line: values separated by spaces ('-' means empty), and the
// date/time forms these logs use. Shared by the IIS, IIS SMTP and generic W3C formats.
import { readQuoted } from '../quoted-value.js'

/**
 * Splits a data line into its values. IIS writes single spaces and never quotes; other W3C writers
 * (Oracle Web Cache, Incapsula) pad with several spaces and quote values that hold spaces.
 */
export function splitW3cLine(line: string): string[] {
  if (line.indexOf('"') === -1 && line.indexOf('  ') === -1 && line.indexOf('\t') === -1) {
    const trimmed = line.charCodeAt(line.length - 1) === 32 || line.charCodeAt(0) === 32 ? line.trim() : line
    return trimmed === '' ? [] : trimmed.split(' ')
  }
  const values: string[] = []
  let i = 0
  const n = line.length
  while (i < n) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++
    if (i >= n) break
    if (line.charCodeAt(i) === 34 /* " */) {
      // An unterminated quote keeps the rest of the line as the value.
      const quoted = readQuoted(line, i)
      values.push(quoted.value)
      i = quoted.end
    } else {
      let end = i
      while (end < n && line.charCodeAt(end) !== 32 && line.charCodeAt(end) !== 9) end++
      values.push(line.slice(i, end))
      i = end
    }
  }
  return values
}

/** '-' and '' are the W3C ways of saying "no value". */
export function present(value: string | undefined): string | undefined {
  return value === undefined || value === '-' || value === '' ? undefined : value
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 }

/** Days since the epoch of a 'YYYY-MM-DD' or 'DD/Mon/YYYY' date, or undefined. */
export function parseW3cDate(text: string): number | undefined {
  let year: number
  let month: number
  let day: number
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    year = digits(text, 0, 4)
    month = digits(text, 5, 2)
    day = digits(text, 8, 2)
  } else if (text.length === 11 && text.charCodeAt(2) === 47 && text.charCodeAt(6) === 47) {
    day = digits(text, 0, 2)
    month = MONTHS[text.slice(3, 6).toLowerCase()] ?? -1
    year = digits(text, 7, 4)
  } else {
    return undefined
  }
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31) return undefined
  const ms = Date.UTC(year, month - 1, day)
  // Date.UTC rolls 2026-02-31 over into March: a date that does not exist is not a date.
  if (new Date(ms).getUTCDate() !== day) return undefined
  return ms
}

/** Milliseconds into the day of 'HH:MM:SS' or 'HH:MM:SS.fff', or undefined. */
export function parseW3cTime(text: string): number | undefined {
  if (text.length < 8 || text.charCodeAt(2) !== 58 || text.charCodeAt(5) !== 58) return undefined
  const h = digits(text, 0, 2)
  const m = digits(text, 3, 2)
  const s = digits(text, 6, 2)
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return undefined
  let ms = 0
  if (text.length > 8) {
    if (text.charCodeAt(8) !== 46) return undefined
    const fraction = text.slice(9, 12).padEnd(3, '0')
    ms = digits(fraction, 0, 3)
    if (ms < 0 || text.length > 16 || digits(text, 9, text.length - 9) < 0) return undefined
  }
  return ((h * 60 + m) * 60 + s) * 1000 + ms
}

/** The value of a `#Date:` directive ('2013-07-30 00:00:00', '28/Jun/2017 07:28:59', trailing comments allowed). */
export function parseDateDirective(value: string): number | undefined {
  const text = value.trim()
  const space = text.indexOf(' ')
  return parseW3cDate(space === -1 ? text : text.slice(0, space))
}

/** A non-negative integer written in decimal digits, or undefined. */
export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || value.length === 0 || value.length > 15) return undefined
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 48 || c > 57) return undefined
  }
  return Number(value)
}

function digits(text: string, start: number, length: number): number {
  let n = 0
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}
