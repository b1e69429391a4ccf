// What counts as known (normal) for a field, from the case context and a baseline file, as SQL
// over a field's value: the organisation's networks and scanners, its own endpoints, deployed
// browsers and clients, health probes, ignored accounts and user agents. Stripping the known is how
// the first investigators found the attacker: what is left is what nobody expected.
import ipaddr from 'ipaddr.js'
import type { CaseContext } from '../context/case-context.js'
import { ipv4NumberSql, octetPrefix } from './where.js'
import { bindParam } from '../store/sql-quote.js'

/** Values known per field, from a baseline file: `field: [value, pattern*, ...]`. */
export type Baseline = Readonly<Record<string, readonly string[]>>

const IP_FIELDS = new Set(['src_ip', 'dst_ip'])

/** The IPv4 networks and addresses as first/last integers (IPv6 ones are compared as text). */
function ipv4Ranges(networks: readonly string[]): Array<[number, number]> {
  return networks.flatMap((n) => {
    const [address, bits] = n.includes('/') ? ipaddr.parseCIDR(n) : [ipaddr.parse(n), ipaddr.parse(n).kind() === 'ipv4' ? 32 : 128]
    if (address.kind() !== 'ipv4') return []
    const base = (address as ipaddr.IPv4).toByteArray().reduce((a, b) => a * 256 + b, 0)
    const size = 2 ** (32 - bits)
    const first = Math.floor(base / size) * size
    return [[first, first + size - 1] as [number, number]]
  })
}

/** SQL that is true when `value` (a VARCHAR expression) is known for `field`; undefined when nothing is. */
export function knownValueSql(field: string, value: string, context: CaseContext, baseline: Baseline, params: unknown[]): string | undefined {
  const param = (v: unknown): string => bindParam(params, v)
  const globs = (patterns: readonly string[]): string[] =>
    patterns.map((p) => `${value} ILIKE ${param(p.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_').replaceAll('*', '%'))} ESCAPE '\\'`)
  const parts: string[] = []
  const inNetworks = (ip: string, networks: readonly string[]): void => {
    // Networks on an octet boundary (/8, /16, /24, /32) are a text prefix of the address: far
    // cheaper than the address as a number, on the hundred thousand addresses of a big case.
    const byOctets = networks.map(octetPrefix)
    const prefixes = byOctets.filter((p) => p !== undefined)
    for (const prefix of prefixes) parts.push(`starts_with(${ip} || '.', ${param(prefix)})`)
    const number = ipv4NumberSql(ip)
    for (const [first, last] of ipv4Ranges(networks.filter((_, i) => byOctets[i] === undefined))) parts.push(`${number} BETWEEN ${param(first)} AND ${param(last)}`)
    const exact = networks.filter((n) => !n.includes('/') && ipaddr.isValid(n) && ipaddr.parse(n).kind() === 'ipv6')
    if (exact.length > 0) parts.push(`lower(${ip}) IN (${exact.map((n) => param(n.toLowerCase())).join(', ')})`)
  }
  const ownNetworks = [...Object.values(context.networks).flat(), ...context.ignore.ips]
  if (IP_FIELDS.has(field)) inNetworks(value, field === 'dst_ip' ? [...ownNetworks, ...context.endpoints.flatMap((e) => e.ips)] : ownNetworks)
  if (field === 'src_subnet') inNetworks(`split_part(${value}, '/', 1)`, ownNetworks)
  if (field === 'user_key' || field === 'user_name') parts.push(...globs(context.ignore.accounts))
  if (field === 'dst_host') {
    const hosts = context.endpoints.flatMap((e) => e.hosts)
    if (hosts.length > 0) parts.push(`lower(${value}) IN (${hosts.map((h) => param(h)).join(', ')})`)
  }
  const browsers = context.deployedBrowsers.map((b) => b.toLowerCase())
  const clients = knownClientKinds(context)
  if (field === 'ua.family') {
    if (browsers.length > 0) parts.push(`lower(${value}) IN (${browsers.map((b) => param(b)).join(', ')})`)
    // The family of a deployed client (Outlook, the phones' mail apps) is as expected as the client.
    parts.push(`${value} IN (SELECT family FROM user_agents WHERE client IN (${clients.map((c) => param(c)).join(', ')}))`)
  }
  if (field === 'ua.client') parts.push(`${value} IN (${clients.map((c) => param(c)).join(', ')})`)
  if (field === 'client_app') parts.push(`${value} = 'HealthProbe'`)
  if (field === 'user_agent') {
    parts.push(...globs(context.ignore.userAgents))
    const families = browsers.length === 0 ? 'false' : `lower(family) IN (${browsers.map((b) => param(b)).join(', ')})`
    parts.push(`${value} IN (SELECT user_agent FROM user_agents WHERE ${families} OR client IN (${clients.map((c) => param(c)).join(', ')}))`)
  }
  const listed = baseline[field]
  if (listed !== undefined && listed.length > 0) parts.push(...globs(listed))
  return parts.length === 0 ? undefined : `coalesce(${parts.map((p) => `(${p})`).join(' OR ')}, false)`
}

// Health probes are always expected; deployed clients as the context names them.
function knownClientKinds(context: CaseContext): string[] {
  const kinds = new Set(['HealthProbe'])
  for (const client of context.deployedClients.map((c) => c.toLowerCase())) {
    if (client.includes('outlook')) kinds.add('Outlook')
    if (client.includes('activesync') || client.includes('mobile') || client.includes('phone')) kinds.add('ActiveSync device')
    if (client.includes('exchange')) kinds.add('Exchange')
  }
  return [...kinds]
}

/** Whether anything at all is known: without it, strip can only hide single-valued fields. */
export function knowsAnything(context: CaseContext, baseline: Baseline): boolean {
  return (
    Object.keys(context.networks).length > 0 ||
    context.endpoints.length > 0 ||
    context.deployedBrowsers.length > 0 ||
    context.deployedClients.length > 0 ||
    context.ignore.accounts.length + context.ignore.ips.length + context.ignore.userAgents.length > 0 ||
    Object.keys(baseline).length > 0
  )
}
