// SQL pieces the checks share: what the investigator asked to leave out (the context's ignore lists:
// accounts, addresses, user agents; health probes always), and the client apps that are doors into
// a mailbox or its administration.
import { emptyContext, type CaseContext } from '../../context/case-context.js'
import { knownValueSql } from '../../analysis/known-values.js'
import type { ClientApp } from '../../model/event.js'
import { bind } from './match-groups.js'

/** Client apps that read or send mail, or administer Exchange: what an attacker with a password uses. */
export const DOORS: readonly ClientApp[] = ['OWA', 'ECP', 'EWS', 'PowerShell', 'MAPI', 'RPC']

/** Private, loopback, link-local and unspecified IPv4 ranges: the organisation's own when the context names none. */
const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/8']

/**
 * SQL true when the address `ip` (VARCHAR) is one of the organisation's own (its networks, private
 * ranges), as AddressBook.isOwn says: the addresses of its published endpoints are not.
 */
export function ownAddressSql(ip: string, context: CaseContext, params: unknown[]): string {
  const networks: CaseContext = { ...emptyContext(), networks: { ...context.networks, internal: [...(context.networks.internal ?? []), ...PRIVATE_IPV4] } }
  const inside = knownValueSql('src_ip', ip, networks, {}, params) ?? 'false'
  const ipv6 = `(lower(${ip}) = '::1' OR regexp_matches(lower(${ip}), '^(fe[89ab][0-9a-f]|f[cd][0-9a-f]{2}):'))`
  const endpoints = context.endpoints.flatMap((e) => e.ips)
  const notEndpoint = endpoints.length === 0 ? 'true' : `${ip} NOT IN (${endpoints.map((a) => bind(params, a)).join(', ')})`
  return `(coalesce(${inside} OR ${ipv6}, false) AND ${notEndpoint})`
}

/** True for records of `events e` the context says to ignore; health probes are always ignored. */
export function ignoredSql(context: CaseContext, params: unknown[]): string {
  // Only the ignore lists count here: the networks, browsers and clients of the context are what
  // the checks compare with, not records to leave out.
  const ignoreOnly: CaseContext = { ...emptyContext(), ignore: context.ignore }
  const parts = [
    knownValueSql('user_key', 'e.user_key', ignoreOnly, {}, params),
    knownValueSql('src_ip', 'e.src_ip', ignoreOnly, {}, params),
    knownValueSql('user_agent', 'e.user_agent', ignoreOnly, {}, params),
    `e.client_app = 'HealthProbe'`,
  ].filter((p): p is string => p !== undefined)
  return `coalesce(${parts.map((p) => `(${p})`).join(' OR ')}, false)`
}
