// One event as a line of the tab-separated staging file that DuckDB's CSV reader loads in bulk.
// Quoting follows RFC 4180 with tab as delimiter; an empty unquoted cell is NULL.
import type { EventDraft } from '../model/event.js'

const NEEDS_QUOTES = /[\t\n\r"]/

function text(value: string | undefined): string {
  if (value === undefined || value === '') return ''
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

// Numbers the staging columns can hold; anything else is NULL (a parser bug, not the log's fault,
// must never make DuckDB refuse a whole segment).
function num(value: number | undefined): string {
  return value === undefined || !Number.isSafeInteger(value) ? '' : String(value)
}

function int32(value: number | undefined): string {
  return value === undefined || !Number.isInteger(value) || value > 2147483647 || value < -2147483648 ? '' : String(value)
}

/** Staging columns, in order; the INSERT in duckdb.ts converts ts (epoch ms) and recipients (JSON). */
export const STAGING_COLUMNS = [
  ['ts', 'BIGINT'],
  ['host_name', 'VARCHAR'],
  ['line', 'BIGINT'],
  ['action', 'VARCHAR'],
  ['outcome', 'VARCHAR'],
  ['event_code', 'VARCHAR'],
  ['user_name', 'VARCHAR'],
  ['user_domain', 'VARCHAR'],
  ['user_key', 'VARCHAR'],
  ['src_ip', 'VARCHAR'],
  ['src_port', 'INTEGER'],
  ['dst_ip', 'VARCHAR'],
  ['dst_port', 'INTEGER'],
  ['dst_host', 'VARCHAR'],
  ['client_app', 'VARCHAR'],
  ['user_agent', 'VARCHAR'],
  ['http_method', 'VARCHAR'],
  ['url_path', 'VARCHAR'],
  ['url_query', 'VARCHAR'],
  ['http_status', 'INTEGER'],
  ['bytes_in', 'BIGINT'],
  ['bytes_out', 'BIGINT'],
  ['duration_ms', 'BIGINT'],
  ['message_id', 'VARCHAR'],
  ['subject', 'VARCHAR'],
  ['sender', 'VARCHAR'],
  ['recipients', 'VARCHAR'],
  ['item_id', 'VARCHAR'],
  ['session_id', 'VARCHAR'],
  ['direction', 'VARCHAR'],
  ['dataset', 'VARCHAR'],
  ['fields', 'VARCHAR'],
  ['raw', 'VARCHAR'],
] as const

export function eventToTsvRow(e: EventDraft, hostFallback: string | undefined): string {
  return [
    num(e.ts),
    text(e.host_name ?? hostFallback),
    String(e.line),
    text(e.action),
    text(e.outcome),
    text(e.event_code),
    text(e.user_name),
    text(e.user_domain),
    text(e.user_key),
    text(e.src_ip),
    int32(e.src_port),
    text(e.dst_ip),
    int32(e.dst_port),
    text(e.dst_host),
    text(e.client_app),
    text(e.user_agent),
    text(e.http_method),
    text(e.url_path),
    text(e.url_query),
    int32(e.http_status),
    num(e.bytes_in),
    num(e.bytes_out),
    num(e.duration_ms),
    text(e.message_id),
    text(e.subject),
    text(e.sender),
    e.recipients === undefined || e.recipients.length === 0 ? '' : text(toJson(e.recipients)),
    text(e.item_id),
    text(e.session_id),
    text(e.direction),
    e.dataset,
    text(toJson(e.fields)),
    text(e.raw),
  ].join('\t') + '\n'
}

// A lone UTF-16 surrogate (a damaged string in an EVTX record, say) is written by JSON.stringify as
// a \udXXX escape that DuckDB's JSON refuses, which would cost the whole file: such a value is
// stored with U+FFFD in its place, as the text columns store it. Checked on the output first, so
// well-formed records pay nothing.
function toJson(value: unknown): string {
  const json = JSON.stringify(value)
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v))
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd')
}
