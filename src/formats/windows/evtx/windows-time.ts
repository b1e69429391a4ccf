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

/** `2022-10-11T19:26:52.0456567Z`; years outside 0..9999 in JavaScript's expanded form. */
export function filetimeToIso(lo: number, hi: number): string {
  const { ms1601, ticks } = split(lo, hi)
  const iso = new Date(ms1601 - EPOCH_DIFF_MS).toISOString() // ...T19:26:52.045Z
  return `${iso.slice(0, -1)}${pad(ticks, 4)}Z`
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
