// Exchange message tracking logs (MSGTRK*.LOG, and MSGTRKMA/MD/MS of the mailbox transport): one
// event per event-id (RECEIVE, SUBMIT, SEND, DELIVER, ... every id is kept as written) with sender,
// recipients, subject and the parts of source-context and custom-data.
import { clientAppOfClientType } from '../../model/client-app.js'
import { entryIdIn, normaliseItemId, STORE_EVENT_FIELD } from '../../model/item-id.js'
import { assign, type EventDraft } from '../../model/event.js'
import type { FieldLayout } from '../field-layout.js'
import type { FormatModule, ParseContext } from '../format.js'
import { MESSAGE_TRACKING_DEFAULTS, MESSAGE_TRACKING_FIELDS } from './default-layouts.js'
import {
  createExchangeCsvParser,
  fieldsOf,
  firstDataLine,
  integerOf,
  reportBadDate,
  splitCsvLine,
  splitRecipients,
  valueAt,
  type CsvRecord,
} from './exchange-csv.js'
import { parseExchangeTime } from './exchange-time.js'
import { splitKeyValueParts } from './key-value-parts.js'


// Event ids that say a message did not get where it was going; DEFER-like ids are left 'unknown'.
const FAILURE_EVENTS: ReadonlySet<string> = new Set(['FAIL', 'HAREDIRECTFAIL', 'DROP', 'POISONMESSAGE', 'BADMAIL', 'MODERATORREJECT', 'MODERATIONEXPIRE'])
const SENT_EVENTS: ReadonlySet<string> = new Set(['SEND', 'SENDEXTERNAL'])
const PENDING_EVENTS: ReadonlySet<string> = new Set(['DEFER', 'SUBMITDEFER', 'DELAY', 'HADISCARD', 'THROTTLE'])

interface Plan {
  time: number
  clientIp: number
  clientHost: number
  serverIp: number
  serverHost: number
  sourceContext: number
  source: number
  eventId: number
  messageId: number
  recipients: number
  totalBytes: number
  subject: number
  sender: number
  directionality: number
  customData: number
  reference: number
}

function compile(layout: FieldLayout): Plan {
  return {
    time: layout.indexOf('date-time'),
    clientIp: layout.indexOf('client-ip'),
    clientHost: layout.indexOf('client-hostname'),
    serverIp: layout.indexOf('server-ip'),
    serverHost: layout.indexOf('server-hostname'),
    sourceContext: layout.indexOf('source-context'),
    source: layout.indexOf('source'),
    eventId: layout.indexOf('event-id'),
    messageId: layout.indexOf('message-id'),
    recipients: layout.indexOf('recipient-address'),
    totalBytes: layout.indexOf('total-bytes'),
    subject: layout.indexOf('message-subject'),
    sender: layout.indexOf('sender-address'),
    directionality: layout.indexOf('directionality'),
    customData: layout.indexOf('custom-data'),
    reference: layout.indexOf('reference'),
  }
}

export const messageTrackingFormat: FormatModule = {
  id: 'msgtrk',
  description: 'Exchange message tracking log (every event-id, recipients, subject, source-context and custom-data parts)',
  fileNamePatterns: ['MSGTRK*.LOG', 'MSGTRKMA*.LOG', 'MSGTRKMD*.LOG', 'MSGTRKMS*.LOG'],
  samples: [
    '#Software: Microsoft Exchange Server\n#Version: 15.01.2375.007\n#Log-type: Message Tracking Log\n#Date: 2022-09-19T15:02:29.339Z\n' +
      `#Fields: ${MESSAGE_TRACKING_FIELDS.join(',')}\n`,
    '2024-01-25T15:16:09.949Z,10.11.12.14,mail.acme.example,10.11.12.14,mail,08DC1DB12C345BE5;2024-01-25T15:16:09.544Z;0,' +
      'mail\\Default mail,SMTP,RECEIVE,70912345566403,<1@acme.example>,1e6eb197-c6b4-1234-1b69-56dc1db88f50,jdoe@acme.example,,7229,1,,,hello,' +
      'root@host01.acme.example,root@host01.acme.example,0cA: ,Incoming,,10.11.12.13,10.11.12.14,S:DeliveryPriority=Normal,Email,' +
      '05503123-c5b9-46fe-1234-56dc1db88f8f,15.02.0330.005\n',
  ],
  sniff(head) {
    if (/^#\s*Log-type:\s*Message Tracking Log/im.test(head)) return 95
    if (/^#\s*Fields:\s*date-time,client-ip,client-hostname,server-ip,server-hostname,source-context/im.test(head)) return 90
    // Headerless: the first line has the shape of a standard list (a time first, an event-id ninth).
    const first = firstDataLine(head)
    const values = first === undefined ? undefined : splitCsvLine(first)
    return values !== undefined && MESSAGE_TRACKING_DEFAULTS.some((d) => d.names.length === values.length && d.fits(values)) ? 80 : 0
  },
  open(ctx) {
    return createExchangeCsvParser<Plan>(ctx, {
      compile,
      map: (record, plan) => mapMessageTracking(record, plan, ctx),
      defaults: MESSAGE_TRACKING_DEFAULTS,
    })
  },
}

function mapMessageTracking(record: CsvRecord, plan: Plan, ctx: ParseContext): void {
  const v = record.values
  const fields = fieldsOf(record.layout, v)
  const event: EventDraft = { dataset: 'msgtrk', line: record.line, fields, raw: record.text }
  const timeText = valueAt(v, plan.time)
  if (timeText !== undefined) {
    const ts = parseExchangeTime(timeText)
    if (ts === undefined) reportBadDate(ctx, record)
    else event.ts = ts
  }
  const eventId = valueAt(v, plan.eventId)
  if (eventId !== undefined) {
    event.action = eventId
    event.event_code = eventId
    event.outcome = FAILURE_EVENTS.has(eventId) ? 'failure' : PENDING_EVENTS.has(eventId) ? 'unknown' : 'success'
  }
  // The server that wrote the record: server-hostname, except for sends, where server-* name the next
  // hop and client-hostname is the sending (writing) server.
  const host = (eventId !== undefined && SENT_EVENTS.has(eventId) ? valueAt(v, plan.clientHost) : valueAt(v, plan.serverHost)) ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  const clientIp = valueAt(v, plan.clientIp)
  if (clientIp !== undefined) event.src_ip = clientIp
  const serverIp = valueAt(v, plan.serverIp)
  if (serverIp !== undefined) event.dst_ip = serverIp
  const messageId = valueAt(v, plan.messageId)
  if (messageId !== undefined) event.message_id = messageId
  const subject = valueAt(v, plan.subject)
  if (subject !== undefined) event.subject = subject
  const sender = valueAt(v, plan.sender)
  if (sender !== undefined) event.sender = sender
  const recipients = valueAt(v, plan.recipients)
  if (recipients !== undefined) {
    const list = splitRecipients(recipients)
    if (list.length > 0) event.recipients = list
  }
  const bytes = integerOf(valueAt(v, plan.totalBytes))
  if (bytes !== undefined) event.bytes_in = bytes
  const direction = valueAt(v, plan.directionality)
  if (direction === 'Incoming') event.direction = 'inbound'
  else if (direction === 'Originating') event.direction = 'outbound'

  let clientType: string | undefined
  const sourceContext = valueAt(v, plan.sourceContext)
  if (sourceContext !== undefined) {
    const parts = splitKeyValueParts(sourceContext)
    if (parts !== undefined) {
      for (const [key, value] of parts) {
        fields[`source-context.${key}`] = value
        if (key === 'ClientType') clientType = value
        if (key === 'Event') fields[STORE_EVENT_FIELD] = value
      }
    }
  }
  const item = entryIdIn(valueAt(v, plan.reference))
  if (item !== undefined) event.item_id = item
  const customData = valueAt(v, plan.customData)
  if (customData !== undefined) {
    const parts = splitKeyValueParts(customData)
    if (parts !== undefined) {
      for (const [key, value] of parts) {
        fields[`custom-data.${key}`] = value
        if (key.endsWith('ItemEntryId')) assign(event, 'item_id', normaliseItemId(value))
      }
    }
  }
  if (clientType !== undefined) event.client_app = clientAppOfClientType(clientType)
  else if (valueAt(v, plan.source) === 'SMTP') event.client_app = 'SMTP'
  ctx.emit(event)
}
