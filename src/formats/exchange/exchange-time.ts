// Exchange writes its log times as ISO 8601 UTC with milliseconds ('2024-01-25T15:16:09.843Z').
// Read by hand (no Date.parse, no regular expression, no Date object): this runs once per record of multi-gigabyte logs.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/**
 * UTC milliseconds of 'YYYY-MM-DDTHH:MM:SS[.fff...][Z|±HH:MM]' (a space for the 'T' and no zone,
 * read as UTC, are accepted); undefined for anything else, including impossible dates (2024-02-30).
 */
export function parseExchangeTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = value.length
  if (n < 19) return undefined
  const t = value.charCodeAt(10)
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || (t !== 84 && t !== 32) || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) {
    return undefined
  }
  const year = digits(value, 0, 4)
  const month = digits(value, 5, 2)
  const day = digits(value, 8, 2)
  const hour = digits(value, 11, 2)
  const minute = digits(value, 14, 2)
  const second = digits(value, 17, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined
  }
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined
  let i = 19
  let ms = 0
  if (i < n && value.charCodeAt(i) === 46 /* . */) {
    i++
    let scale = 100
    const start = i
    for (; i < n; i++) {
      const d = value.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      ms += d * scale // digits past the millisecond are dropped (truncated, not rounded)
      scale /= 10
    }
    if (i === start) return undefined
    ms = Math.floor(ms)
  }
  let offset = 0
  if (i < n) {
    const z = value.charCodeAt(i)
    if (z === 90 /* Z */ && i === n - 1) offset = 0
    else if ((z === 43 || z === 45) && (n - i === 6 || n - i === 5)) {
      const hh = digits(value, i + 1, 2)
      const mm = digits(value, n - 2, 2)
      if (hh < 0 || mm < 0 || (n - i === 6 && value.charCodeAt(i + 3) !== 58)) return undefined
      offset = (z === 43 ? 1 : -1) * (hh * 60 + mm) * 60_000
    } else return undefined
  }
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no Date object per record. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function digits(text: string, start: number, count: number): number {
  let n = 0
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}
