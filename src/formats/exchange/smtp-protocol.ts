// Exchange SMTP Receive and Send protocol logs (RECV*.LOG, SEND*.LOG): one line per protocol event
// (+ connect, - disconnect, > sent, < received, * information), each carrying its session id so a
// whole conversation can be followed; commands become actions (EHLO, AUTH, MAIL, RCPT ...), replies
// their code, MAIL FROM / RCPT TO the sender and recipient, and the authenticated account follows the
// session (see smtp-session.ts).
import type { EventDraft } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import type { FieldLayout } from '../field-layout.js'
import type { FormatId, FormatModule, ParseContext } from '../format.js'
import { SMTP_PROTOCOL_DEFAULTS, SMTP_PROTOCOL_FIELDS } from './default-layouts.js'
import { splitEndpoint } from './endpoint.js'
import { createExchangeCsvParser, fieldsOf, firstDataLine, reportBadDate, splitCsvLine, valueAt, type CsvRecord } from './exchange-csv.js'
import { parseExchangeTime } from './exchange-time.js'
import { SmtpSessions } from './smtp-session.js'

type Side = 'receive' | 'send'

const SYMBOLS: Readonly<Record<string, string>> = { '+': 'connect', '-': 'disconnect', '>': 'send', '<': 'receive', '*': 'information' }

interface Plan {
  time: number
  connector: number
  session: number
  local: number
  remote: number
  event: number
  data: number
  context: number
}

function compile(layout: FieldLayout): Plan {
  return {
    time: layout.indexOf('date-time'),
    connector: layout.indexOf('connector-id'),
    session: layout.indexOf('session-id'),
    local: layout.indexOf('local-endpoint'),
    remote: layout.indexOf('remote-endpoint'),
    event: layout.indexOf('event'),
    data: layout.indexOf('data'),
    context: layout.indexOf('context'),
  }
}

const SAMPLE_LINES: Record<Side, string> = {
  receive:
    '2024-01-25T15:14:39.031Z,MAIL01\\Default Frontend MAIL01,08DC1DB8591B229A,2,10.11.12.13:25,10.11.12.14:53228,<,EHLO mgt.acme.example,\n',
  send: '2024-01-25T15:14:39.460Z,Inbound Proxy Internal Send Connector,08DC1DB8591B22A0,1,,10.11.12.13:2525,*,,attempting to connect\n',
}

function protocolFormat(side: Side): FormatModule {
  const id: FormatId = side === 'receive' ? 'smtp_receive' : 'smtp_send'
  const logType = side === 'receive' ? 'SMTP Receive Protocol Log' : 'SMTP Send Protocol Log'
  const ownLogType = new RegExp(`^#\\s*Log-type:\\s*${logType}`, 'im')
  const ownName = side === 'receive' ? /^RECV|Recei?ve/i : /^SEND|Send/i
  return {
    id,
    description: `Exchange ${logType}: one record per protocol line with its session id; commands, replies, MAIL FROM/RCPT TO, authenticated account`,
    fileNamePatterns: side === 'receive' ? ['RECV*.LOG', 'ProtocolLog/SmtpReceive/*.LOG'] : ['SEND*.LOG', 'ProtocolLog/SmtpSend/*.LOG'],
    samples: [
      `#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Log-type: ${logType}\n#Date: 2024-01-25T15:14:39.026Z\n` +
        `#Fields: ${SMTP_PROTOCOL_FIELDS.join(',')}\n`,
      SAMPLE_LINES[side],
    ],
    sniff(head, fileName) {
      if (ownLogType.test(head)) return 95
      if (/^#\s*Log-type:/im.test(head)) return 0 // the other direction, or another log
      if (!/^#\s*Fields:\s*date-time,connector-id,session-id,sequence-number/im.test(head)) {
        const first = firstDataLine(head)
        const values = first === undefined ? undefined : splitCsvLine(first)
        if (values === undefined || values.length !== SMTP_PROTOCOL_FIELDS.length || !SMTP_PROTOCOL_DEFAULTS[0]!.fits(values)) return 0
      }
      // Without a Log-type only the file name or the connector's wording tells receive from send.
      if (ownName.test(fileName)) return 85
      const sendWords = /Send Connector|attempting to connect|,>,(?:EHLO|HELO|MAIL FROM)/i.test(head)
      return side === 'send' ? (sendWords ? 70 : 40) : sendWords ? 40 : 60
    },
    open(ctx) {
      const sessions = new SmtpSessions((event) => ctx.emit(event))
      return createExchangeCsvParser<Plan>(ctx, {
        compile,
        map: (record, plan) => mapProtocolLine(record, plan, side, sessions, ctx),
        defaults: SMTP_PROTOCOL_DEFAULTS,
        end: () => sessions.flush(),
      })
    },
  }
}

export const smtpReceiveFormat: FormatModule = protocolFormat('receive')
export const smtpSendFormat: FormatModule = protocolFormat('send')

function mapProtocolLine(record: CsvRecord, plan: Plan, side: Side, sessions: SmtpSessions, ctx: ParseContext): void {
  const v = record.values
  const session = valueAt(v, plan.session)
  const symbol = plan.event === -1 ? '' : (v[plan.event] ?? '') // read as written: '-' is the disconnect event
  const data = valueAt(v, plan.data)
  const context = valueAt(v, plan.context)
  const isInfo = symbol === '*'
  const failedAuth = isInfo && isAuthFailure(context)
  const tried = isInfo ? attemptedUser(context) : undefined
  if (!((failedAuth || tried !== undefined) && sessions.isPending(session))) sessions.flush()

  const event: EventDraft = {
    dataset: side === 'receive' ? 'smtp_receive' : 'smtp_send',
    line: record.line,
    fields: fieldsOf(record.layout, v),
    raw: record.text,
    client_app: 'SMTP',
    direction: side === 'receive' ? 'inbound' : 'outbound',
  }
  const timeText = valueAt(v, plan.time)
  if (timeText !== undefined) {
    const ts = parseExchangeTime(timeText)
    if (ts === undefined) reportBadDate(ctx, record)
    else event.ts = ts
  }
  if (session !== undefined) event.session_id = session
  const host = side === 'receive' ? connectorServer(valueAt(v, plan.connector)) : undefined
  if (host !== undefined) event.host_name = host
  else if (ctx.hostHint !== undefined) event.host_name = ctx.hostHint
  const local = splitEndpoint(valueAt(v, plan.local))
  const remote = splitEndpoint(valueAt(v, plan.remote))
  // Receive: the remote end is the client. Send: this server is the client, the remote end the server.
  const source = side === 'receive' ? remote : local
  const destination = side === 'receive' ? local : remote
  if (source.ip !== undefined) event.src_ip = source.ip
  if (source.port !== undefined) event.src_port = source.port
  if (destination.ip !== undefined) event.dst_ip = destination.ip
  if (destination.port !== undefined) event.dst_port = destination.port

  // Commands travel client to server: '<' in a receive log, '>' in a send log; replies the other way.
  const isCommand = side === 'receive' ? symbol === '<' : symbol === '>'
  const isReply = side === 'receive' ? symbol === '>' : symbol === '<'
  const verb = isCommand ? commandVerb(data) : undefined
  event.action = verb ?? SYMBOLS[symbol] ?? (symbol === '' ? 'unknown' : symbol)
  if (verb === 'MAIL') {
    const from = pathAddress(data!, 'FROM:')
    if (from !== undefined) event.sender = from
  } else if (verb === 'RCPT') {
    const to = pathAddress(data!, 'TO:')
    if (to !== undefined) event.recipients = [to]
  }
  if (isReply) {
    const code = replyCode(data)
    if (code !== undefined) {
      event.event_code = code
      const c = code.charCodeAt(0)
      event.outcome = c === 50 || c === 51 ? 'success' : 'failure'
    }
  }

  if (isInfo) {
    if (session !== undefined && data !== undefined && context !== undefined && context.toLowerCase() === 'authenticated') {
      sessions.authenticated(session, data)
      event.action = 'authenticated'
      event.outcome = 'success'
    } else if (failedAuth) {
      event.action = 'AUTH failed'
      event.outcome = 'failure'
      sessions.holdFailure(session, event)
      return
    } else if (tried !== undefined) {
      event.action = 'AUTH user'
      if (sessions.isPending(session)) event.outcome = 'failure'
      assignAccount(event, tried)
      sessions.attempted(tried)
      ctx.emit(event)
      return
    } else if (context !== undefined && context.startsWith('Failed to connect')) {
      event.outcome = 'failure'
    }
  }
  if (session !== undefined) {
    assignAccount(event, sessions.userOf(session))
    if (symbol === '-') sessions.closed(session)
  }
  ctx.emit(event)
}

/** 'MAIL FROM:<a@b> SIZE=1' -> 'MAIL'; 'X-EXPS GSSAPI' -> 'X-EXPS'; undefined when data does not start with a word. */
function commandVerb(data: string | undefined): string | undefined {
  if (data === undefined) return undefined
  let end = 0
  for (; end < data.length; end++) {
    const c = data.charCodeAt(end)
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c === 45 && end > 0))) break
  }
  if (end === 0) return undefined
  const next = data.charCodeAt(end)
  if (end < data.length && next !== 32 && next !== 58 /* : */) return undefined
  return data.slice(0, end).toUpperCase()
}

/** The address of 'MAIL FROM:<a@b> SIZE=1' or 'RCPT TO: a@b'; undefined for the null path '<>'. */
function pathAddress(data: string, keyword: 'FROM:' | 'TO:'): string | undefined {
  const at = data.toUpperCase().indexOf(keyword)
  if (at === -1) return undefined
  let i = at + keyword.length
  while (data.charCodeAt(i) === 32) i++
  const bracket = data.charCodeAt(i) === 60 /* < */
  if (bracket) i++
  let end = i
  for (; end < data.length; end++) {
    const c = data.charCodeAt(end)
    if ((bracket && c === 62) /* > */ || c === 32) break
  }
  return end > i ? data.slice(i, end) : undefined
}

/** '250 2.1.0 Sender OK' or '250-PIPELINING' -> '250'. */
function replyCode(data: string | undefined): string | undefined {
  if (data === undefined || data.length < 3) return undefined
  for (let i = 0; i < 3; i++) {
    const c = data.charCodeAt(i)
    if (c < 48 || c > 57) return undefined
  }
  const next = data.charCodeAt(3)
  if (data.length > 3 && next !== 32 && next !== 45) return undefined
  return data.slice(0, 3)
}

/** 'Inbound AUTH LOGIN failed because of LogonDenied', 'Inbound authentication failed ...'. */
function isAuthFailure(context: string | undefined): boolean {
  if (context === undefined) return false
  const lower = context.toLowerCase()
  return lower.indexOf('auth') !== -1 && lower.indexOf('failed') !== -1
}

/** 'User Name: jdoe@acme.example' -> 'jdoe@acme.example'. */
function attemptedUser(context: string | undefined): string | undefined {
  if (context === undefined || !context.startsWith('User Name:')) return undefined
  const user = context.slice('User Name:'.length).trim()
  return user === '' ? undefined : user
}

/** A receive connector is named 'SERVER\Connector name': the server that wrote the line. */
function connectorServer(connector: string | undefined): string | undefined {
  if (connector === undefined) return undefined
  const slash = connector.indexOf('\\')
  return slash > 0 ? connector.slice(0, slash) : undefined
}
