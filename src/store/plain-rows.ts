// Query results as plain JavaScript values: numbers where they fit, ISO strings for instants,
// arrays for lists, so that the CLI can print them and JSON.stringify never meets a BigInt.
import type { DuckDBResultReader } from '@duckdb/node-api'
import type { Row } from './store.js'

export function toPlainRows(result: DuckDBResultReader): Row[] {
  const rows = result.getRowObjectsJS()
  return rows.map((row) => {
    const plain: Row = {}
    for (const [key, value] of Object.entries(row)) plain[key] = toPlain(value)
    return plain
  })
}

export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString()
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (Array.isArray(value)) return value.map(toPlain)
  if (value !== null && typeof value === 'object') {
    const plain: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) plain[k] = toPlain(v)
    return plain
  }
  return value
}
