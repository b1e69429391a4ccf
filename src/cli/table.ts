// Rows as text a person can read (aligned columns) or a machine can parse (JSON, CSV).
import type { Row } from '../store/store.js'

const MAX_CELL = 80

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** Control characters are shown escaped so a hostile log cannot drive the terminal. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

export function renderTable(rows: readonly Row[], columns?: readonly string[]): string {
  const names = columns ?? (rows[0] === undefined ? [] : Object.keys(rows[0]))
  if (names.length === 0) return '(no rows)\n'
  const cells = rows.map((row) =>
    names.map((name) => {
      const text = printable(formatCell(row[name]))
      return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text
    }),
  )
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((c) => c[i]!.length)))
  const numeric = names.map((name) => rows.length > 0 && rows.every((r) => r[name] === null || typeof r[name] === 'number'))
  const line = (values: readonly string[]): string =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd()
  return [line(names), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + `\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`
}

export function renderCsv(rows: readonly Row[], columns?: readonly string[]): string {
  const names = columns ?? (rows[0] === undefined ? [] : Object.keys(rows[0]))
  const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)
  return [names.map(quote).join(','), ...rows.map((row) => names.map((n) => quote(formatCell(row[n]))).join(','))].join('\n') + '\n'
}
