// Any other Exchange CSV log with a #Fields header (AgentLog, ECP Activity/Server, EWS, Rps_Cmdlet,
// CosmosQueue audit, IMAP4/POP3 protocol logs...): every field kept; time, client address, account,
// server, action, session and message columns mapped when the usual column names are there.
// Headerless IMAP4/POP3 lines (Elastic's test inputs) are read with their standard field list; they
// have no dedicated format: this reader is their home (dataset exchange_log, fields as written).
import type { EventDraft } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import type { FieldLayout } from '../field-layout.js'
import type { FormatModule, ParseContext } from '../format.js'
import { POP_IMAP_DEFAULTS } from './default-layouts.js'
import { splitEndpoint } from './endpoint.js'
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

// Column names tried in order (FieldLayout compares them case-insensitively).
const TIME = ['date-time', 'DateTime', 'TimeStamp']
const CLIENT = ['ClientIpAddress', 'client-ip', 'ClientIp', 'cIp', 'RemoteEndpoint', 'remote-endpoint', 'c-ip', 'EnteredOrgFromIP']
const SERVER = ['sIp', 'LocalEndpoint', 'local-endpoint', 'server-ip']
const USER = ['AuthenticatedUser', 'user', 'UserName', 'UserKey', 'cs-username']
const HOST = ['ServerHostName', 'ServerName', 'Server', 'server-hostname', 's-computername']
const ACTION = ['Cmdlet', 'SoapAction', 'Operation', 'command', 'Action', 'EventId', 'Event', 'event-id']
const SESSION = ['SessionId', 'session-id', 'RequestId']
const MESSAGE_ID = ['MessageId', 'message-id']
const SENDER = ['P1FromAddress', 'sender-address']
const RECIPIENTS = ['Recipient', 'Recipients', 'recipient-address']

interface Plan {
  time: number
  client: number
  server: number
  user: number
  host: number
  action: number
  session: number
  messageId: number
  sender: number
  recipients: number
  userAgent: number
  status: number
  /** IMAP4/POP3: 'R=OK...' in context is a success, another 'R=' a failure. */
  popImapContext: number
  logType: string | undefined
}

function firstIndex(layout: FieldLayout, names: readonly string[]): number {
  for (const name of names) {
    const i = layout.indexOf(name)
    if (i !== -1) return i
  }
  return -1
}

function compile(layout: FieldLayout, logType: string | undefined): Plan {
  const command = layout.indexOf('command')
  return {
    time: firstIndex(layout, TIME),
    client: firstIndex(layout, CLIENT),
    server: firstIndex(layout, SERVER),
    user: firstIndex(layout, USER),
    host: firstIndex(layout, HOST),
    action: firstIndex(layout, ACTION),
    session: firstIndex(layout, SESSION),
    messageId: firstIndex(layout, MESSAGE_ID),
    sender: firstIndex(layout, SENDER),
    recipients: firstIndex(layout, RECIPIENTS),
    userAgent: layout.indexOf('UserAgent'),
    status: layout.indexOf('HttpStatus'),
    popImapContext: command !== -1 && layout.indexOf('cIp') !== -1 ? layout.indexOf('context') : -1,
    logType,
  }
}

export const genericExchangeFormat: FormatModule = {
  id: 'exchange_log',
  description: 'any other Exchange CSV log with a #Fields header (AgentLog, ECP, EWS, Rps_Cmdlet, CosmosQueue, POP3/IMAP4...)',
  fileNamePatterns: ['AgentLog*.LOG', 'ECPServer*.LOG', 'ECPActivity_*.LOG', 'Ews_*.LOG', 'Rps_Cmdlet_*.LOG', 'audit*.LOG', 'POP3*.LOG', 'IMAP4*.LOG'],
  samples: [
    '#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Log-type: Agent Log\n#Date: 2022-09-13T14:38:59.177Z\n' +
      '#Fields: Timestamp,SessionId,LocalEndpoint,RemoteEndpoint,EnteredOrgFromIP,MessageId,P1FromAddress,P2FromAddresses,Recipient,NumRecipients,Agent,Event,Action\n',
    '2024-01-24T15:31:51.067Z,00000000000ABC12,1,1.2.3.4:110,10.11.12.13:12345,jdoe,1,17,5,user,jdoe,R=OK,\n',
  ],
  sniff(head) {
    const fields = /^#\s*Fields:\s*(.*)$/im.exec(head)?.[1]
    if (fields !== undefined) {
      if (fields.indexOf(',') === -1) return 0 // space-separated: W3C/IIS
      return /^#\s*Software:\s*Microsoft Exchange/im.test(head) ? 50 : 35
    }
    const first = firstDataLine(head)
    const values = first === undefined ? undefined : splitCsvLine(first)
    return values !== undefined && POP_IMAP_DEFAULTS.some((d) => d.names.length === values.length && d.fits(values)) ? 45 : 0
  },
  open(ctx) {
    return createExchangeCsvParser<Plan>(ctx, { compile, map: (record, plan) => mapGeneric(record, plan, ctx), defaults: POP_IMAP_DEFAULTS })
  },
}

function mapGeneric(record: CsvRecord, plan: Plan, ctx: ParseContext): void {
  const v = record.values
  const fields = fieldsOf(record.layout, v)
  if (plan.logType !== undefined) fields['exchange.log_type'] = plan.logType
  const event: EventDraft = { dataset: 'exchange_log', line: record.line, fields, raw: record.text }
  const timeText = valueAt(v, plan.time)
  if (timeText !== undefined) {
    const ts = parseExchangeTime(timeText)
    if (ts === undefined) reportBadDate(ctx, record)
    else event.ts = ts
  }
  const host = valueAt(v, plan.host) ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  const client = splitEndpoint(valueAt(v, plan.client))
  if (client.ip !== undefined) event.src_ip = client.ip
  if (client.port !== undefined) event.src_port = client.port
  const server = splitEndpoint(valueAt(v, plan.server))
  if (server.ip !== undefined) event.dst_ip = server.ip
  if (server.port !== undefined) event.dst_port = server.port
  assignAccount(event, valueAt(v, plan.user))
  const action = valueAt(v, plan.action)
  if (action !== undefined) event.action = action
  const session = valueAt(v, plan.session)
  if (session !== undefined) event.session_id = session
  const messageId = valueAt(v, plan.messageId)
  if (messageId !== undefined) event.message_id = messageId
  const sender = valueAt(v, plan.sender)
  if (sender !== undefined) event.sender = sender
  const recipients = valueAt(v, plan.recipients)
  if (recipients !== undefined) {
    const list = splitRecipients(recipients)
    if (list.length > 0) event.recipients = list
  }
  const userAgent = valueAt(v, plan.userAgent)
  if (userAgent !== undefined) event.user_agent = userAgent
  const status = integerOf(valueAt(v, plan.status))
  if (status !== undefined) {
    event.http_status = status
    event.outcome = status < 400 ? 'success' : 'failure'
  }
  const context = valueAt(v, plan.popImapContext)
  if (context !== undefined && context.startsWith('R=')) event.outcome = context.startsWith('R=OK') ? 'success' : 'failure'
  ctx.emit(event)
}
