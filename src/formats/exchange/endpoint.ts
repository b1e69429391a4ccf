// An address and port as Exchange logs write them: '10.11.12.13:25', '[2001:db8::9]:50999',
// 'fe80::1%3' (IPv6 with a zone and no port) or a bare IPv4 address.

export interface Endpoint {
  ip?: string
  port?: number
}

const NO_ENDPOINT: Endpoint = Object.freeze({})

export function splitEndpoint(value: string | undefined): Endpoint {
  if (value === undefined || value === '') return NO_ENDPOINT
  if (value.charCodeAt(0) === 91 /* [ */) {
    const close = value.indexOf(']')
    if (close > 1) {
      const ip = value.slice(1, close)
      const port = value.charCodeAt(close + 1) === 58 ? portOf(value, close + 2) : undefined
      return port === undefined ? { ip } : { ip, port }
    }
    return { ip: value }
  }
  const colon = value.indexOf(':')
  if (colon === -1 || value.indexOf(':', colon + 1) !== -1) return { ip: value } // IPv4 alone, or IPv6 without brackets
  const port = portOf(value, colon + 1)
  return port === undefined ? { ip: value } : { ip: value.slice(0, colon), port }
}

function portOf(text: string, start: number): number | undefined {
  const n = text.length
  if (start >= n || n - start > 5) return undefined
  let port = 0
  for (let i = start; i < n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return undefined
    port = port * 10 + d
  }
  return port <= 65535 ? port : undefined
}
