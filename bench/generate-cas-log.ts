// A deterministic Exchange-CAS-style IIS log of a requested size: the OWA/EAS/EWS/MAPI mix of a
// working day, a few thousand users, the header block repeated as IIS does after restarts.
import fs from 'node:fs'

const HEADER_EVERY = 500_000

// Small, seeded and fast: the same bytes on every machine (mulberry32).
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const AGENTS = [
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/122.0.0.0+Safari/537.36',
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/122.0.0.0+Safari/537.36+Edg/122.0.2365.80',
  'Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17328;+Pro)',
  'Apple-iPhone14C5/2102.70',
  'Android-SAMSUNG-SM-G991B/101.100',
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0',
  'ExchangeServicesClient/15.00.0913.015',
]

export function generateCasLog(file: string, bytes: number): void {
  const next = random(20260311)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const fd = fs.openSync(file, 'w')
  const parts: string[] = []
  let written = 0
  let lines = 0
  let seconds = 0
  const header = (day: string): string =>
    `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${day} 00:00:00\r\n` +
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n'
  while (written < bytes) {
    const t = new Date(Date.UTC(2026, 2, 11) + seconds * 1000)
    const day = t.toISOString().slice(0, 10)
    if (lines % HEADER_EVERY === 0) parts.push(header(day))
    seconds += next() < 0.3 ? 1 : 0
    const user = `user${Math.floor(next() * 3000)}`
    const kind = next()
    const server = next() < 0.5 ? '10.0.1.11' : '10.0.1.12'
    const client = `10.${8 + Math.floor(next() * 3)}.${Math.floor(next() * 255)}.${1 + Math.floor(next() * 253)}`
    const time = t.toISOString().slice(11, 19)
    let line: string
    if (kind < 0.3) {
      const cmd = pick(['Sync', 'Ping', 'FolderSync', 'SendMail', 'ItemOperations'])
      line = `${day} ${time} ${server} POST /Microsoft-Server-ActiveSync/default.eas User=${user}&DeviceId=DEV${Math.floor(next() * 1e9)}&DeviceType=${pick(['iPhone', 'Android', 'SAMSUNGSMG991B'])}&Cmd=${cmd}&Log=V161_Fc1_Fid:1_Ty:Em_Filt:0_Sync:1_Rt:${Math.floor(next() * 900)}ms 443 ACME\\${user} 198.51.100.25 ${pick(AGENTS.slice(3, 5))} - 200 0 0 ${Math.floor(next() * 480000)}`
    } else if (kind < 0.55) {
      const action = pick(['GetItem', 'FindItem', 'FindFolder', 'CreateItem', 'GetConversationItems', 'UpdateItem'])
      line = `${day} ${time} ${server} POST /owa/service.svc action=${action}&UA=0&ID=-${Math.floor(next() * 99)}&AC=1 443 ${user}@acme.example ${client} ${pick(AGENTS.slice(0, 2))} https://mail.acme.example/owa/ 200 0 0 ${Math.floor(next() * 300)}`
    } else if (kind < 0.75) {
      line = `${day} ${time} ${server} POST /mapi/emsmdb/ mailboxId=${Math.floor(next() * 1e12).toString(16)}@acme.example&smtpAddress=${user}@acme.example 443 ACME\\${user} ${client} ${AGENTS[2]} - 200 0 0 ${Math.floor(next() * 120)}`
    } else if (kind < 0.88) {
      line = `${day} ${time} ${server} POST /EWS/Exchange.asmx - 443 ACME\\${user} ${client} ${AGENTS[6]} - ${pick([200, 200, 200, 401])} 0 0 ${Math.floor(next() * 90)}`
    } else if (kind < 0.94) {
      line = `${day} ${time} ${server} POST /Autodiscover/Autodiscover.xml - 443 ${user}@acme.example ${client} ${AGENTS[2]} - 200 0 0 ${Math.floor(next() * 40)}`
    } else if (kind < 0.97) {
      line = `${day} ${time} 127.0.0.1 GET /owa/healthcheck.htm - 443 - 127.0.0.1 AMProbe/Local/ClientAccess - 200 0 0 2`
    } else {
      line = `${day} ${time} ${server} GET /owa/auth/logon.aspx replaceCurrent=1&url=https%3a%2f%2fmail.acme.example%2fowa%2f 443 - ${client} ${pick(AGENTS)} - ${pick([200, 302, 440])} 0 0 ${Math.floor(next() * 30)}`
    }
    parts.push(`${line}\r\n`)
    written += line.length + 2
    lines++
    if (parts.length >= 10_000) {
      fs.writeSync(fd, parts.join(''))
      parts.length = 0
    }
  }
  fs.writeSync(fd, parts.join(''))
  fs.closeSync(fd)
}
