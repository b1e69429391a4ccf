// What a user agent says about the client: its family (Firefox, Outlook, an ActiveSync phone...),
// version, OS and device (ua-parser-js), and which kind of Exchange client it is. The first
// investigators' clue was a family nobody deploys: this is what makes a family stackable.
import { UAParser } from 'ua-parser-js'
import { PROBE_USER_AGENT_PATTERN } from './client-app.js'

export const CLIENT_KINDS = ['Browser', 'Outlook', 'ActiveSync device', 'HealthProbe', 'Exchange', 'Tool', 'Other'] as const
export type ClientKind = (typeof CLIENT_KINDS)[number]

export interface UserAgentClass {
  family: string
  version?: string
  os?: string
  device?: string
  client: ClientKind
}

const PROBE = new RegExp(PROBE_USER_AGENT_PATTERN, 'i')
// Outlook for Windows/Mac (MAPI, RPC/HTTP, EWS) and Outlook mobile.
const OUTLOOK = /Microsoft Outlook|Microsoft Office\/|MSRPC|MacOutlook|Outlook-iOS|Outlook-Android|Outlook-Windows/i
// Native mail apps speaking ActiveSync name their device first: Apple-iPhone14C5/2102.70, Android-SAMSUNG-SM-G991B/101.100.
const ACTIVESYNC = /^(Apple-(iPhone|iPad|iPod)|Android-|SAMSUNG-|MOTOROLA-|HTC-|Huawei|WindowsMail|TouchDown|NineMail|Nine\/|BlackBerry|MobileSync|Microsoft-Server-ActiveSync)/i
const EXCHANGE = /Microsoft\.Exchange|ExchangeServicesClient|MSExchange|ExchangeWebServices|Microsoft Exchange/i
const TOOL = /^(curl|Wget|python[\w-]*|Go-http-client|okhttp|Java|libwww-perl|PowerShell|WindowsPowerShell)\b/i
// Scanners and attack tools hide behind a browser-like prefix ("Mozilla/5.0 zgrab/0.x"): named anywhere.
const SCANNER = /\b(zgrab|Nmap|masscan|Nuclei|sqlmap|Ruler|MailSniper|Nikto|WPScan|Hydra)\b/i

export function classifyUserAgent(userAgent: string): UserAgentClass {
  const parsed = new UAParser(userAgent).getResult()
  const os = [parsed.os.name, parsed.os.version].filter((s) => s !== undefined && s !== '').join(' ')
  const device = [parsed.device.vendor, parsed.device.model].filter((s) => s !== undefined && s !== '').join(' ') || parsed.device.type
  const base = { ...(os === '' ? {} : { os }), ...(device === undefined || device === '' ? {} : { device }) }
  const product = /^[^/\s;(]+/.exec(userAgent)?.[0] ?? userAgent
  if (PROBE.test(userAgent)) return { ...base, family: product, client: 'HealthProbe' }
  if (OUTLOOK.test(userAgent)) {
    const v = /Outlook(?:-iOS|-Android)?[ /]([\d.]*\d)/i.exec(userAgent)?.[1] ?? /Office\/([\d.]*\d)/.exec(userAgent)?.[1]
    return { ...base, family: 'Outlook', ...version(v), client: 'Outlook' }
  }
  if (ACTIVESYNC.test(userAgent)) {
    // The phone's own mail app: one family per platform, the model stays in `device`.
    const family = /^Apple-/i.test(userAgent) ? 'iOS Mail' : /^Android-/i.test(userAgent) ? 'Android Mail' : product.replace(/\/.*$/, '')
    return { ...base, family, device: base.device ?? product.replace(/\/.*$/, ''), ...version(/\/([\d.]*\d)/.exec(userAgent)?.[1]), client: 'ActiveSync device' }
  }
  if (EXCHANGE.test(userAgent)) return { ...base, family: product, client: 'Exchange' }
  const scanner = SCANNER.exec(userAgent)?.[1]
  if (scanner !== undefined) return { ...base, family: scanner, client: 'Tool' }
  if (TOOL.test(userAgent)) return { ...base, family: product, ...version(/\/([\d.]*\d)/.exec(userAgent)?.[1]), client: 'Tool' }
  if (parsed.browser.name !== undefined) return { ...base, family: parsed.browser.name, ...version(parsed.browser.version), client: 'Browser' }
  return { ...base, family: product, client: 'Other' }
}

function version(v: string | undefined): { version?: string } {
  return v === undefined || v === '' ? {} : { version: v }
}
