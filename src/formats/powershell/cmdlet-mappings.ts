// Which Exchange cmdlet wrote a PowerShell object, recognised by its property names, and how its
// properties become an event. Anything unrecognised is still kept whole (dataset `powershell`).
import { assignAccount } from '../../model/account.js'
import { clientAppOfClientType } from '../../model/client-app.js'
import type { Dataset, EventDraft } from '../../model/event.js'
import { entryIdIn, normaliseItemId, STORE_EVENT_FIELD } from '../../model/item-id.js'
import type { ParseContext } from '../format.js'
import { splitEndpoint } from '../exchange/endpoint.js'
import { splitKeyValueParts } from '../exchange/key-value-parts.js'
import type { MappedRecord, PsRecord } from './ps-record.js'

/** Case-insensitive access to a record's properties; empty values read as undefined. */
class Properties {
  readonly #byName = new Map<string, string>()
  readonly all: Record<string, string> = {}

  constructor(properties: PsRecord['properties']) {
    for (const [name, value] of properties) {
      this.all[name] = value
      const key = name.toLowerCase()
      if (!this.#byName.has(key)) this.#byName.set(key, value)
    }
  }

  get(...names: string[]): string | undefined {
    for (const name of names) {
      const value = this.#byName.get(name.toLowerCase())?.trim()
      if (value !== undefined && value !== '') return value
    }
    return undefined
  }
}

interface CmdletMapping {
  readonly dataset: Dataset
  /** Every one of these property names (lower-case) is present. */
  readonly requires: readonly string[]
  /** The cmdlet prints its time in UTC, whatever the machine's zone. */
  readonly timeIsUtc?: boolean
  map(p: Properties, event: EventDraft, ctx: ParseContext): string | undefined
}

function baseEvent(dataset: Dataset, record: PsRecord, p: Properties, ctx: ParseContext): EventDraft {
  const event: EventDraft = { dataset, line: record.line, fields: p.all, raw: record.text }
  if (ctx.hostHint !== undefined) event.host_name = ctx.hostHint
  return event
}

function setIp(event: EventDraft, written: string | undefined, side: 'src' | 'dst'): void {
  const { ip, port } = splitEndpoint(written)
  if (ip === undefined) return
  // IPv4-mapped IPv6 (::ffff:198.51.100.25), as audit logs write it, meets the IPv4 of other logs.
  const plain = ip.toLowerCase().startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip
  if (side === 'src') {
    event.src_ip = plain
    if (port !== undefined) event.src_port = port
  } else {
    event.dst_ip = plain
    if (port !== undefined) event.dst_port = port
  }
}

/** `Client=OWA;Action=ViaProxy` (audit ClientInfoString) to the client app. */
function clientOfInfoString(event: EventDraft, info: string | undefined): void {
  if (info === undefined) return
  const client = /(?:^|;)\s*Client=([^;]+)/i.exec(info)?.[1]
  if (client !== undefined) event.client_app = clientAppOfClientType(client)
}

/** `{a@x, b@y}` as Format-List/Table show a collection; `a;b` as scripts join it. */
function splitCollection(text: string): string[] {
  const inner = text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1) : text
  return inner
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '...' && s !== '…')
}

function outcomeOf(result: string | undefined): EventDraft['outcome'] {
  if (result === undefined) return undefined
  const r = result.toLowerCase()
  if (r === 'succeeded' || r === 'success' || r === 'true') return 'success'
  if (r === 'failed' || r === 'failure' || r === 'false') return 'failure'
  return 'unknown'
}

const DATABASE_EVENT: CmdletMapping = {
  dataset: 'db_event',
  requires: ['eventname', 'itementryid'],
  // MapiEvent.CreateTime is a UTC DateTime; PowerShell prints it as is (Exchange 2016 code).
  timeIsUtc: true,
  map(p, event) {
    const name = p.get('EventName')
    if (name !== undefined) {
      event.action = name
      event.event_code = name
      event.outcome = 'success'
    }
    const item = normaliseItemId(p.get('ItemEntryId'))
    if (item !== undefined) event.item_id = item
    // The item's other ids, normalised the same way, so a move (old → new id) can be followed.
    for (const [property, key] of [
      ['OldItemEntryId', 'exhunt.old_item_id'],
      ['ParentEntryId', 'exhunt.parent_item_id'],
      ['OldParentEntryId', 'exhunt.old_parent_item_id'],
    ] as const) {
      const id = normaliseItemId(p.get(property))
      if (id !== undefined) p.all[key] = id
    }
    const counter = p.get('Counter')
    if (counter !== undefined) p.all[STORE_EVENT_FIELD] = counter
    assignAccount(event, p.get('PrincipalName'))
    const category = p.get('ClientCategory')
    if (category !== undefined) event.client_app = clientAppOfClientType(category)
    const subject = p.get('ObjectClass')
    if (subject !== undefined) p.all['exhunt.object_class'] = subject
    return p.get('CreateTime')
  },
}

const FAILURE_EVENTS = new Set(['FAIL', 'HAREDIRECTFAIL', 'DROP', 'POISONMESSAGE', 'BADMAIL'])

const MESSAGE_TRACKING: CmdletMapping = {
  dataset: 'msgtrk',
  requires: ['eventid', 'messageid', 'source'],
  map(p, event, ctx) {
    const id = p.get('EventId')
    if (id !== undefined) {
      event.action = id
      event.event_code = id
      event.outcome = FAILURE_EVENTS.has(id.toUpperCase()) ? 'failure' : 'success'
    }
    setIp(event, p.get('ClientIp'), 'src')
    setIp(event, p.get('ServerIp'), 'dst')
    const host = p.get('ServerHostname')
    if (host !== undefined) event.host_name = host
    const messageId = p.get('MessageId')
    if (messageId !== undefined) event.message_id = messageId
    const subject = p.get('MessageSubject')
    if (subject !== undefined) event.subject = subject
    const sender = p.get('Sender')
    if (sender !== undefined) event.sender = sender
    const recipients = p.get('Recipients')
    if (recipients === 'System.String[]') warnArrayExport(ctx, event.line)
    else if (recipients !== undefined) event.recipients = splitCollection(recipients)
    const bytes = Number(p.get('TotalBytes'))
    if (Number.isInteger(bytes) && bytes >= 0) event.bytes_in = bytes
    const direction = p.get('Directionality')
    if (direction === 'Incoming') event.direction = 'inbound'
    else if (direction === 'Originating') event.direction = 'outbound'
    const context = p.get('SourceContext')
    for (const [key, value] of (context === undefined ? undefined : splitKeyValueParts(context)) ?? []) {
      p.all[`source-context.${key}`] = value
      if (key === 'ClientType') event.client_app = clientAppOfClientType(value)
      if (key === 'Event') p.all[STORE_EVENT_FIELD] = value
    }
    if (event.client_app === undefined && p.get('Source') === 'SMTP') event.client_app = 'SMTP'
    const item = entryIdIn(p.get('Reference'))
    if (item !== undefined) event.item_id = item
    return p.get('Timestamp')
  },
}

const warnedArrayExport = new WeakSet<ParseContext>()

// Export-Csv writes an array property as its type name: the recipients are not in the file.
function warnArrayExport(ctx: ParseContext, line: number): void {
  if (warnedArrayExport.has(ctx)) return
  warnedArrayExport.add(ctx)
  ctx.problem({
    line,
    code: 'bad_line',
    message:
      'Recipients holds "System.String[]" (Export-Csv of an array): the addresses are not in this file; re-export with @{n="Recipients";e={$_.Recipients -join ";"}}',
  })
}

const MAILBOX_AUDIT: CmdletMapping = {
  dataset: 'mailbox_audit',
  requires: ['operation', 'logontype'],
  map(p, event) {
    const operation = p.get('Operation')
    if (operation !== undefined) event.action = operation
    event.outcome = outcomeOf(p.get('OperationResult')) ?? 'success'
    const logonType = p.get('LogonType')
    // The owner's own logons name the mailbox; a delegate's or admin's name the one who logged on.
    const actor = logonType?.toLowerCase() === 'owner' ? p.get('MailboxOwnerUPN', 'LogonUserDisplayName') : p.get('LogonUserDisplayName', 'MailboxOwnerUPN')
    assignAccount(event, actor)
    setIp(event, p.get('ClientIPAddress', 'ClientIP'), 'src')
    clientOfInfoString(event, p.get('ClientInfoString'))
    const item = normaliseItemId(p.get('ItemId'))
    if (item !== undefined) event.item_id = item
    const subject = p.get('ItemSubject')
    if (subject !== undefined) event.subject = subject
    const messageId = p.get('ItemInternetMessageId', 'InternetMessageId')
    if (messageId !== undefined) event.message_id = messageId
    return p.get('LastAccessed')
  },
}

const UNIFIED_AUDIT: CmdletMapping = {
  dataset: 'unified_audit',
  requires: ['auditdata'],
  map(p, event, ctx) {
    let data: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(p.get('AuditData') ?? '{}')
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>
    } catch {
      ctx.problem({ line: event.line, code: 'bad_line', message: 'AuditData is not valid JSON; the record is kept with its columns' })
    }
    flattenInto(p.all, 'AuditData', data, 2)
    const text = (key: string): string | undefined => {
      const v = p.all[`AuditData.${key}`]
      return v === undefined || v === '' ? undefined : v
    }
    const operation = text('Operation') ?? p.get('Operation', 'Operations')
    if (operation !== undefined) event.action = operation
    event.outcome = outcomeOf(text('ResultStatus')) ?? 'success'
    assignAccount(event, text('UserId') ?? p.get('UserId', 'UserIds'))
    setIp(event, text('ClientIP') ?? text('ClientIPAddress'), 'src')
    clientOfInfoString(event, text('ClientInfoString'))
    const item = normaliseItemId(text('Item.Id') ?? text('AffectedItems.0.Id'))
    if (item !== undefined) event.item_id = item
    const subject = text('Item.Subject') ?? text('AffectedItems.0.Subject')
    if (subject !== undefined) event.subject = subject
    const messageId = text('Item.InternetMessageId') ?? text('AffectedItems.0.InternetMessageId')
    if (messageId !== undefined) event.message_id = messageId
    // CreationTime of the audit record is UTC, written without a zone.
    const created = text('CreationTime')
    if (created !== undefined) return /Z$|[+-]\d\d:?\d\d$/.test(created) ? created : `${created}Z`
    return p.get('CreationDate')
  },
}

/** Nested JSON as dotted keys (Item.Id, AffectedItems.0.Id), to a limited depth; deeper parts as JSON. */
function flattenInto(target: Record<string, string>, prefix: string, value: unknown, depth: number): void {
  if (value === null || value === undefined) return
  if (typeof value !== 'object') {
    target[prefix] = String(value)
    return
  }
  if (depth === 0) {
    target[prefix] = JSON.stringify(value)
    return
  }
  for (const [key, inner] of Object.entries(value)) flattenInto(target, `${prefix}.${key}`, inner, depth - 1)
}

// Any other cmdlet: the usual names of a time, an account, an address and an action, when present.
const GENERIC: CmdletMapping = {
  dataset: 'powershell',
  requires: [],
  map(p, event) {
    assignAccount(event, p.get('UserId', 'UserPrincipalName', 'User', 'UserName', 'PrincipalName', 'Caller'))
    setIp(event, p.get('ClientIPAddress', 'ClientIp', 'IPAddress', 'SourceIP'), 'src')
    const action = p.get('Operation', 'Operations', 'EventName', 'EventId', 'CmdletName', 'Action')
    if (action !== undefined) event.action = action
    clientOfInfoString(event, p.get('ClientInfoString'))
    const item = normaliseItemId(p.get('ItemEntryId', 'ItemId'))
    if (item !== undefined) event.item_id = item
    const timeName = Object.keys(p.all).find((n) => GENERIC_TIME_NAMES.includes(n.toLowerCase())) ?? Object.keys(p.all).find((n) => /(Time|Date)$/.test(n))
    return timeName === undefined ? undefined : p.get(timeName)
  },
}

const GENERIC_TIME_NAMES = ['timestamp', 'timecreated', 'timegenerated', 'creationtime', 'createtime', 'creationdate', 'lastaccessed', 'rundate', 'date']

// Most specific first.
const MAPPINGS: readonly CmdletMapping[] = [UNIFIED_AUDIT, DATABASE_EVENT, MESSAGE_TRACKING, MAILBOX_AUDIT, GENERIC]

export interface RecordMapping {
  readonly dataset: Dataset
  map(record: PsRecord, ctx: ParseContext): MappedRecord
}

const chosen = new Map<string, CmdletMapping>()

/** The mapping for a record, by its property names (cached: a file repeats the same names). */
export function mappingFor(properties: PsRecord['properties']): RecordMapping {
  const key = properties.map(([name]) => name.toLowerCase()).join('\n')
  let mapping = chosen.get(key)
  if (mapping === undefined) {
    const names = new Set(properties.map(([name]) => name.toLowerCase()))
    mapping = MAPPINGS.find((m) => m.requires.every((n) => names.has(n)))!
    if (chosen.size > 1000) chosen.clear()
    chosen.set(key, mapping)
  }
  const m = mapping
  return {
    dataset: m.dataset,
    map(record, ctx) {
      const p = new Properties(record.properties)
      const event = baseEvent(m.dataset, record, p, ctx)
      const time = m.map(p, event, ctx)
      if (time === undefined) return { event }
      return m.timeIsUtc === true ? { event, time, timeIsUtc: true } : { event, time }
    },
  }
}
