// Writes the bundled smtp-relay case (examples/smtp-relay), the second seed story ("Shutting down an
// SMTP AUTH relay attack"): an Exchange 2003 server, EXCH01, whose IIS SMTP service relays spam at
// night for an outsider who guessed the password of a forgotten account called "test".
//
//   node examples/generate-smtp-relay.mjs
//
// Plain JavaScript, outside tsconfig and `npm test`; deterministic (same bytes on every run). No
// public sample of these logs exists: the layouts follow the story's own excerpt, Microsoft's
// documentation of the IIS SMTP W3C log (IIS 6 field names, times in UTC, one file per day), and the
// Windows 2003 events as Event Viewer saves them (Security as XML with ordered Data values, read by
// exhunt as test/formats/windows/fixtures/events-pretty.xml; Application as the headerless CSV).
// Times are UTC; the office is in London (UTC+0 in November), open mon-fri 08:00-18:00.
//
// The truth (see examples/README.md):
// - 17 Nov 22:40-22:51 203.0.113.7 guesses passwords over SMTP AUTH (temp, administrator, then test)
//   and logs in as "test" at 22:51:40;
// - from 23:00 to 03:00 it relays spam through EXCH01 as "test" to outside domains, joined at 01:00
//   by a second host, 203.0.113.9, with the same account;
// - decoys: the office's copier account "scanner" sending scans from inside; mjones, who sends a few
//   mails through authenticated SMTP from home in office hours and two from a hotel at night; jsmith
//   mistyping his password twice; Internet mail servers delivering to acme.example; a scanner
//   (192.0.2.99) trying common account names over AUTH without ever getting in, and an open-relay
//   probe that is refused.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const OUT = path.join(HERE, 'smtp-relay', 'exch01')
const CRLF = '\r\n'
const SERVER = 'EXCH01'
const SERVER_IP = '192.168.1.10'

// ---------------------------------------------------------------------------------------------------
// Time helpers (UTC).
const at = (day, hh, mm, ss = 0) => Date.UTC(2010, 10, day, hh, mm, ss)
const pad = (n, w = 2) => String(n).padStart(w, '0')
const w3cTime = (t) => new Date(t).toISOString().slice(0, 19).replace('T', ' ')

// ---------------------------------------------------------------------------------------------------
// IIS SMTP W3C lines, and the Windows events each SMTP AUTH leaves in the Security log.
const smtp = [] // { t, line }
const security = [] // { t, id, success, data }
const application = [] // { t, row }

function smtpLine(t, clientIp, username, method, query, status, bytes = 0) {
  smtp.push({
    t,
    line: `${w3cTime(t)} ${clientIp} ${username} SMTPSVC1 ${SERVER} ${SERVER_IP} 0 ${method} - ${query} ${status} 0 ${bytes} ${method === 'DATA' ? 4096 : 14} ${method === 'DATA' ? 2016 : 0} SMTP - - - -`,
  })
}

function outboundLine(t, mxIp, kind, method, text) {
  smtp.push({ t, line: `${w3cTime(t)} ${mxIp} ${kind} SMTPSVC1 ${SERVER} - 25 ${method} - ${text} 0 0 12 0 172 SMTP - - - -` })
}

let logonId = 0x1a2b00
/** A Security event of Windows 2003 (provider Security, values in message order); rendered once sorted. */
function legacyEvent(t, id, success, data) {
  security.push({ t, id, success, data })
}

function legacyXml(event, recordId) {
  const keywords = event.success ? '0xa0000000000000' : '0x90000000000000'
  const task = event.id === 680 ? 9 : 2
  const values = event.data.map((d) => `<Data>${d}</Data>`).join('')
  return (
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Security" /><EventID Qualifiers="0">${event.id}</EventID>` +
    `<Level>0</Level><Task>${task}</Task><Keywords>${keywords}</Keywords><TimeCreated SystemTime="${new Date(event.t).toISOString().replace('.000Z', '.000000000Z')}" />` +
    `<EventRecordID>${recordId}</EventRecordID><Channel>Security</Channel><Computer>${SERVER}</Computer><Security UserID="S-1-5-18" /></System>` +
    `<EventData>${values}</EventData></Event>`
  )
}

const CALLER = [`${SERVER}$`, 'ACME', '(0x0,0x3E7)', '1528', '-']
let sourcePort = 4100
/** What one SMTP AUTH attempt leaves in the Security log: 680 (credential validation) and 529/540. */
function authEvents(t, user, clientIp, success) {
  const port = String(sourcePort++)
  legacyEvent(t, 680, success, ['MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', user, SERVER, success ? '0x0' : '0xC000006A'])
  if (success) {
    logonId++
    legacyEvent(t, 540, true, [user, 'ACME', `(0x0,0x${logonId.toString(16).toUpperCase()})`, '3', 'Advapi  ', 'Negotiate', SERVER, '-', ...CALLER, clientIp, port])
  } else {
    legacyEvent(t, 529, false, [user, 'ACME', '3', 'Advapi  ', 'Negotiate', SERVER, ...CALLER, clientIp, port])
  }
}

/** A workstation logon at the domain controller's sight of EXCH01 (a mapped drive, Outlook): 540/529. */
function workstationLogon(t, user, clientIp, success) {
  authEvents(t, user, clientIp, success)
}

let messageNumber = 0
/**
 * One inbound SMTP session. `auth`: the account and whether each attempt succeeds ([false, false,
 * true]...); `rcpt`: recipients with the server's answer; external recipients accepted are relayed
 * out at once through the MX of their domain.
 */
function session(t0, clientIp, helo, { auth, from, rcpt = [], quitAfterAuth = false }) {
  let t = t0
  smtpLine(t, clientIp, helo, 'EHLO', `+${helo}`, 250, 236)
  let authenticated = false
  for (const ok of auth?.attempts ?? []) {
    t += 2000
    smtpLine(t, clientIp, helo, 'AUTH', '+LOGIN', ok ? 235 : 535, 32)
    authEvents(t, auth.user, clientIp, ok)
    if (ok) authenticated = true
  }
  if (quitAfterAuth || (auth !== undefined && !authenticated)) {
    t += 1000
    smtpLine(t, clientIp, helo, 'QUIT', helo, 240, 79)
    return
  }
  t += 1000
  smtpLine(t, clientIp, helo, 'MAIL', `+FROM:<${from}>`, 250, 46)
  const accepted = []
  for (const [to, status] of rcpt) {
    smtpLine(t, clientIp, helo, 'RCPT', `+TO:<${to}>`, status, 34)
    if (status === 250) accepted.push(to)
  }
  if (accepted.length > 0) {
    t += 2000
    messageNumber++
    smtpLine(t, clientIp, helo, 'DATA', `+<${SERVER}${pad(messageNumber, 5)}@${SERVER}.acme.example>`, 250, 128)
  }
  t += 1000
  smtpLine(t, clientIp, helo, 'QUIT', helo, 240, 79)
  // Relayed mail leaves through the MX of each outside domain.
  const outside = accepted.filter((to) => !to.endsWith('@acme.example'))
  const byDomain = new Map()
  for (const to of outside) byDomain.set(to.split('@')[1], [...(byDomain.get(to.split('@')[1]) ?? []), to])
  let mx = 0
  for (const [domain, recipients] of byDomain) {
    const mxIp = MX[domain]
    let u = t + 7000 + mx++ * 500
    outboundLine(u, mxIp, 'OutboundConnectionResponse', '-', `220+mx.${domain}+ESMTP`)
    outboundLine(u, mxIp, 'OutboundConnectionCommand', 'EHLO', `${SERVER}.acme.example`)
    outboundLine(u, mxIp, 'OutboundConnectionResponse', '-', `250-mx.${domain}+Hello`)
    outboundLine(u, mxIp, 'OutboundConnectionCommand', 'MAIL', `FROM:<${from}>`)
    outboundLine(u, mxIp, 'OutboundConnectionResponse', '-', '250+2.1.0+OK')
    for (const to of recipients) {
      outboundLine(u, mxIp, 'OutboundConnectionCommand', 'RCPT', `TO:<${to}>`)
      outboundLine(u, mxIp, 'OutboundConnectionResponse', '-', '250+2.1.5+OK')
    }
    u += 1000
    outboundLine(u, mxIp, 'OutboundConnectionCommand', 'DATA', '-')
    outboundLine(u, mxIp, 'OutboundConnectionResponse', '-', '354+go+ahead')
    outboundLine(u, mxIp, 'OutboundConnectionResponse', '-', '250+2.0.0+queued')
    outboundLine(u, mxIp, 'OutboundConnectionCommand', 'QUIT', '-')
  }
}

// The mail exchangers of the outside domains (documentation addresses).
const SPAM_DOMAINS = ['example.net', 'mail-victims.example', 'postbox.example', 'inbox-store.example']
const MX = {
  'example.net': '198.51.100.7',
  'mail-victims.example': '198.51.100.8',
  'postbox.example': '203.0.113.80',
  'inbox-store.example': '203.0.113.81',
  'customer.example': '192.0.2.30',
  'supplier.example': '192.0.2.31',
}

// ---------------------------------------------------------------------------------------------------
// Two working days of ordinary mail (17 and 18 November), the decoys.
for (const day of [17, 18]) {
  // Internet mail servers deliver to acme.example, unauthenticated.
  const inbound = [
    ['192.0.2.25', 'mail.newsletter.example', 'news@newsletter.example', ['jsmith@acme.example', 'mjones@acme.example']],
    ['198.51.100.40', 'mx.partner.example', 'orders@partner.example', ['sales@acme.example']],
    ['192.0.2.30', 'mx.customer.example', 'buyer@customer.example', ['mjones@acme.example']],
  ]
  inbound.forEach(([ip, helo, from, to], i) => {
    for (const hour of [9, 11, 14, 16]) session(at(day, hour, 5 + i * 7), ip, helo, { from, rcpt: to.map((r) => [r, 250]) })
  })
  // The office copier scans to mail through its own account, from inside.
  for (const hour of [9, 10, 12, 15]) {
    session(at(day, hour, 31), '192.168.1.50', 'COPIER01', { auth: { user: 'scanner', attempts: [true] }, from: 'scanner@acme.example', rcpt: [['jsmith@acme.example', 250]] })
  }
  // mjones sends through authenticated SMTP from home (his mail client), in office hours.
  for (const [hour, to] of [[10, 'buyer@customer.example'], [13, 'accounts@supplier.example'], [16, 'buyer@customer.example']]) {
    session(at(day, hour, 47), '198.51.100.140', 'mjones-laptop', { auth: { user: 'mjones', attempts: [true] }, from: 'mjones@acme.example', rcpt: [[to, 250]] })
  }
  // jsmith's workstation logons (the server's Security log sees his mapped drives).
  workstationLogon(at(day, 8, 52), 'jsmith', '192.168.1.21', true)
}
// jsmith mistypes his password twice, then gets it right.
workstationLogon(at(17, 13, 2, 10), 'jsmith', '192.168.1.21', false)
workstationLogon(at(17, 13, 2, 25), 'jsmith', '192.168.1.21', false)
workstationLogon(at(17, 13, 2, 40), 'jsmith', '192.168.1.21', true)
// mjones travelling: two mails from a hotel late at night.
session(at(17, 23, 41), '192.0.2.150', 'mjones-laptop', { auth: { user: 'mjones', attempts: [true] }, from: 'mjones@acme.example', rcpt: [['buyer@customer.example', 250]] })
session(at(18, 0, 12), '192.0.2.150', 'mjones-laptop', { auth: { user: 'mjones', attempts: [true] }, from: 'mjones@acme.example', rcpt: [['accounts@supplier.example', 250]] })

// An Internet scanner tries common names over AUTH and never gets in; then it probes for an open relay.
const SCANNED = ['administrator', 'admin', 'root', 'postmaster', 'guest', 'sales']
SCANNED.forEach((user, i) => {
  session(at(17, 14, 20 + i, 0), '192.0.2.99', 'scanner.example', { auth: { user, attempts: [false, false] } })
})
session(at(17, 14, 27), '192.0.2.99', 'scanner.example', { from: 'probe@scanner.example', rcpt: [['relaytest@example.net', 550]] })

// ---------------------------------------------------------------------------------------------------
// The attack. Password guessing over SMTP AUTH from 203.0.113.7 (THC-Hydra-like): a few names first,
// then "test" until "test1" works.
const ATTACKER = '203.0.113.7'
const SECOND = '203.0.113.9'
let t = at(17, 22, 40)
for (const user of ['temp', 'administrator']) {
  session(t, ATTACKER, 'localhost', { auth: { user, attempts: [false, false, false] } })
  t += 20_000
}
for (let i = 0; i < 10; i++) {
  session(t, ATTACKER, 'localhost', { auth: { user: 'test', attempts: [false, false, false] } })
  t += 55_000
}
session(at(17, 22, 51, 40), ATTACKER, 'localhost', { auth: { user: 'test', attempts: [true] }, quitAfterAuth: true })

// The relay: every 5 minutes from 23:00 to 03:00, three outside recipients a message; the second host
// joins at 01:00 (both every 5 minutes from then on, a little apart).
let n = 0
for (let t = at(17, 23, 0); t < at(18, 3, 0); t += 5 * 60_000) {
  const sources = t >= at(18, 1, 0) ? [ATTACKER, SECOND] : [ATTACKER]
  sources.forEach((ip, k) => {
    const rcpt = [0, 1, 2].map((j) => {
      const domain = SPAM_DOMAINS[(n + j) % SPAM_DOMAINS.length]
      return [`user${pad((n * 3 + j) % 997, 3)}@${domain}`, 250]
    })
    n++
    session(t + k * 97_000 + 34_000, ip, 'localhost', { auth: { user: 'test', attempts: [true] }, from: 'test@acme.example', rcpt })
  })
  if (t % (30 * 60_000) === 0) {
    application.push({ t: t + 35_000, row: appRow(t + 35_000, 'SMTPSVC', 'Information', 1708, 'The SMTP service logged an informational event (1708) for the account test.') })
  }
}

// Other Application events of a normal day.
for (const day of [17, 18]) {
  application.push({ t: at(day, 2, 0), row: appRow(at(day, 2, 0), 'MSExchangeIS Mailbox Store', 'Information', 1221, 'The database "First Storage Group\\Mailbox Store (EXCH01)" has 12 megabytes of free space after online defragmentation has terminated.') })
  application.push({ t: at(day, 6, 30), row: appRow(at(day, 6, 30), 'ESE', 'Information', 700, 'MSExchangeIS (3244) First Storage Group: Online defragmentation is beginning a full pass on database.') })
}

// ---------------------------------------------------------------------------------------------------
function appRow(t, source, type, id, message) {
  const d = new Date(t)
  const h = d.getUTCHours()
  const date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`
  const time = `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
  return `${date},${time},${source},${type},None,${id},N/A,${SERVER},"${message.replaceAll('"', '""')}"`
}

function write(relative, text) {
  const file = path.join(OUT, relative)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

const byTime = (a, b) => a.t - b.t
smtp.sort(byTime)
security.sort(byTime)
application.sort(byTime)
const W3C_HEADER = (day) =>
  ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', `#Date: 2010-11-${day} 00:00:00`,
    '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)'].join(CRLF) + CRLF
for (const day of [17, 18]) {
  const lines = smtp.filter((l) => new Date(l.t).getUTCDate() === day).map((l) => l.line)
  write(path.join('SMTPSVC1', `ex1011${day}.log`), W3C_HEADER(day) + lines.join(CRLF) + CRLF)
}
write(path.join('eventlogs', 'security.xml'), `<?xml version="1.0" encoding="utf-8" standalone="yes"?>${CRLF}<Events>${CRLF}${security.map((e, i) => legacyXml(e, 88101 + i)).join(CRLF)}${CRLF}</Events>${CRLF}`)
write(path.join('eventlogs', 'application.csv'), application.map((e) => e.row).join(CRLF) + CRLF)
console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${smtp.length} SMTP log lines, ${security.length} Security events, ${application.length} Application events`)
