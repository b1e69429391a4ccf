// What an address or a host name is to the organisation, for detection: one of its own networks
// (the context's internal, vpn, dmz and partners networks, or any private range when the context
// names none), one of its published endpoints, or the outside world. Queries aggregate in SQL and
// classify the few distinct addresses that come back here, with the same rules as `exhunt pivot`.
import type { CaseContext, Endpoint } from '../context/case-context.js'
import { ipRole, type NetworkLabels } from '../analysis/ip-role.js'
import { canonicalIp } from '../analysis/value-kind.js'

/** Roles of addresses the organisation answers for: never an outside attacker by themselves. */
const OWN_ROLES = new Set(['internal', 'vpn', 'dmz', 'partners', 'private', 'loopback', 'link-local', 'uniqueLocal', 'unspecified'])

export interface PublishedEndpoint {
  /** Its first host name (else its first address), as the findings name it. */
  name: string
  hosts: readonly string[]
  ips: readonly string[]
  publishes: readonly string[]
}

export class AddressBook {
  readonly endpoints: readonly PublishedEndpoint[]
  readonly #labels: NetworkLabels
  readonly #roles = new Map<string, string>()

  constructor(context: CaseContext) {
    this.endpoints = context.endpoints.map(publishedEndpoint)
    const networks = Object.entries(context.networks).flatMap(([role, list]) => (list ?? []).map((network) => ({ role, network })))
    this.#labels = { networks, endpoints: this.endpoints }
  }

  /** vpn, internal, endpoint <name> (publishes ...), private, public... (undefined for what is not an IP). */
  role(ip: string): string | undefined {
    let role = this.#roles.get(ip)
    if (role === undefined) {
      role = ipRole(ip, this.#labels) ?? 'not an address'
      this.#roles.set(ip, role)
    }
    return role === 'not an address' ? undefined : role
  }

  /** One of the organisation's own networks (or a private range): a source that is not an outsider. */
  isOwn(ip: string | null | undefined): boolean {
    if (ip === null || ip === undefined) return false
    const role = this.role(ip)
    return role !== undefined && OWN_ROLES.has(role)
  }

  /** The published endpoint an address or host name belongs to. */
  endpointOf(addressOrHost: string): PublishedEndpoint | undefined {
    const ip = canonicalIp(addressOrHost)
    const host = addressOrHost.toLowerCase()
    return this.endpoints.find((e) => (ip !== undefined ? e.ips.some((a) => canonicalIp(a) === ip) : e.hosts.includes(host)))
  }
}

function publishedEndpoint(endpoint: Endpoint): PublishedEndpoint {
  return { name: endpoint.hosts[0] ?? endpoint.ips[0] ?? '?', hosts: endpoint.hosts, ips: endpoint.ips, publishes: [...endpoint.publishes] }
}
