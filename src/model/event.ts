// The normalised event: one row per log record (see DESIGN.md, "The normalised event").
// A parser fills an EventDraft; the ingest pipeline adds the evidence pointer (file_id) and stores it.

export const DATASETS = [
  'iis',
  'iis_smtp',
  'msgtrk',
  'smtp_receive',
  'smtp_send',
  'httpproxy',
  'exchange_log',
  'w3c',
  'db_event', // the mailbox store's EventHistory (Get-DatabaseEvent)
  'mailbox_audit', // Search-MailboxAuditLog / Get-MailboxAuditLog
  'unified_audit', // Microsoft 365 unified audit log (Search-UnifiedAuditLog)
  'powershell', // any other cmdlet's output, every property kept
  'winevt', // Windows event logs (EVTX, wevtutil XML, Event Viewer CSV)
] as const
export type Dataset = (typeof DATASETS)[number]

export const CLIENT_APPS = [
  'OWA',
  'ECP',
  'EWS',
  'EAS',
  'MAPI',
  'RPC',
  'Autodiscover',
  'OAB',
  'PowerShell',
  'HealthProbe',
  'SMTP',
  'Other',
] as const
export type ClientApp = (typeof CLIENT_APPS)[number]

export type Direction = 'inbound' | 'outbound'

/** What a parser produces for one record. Absent or undefined means empty (NULL in the store). */
export interface EventDraft {
  /** UTC instant in milliseconds since the epoch; undefined when the record has no usable time. */
  ts?: number
  dataset: Dataset
  host_name?: string
  /** 1-based first line of the record in the decoded file. */
  line: number
  action?: string
  outcome?: 'success' | 'failure' | 'unknown'
  event_code?: string
  user_name?: string
  user_domain?: string
  user_key?: string
  src_ip?: string
  src_port?: number
  dst_ip?: string
  dst_port?: number
  dst_host?: string
  client_app?: ClientApp
  user_agent?: string
  http_method?: string
  url_path?: string
  url_query?: string
  http_status?: number
  bytes_in?: number
  bytes_out?: number
  duration_ms?: number
  message_id?: string
  subject?: string
  sender?: string
  recipients?: readonly string[]
  item_id?: string
  session_id?: string
  direction?: Direction
  /** Every original field under its original name. */
  fields: Readonly<Record<string, string>>
  /** The record as it stood in the file (continuation lines joined with \n). */
  raw: string
}

/** Column order of the events table, shared by the store and the staging writer. */
export const EVENT_COLUMNS = [
  { name: 'ts', sql: 'TIMESTAMP' },
  { name: 'dataset', sql: 'VARCHAR' },
  { name: 'format', sql: 'VARCHAR' },
  { name: 'host_name', sql: 'VARCHAR' },
  { name: 'file_id', sql: 'INTEGER' },
  { name: 'line', sql: 'BIGINT' },
  { name: 'action', sql: 'VARCHAR' },
  { name: 'outcome', sql: 'VARCHAR' },
  { name: 'event_code', sql: 'VARCHAR' },
  { name: 'user_name', sql: 'VARCHAR' },
  { name: 'user_domain', sql: 'VARCHAR' },
  { name: 'user_key', sql: 'VARCHAR' },
  { name: 'src_ip', sql: 'VARCHAR' },
  { name: 'src_port', sql: 'INTEGER' },
  { name: 'dst_ip', sql: 'VARCHAR' },
  { name: 'dst_port', sql: 'INTEGER' },
  { name: 'dst_host', sql: 'VARCHAR' },
  { name: 'client_app', sql: 'VARCHAR' },
  { name: 'user_agent', sql: 'VARCHAR' },
  { name: 'ua_family', sql: 'VARCHAR' },
  { name: 'http_method', sql: 'VARCHAR' },
  { name: 'url_path', sql: 'VARCHAR' },
  { name: 'url_query', sql: 'VARCHAR' },
  { name: 'http_status', sql: 'INTEGER' },
  { name: 'bytes_in', sql: 'BIGINT' },
  { name: 'bytes_out', sql: 'BIGINT' },
  { name: 'duration_ms', sql: 'BIGINT' },
  { name: 'message_id', sql: 'VARCHAR' },
  { name: 'subject', sql: 'VARCHAR' },
  { name: 'sender', sql: 'VARCHAR' },
  { name: 'recipients', sql: 'VARCHAR[]' },
  { name: 'item_id', sql: 'VARCHAR' },
  { name: 'session_id', sql: 'VARCHAR' },
  { name: 'direction', sql: 'VARCHAR' },
  /** Set for rows loaded in bulk: their original fields are `raw` split on spaces, named by layouts.names. */
  { name: 'layout_id', sql: 'INTEGER' },
  /** Every original field under its original name; NULL for bulk rows (see layout_id). */
  { name: 'fields', sql: 'JSON' },
  { name: 'raw', sql: 'VARCHAR' },
] as const
export type EventColumn = (typeof EVENT_COLUMNS)[number]['name']

/**
 * The columns a row loaded in bulk (a W3C line normalised by DuckDB, src/formats/w3c/iis-bulk-sql.ts)
 * can fill; the others are always empty for it, so the store keeps those rows in a narrower table.
 */
export const BULK_COLUMNS = [
  'ts', 'dataset', 'format', 'host_name', 'file_id', 'line', 'action', 'outcome', 'user_name', 'user_domain', 'user_key',
  'src_ip', 'src_port', 'dst_ip', 'dst_port', 'dst_host', 'client_app', 'user_agent', 'http_method', 'url_path', 'url_query',
  'http_status', 'bytes_in', 'bytes_out', 'duration_ms', 'layout_id', 'raw',
] as const satisfies readonly EventColumn[]
export type BulkColumn = (typeof BULK_COLUMNS)[number]

/** Sets a column only when there is a value, so absent stays absent (NULL in the store). */
export function assign<K extends keyof EventDraft>(event: EventDraft, key: K, value: EventDraft[K] | undefined): void {
  if (value !== undefined) event[key] = value
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`)
}
