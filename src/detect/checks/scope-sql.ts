// SQL pieces the checks share: what the investigator asked to leave out (the context's ignore lists:
// accounts, addresses, user agents; health probes always), and the client apps that are doors into
// a mailbox or its administration.
import { emptyContext, type CaseContext } from '../../context/case-context.js'
import { knownValueSql } from '../../analysis/known-values.js'
import type { ClientApp } from '../../model/event.js'

/** Client apps that read or send mail, or administer Exchange: what an attacker with a password uses. */
export const DOORS: readonly ClientApp[] = ['OWA', 'ECP', 'EWS', 'PowerShell', 'MAPI', 'RPC']

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
