// IIS W3C extended logs of Exchange CAS and mailbox servers (u_ex*.log): every HTTP request to OWA,
// ActiveSync, EWS, MAPI, ECP, Autodiscover... normalised to one event each.
import type { EventDraft } from '../../model/event.js'
import { assign } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'
import { classifyClientApp } from '../../model/client-app.js'
import type { FormatModule } from '../format.js'
import { isActiveSyncPath, parseActiveSyncQuery } from './activesync-query.js'
import { looksLikeHeaderlessIis } from './headerless-iis.js'
import { iisBulkSelect } from './iis-bulk-sql.js'
import { createW3cParser, type W3cRecord } from './w3c-parser.js'
import { parseInteger, present } from './w3c-line.js'

const SMTP_VERBS = /^(HELO|EHLO|MAIL|RCPT|DATA|QUIT|RSET|AUTH|STARTTLS|BDAT|XEXCH50|X-EXPS|NOOP|VRFY|OutboundConnection(Command|Response))$/i

export const iisHttpFormat: FormatModule = {
  id: 'iis',
  description: 'IIS W3C extended log of Exchange CAS/mailbox servers (OWA, ActiveSync, EWS, MAPI, ECP, ...)',
  fileNamePatterns: ['u_ex*.log', 'ex*.log', 'u_in*.log', 'httperr*.log', 'W3SVC*/*.log'],
  samples: [
    '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-11 00:00:00\n' +
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n' +
      '2026-03-11 01:10:09 10.0.1.11 POST /owa/auth.owa - 443 ACME\\cmoreno 198.51.100.25 Mozilla/5.0+(Windows+NT+10.0;+rv:123.0)+Gecko/20100101+Firefox/123.0 - 302 0 0 160\n',
    '2018-01-01 08:09:10 127.0.0.1 GET / q=100 80 - 67.43.156.13 Mozilla/5.0+(Windows+NT+6.1) - 200 0 0 123\n',
  ],
  sniff(head) {
    const lines = head.split('\n', 60)
    const software = lines.find((l) => /^#\s*Software:/i.test(l)) ?? ''
    const fields = lines.find((l) => /^#\s*Fields:/i.test(l)) ?? ''
    const data = lines.filter((l) => l !== '' && !l.startsWith('#')).slice(0, 20)
    if (fields.includes(',')) return 0 // Exchange's own CSV logs
    if (software !== '' && !/Microsoft Internet Information Serv|Microsoft HTTP Server API/i.test(software)) return 0
    if (data.some((l) => SMTP_VERBS.test(l.split(' ')[isSmtpMethodColumn(fields)] ?? ''))) return 20
    const http = /cs-uri-stem|cs-method/.test(fields)
    if (software !== '' && http) return 90
    if (http && /\bs-ip\b|\bc-ip\b/.test(fields)) return 70
    if (fields === '' && data.length > 0 && data.every((l) => looksLikeHeaderlessIis(l.replace(/\r$/, '')))) return 60
    return 0
  },
  open(ctx) {
    return createW3cParser(ctx, { map: (record, c) => mapIisRecord(record, c), headerlessIis: true, spaceTolerantField: 'cs(User-Agent)' })
  },
  bulk: { selectFor: iisBulkSelect },
}

function isSmtpMethodColumn(fieldsLine: string): number {
  const names = fieldsLine.replace(/^#\s*Fields:\s*/i, '').trim().split(/\s+/)
  return names.indexOf('cs-method')
}

/** Maps one IIS record. The SQL in iis-bulk-sql.ts must give the same values (contract test). */
export function mapIisRecord(
  record: W3cRecord,
  ctx: { emit(e: EventDraft): void; hostHint?: string },
  dataset: 'iis' | 'w3c' = 'iis',
): void {
  const { values, layout } = record
  const get = (name: string): string | undefined => {
    const i = layout.indexOf(name)
    return i === -1 ? undefined : present(values[i])
  }
  const path = get('cs-uri-stem') ?? get('cs-uri')
  const query = get('cs-uri-query')
  const method = get('cs-method')
  const rawAgent = get('cs(User-Agent)')
  const userAgent = rawAgent?.replaceAll('+', ' ')
  const status = parseInteger(get('sc-status'))
  const fields: Record<string, string> = {}
  layout.names.forEach((name, i) => {
    fields[name] = values[i] ?? ''
  })
  let written = get('cs-username')
  // The eas.* parameters are not stored: queries derive them from url_query (activeSyncParameterSql).
  if ((written === undefined || written.trim() === '') && isActiveSyncPath(path)) written = parseActiveSyncQuery(query).User
  const clientApp = classifyClientApp(path, userAgent)
  const event: EventDraft = {
    dataset,
    line: record.line,
    fields,
    raw: record.text,
  }
  if (record.ts !== undefined) event.ts = record.ts
  const host = get('s-computername') ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  assignAccount(event, written)
  assign(event, 'src_ip', get('c-ip'))
  assign(event, 'src_port', parseInteger(get('c-port')))
  assign(event, 'dst_ip', get('s-ip'))
  assign(event, 'dst_port', parseInteger(get('s-port')))
  assign(event, 'dst_host', get('cs-host'))
  assign(event, 'http_method', method)
  assign(event, 'url_path', path)
  assign(event, 'url_query', query)
  assign(event, 'http_status', status)
  assign(event, 'bytes_out', parseInteger(get('sc-bytes')))
  assign(event, 'bytes_in', parseInteger(get('cs-bytes')))
  assign(event, 'duration_ms', parseInteger(get('time-taken')))
  assign(event, 'user_agent', userAgent)
  assign(event, 'client_app', clientApp)
  if (method !== undefined || path !== undefined) event.action = [method, path].filter((v) => v !== undefined).join(' ')
  if (status !== undefined) event.outcome = status < 400 ? 'success' : 'failure'
  ctx.emit(event)
}

