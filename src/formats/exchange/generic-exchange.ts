// Any other Exchange CSV log with a #Fields header (AgentLog, ECP, EWS, Rps_Cmdlet, CosmosQueue,
// IMAP4/POP3 protocol logs...): every field kept; the time, client address and user mapped when the
// usual column names are there. Headerless IMAP4/POP3 lines are read with their standard field list.
import type { EventDraft } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import type { FormatModule, ParseContext } from '../format.js'
import {
  allFields,
  checkTime,
  createExchangeCsvParser,
  fieldOf,
  parseExchangeTime,
  splitEndpoint,
  type CsvRecord,
  type DefaultLayout,
} from './exchange-csv.js'

const TIME_FIELDS = ['date-time', 'DateTime', 'TimeStamp', 'Timestamp', 'dateTime', 'TIMESTAMP'] as const
const CLIENT_FIELDS = ['ClientIpAddress', 'client-ip', 'ClientIP', 'cIp', 'ClientIp', 'RemoteEndpoint', 'remote-endpoint', 'c-ip'] as const
const USER_FIELDS = ['AuthenticatedUser', 'User', 'user', 'ActAsUser', 'UserName', 'cs-username', 'AuthenticatedUserName'] as const

// Exchange 2013-2019 POP3/IMAP4 protocol logs (Microsoft docs, "POP3 and IMAP4 protocol logging").
const POP_IMAP_FIELDS = ['dateTime', 'sessionId', 'seqNumber', 'sIp', 'cIp', 'user', 'duration', 'rqsize', 'rpsize', 'command', 'parameters', 'context', 'puid'] as const

const DEFAULTS: readonly DefaultLayout[] = [
  {
    name: 'Exchange POP3/IMAP4 protocol log',
    names: POP_IMAP_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && /^[0-9A-F]{16}$/i.test(v[1] ?? '') && /:\d+$/.test(v[3] ?? ''),
  },
]

export const genericExchangeFormat: FormatModule = {
  id: 'exchange_log',
  description: 'any other Exchange CSV log with a #Fields header (AgentLog, ECP, EWS, Rps_Cmdlet, POP3/IMAP4...)',
  fileNamePatterns: ['AgentLog*.LOG', 'ECPServer*.LOG', 'Ews_*.LOG', 'Rps_Cmdlet*.LOG', 'POP3*.LOG', 'IMAP4*.LOG'],
  samples: [
    '#Software: Microsoft Exchange Server\n#Version: 15.01.2375.007\n#Log-type: Agent Log\n#Date: 2022-09-13T00:00:00.000Z\n' +
      '#Fields: Timestamp,SessionId,IPAddress,MessageId,P1FromAddress,P2FromAddresses,Recipients,Agent,Event,Action\n',
  ],
  sniff(head) {
    const fields = /^#\s*Fields:\s*(.*)$/im.exec(head)?.[1]
    if (fields !== undefined && fields.includes(',')) return /^#\s*Software:\s*Microsoft Exchange/im.test(head) ? 50 : 35
    const first = head.split('\n').find((l) => l !== '' && !l.startsWith('#'))
    return first !== undefined && DEFAULTS.some((d) => d.fits(first.split(','))) ? 45 : 0
  },
  open(ctx) {
    return createExchangeCsvParser(ctx, { map: mapGeneric, defaults: DEFAULTS })
  },
}

function firstOf(record: CsvRecord, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = fieldOf(record, name)
    if (value !== undefined) return value
  }
  return undefined
}

function mapGeneric(record: CsvRecord, ctx: ParseContext): void {
  const event: EventDraft = { dataset: 'exchange_log', line: record.line, fields: allFields(record), raw: record.text }
  const timeText = firstOf(record, TIME_FIELDS)
  const ts = parseExchangeTime(timeText)
  checkTime(ctx, record, timeText, ts)
  if (ts !== undefined) event.ts = ts
  if (ctx.hostHint !== undefined) event.host_name = ctx.hostHint
  const client = splitEndpoint(firstOf(record, CLIENT_FIELDS))
  if (client.ip !== undefined) event.src_ip = client.ip
  if (client.port !== undefined) event.src_port = client.port
  assignAccount(event, firstOf(record, USER_FIELDS))
  const action = fieldOf(record, 'command') ?? fieldOf(record, 'Event') ?? fieldOf(record, 'Cmdlet') ?? fieldOf(record, 'Action')
  if (action !== undefined) event.action = action
  if (record.logType !== undefined) event.fields = { ...event.fields, 'exchange.log_type': record.logType }
  ctx.emit(event)
}
