// A deterministic mixed case of a requested size for `npm run bench:investigate`: the CAS nodes' IIS
// logs (bench/generate-cas-log.ts, two thirds of the bytes), an IIS SMTP service log, message
// tracking, the store's EventHistory as Get-DatabaseEvent | fl, and a Security log as wevtutil XML;
// with both seed stories hidden in it (OWA through the mobile publication with Firefox and a ghost
// mail; a guessed "test" account relaying at night), so that the pack has something to find.
import fs from 'node:fs'
import path from 'node:path'
import { generateCasLog } from './generate-cas-log.js'

/** Shares of the bytes per source (the CAS logs take the rest). */
const SHARES = { smtp: 0.12, msgtrk: 0.1, eventHistory: 0.04, security: 0.06 }
const DAY = Date.UTC(2026, 2, 11)

/** xorshift32: the same numbers on every machine. */
function numbers(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** Writes lines from `next` until the file holds `bytes`; `next(i)` returns one line (no line end). */
function writeLines(file: string, header: string, bytes: number, next: (i: number) => string, trailer: readonly string[] = []): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const fd = fs.openSync(file, 'w')
  const parts: string[] = [header]
  let written = header.length
  for (let i = 0; written < bytes; i++) {
    const line = `${next(i)}\r\n`
    parts.push(line)
    written += line.length
    if (parts.length >= 10_000) fs.writeSync(fd, parts.splice(0).join(''))
  }
  parts.push(...trailer.map((l) => `${l}\r\n`))
  fs.writeSync(fd, parts.join(''))
  fs.closeSync(fd)
}

const iso = (ms: number): string => new Date(ms).toISOString()
const w3c = (ms: number): string => iso(ms).slice(0, 19).replace('T', ' ')

export function generateMixedCase(dir: string, megabytes: number): void {
  const total = megabytes * 1e6
  const random = numbers(20260311)
  const user = (): string => `user${Math.floor(random() * 3000)}`

  // CAS nodes, and the ghost-mail night in a file of its own.
  const casBytes = total * (1 - SHARES.smtp - SHARES.msgtrk - SHARES.eventHistory - SHARES.security)
  fs.mkdirSync(path.join(dir, 'cas01', 'W3SVC1'), { recursive: true })
  generateCasLog(path.join(dir, 'cas01', 'W3SVC1', 'u_ex260311.log'), casBytes)
  const firefox = 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0'
  const night = ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro'].flatMap((victim, v) =>
    [0, 1, 2, 3].map((k) => `2026-03-12 01:${String(10 + v * 7 + k).padStart(2, '0')}:00 10.0.1.11 POST /owa/service.svc action=FindItem&UA=0&ID=-${k}&AC=1 443 ACME\\${victim} 198.51.100.${25 + (v % 2)} ${firefox} - 200 0 0 35`),
  )
  writeLines(
    path.join(dir, 'cas01', 'W3SVC1', 'u_ex260312.log'),
    '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-03-12 00:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n',
    0,
    () => '',
    night,
  )

  // IIS SMTP: mail servers delivering, people sending from inside, and "test" relaying at night.
  let smtpSession = 0
  writeLines(
    path.join(dir, 'exch01', 'SMTPSVC1', 'ex260311.log'),
    '#Software: Microsoft Internet Information Services 6.0\r\n#Version: 1.0\r\n#Date: 2026-03-11 00:00:00\r\n#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)\r\n',
    total * SHARES.smtp,
    (i) => {
      const step = i % 6
      if (step === 0) smtpSession++
      const t = w3c(DAY + smtpSession * 400)
      const nightRelay = smtpSession % 50 === 0 && (smtpSession * 400) % 86_400_000 < 5 * 3_600_000
      const ip = nightRelay ? '203.0.113.7' : smtpSession % 3 === 0 ? `10.20.${smtpSession % 200}.${1 + (smtpSession % 250)}` : `192.0.2.${smtpSession % 250}`
      const helo = nightRelay ? 'localhost' : 'mx.example.org'
      const verbs = ['EHLO - +' + helo + ' 250', nightRelay || smtpSession % 3 === 0 ? 'AUTH - +LOGIN 235' : 'NOOP - - 250', `MAIL - +FROM:<${nightRelay ? 'test' : user()}@acme.example> 250`, `RCPT - +TO:<${nightRelay ? `x${smtpSession}@example.net` : `${user()}@acme.example`}> 250`, 'DATA - +<m@x> 250', `QUIT - ${helo} 240`]
      return `${t} ${ip} ${helo} SMTPSVC1 EXCH01 10.0.1.30 0 ${verbs[step]} 0 100 20 0 SMTP - - - -`
    },
  )

  // Message tracking: receive, deliver and send of ordinary mail.
  const fields = 'date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version'
  writeLines(
    path.join(dir, 'exmbx01', 'MessageTracking', 'MSGTRK2026031100-1.LOG'),
    `#Software: Microsoft Exchange Server\r\n#Version: 15.02.1118.007\r\n#Log-type: Message Tracking Log\r\n#Date: 2026-03-11T00:00:00.000Z\r\n#Fields: ${fields}\r\n`,
    total * SHARES.msgtrk,
    (i) => {
      const event = ['RECEIVE', 'DELIVER', 'SEND'][i % 3]!
      const id = `<${Math.floor(i / 3)}.bench@acme.example>`
      return `${iso(DAY + i * 900)},10.0.1.21,EXMBX01,10.0.1.21,EXMBX01,08DE61A2B3C4D5E6;250 2.0.0 OK,EXMBX01\\Default EXMBX01,SMTP,${event},${38654705664001 + i},${id},${(i * 7919).toString(16).padStart(8, '0')}-5d3a-4f6b-8e1c-2a9d4f7b6e35,${user()}@acme.example,,${20000 + (i % 9000)},1,,,Weekly report ${i % 97},${user()}@acme.example,${user()}@acme.example,,Originating,,10.0.1.21,10.0.1.21,,Email,${id},15.02.1118.007`
    },
  )

  // EventHistory (Get-DatabaseEvent | fl at 120 columns): new mail and reads, and one ghost mail.
  const property = (name: string, value: string): string => `${name.padEnd(20)} : ${value}`
  const ghost = (k: number): boolean => k >= 500 && k < 503
  writeLines(
    path.join(dir, 'exmbx01', 'databaseevent.txt'),
    '\r\n\r\n',
    total * SHARES.eventHistory,
    (k) => {
      const names = ['ObjectCreated', 'MailSubmitted', 'ObjectDeleted']
      const name = ghost(k) ? names[k - 500]! : k % 2 === 0 ? 'NewMail' : 'ObjectModified'
      const t = ghost(k) ? DAY + 3_600_000 + (k - 500) * 150_000 : DAY + k * 4000
      const item = ghost(k) ? '000000007C2E9A41D05B4F6E8A1B3C5D7E9F0A2B0700E41A7C9B2D3F4E5A8B6C0D1E2F3A4B5C0000004B2E910000' : `000000007C2E9A41D05B4F6E8A1B3C5D7E9F0A2B0700E41A7C9B2D3F4E5A8B6C${k.toString(16).toUpperCase().padStart(12, '0')}0000`
      const d = new Date(t)
      const h = d.getUTCHours()
      const when = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`
      return [
        property('Counter', String(51860114 + k)),
        property('CreateTime', when),
        property('EventName', name),
        property('MailboxGuid', '3e9b1d47-6c2a-4f85-b0d3-8a7e5c4f1b26'),
        property('ItemEntryId', item),
        property('ClientCategory', ghost(k) ? 'OWA' : k % 2 === 0 ? 'Transport' : 'MOMT'),
        property('PrincipalName', ghost(k) ? 'ACME\\cmoreno' : `ACME\\${user()}`),
        property('Database', 'MBX-DB01'),
        '',
      ].join('\r\n')
    },
  )

  // Security log as wevtutil prints it: logons of everyone, failures, and "test" guessed at night.
  const securityEvent = (id: number, t: number, account: string, ip: string): string => {
    const failure = id === 4625
    return (
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>${id}</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>` +
      `<Keywords>${failure ? '0x8010000000000000' : '0x8020000000000000'}</Keywords><TimeCreated SystemTime='${iso(t)}'/><EventRecordID>1</EventRecordID><Correlation/><Execution ProcessID='532' ThreadID='1804'/><Channel>Security</Channel><Computer>EXCH01.acme.example</Computer><Security/></System>` +
      `<EventData><Data Name='TargetUserName'>${account}</Data><Data Name='TargetDomainName'>ACME</Data>${failure ? "<Data Name='Status'>0xc000006d</Data><Data Name='SubStatus'>0xc000006a</Data>" : ''}<Data Name='LogonType'>3</Data><Data Name='IpAddress'>${ip}</Data><Data Name='IpPort'>50101</Data></EventData></Event>`
    )
  }
  writeLines(path.join(dir, 'exch01', 'Security.xml'), '', total * SHARES.security, (i) => {
    if (i >= 1000 && i < 1030) return securityEvent(i < 1029 ? 4625 : 4624, DAY + 2 * 3_600_000 + (i - 1000) * 10_000, 'test', '203.0.113.7')
    return securityEvent(i % 40 === 0 ? 4625 : 4624, DAY + i * 4000, user(), `10.20.${i % 200}.${1 + (i % 250)}`)
  })
}

/** The context the bench investigates with. */
export const BENCH_CONTEXT = `time_zone: UTC
culture: en-US
business_hours: "mon-fri 08:00-19:00"
networks:
  internal: [10.0.0.0/8]
  vpn: [10.8.0.0/16]
endpoints:
  "owa.acme.example, 192.0.2.10": [owa, ecp, ews, autodiscover, mapi, activesync]
  "mobile.acme.example, 198.51.100.25": [activesync]
  "mobile2.acme.example, 198.51.100.26": [activesync]
deployed_browsers: [Chrome, Edge, IE]
`
