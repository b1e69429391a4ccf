// Which Exchange client application a request went to, from its URL path (IIS, HttpProxy).
import type { ClientApp } from './event.js'

// Ordered: the first prefix that matches wins. Compared lower-case.
const PATH_PREFIXES: ReadonlyArray<readonly [string, ClientApp]> = [
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
const PROBE_USER_AGENT = /AMProbe|ActiveMonitoring|MSEXCHMON|HealthMailbox|KEMP|F5-Monitor|BIG-IP/i

export function classifyClientApp(path: string | undefined, userAgent?: string): ClientApp | undefined {
  if (path === undefined || path === '') return undefined
  const lower = path.toLowerCase()
  if (lower.endsWith('/healthcheck.htm') || (userAgent !== undefined && PROBE_USER_AGENT.test(userAgent))) {
    return 'HealthProbe'
  }
  for (const [prefix, app] of PATH_PREFIXES) {
    const next = lower.charCodeAt(prefix.length)
    // "/owa", "/owa/...", "/owa.aspx" but not "/owasp"
    if (lower.startsWith(prefix) && (Number.isNaN(next) || next === 0x2f || next === 0x2e)) return app
  }
  return 'Other'
}
