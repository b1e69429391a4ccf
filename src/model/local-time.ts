// Dates as PowerShell prints them: in the collecting machine's culture and local time zone
// (3/11/2026 10:32:15 PM, 11/03/2026 22:32:15, 11.03.2026 22:32:15, 2026-03-11 22:32:15 ...).
// The day/month order and the zone are facts about that machine: they are given (--culture, --tz),
// or learnt from the file itself, never guessed.

/** Order of the day and month in a numeric date; ISO dates (year first) need none. */
export type DateOrder = 'dmy' | 'mdy'

const MONTH_FIRST_CULTURES = new Set(['en-us', 'en-ph', 'es-us', 'en-ca', 'fil-ph', 'en-029'])
const YEAR_FIRST_CULTURES = /^(ja|zh|ko|hu|lt|sv|mn)(-|$)|^en-za$|^fr-ca$/

/**
 * The order a --culture name implies: `en-US` month first, `en-GB`, `es-ES`, `de-DE`... day first;
 * also accepts `mdy`/`dmy` directly. Year-first cultures need no order (undefined).
 */
export function dateOrderOfCulture(culture: string): DateOrder | undefined | 'unknown' {
  const name = culture.trim().toLowerCase()
  if (name === 'mdy' || name === 'dmy') return name
  if (name === 'ymd' || YEAR_FIRST_CULTURES.test(name)) return undefined
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,4})*$/.test(name)) return 'unknown'
  return MONTH_FIRST_CULTURES.has(name) ? 'mdy' : 'dmy'
}

/** A date and time as written, before the order and zone are applied. */
interface WrittenTime {
  /** Year-first dates are unambiguous. */
  yearFirst: boolean
  a: number
  b: number
  year: number
  hour: number
  minute: number
  second: number
  millisecond: number
  /** Minutes east of UTC when the text carries a zone (Z, +01:00); undefined for local time. */
  offsetMinutes?: number
}

// 3/11/2026 10:32:15 PM · 11.03.2026 22:32:15 · 11-03-2026 22:32 · 2026-03-11 22:32:15.123 · 2026-03-11T22:32:15.1234567Z
const NUMERIC_DATE =
  /^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})\.?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?\s*(AM|PM|a\.?\s?m\.?|p\.?\s?m\.?|午前|午後)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$/i

function readWritten(text: string): WrittenTime | undefined {
  const m = NUMERIC_DATE.exec(text)
  if (m === null) return undefined
  const [first, second, third] = [m[1]!, m[2]!, m[3]!]
  const yearFirst = first.length === 4
  if (!yearFirst && third.length !== 4) return undefined
  let hour = m[4] === undefined ? 0 : Number(m[4])
  const meridiem = m[8]?.toLowerCase()
  if (meridiem !== undefined) {
    const pm = meridiem.startsWith('p') || meridiem === '午後'
    if (hour < 1 || hour > 12) return undefined
    hour = (hour % 12) + (pm ? 12 : 0)
  }
  const fraction = m[7] ?? ''
  const written: WrittenTime = {
    yearFirst,
    year: Number(yearFirst ? first : third),
    a: Number(second),
    b: Number(yearFirst ? third : first),
    hour,
    minute: m[5] === undefined ? 0 : Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    millisecond: fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
  }
  if (!yearFirst) {
    written.a = Number(first)
    written.b = Number(second)
  }
  const zone = m[9]
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') written.offsetMinutes = 0
    else {
      const digits = zone.replace(':', '')
      const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))
      written.offsetMinutes = digits.startsWith('-') ? -minutes : minutes
    }
  }
  return written
}

/** What a written date says about the order: a first number over 12 is a day, and so on. */
export function orderEvidence(text: string): DateOrder | undefined {
  const w = readWritten(text)
  if (w === undefined || w.yearFirst) return undefined
  if (w.a > 12 && w.b <= 12) return 'dmy'
  if (w.b > 12 && w.a <= 12) return 'mdy'
  return undefined
}

export type TimeReading =
  | { kind: 'time'; ms: number; local: boolean }
  | { kind: 'needs_order' }
  | { kind: 'invalid' }

/**
 * Reads a written date/time to a UTC instant. Local times are placed in `timeZone` (an IANA name)
 * when given, else read as UTC (the caller says so once per file). `order` is needed only for
 * day/month dates whose order the numbers themselves do not settle.
 */
export function readLocalTime(text: string, order: DateOrder | undefined, timeZone: string | undefined): TimeReading {
  const w = readWritten(text)
  if (w === undefined) return { kind: 'invalid' }
  let month: number
  let day: number
  if (w.yearFirst) {
    month = w.a
    day = w.b
  } else {
    const settled = order ?? orderEvidence(text)
    if (settled === undefined) return { kind: 'needs_order' }
    ;[day, month] = settled === 'dmy' ? [w.a, w.b] : [w.b, w.a]
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(w.year, month) || w.hour > 23 || w.minute > 59 || w.second > 59) {
    return { kind: 'invalid' }
  }
  const wall = Date.UTC(w.year, month - 1, day, w.hour, w.minute, w.second, w.millisecond)
  if (w.offsetMinutes !== undefined) return { kind: 'time', ms: wall - w.offsetMinutes * 60_000, local: false }
  if (timeZone === undefined) return { kind: 'time', ms: wall, local: true }
  return { kind: 'time', ms: zonedWallToUtc(wall, timeZone), local: false }
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Throws RangeError for a name that is not an IANA time zone. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone)
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return asUtc - Math.floor(instant / 1000) * 1000
}

// A wall-clock time in the zone to UTC. In the autumn overlap the earlier instant is taken; a time
// inside the spring gap is read with the offset before the gap (so it lands just after the change).
function zonedWallToUtc(wall: number, timeZone: string): number {
  const HALF_DAY = 12 * 3600_000
  const before = wall - offsetAt(wall - HALF_DAY, timeZone)
  const after = wall - offsetAt(wall + HALF_DAY, timeZone)
  const fits = (instant: number): boolean => instant + offsetAt(instant, timeZone) === wall
  if (fits(before) && fits(after)) return Math.min(before, after)
  if (fits(before)) return before
  if (fits(after)) return after
  return before
}
