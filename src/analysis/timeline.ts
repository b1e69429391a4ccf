// One timeline across every dataset: the records of an account, an address, a mailbox item or a
// message, in time order, each with its evidence pointer (file and line). Runs of near-identical
// records (same dataset, host, action, client app, user, IP and status) are collapsed into one row
// with a count and the first and last time, on the stream: the case is never loaded whole.
//
// For an item, its life: every id it had (EventHistory moves), the records that carry one of them
// (the store's events, audit logs, and message tracking's SUBMIT once tied by link-items.ts) and the
// records of the messages it became (the same message id: RECEIVE, SEND, DELIVER...).
import type { Row, Store } from '../store/store.js'
import { joinsFor } from './field-sql.js'
import { type Condition, whereClause } from './where.js'
import { addressValue, itemIdsOf, valueCondition, valueAs, type ConditionOptions, type PivotValue } from './value-kind.js'
import { bindParam } from '../store/sql-quote.js'

export interface TimelineQuery {
  /** An account in any form: ACME\jdoe, jdoe@acme.example, jdoe. */
  user?: string
  /** A source address or network. */
  ip?: string
  /** A mailbox item id: hex with or without dashes, or a base64 StoreObjectId. */
  item?: string
  messageId?: string
  /** Instants in milliseconds since the epoch (parseTimeBound); `to` is inclusive. */
  from?: number
  to?: number
  dataset?: string
  where?: readonly Condition[]
  /** Every record on its own row (no collapsing). */
  all?: boolean
}

export interface TimelineRow {
  ts: string | null
  last_ts: string | null
  count: number
  dataset: string
  host: string | null
  action: string | null
  client_app: string | null
  user: string | null
  ip: string | null
  status: string | null
  user_agent: string | null
  detail: string
  path: string
  line: number
  last_line: number
}

export const TIMELINE_COLUMNS = ['ts', 'last_ts', 'count', 'dataset', 'host', 'action', 'client_app', 'user', 'ip', 'status', 'user_agent', 'detail', 'path', 'line', 'last_line'] as const

export class TimeBoundError extends Error {}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * A --from/--to bound: `2026-03-11`, `2026-03-11T01`, `2026-03-11T01:14`, `2026-03-11 01:14:00.5`,
 * with `Z` or an offset (`+01:00`); without one the time is UTC, as the case stores it. The end
 * bound takes in the whole unit it names: `--to 2026-03-11` is the whole day, `--to …T01:14` the
 * whole minute.
 */
export function parseTimeBound(text: string, end: 'from' | 'to'): number {
  const m = DATE_TIME.exec(text.trim())
  const bad = (): never => {
    throw new TimeBoundError(`--${end}: "${text}" is not a date or time (2026-03-11, 2026-03-11T01:14, 2026-03-11T01:14:00Z, 2026-03-11T02:14+01:00)`)
  }
  if (m === null) return bad()
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)] as const
  let ms = Date.UTC(...fields) + Math.round(Number(frac ?? 0) * 1000)
  const check = new Date(Date.UTC(...fields))
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return bad()
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!
    ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000
  }
  if (end === 'to' && frac === undefined) ms += (h === undefined ? 24 * 3600_000 : mi === undefined ? 3600_000 : s === undefined ? 60_000 : 1000) - 1
  return ms
}

export interface PreparedTimeline {
  /** What the timeline is of, for messages ("the item's 2 ids and 1 message id"). */
  notes: string[]
  rows: AsyncIterable<TimelineRow>
}

/** Resolves the filters (an item's ids and messages) and returns the timeline as a stream. */
export async function timeline(store: Store, query: TimelineQuery): Promise<PreparedTimeline> {
  const params: unknown[] = []
  const extra: string[] = []
  const notes: string[] = []
  const add = async (value: PivotValue, options: ConditionOptions = {}): Promise<void> => {
    extra.push(await valueCondition(store, value, params, options))
  }
  if (query.user !== undefined) await add(valueAs('user', query.user))
  if (query.ip !== undefined) {
    await add(addressValue(query.ip), { sourceOnly: true })
  }
  if (query.item !== undefined) {
    const item = valueAs('item_id', query.item)
    const ids = await itemIdsOf(store, item.value)
    const messages = await messageIdsOf(store, ids)
    if (ids.length > 1) notes.push(`the item had ${ids.length} ids (moves followed)`)
    if (messages.length > 0) notes.push(`with the records of its message${messages.length === 1 ? '' : 's'} ${messages.join(', ')}`)
    const parts = [await valueCondition(store, item, params, { itemIds: ids })]
    if (messages.length > 0) {
      parts.push(`e.message_id IN (${messages.map((m) => bindParam(params, m)).join(', ')})`)
    }
    extra.push(`(${parts.join(' OR ')})`)
  }
  if (query.messageId !== undefined) await add(valueAs('message_id', query.messageId))
  if (query.from !== undefined) {
    extra.push(`e.ts >= CAST(${bindParam(params, new Date(query.from).toISOString())} AS TIMESTAMP)`)
  }
  if (query.to !== undefined) {
    extra.push(`e.ts <= CAST(${bindParam(params, new Date(query.to).toISOString())} AS TIMESTAMP)`)
  }
  if (query.dataset !== undefined) {
    extra.push(`e.dataset = ${bindParam(params, query.dataset)}`)
  }
  const conditions = query.where ?? []
  const where = whereClause(conditions, params, extra)
  const select = `
    SELECT e.ts, epoch_us(e.ts) AS ts_us, e.file_id, e.dataset, e.host_name AS host,
      -- An OWA or ActiveSync request's own operation (action=CreateItem, Cmd=Sync) is part of what it did.
      concat_ws(' ', e.action, nullif(regexp_extract(e.url_query, '(?:^|&)(?:action|Cmd)=([A-Za-z]+)', 1), '')) AS action, e.client_app, coalesce(e.user_name, e.user_key) AS "user", e.src_ip AS ip,
      coalesce(CAST(e.http_status AS VARCHAR), e.outcome) AS status, e.user_agent,
      concat_ws(' ', e.url_query, e.subject,
        CASE WHEN len(e.recipients) > 0 THEN 'to:' || array_to_string(e.recipients, ';') END,
        CASE WHEN e.dataset = 'db_event' THEN nullif(json_extract_string(e.fields, '$.Flags'), 'None') END) AS detail,
      f.path, e.line
    FROM events e JOIN files f ON f.file_id = e.file_id ${joinsFor(conditions.map((c) => c.field))}
    ${where === '' ? 'WHERE true' : where}`
  const rows = inTimeOrder(store, select, params)
  return { notes, rows: query.all === true ? single(rows) : collapse(rows) }
}

/** Rows of the first page: enough for a table, read with a top-N (no sort of everything that matches). */
const FIRST_PAGE = 2000

/**
 * The rows in time order, undated ones last in file order. The first page comes from a top-N query,
 * which only scans; a person reading a table rarely needs more. The rest, if asked for, is one
 * sorted query streamed after the first page's last (time, file, line).
 */
async function* inTimeOrder(store: Store, select: string, params: readonly unknown[]): AsyncIterable<Row> {
  const order = 'ORDER BY e.ts NULLS LAST, e.file_id, e.line'
  const first = await store.query(`${select} ${order} LIMIT $${params.length + 1}`, [...params, FIRST_PAGE])
  yield* first
  const last = first.at(-1)
  if (first.length < FIRST_PAGE || last === undefined) return
  const n = params.length
  const afterInFile = `(e.file_id > $${n + 1} OR (e.file_id = $${n + 1} AND e.line > $${n + 2}))`
  const rest = [...params, last.file_id, last.line]
  if (last.ts_us === null) {
    yield* store.stream(`${select} AND e.ts IS NULL AND ${afterInFile} ${order}`, rest)
    return
  }
  const after = `(e.ts IS NULL OR epoch_us(e.ts) > $${n + 3} OR (epoch_us(e.ts) = $${n + 3} AND ${afterInFile}))`
  yield* store.stream(`${select} AND ${after} ${order}`, [...rest, last.ts_us])
}

async function messageIdsOf(store: Store, ids: readonly string[]): Promise<string[]> {
  const rows = await store.query(
    `SELECT DISTINCT message_id FROM events WHERE item_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) AND message_id IS NOT NULL AND message_id <> '' ORDER BY 1`,
    [...ids],
  )
  return rows.map((r) => String(r.message_id))
}

function toRow(r: Row): TimelineRow {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
  return {
    ts: text(r.ts),
    last_ts: text(r.ts),
    count: 1,
    dataset: String(r.dataset),
    host: text(r.host),
    action: text(r.action),
    client_app: text(r.client_app),
    user: text(r.user),
    ip: text(r.ip),
    status: text(r.status),
    user_agent: text(r.user_agent),
    detail: String(r.detail ?? ''),
    path: String(r.path),
    line: Number(r.line),
    last_line: Number(r.line),
  }
}

async function* single(rows: AsyncIterable<Row>): AsyncIterable<TimelineRow> {
  for await (const r of rows) yield toRow(r)
}

const sameRun = (a: TimelineRow, b: TimelineRow): boolean =>
  a.dataset === b.dataset && a.host === b.host && a.action === b.action && a.client_app === b.client_app && a.user === b.user && a.ip === b.ip && a.status === b.status

/** Consecutive near-identical rows as one: the first row's values, the count, the last time and line. */
export async function* collapse(rows: AsyncIterable<Row> | Iterable<Row>): AsyncIterable<TimelineRow> {
  let run: TimelineRow | undefined
  for await (const r of rows) {
    const row = toRow(r)
    if (run !== undefined && sameRun(run, row)) {
      run.count++
      run.last_ts = row.ts
      // The last line of the run in the run's first file (a run across files keeps the first file's).
      if (row.path === run.path) run.last_line = row.line
      continue
    }
    if (run !== undefined) yield run
    run = row
  }
  if (run !== undefined) yield run
}
