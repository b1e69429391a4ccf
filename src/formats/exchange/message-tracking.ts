// Exchange message tracking logs (MSGTRK*.LOG, and MSGTRKMA/MD/MS of the mailbox transport): one
// event per event-id (RECEIVE, SUBMIT, SEND, DELIVER, ...) with sender, recipients and subject.
import type { ClientApp, EventDraft } from '../../model/event.js'
import { assign } from '../../model/event.js'
import type { FormatModule, ParseContext } from '../format.js'
import {
  allFields,
  checkTime,
  createExchangeCsvParser,
  fieldOf,
  integerOf,
  parseExchangeTime,
  type CsvRecord,
  type DefaultLayout,
} from './exchange-csv.js'

// Exchange 2013-2019 field list (Microsoft docs, "Message tracking logs in Exchange Server").
const MESSAGE_TRACKING_FIELDS = [
  'date-time', 'client-ip', 'client-hostname', 'server-ip', 'server-hostname', 'source-context', 'connector-id', 'source',
  'event-id', 'internal-message-id', 'message-id', 'network-message-id', 'recipient-address', 'recipient-status',
  'total-bytes', 'recipient-count', 'related-recipient-address', 'reference', 'message-subject', 'sender-address',
  'return-path', 'message-info', 'directionality', 'tenant-id', 'original-client-ip', 'original-server-ip', 'custom-data',
  'transport-traffic-type', 'log-id', 'schema-version',
] as const

const DEFAULTS: readonly DefaultLayout[] = [
  {
    name: 'Exchange 2013+ message tracking',
    names: MESSAGE_TRACKING_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && /^[A-Z]+$/.test(v[8] ?? ''),
  },
]

// ClientType in source-context (MOMT is Outlook over MAPI, AirSync is ActiveSync).
const CLIENT_TYPES: Record<string, ClientApp> = {
  owa: 'OWA',
  airsync: 'EAS',
  eas: 'EAS',
  ews: 'EWS',
  webservices: 'EWS',
  momt: 'MAPI',
  mapi: 'MAPI',
  outlook: 'MAPI',
  rpchttp: 'RPC',
  powershell: 'PowerShell',
  smtp: 'SMTP',
}

export const messageTrackingFormat: FormatModule = {
  id: 'msgtrk',
  description: 'Exchange message tracking log (every event-id, recipients, subject, source-context parts)',
  fileNamePatterns: ['MSGTRK*.LOG', 'MSGTRKMA*.LOG', 'MSGTRKMD*.LOG', 'MSGTRKMS*.LOG'],
  samples: [
    '#Software: Microsoft Exchange Server\n#Version: 15.01.2375.007\n#Log-type: Message Tracking Log\n#Date: 2022-09-19T15:02:29.339Z\n' +
      `#Fields: ${MESSAGE_TRACKING_FIELDS.join(',')}\n`,
  ],
  sniff(head) {
    if (/^#\s*Log-type:\s*Message Tracking Log/im.test(head)) return 95
    if (/^#\s*Fields:\s*date-time,client-ip,client-hostname,server-ip,server-hostname,source-context/im.test(head)) return 90
    const first = head.split('\n').find((l) => l !== '' && !l.startsWith('#'))
    if (first !== undefined && /^\d{4}-\d\d-\d\dT[\d:.]+Z,/.test(first) && /,(RECEIVE|SEND|DELIVER|SUBMIT|DSN|FAIL|EXPAND|REDIRECT|RESOLVE|TRANSFER|DEFER|HAREDIRECT|HAREDIRECTFAIL|SENDEXTERNAL|NOTIFYMAPI|AGENTINFO|DROP|POISONMESSAGE|BADMAIL|HARECEIVE|INITMESSAGECREATED|MODERATORAPPROVE|MODERATORREJECT|PROCESS|SUBMITDEFER|THROTTLE|DUPLICATEDELIVER|DUPLICATEEXPAND|DUPLICATEREDIRECT|LOAD|SUBMITDEFER|DELAYEDDELIVER),/.test(first)) {
      return 80
    }
    return 0
  },
  open(ctx) {
    return createExchangeCsvParser(ctx, { map: mapMessageTracking, defaults: DEFAULTS })
  },
}

function mapMessageTracking(record: CsvRecord, ctx: ParseContext): void {
  const get = (name: string): string | undefined => fieldOf(record, name)
  const fields = allFields(record)
  const eventId = get('event-id')
  const sourceContext = get('source-context')
  const parts = sourceContext === undefined ? {} : splitSourceContext(sourceContext)
  for (const [key, value] of Object.entries(parts)) fields[`source-context.${key}`] = value
  const clientType = parts.ClientType
  const timeText = get('date-time')
  const ts = parseExchangeTime(timeText)
  checkTime(ctx, record, timeText, ts)
  const event: EventDraft = { dataset: 'msgtrk', line: record.line, fields, raw: record.text }
  if (ts !== undefined) event.ts = ts
  if (eventId !== undefined) {
    event.action = eventId
    event.event_code = eventId
    event.outcome = /FAIL|DROP|POISON|BADMAIL|REJECT/.test(eventId) ? 'failure' : 'success'
  }
  const host = get('server-hostname') ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  assign(event, 'src_ip', get('client-ip'))
  assign(event, 'dst_ip', get('server-ip'))
  assign(event, 'message_id', get('message-id'))
  assign(event, 'subject', get('message-subject'))
  assign(event, 'sender', get('sender-address'))
  const recipients = get('recipient-address')?.split(';').filter((r) => r !== '')
  if (recipients !== undefined && recipients.length > 0) event.recipients = recipients
  const bytes = integerOf(get('total-bytes'))
  if (bytes !== undefined) event.bytes_in = bytes
  const direction = get('directionality')
  if (direction === 'Incoming') event.direction = 'inbound'
  else if (direction === 'Originating') event.direction = 'outbound'
  const app = clientType === undefined ? undefined : CLIENT_TYPES[clientType.toLowerCase()]
  if (app !== undefined) event.client_app = app
  else if (get('source') === 'SMTP') event.client_app = 'SMTP'
  ctx.emit(event)
}

/**
 * source-context comes in two shapes: 'MDB:..., Mailbox:..., Event:63779422, ClientType:MOMT' and
 * custom-data style 'S:Key=Value;S:Key=Value'; anything else is left whole in the field itself.
 */
export function splitSourceContext(text: string): Record<string, string> {
  const parts: Record<string, string> = {}
  if (/^[A-Za-z]+:[^,]*(, [A-Za-z]+:[^,]*)+$/.test(text)) {
    for (const part of text.split(', ')) {
      const colon = part.indexOf(':')
      if (colon > 0) parts[part.slice(0, colon)] = part.slice(colon + 1)
    }
  } else if (/^S:[^=;]+=/.test(text)) {
    for (const part of text.split(';')) {
      const m = /^S:([^=]+)=(.*)$/.exec(part)
      if (m !== null) parts[m[1]!] = m[2]!
    }
  }
  return parts
}

