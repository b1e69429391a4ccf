// FILETIME (100 ns ticks since 1601-01-01 UTC) and SYSTEMTIME as Windows renders them in event XML:
// ISO 8601 in UTC with a Z. FILETIME keeps all seven fractional digits, so nothing is lost.

/** Milliseconds between 1601-01-01 and 1970-01-01. */
const EPOCH_DIFF_MS = 11_644_473_600_000

/**
 * Splits the 64-bit tick count `hi * 2^32 + lo` into whole milliseconds since 1601 and the 100 ns
 * ticks left over, exactly (a double cannot hold the tick count itself without rounding).
 */
function split(lo: number, hi: number): { ms1601: number; ticks: number } {
  // 2^32 = 429496 * 10000 + 7296
  const rest = hi * 7296 + lo
  return { ms1601: hi * 429496 + Math.floor(rest / 10000), ticks: rest % 10000 }
}

/** A FILETIME as a UTC instant in milliseconds (sub-millisecond ticks dropped). */
export function filetimeToMs(lo: number, hi: number): number {
  return split(lo, hi).ms1601 - EPOCH_DIFF_MS
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))

/** `2022-10-11T19:26:52.0456567Z` (years 0..9999, which is every FILETIME up to 30828 less the far future). */
export function filetimeToIso(lo: number, hi: number): string {
  const { ms1601, ticks } = split(lo, hi)
  const ms = ms1601 - EPOCH_DIFF_MS
  const days = Math.floor(ms / 86_400_000)
  const inDay = ms - days * 86_400_000
  // civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years)
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  if (year < 0 || year > 9999) {
    const iso = new Date(ms).toISOString()
    return `${iso.slice(0, -1)}${pad(ticks, 4)}Z`
  }
  const seconds = Math.floor(inDay / 1000)
  const fraction = (inDay - seconds * 1000) * 10_000 + ticks
  return (
    `${pad(year, 4)}-${TWO[month]}-${TWO[day]}T${TWO[Math.floor(seconds / 3600)]}:${TWO[Math.floor(seconds / 60) % 60]}:${TWO[seconds % 60]}.` +
    `${String(fraction).padStart(7, '0')}Z`
  )
}

/** SYSTEMTIME (eight little-endian 16-bit fields) as `2016-07-08T18:12:51.681Z`, as stored. */
export function systemtimeToIso(buf: Buffer, off: number): string {
  const view = (i: number): number => buf[off + 2 * i]! | (buf[off + 2 * i + 1]! << 8)
  const [year, month, day, hour, minute, second, ms] = [view(0), view(1), view(3), view(4), view(5), view(6), view(7)]
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`
}

/** The instant of a time as filetimeToIso or systemtimeToIso write it, in milliseconds; NaN for other text. */
export function isoToMs(iso: string): number {
  // Date.parse reads at most milliseconds; cut the extra fractional digits of the 4-digit-year form
  const ms = Date.parse(iso.length > 24 && iso.charCodeAt(4) === 45 /* - */ ? `${iso.slice(0, 23)}Z` : iso)
  return ms
}
