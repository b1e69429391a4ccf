// Where events are stored. `events`, what every query reads, is a view over two tables:
// `parsed_events` (every column; rows parsed in TypeScript) and `bulk_events` (only the columns a
// bulk-loaded W3C line can fill, BULK_COLUMNS). Storing a column that is always empty is not free in
// DuckDB: an empty text column cost about 30 ms per 830k rows (200 MB of CAS log) to store, and
// bulk rows never fill eleven of them.
import { BULK_COLUMNS, EVENT_COLUMNS } from '../model/event.js'
import { quoteIdentifier } from './sql-quote.js'

/**
 * The compression of each text column, chosen once here instead of by DuckDB for every row group of
 * every load: its analysis tries each method on each column, NULL columns included, and was a third
 * of the storing time of a bulk load (200 MB CAS log: 3.1 s to store, 2.5 s with these, same size).
 * FSST for text that is mostly unique (the original line, query strings, ids), dictionary for text
 * that repeats. DuckDB stores a value uncompressed where the method cannot take it (a huge line).
 * Other types (numbers, timestamps, lists) are left to DuckDB.
 */
const TEXT_COMPRESSION: Readonly<Record<string, 'fsst' | 'dictionary'>> = {
  raw: 'fsst',
  fields: 'fsst',
  url_query: 'fsst',
  src_ip: 'fsst',
  subject: 'fsst',
  message_id: 'fsst',
  item_id: 'fsst',
  session_id: 'fsst',
}

function columnsSql(columns: ReadonlyArray<{ name: string; sql: string }>): string {
  return columns
    .map((c) => {
      const text = c.sql === 'VARCHAR' || c.sql === 'JSON'
      return `${quoteIdentifier(c.name)} ${c.sql}${text ? ` USING COMPRESSION ${TEXT_COMPRESSION[c.name] ?? 'dictionary'}` : ''}`
    })
    .join(', ')
}

/** The tables behind the `events` view: writes and deletions go to them. */
export const EVENT_TABLES = ['parsed_events', 'bulk_events'] as const

export const EVENTS_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS parsed_events (${columnsSql(EVENT_COLUMNS)})`,
  `CREATE TABLE IF NOT EXISTS bulk_events (${columnsSql(EVENT_COLUMNS.filter((c) => (BULK_COLUMNS as readonly string[]).includes(c.name)))})`,
  // Columns in EVENT_COLUMNS' order; those bulk rows lack are NULL.
  `CREATE OR REPLACE VIEW events AS SELECT * FROM parsed_events UNION ALL BY NAME SELECT * FROM bulk_events`,
]
