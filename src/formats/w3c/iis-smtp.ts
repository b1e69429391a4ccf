// IIS SMTP service W3C logs (SMTPSVC1/ex*.log: Windows SMTP service, Exchange 2000/2003): the verbs of
// inbound sessions (HELO/EHLO/AUTH/MAIL/RCPT/DATA/QUIT/RSET) and the OutboundConnectionCommand /
// OutboundConnectionResponse lines of relayed mail, as in the second seed story.
//
// How these logs are written (Microsoft's SMTP service documentation, and the story's sample):
// - inbound: c-ip is the client, cs-username the name it gave in HELO/EHLO, cs-method the verb,
//   cs-uri-query the verb's argument with '+' for spaces (+FROM:<a@b>, +TO:<c@d>, +LOGIN ...);
// - outbound: cs-username is OutboundConnectionCommand or OutboundConnectionResponse, c-ip is the
//   remote mail server, cs-method the verb we sent, cs-uri-query the argument or the server's reply.
// The log has no session id. exhunt derives one: per client IP and direction, a new session starts
// at HELO/EHLO (inbound) or at the first line after a QUIT (or the first line at all) — the key is
// `<file>#<ip>#<in|out>#<n>`, so one conversation can be followed line by line.
import type { EventDraft } from '../../model/event.js'
import type { FormatModule, ParseContext } from '../format.js'
import { createW3cParser, type W3cRecord } from './w3c-parser.js'
import { parseInteger, present } from './w3c-line.js'

const OUTBOUND = /^OutboundConnection(Command|Response)$/i
const SMTP_VERB = /^(HELO|EHLO|AUTH|MAIL|RCPT|DATA|BDAT|QUIT|RSET|NOOP|VRFY|EXPN|TURN|ETRN|ATRN|STARTTLS|X-EXPS|XEXCH50|X-LINK2STATE|TIMEOUT|-)$/i

export const iisSmtpFormat: FormatModule = {
  id: 'iis_smtp',
  description: 'IIS SMTP service W3C log: inbound SMTP verbs and outbound relay (OutboundConnection*) lines',
  fileNamePatterns: ['SMTPSVC*/ex*.log', 'SMTPSVC*/u_ex*.log'],
  samples: [
    '#Software: Microsoft Internet Information Services 6.0\n#Version: 1.0\n#Date: 2010-11-18 00:00:34\n' +
      '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)\n' +
      '2010-11-18 00:00:34 203.0.113.9 localhost SMTPSVC1 MAIL01 192.168.1.10 0 EHLO - +localhost 250 0 236 14 0 SMTP - - - -\n',
  ],
  sniff(head) {
    const lines = head.split('\n', 80)
    const fields = lines.find((l) => /^#\s*Fields:/i.test(l))
    if (fields === undefined || fields.includes(',')) return 0
    const names = fields.replace(/^#\s*Fields:\s*/i, '').trim().split(/\s+/)
    const method = names.indexOf('cs-method')
    const user = names.indexOf('cs-username')
    const data = lines.filter((l) => l !== '' && !l.startsWith('#')).slice(0, 30).map((l) => l.trim().split(/\s+/))
    const smtpLines = data.filter((v) => OUTBOUND.test(v[user] ?? '') || (SMTP_VERB.test(v[method] ?? '') && (v[method] ?? '-') !== '-'))
    if (data.length > 0 && smtpLines.length >= Math.ceil(data.length / 2)) return 95
    if (data.some((v) => v.some((value) => /^SMTPSVC\d*$/i.test(value)))) return 90
    return 0
  },
  open(ctx) {
    const sessions = new SmtpSessions(ctx.fileName)
    return createW3cParser(ctx, { map: (record, c) => mapSmtpRecord(record, c, sessions), headerlessIis: false })
  },
}

class SmtpSessions {
  readonly #file: string
  readonly #open = new Map<string, { id: string; helo?: string }>()
  readonly #count = new Map<string, number>()

  constructor(file: string) {
    this.#file = file
  }

  /** The session this line belongs to, starting a new one where the rules above say so. */
  next(ip: string, direction: 'in' | 'out', verb: string | undefined): { id: string; helo?: string } {
    const key = `${ip}#${direction}`
    const starts = direction === 'in' && (verb === 'HELO' || verb === 'EHLO')
    let session = this.#open.get(key)
    if (session === undefined || starts) {
      const n = (this.#count.get(key) ?? 0) + 1
      this.#count.set(key, n)
      session = { id: `${this.#file}#${key}#${n}` }
      this.#open.set(key, session)
    }
    return session
  }

  close(ip: string, direction: 'in' | 'out'): void {
    this.#open.delete(`${ip}#${direction}`)
  }
}

function mapSmtpRecord(record: W3cRecord, ctx: ParseContext, sessions: SmtpSessions): void {
  const { values, layout } = record
  const get = (name: string): string | undefined => {
    const i = layout.indexOf(name)
    return i === -1 ? undefined : present(values[i])
  }
  const fields: Record<string, string> = {}
  layout.names.forEach((name, i) => {
    fields[name] = values[i] ?? ''
  })
  const username = get('cs-username')
  const outbound = username !== undefined && OUTBOUND.test(username)
  const verb = get('cs-method')?.toUpperCase()
  const argument = get('cs-uri-query')?.replaceAll('+', ' ').trim()
  const remote = get('c-ip') ?? '-'
  const direction = outbound ? 'out' : 'in'
  const session = sessions.next(remote, direction, verb)
  if (!outbound && (verb === 'HELO' || verb === 'EHLO')) session.helo = argument || username
  if (session.helo !== undefined) fields['smtp.helo'] = session.helo

  const event: EventDraft = {
    dataset: 'iis_smtp',
    line: record.line,
    fields,
    raw: record.text,
    client_app: 'SMTP',
    direction: outbound ? 'outbound' : 'inbound',
    session_id: session.id,
  }
  if (record.ts !== undefined) event.ts = record.ts
  const host = get('s-computername') ?? ctx.hostHint
  if (host !== undefined) event.host_name = host
  const server = get('s-ip')
  if (outbound) {
    event.action = verb === undefined ? username : `${username} ${verb}`
    if (server !== undefined) event.src_ip = server
    if (remote !== '-') event.dst_ip = remote
  } else {
    if (verb !== undefined) event.action = verb
    if (remote !== '-') event.src_ip = remote
    if (server !== undefined) event.dst_ip = server
  }
  const port = parseInteger(get('s-port'))
  if (port !== undefined && port !== 0) event.dst_port = port
  const mailFrom = verb === 'MAIL' ? address(argument, 'FROM') : undefined
  if (mailFrom !== undefined) event.sender = mailFrom
  const rcptTo = verb === 'RCPT' ? address(argument, 'TO') : undefined
  if (rcptTo !== undefined) event.recipients = [rcptTo]
  const status = parseInteger(get('sc-status'))
  if (status !== undefined && status > 0) {
    event.event_code = String(status)
    event.outcome = status < 400 ? 'success' : 'failure'
  }
  const bytesIn = parseInteger(get('cs-bytes'))
  if (bytesIn !== undefined) event.bytes_in = bytesIn
  const bytesOut = parseInteger(get('sc-bytes'))
  if (bytesOut !== undefined) event.bytes_out = bytesOut
  const taken = parseInteger(get('time-taken'))
  if (taken !== undefined) event.duration_ms = taken
  ctx.emit(event)
  if (verb === 'QUIT') sessions.close(remote, direction)
}

// 'FROM:<jdoe@acme.example> SIZE=1234' → 'jdoe@acme.example'
function address(argument: string | undefined, keyword: 'FROM' | 'TO'): string | undefined {
  if (argument === undefined) return undefined
  const match = new RegExp(`^${keyword}:\\s*<?([^>\\s]*)>?`, 'i').exec(argument)
  const value = match?.[1]
  return value === undefined || value === '' ? undefined : value
}
