// Exchange HttpProxy logs (Logging\HttpProxy\<Protocol>\HttpProxy_*.LOG): what the front end proxied
// to a mailbox server, per protocol, with the authenticated user and the real client IP.
import type { ClientApp, EventDraft } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import { classifyClientApp } from '../../model/client-app.js'
import type { FieldLayout } from '../field-layout.js'
import type { FormatModule, ParseContext } from '../format.js'
import { isActiveSyncPath, parseActiveSyncQuery } from '../w3c/activesync-query.js'
import { createExchangeCsvParser, fieldsOf, integerOf, reportBadDate, valueAt, type CsvRecord } from './exchange-csv.js'
import { parseExchangeTime } from './exchange-time.js'

// The Protocol column (also the log's folder name).
const PROTOCOLS: ReadonlyMap<string, ClientApp> = new Map<string, ClientApp>([
  ['owa', 'OWA'],
  ['owacalendar', 'OWA'],
  ['ecp', 'ECP'],
  ['ews', 'EWS'],
  ['eas', 'EAS'],
  ['mapi', 'MAPI'],
  ['rpchttp', 'RPC'],
  ['autodiscover', 'Autodiscover'],
  ['powershell', 'PowerShell'],
  ['oab', 'OAB'],
])

interface Plan {
  time: number
  requestId: number
  protocol: number
  urlHost: number
  urlStem: number
  urlQuery: number
  user: number
  userAgent: number
  clientIp: number
  serverHost: number
  status: number
  method: number
  requestBytes: number
  responseBytes: number
  totalTime: number
}

function compile(layout: FieldLayout): Plan {
  return {
    time: layout.indexOf('DateTime'),
    requestId: layout.indexOf('RequestId'),
    protocol: layout.indexOf('Protocol'),
    urlHost: layout.indexOf('UrlHost'),
    urlStem: layout.indexOf('UrlStem'),
    urlQuery: layout.indexOf('UrlQuery'),
    user: layout.indexOf('AuthenticatedUser'),
    userAgent: layout.indexOf('UserAgent'),
    clientIp: layout.indexOf('ClientIpAddress'),
    serverHost: layout.indexOf('ServerHostName'),
    status: layout.indexOf('HttpStatus'),
    method: layout.indexOf('Method'),
    requestBytes: layout.indexOf('RequestBytes'),
    responseBytes: layout.indexOf('ResponseBytes'),
    totalTime: layout.indexOf('TotalRequestTime'),
  }
}

export const httpProxyFormat: FormatModule = {
  id: 'httpproxy',
  description: 'Exchange HttpProxy log (OWA, ECP, EWS, EAS, MAPI, RpcHttp, Autodiscover, PowerShell, OAB)',
  fileNamePatterns: ['HttpProxy_*.LOG', 'HttpProxy/*/HttpProxy_*.LOG'],
  samples: [
    '#Software: Microsoft Exchange Server\n#Version: 15.01.2375.007\n#Log-type: HttpProxy Logs\n#Date: 2023-01-06T01:00:05.345Z\n' +
      '#Fields: DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer\n',
  ],
  sniff(head) {
    if (/^#\s*Log-type:\s*HttpProxy Logs/im.test(head)) return 95
    if (/^#\s*Log-type:/im.test(head)) return 0 // another Exchange log that shares column names (EWS, Rps_Cmdlet)
    return /^#\s*Fields:\s*DateTime,RequestId,.*\bProtocol,UrlHost,UrlStem\b/im.test(head) ? 85 : 0
  },
  open(ctx) {
    return createExchangeCsvParser<Plan>(ctx, { compile, map: (record, plan) => mapHttpProxy(record, plan, ctx), defaults: [] })
  },
}

function mapHttpProxy(record: CsvRecord, plan: Plan, ctx: ParseContext): void {
  const v = record.values
  const fields = fieldsOf(record.layout, v)
  const event: EventDraft = { dataset: 'httpproxy', line: record.line, fields, raw: record.text }
  const timeText = valueAt(v, plan.time)
  if (timeText !== undefined) {
    const ts = parseExchangeTime(timeText)
    if (ts === undefined) reportBadDate(ctx, record)
    else event.ts = ts
  }
  const path = valueAt(v, plan.urlStem)
  const query = valueAt(v, plan.urlQuery)
  const userAgent = valueAt(v, plan.userAgent)
  const protocol = valueAt(v, plan.protocol)
  // Managed Availability probes are marked as in IIS logs, so that they can be stripped alike.
  const byPath = classifyClientApp(path, userAgent)
  const byProtocol = protocol === undefined ? undefined : PROTOCOLS.get(protocol.toLowerCase())
  const app = byPath === 'HealthProbe' ? byPath : (byProtocol ?? byPath)
  if (app !== undefined) event.client_app = app
  let user = valueAt(v, plan.user)
  if (byProtocol === 'EAS' || isActiveSyncPath(path)) {
    // An ActiveSync request names its user and device in the query, even when authentication failed.
    const eas = parseActiveSyncQuery(query?.charCodeAt(0) === 63 /* ? */ ? query.slice(1) : query)
    if (eas.User !== undefined) fields['eas.User'] = eas.User
    if (eas.DeviceId !== undefined) fields['eas.DeviceId'] = eas.DeviceId
    if (eas.DeviceType !== undefined) fields['eas.DeviceType'] = eas.DeviceType
    if (eas.Cmd !== undefined) fields['eas.Cmd'] = eas.Cmd
    if (user === undefined) user = eas.User
  }
  assignAccount(event, user)
  const host = valueAt(v, plan.serverHost) ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  const clientIp = valueAt(v, plan.clientIp)
  if (clientIp !== undefined) event.src_ip = clientIp
  // UrlHost is the host name the client asked for (its Host header); TargetServer stays in fields.
  const urlHost = valueAt(v, plan.urlHost)
  if (urlHost !== undefined) event.dst_host = urlHost
  const method = valueAt(v, plan.method)
  if (method !== undefined) event.http_method = method
  if (path !== undefined) event.url_path = path
  if (query !== undefined) event.url_query = query
  if (userAgent !== undefined) event.user_agent = userAgent
  const requestId = valueAt(v, plan.requestId)
  if (requestId !== undefined) event.session_id = requestId
  const status = integerOf(valueAt(v, plan.status))
  if (status !== undefined) {
    event.http_status = status
    event.outcome = status < 400 ? 'success' : 'failure'
  }
  const bytesIn = integerOf(valueAt(v, plan.requestBytes))
  if (bytesIn !== undefined) event.bytes_in = bytesIn
  const bytesOut = integerOf(valueAt(v, plan.responseBytes))
  if (bytesOut !== undefined) event.bytes_out = bytesOut
  const duration = integerOf(valueAt(v, plan.totalTime))
  if (duration !== undefined) event.duration_ms = duration
  if (method !== undefined && path !== undefined) event.action = `${method} ${path}`
  else if (method !== undefined || path !== undefined) event.action = method ?? path
  ctx.emit(event)
}
