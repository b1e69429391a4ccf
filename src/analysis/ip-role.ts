// What an address is to the organisation, from the case context when there is one: a published
// endpoint, a network of a role (vpn, internal, dmz, partners), else what its range says.
import ipaddr from 'ipaddr.js'
import { canonicalIp } from './value-kind.js'

/** What the context says about addresses, in the plain shape analysis needs (see cli/pivot.ts). */
export interface NetworkLabels {
  networks: ReadonlyArray<{ role: string; network: string }>
  endpoints: ReadonlyArray<{ name: string; hosts: readonly string[]; ips: readonly string[]; publishes: readonly string[] }>
}

export function endpointLabel(endpoint: NetworkLabels['endpoints'][number]): string {
  return `endpoint ${endpoint.name} (publishes ${endpoint.publishes.join(', ')})`
}

/**
 * What an address is to the organisation: a published endpoint, the most specific network of the
 * context (vpn inside internal is vpn), else what its range says (private, loopback, public...).
 */
export function ipRole(ip: string, labels?: NetworkLabels): string | undefined {
  const canonical = canonicalIp(ip)
  if (canonical === undefined) return undefined
  const address = ipaddr.parse(canonical)
  const endpoint = labels?.endpoints.find((e) => e.ips.some((a) => canonicalIp(a) === canonical))
  if (endpoint !== undefined) return endpointLabel(endpoint)
  let best: { role: string; bits: number } | undefined
  for (const { role, network } of labels?.networks ?? []) {
    const range = network.includes('/') ? ipaddr.parseCIDR(network) : ([ipaddr.parse(network), address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number])
    if (range[0].kind() !== address.kind() || !address.match(range)) continue
    if (best === undefined || range[1] > best.bits) best = { role, bits: range[1] }
  }
  if (best !== undefined) return best.role
  const range = address.range()
  switch (range) {
    case 'unicast':
    case 'reserved': // the documentation ranges (192.0.2/24, 198.51.100/24, 2001:db8::/32) stand for public ones
      return 'public'
    case 'linkLocal':
      return 'link-local'
    case 'carrierGradeNat':
      return 'cgnat'
    default:
      return range
  }
}

