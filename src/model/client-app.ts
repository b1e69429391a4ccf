// Which Exchange client application a request went to, from its URL path (IIS, HttpProxy).
import type { ClientApp } from './event.js'

// Ordered: the first prefix that matches wins. Compared lower-case. (Also used by the SQL of bulk loads.)
export const CLIENT_APP_PREFIXES: ReadonlyArray<readonly [string, ClientApp]> = [
  ['/microsoft-server-activesync', 'EAS'],
  ['/owa', 'OWA'],
  ['/ecp', 'ECP'],
  ['/ews', 'EWS'],
  ['/mapi', 'MAPI'],
  ['/rpc', 'RPC'],
  ['/autodiscover', 'Autodiscover'],
  ['/oab', 'OAB'],
  ['/powershell', 'PowerShell'],
  ['/psh', 'PowerShell'],
]

// Managed Availability probes of Exchange and load-balancer health checks.
export const PROBE_USER_AGENT_PATTERN = 'AMProbe|ActiveMonitoring|MSEXCHMON|HealthMailbox|KEMP|F5-Monitor|BIG-IP'
const PROBE_USER_AGENT = new RegExp(PROBE_USER_AGENT_PATTERN, 'i')

export function classifyClientApp(path: string | undefined, userAgent?: string): ClientApp | undefined {
  if (path === undefined || path === '') return undefined
  const lower = path.toLowerCase()
  if (lower.endsWith('/healthcheck.htm') || (userAgent !== undefined && PROBE_USER_AGENT.test(userAgent))) {
    return 'HealthProbe'
  }
  for (const [prefix, app] of CLIENT_APP_PREFIXES) {
    const next = lower.charCodeAt(prefix.length)
    // "/owa", "/owa/...", "/owa.aspx" but not "/owasp"
    if (lower.startsWith(prefix) && (Number.isNaN(next) || next === 0x2f || next === 0x2e)) return app
  }
  return 'Other'
}

// Exchange's own names for the client behind a store operation: ClientType in message tracking's
// source-context, ClientCategory in the store's EventHistory, `Client=` in audit ClientInfoString
// (MOMT: Outlook over MAPI; AirSync: ActiveSync).
const CLIENT_TYPES: ReadonlyMap<string, ClientApp> = new Map<string, ClientApp>([
  ['owa', 'OWA'],
  ['airsync', 'EAS'],
  ['activesync', 'EAS'],
  ['eas', 'EAS'],
  ['ews', 'EWS'],
  ['webservices', 'EWS'],
  ['momt', 'MAPI'],
  ['mapi', 'MAPI'],
  ['msexchangerpc', 'MAPI'],
  ['outlook', 'MAPI'],
  ['ropinvoke', 'MAPI'],
  ['rpchttp', 'RPC'],
  ['powershell', 'PowerShell'],
  ['management', 'PowerShell'],
  ['ecp', 'ECP'],
  ['transport', 'SMTP'],
])

export function clientAppOfClientType(name: string): ClientApp {
  return CLIENT_TYPES.get(name.trim().toLowerCase()) ?? 'Other'
}
