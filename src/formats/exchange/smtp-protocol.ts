// Exchange SMTP Receive and Send protocol logs (RECV*.LOG, SEND*.LOG): one line per protocol event
// (+ connect, - disconnect, > sent, < received, * information), each carrying its session id so a
// whole conversation can be followed; MAIL FROM / RCPT TO and the authenticated user are picked out.
import type { EventDraft } from '../../model/event.js'
import { assign } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import type { FormatId, FormatModule, ParseContext } from '../format.js'
import {
  allFields,
  checkTime,
  createExchangeCsvParser,
  fieldOf,
  integerOf,
  parseExchangeTime,
  splitEndpoint,
  type CsvRecord,
  type DefaultLayout,
} from './exchange-csv.js'

// Exchange 2007-2019 (Microsoft docs, "Protocol logging").
const PROTOCOL_FIELDS = ['date-time', 'connector-id', 'session-id', 'sequence-number', 'local-endpoint', 'remote-endpoint', 'event', 'data', 'context'] as const

const DEFAULTS: readonly DefaultLayout[] = [
  {
    name: 'Exchange SMTP protocol log',
    names: PROTOCOL_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && /^[0-9A-F]{16}$/i.test(v[2] ?? '') && /^[-+<>*]$/.test(v[6] ?? ''),
  },
]

const EVENTS: Record<string, string> = { '+': 'connect', '-': 'disconnect', '>': 'send', '<': 'receive', '*': 'information' }

type Side = 'receive' | 'send'

function protocolFormat(side: Side): FormatModule {
  const id: FormatId = side === 'receive' ? 'smtp_receive' : 'smtp_send'
  const logType = side === 'receive' ? 'SMTP Receive Protocol Log' : 'SMTP Send Protocol Log'
  return {
    id,
    description: `Exchange ${logType}: records grouped by session id, MAIL FROM/RCPT TO, authenticated user`,
    fileNamePatterns: side === 'receive' ? ['RECV*.LOG', 'ProtocolLog/SmtpReceive/*.LOG'] : ['SEND*.LOG', 'ProtocolLog/SmtpSend/*.LOG'],
    samples: [
      `#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Log-type: ${logType}\n#Date: 2024-01-25T15:14:39.026Z\n` +
        `#Fields: ${PROTOCOL_FIELDS.join(',')}\n`,
    ],
    sniff(head, fileName) {
      if (new RegExp(`^#\\s*Log-type:\\s*${logType}`, 'im').test(head)) return 95
      if (!/^#\s*Fields:\s*date-time,connector-id,session-id,sequence-number/im.test(head)) {
        const first = head.split('\n').find((l) => l !== '' && !l.startsWith('#'))
        const values = first?.split(',') ?? []
        if (!DEFAULTS[0]!.fits(values)) return 0
      }
      // Without a Log-type only the file name or the connector's wording tells receive from send.
      const named = side === 'receive' ? /^RECV/i.test(fileName) || /Recei?ve/i.test(fileName) : /^SEND/i.test(fileName) || /Send/i.test(fileName)
      if (named) return 85
      const sendWords = /Send Connector|attempting to connect/i.test(head)
      return side === 'send' ? (sendWords ? 70 : 40) : sendWords ? 40 : 60
    },
    open(ctx) {
      const users = new Map<string, string>()
      return createExchangeCsvParser(ctx, { map: (record, c) => mapProtocolLine(record, c, side, users), defaults: DEFAULTS })
    },
  }
}

export const smtpReceiveFormat = protocolFormat('receive')
export const smtpSendFormat = protocolFormat('send')

function mapProtocolLine(record: CsvRecord, ctx: ParseContext, side: Side, users: Map<string, string>): void {
  const get = (name: string): string | undefined => fieldOf(record, name)
  const fields = allFields(record)
  const timeText = get('date-time')
  const ts = parseExchangeTime(timeText)
  checkTime(ctx, record, timeText, ts)
  const session = get('session-id')
  const symbol = get('event')
  const data = get('data')
  const context = get('context')
  const event: EventDraft = {
    dataset: side === 'receive' ? 'smtp_receive' : 'smtp_send',
    line: record.line,
    fields,
    raw: record.text,
    client_app: 'SMTP',
    direction: side === 'receive' ? 'inbound' : 'outbound',
  }
  if (ts !== undefined) event.ts = ts
  if (session !== undefined) event.session_id = session
  if (ctx.hostHint !== undefined) event.host_name = ctx.hostHint
  const local = splitEndpoint(get('local-endpoint'))
  const remote = splitEndpoint(get('remote-endpoint'))
  // Receive: the remote end is the client. Send: we are the client, the remote end the server.
  const [source, destination] = side === 'receive' ? [remote, local] : [local, remote]
  if (source.ip !== undefined) event.src_ip = source.ip
  if (source.port !== undefined) event.src_port = source.port
  if (destination.ip !== undefined) event.dst_ip = destination.ip
  if (destination.port !== undefined) event.dst_port = destination.port
  const verb = data === undefined ? undefined : /^([A-Za-z][A-Za-z-]*)\b/.exec(data)?.[1]?.toUpperCase()
  const isCommand = (side === 'receive' && symbol === '<') || (side === 'send' && symbol === '>')
  event.action = isCommand && verb !== undefined ? verb : (EVENTS[symbol ?? ''] ?? symbol ?? 'unknown')
  const sequence = integerOf(get('sequence-number'))
  if (sequence !== undefined) fields['smtp.sequence'] = String(sequence)
  if (isCommand && verb === 'MAIL') assign(event, 'sender', address(data, 'FROM'))
  if (isCommand && verb === 'RCPT') {
    const to = address(data, 'TO')
    if (to !== undefined) event.recipients = [to]
  }
  // Exchange writes the authenticated account in the data of a '*' line ("...,*,ACME\jdoe,authenticated")
  // or in the context; every later line of the session carries it.
  if (symbol === '*' && session !== undefined && data !== undefined && context?.toLowerCase() === 'authenticated') {
    users.set(session, data)
    event.action = 'authenticated'
    event.outcome = 'success'
  }
  if (symbol === '*' && context !== undefined && /AUTH \S+ failed/i.test(context)) {
    event.action = 'AUTH failed'
    event.outcome = 'failure'
  }
  const user = session === undefined ? undefined : users.get(session)
  assignAccount(event, user)
  if (symbol === '>' && side === 'receive' && data !== undefined) {
    const code = /^(\d{3})[ -]/.exec(data)?.[1]
    if (code !== undefined) {
      event.event_code = code
      event.outcome = code.startsWith('2') || code.startsWith('3') ? 'success' : 'failure'
    }
  }
  if (symbol === '-' && session !== undefined) users.delete(session)
  ctx.emit(event)
}

function address(data: string | undefined, keyword: 'FROM' | 'TO'): string | undefined {
  if (data === undefined) return undefined
  const m = new RegExp(`^(?:MAIL|RCPT) ${keyword}:\\s*<?([^>\\s]*)>?`, 'i').exec(data)
  return m?.[1] === undefined || m[1] === '' ? undefined : m[1]
}

