// Exchange HttpProxy logs (Logging\HttpProxy\<Protocol>\HttpProxy_*.LOG): what the front end proxied
// to a mailbox server, per protocol, with the authenticated user and the real client IP.
import type { ClientApp, EventDraft } from '../../model/event.js'
import { assign } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import { classifyClientApp } from '../../model/client-app.js'
import type { FormatModule, ParseContext } from '../format.js'
import { allFields, checkTime, createExchangeCsvParser, fieldOf, integerOf, parseExchangeTime, type CsvRecord } from './exchange-csv.js'

const PROTOCOLS: Record<string, ClientApp> = {
  owa: 'OWA',
  owacalendar: 'OWA',
  ecp: 'ECP',
  ews: 'EWS',
  eas: 'EAS',
  mapi: 'MAPI',
  rpchttp: 'RPC',
  autodiscover: 'Autodiscover',
  powershell: 'PowerShell',
  oab: 'OAB',
}

export const httpProxyFormat: FormatModule = {
  id: 'httpproxy',
  description: 'Exchange HttpProxy log (OWA, ECP, EWS, EAS, MAPI, RpcHttp, Autodiscover, PowerShell, OAB)',
  fileNamePatterns: ['HttpProxy/*/HttpProxy_*.LOG', 'HttpProxy_*.LOG'],
  samples: [
    '#Software: Microsoft Exchange Server\n#Version: 15.01.2375.007\n#Log-type: HttpProxy Logs\n#Date: 2023-01-06T01:00:05.345Z\n' +
      '#Fields: DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer\n',
  ],
  sniff(head) {
    if (/^#\s*Log-type:\s*HttpProxy Logs/im.test(head)) return 95
    if (/^#\s*Log-type:/im.test(head)) return 0 // another Exchange log that shares some column names (EWS, ECP)
    return /^#\s*Fields:\s*DateTime,RequestId,.*AuthenticatedUser/im.test(head) && /ClientIpAddress/.test(head) ? 85 : 0
  },
  open(ctx) {
    return createExchangeCsvParser(ctx, { map: mapHttpProxy, defaults: [] })
  },
}

function mapHttpProxy(record: CsvRecord, ctx: ParseContext): void {
  const get = (name: string): string | undefined => fieldOf(record, name)
  const timeText = get('DateTime')
  const ts = parseExchangeTime(timeText)
  checkTime(ctx, record, timeText, ts)
  const event: EventDraft = { dataset: 'httpproxy', line: record.line, fields: allFields(record), raw: record.text }
  if (ts !== undefined) event.ts = ts
  const path = get('UrlStem')
  const userAgent = get('UserAgent')
  const protocol = get('Protocol')
  const app = (protocol === undefined ? undefined : PROTOCOLS[protocol.toLowerCase()]) ?? classifyClientApp(path, userAgent)
  if (app !== undefined) event.client_app = userAgent !== undefined && classifyClientApp(path, userAgent) === 'HealthProbe' ? 'HealthProbe' : app
  assignAccount(event, get('AuthenticatedUser'))
  const host = get('ServerHostName') ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  assign(event, 'src_ip', get('ClientIpAddress'))
  assign(event, 'dst_host', get('UrlHost'))
  assign(event, 'http_method', get('Method'))
  assign(event, 'url_path', path)
  assign(event, 'url_query', get('UrlQuery'))
  assign(event, 'user_agent', userAgent)
  assign(event, 'session_id', get('RequestId'))
  const status = integerOf(get('HttpStatus'))
  if (status !== undefined) {
    event.http_status = status
    event.outcome = status < 400 ? 'success' : 'failure'
  }
  assign(event, 'bytes_in', integerOf(get('RequestBytes')))
  assign(event, 'bytes_out', integerOf(get('ResponseBytes')))
  assign(event, 'duration_ms', integerOf(get('TotalRequestTime')))
  const method = get('Method')
  if (method !== undefined || path !== undefined) event.action = [method, path].filter((v) => v !== undefined).join(' ')
  ctx.emit(event)
}

