// One outside address reaching several accounts (password spraying, or an attacker working through a
// list of stolen passwords), and one account used from many outside addresses (a taken-over account
// shared or sold). Logon attempts are the Security log's logons and failures (4624/4625, 528-540),
// Exchange SMTP AUTH, and requests to OWA, ECP, EWS, PowerShell, MAPI and RPC that carry an account
// (401 and above: a failure). ActiveSync is left out: a publication's reverse proxy hands every phone
// of the organisation the same address. Addresses of the organisation's own networks (the context's,
// or private ranges) are never counted: they are not outsiders.
import type { CaseContext } from '../../context/case-context.js'
import type { Store } from '../../store/store.js'
import type { Finding } from '../finding.js'
import { AddressBook } from './address-book.js'
import type { Check } from './check.js'
import { bindList, findingOf, matchGroups } from './match-groups.js'
import { DOORS, ignoredSql, ownAddressSql } from './scope-sql.js'

const ID = 'exhunt-account-spread'
/** Accounts failed (or used) from one outside address that make it a spray. */
export const SPRAY_ACCOUNTS = 3
/** Outside addresses one account logged in from that make it shared or taken over. */
export const TAKEOVER_SOURCES = 5

export const accountSpreadCheck: Check = {
  id: ID,
  title: 'One outside address reaching several accounts, or one account from many outside addresses',
  description:
    'Logon attempts (Security log logons and failures, Exchange SMTP AUTH, OWA/ECP/EWS/PowerShell/MAPI/RPC requests with ' +
    "an account; not ActiveSync, whose publication hands every phone one address) from outside the organisation's networks. " +
    'An address that failed on 3 or more accounts is a spray: high when one of them then logged in from it, low when none ' +
    'did (an Internet scanner). An address that logged in as 3 or more accounts is medium. An account that logged in from ' +
    '5 or more outside addresses is medium.',
  references: ['https://attack.mitre.org/techniques/T1110/003/', 'https://attack.mitre.org/techniques/T1078/', '../shared/seeds/001_2eece37cd23f322d.txt'],
  level: 'high',
  async run(store: Store, context: CaseContext): Promise<Finding[]> {
    const book = new AddressBook(context)
    const attempts = (params: unknown[]): string => attemptsSql(context, params)
    const p1: unknown[] = []
    const bySource = await store.query(
      `WITH ${attempts(p1)}
       SELECT src_ip AS ip,
         list(DISTINCT user_key ORDER BY user_key) FILTER (WHERE outcome = 'failure') AS failed,
         list(DISTINCT user_key ORDER BY user_key) FILTER (WHERE outcome = 'success') AS succeeded
       FROM attempts WHERE NOT ${ownAddressSql('src_ip', context, p1)} GROUP BY src_ip
       HAVING count(DISTINCT user_key) FILTER (WHERE outcome = 'failure') >= ${SPRAY_ACCOUNTS}
         OR count(DISTINCT user_key) FILTER (WHERE outcome = 'success') >= ${SPRAY_ACCOUNTS}`,
      p1,
    )
    const sources = new Map(
      bySource
        .filter((r) => !book.isOwn(String(r.ip)))
        .map((r) => [String(r.ip), { failed: (r.failed as string[] | null) ?? [], succeeded: (r.succeeded as string[] | null) ?? [] }]),
    )
    const p2: unknown[] = []
    const byAccount = await store.query(
      `WITH ${attempts(p2)} SELECT user_key, list(DISTINCT src_ip ORDER BY src_ip) AS ips FROM attempts
       WHERE outcome = 'success' AND NOT ${ownAddressSql('src_ip', context, p2)}
       GROUP BY user_key HAVING count(DISTINCT src_ip) >= ${TAKEOVER_SOURCES}`,
      p2,
    )
    const outsideSources = new Map(byAccount.map((r) => [String(r.user_key), (r.ips as string[]).filter((ip) => !book.isOwn(ip))]))
    const takenOver = [...outsideSources].filter(([, ips]) => ips.length >= TAKEOVER_SOURCES)
    if (sources.size === 0 && takenOver.length === 0) return []

    const params: unknown[] = []
    const parts: string[] = []
    if (sources.size > 0) {
      parts.push(`SELECT 'source|' || src_ip AS grp, user_key, src_ip, endpoint, outcome AS detail, ts, file_id, line FROM attempts WHERE src_ip IN ${bindList(params, [...sources.keys()])}`)
    }
    for (const [user, ips] of takenOver) {
      parts.push(
        `SELECT 'account|' || user_key, user_key, src_ip, endpoint, outcome, ts, file_id, line FROM attempts
         WHERE outcome = 'success' AND user_key = ${bindList(params, [user])} AND src_ip IN ${bindList(params, ips)}`,
      )
    }
    const groups = await matchGroups(store, `WITH ${attempts(params)} ${parts.join(' UNION ALL ')}`, params)
    return groups.map((group) => {
      const [kind, value] = [group.key.slice(0, group.key.indexOf('|')), group.key.slice(group.key.indexOf('|') + 1)]
      if (kind === 'account') {
        return findingOf(ID, group, { severity: 'medium', title: `${value} logged in from ${group.ips.length} outside addresses`, users: [value] })
      }
      const { failed, succeeded } = sources.get(value)!
      if (failed.length >= SPRAY_ACCOUNTS && succeeded.length > 0) {
        return findingOf(ID, group, { severity: 'high', title: `${value} failed on ${failed.length} accounts, then logged in as ${succeeded.join(', ')}`, users: succeeded })
      }
      if (failed.length >= SPRAY_ACCOUNTS) {
        return findingOf(ID, group, { severity: 'low', title: `${value} failed on ${failed.length} accounts and never got in`, users: [] })
      }
      return findingOf(ID, group, { severity: 'medium', title: `${value} logged in as ${succeeded.length} accounts: ${succeeded.join(', ')}`, users: succeeded })
    })
  },
}

/** The CTE `attempts`: one row per logon attempt with an account and a source address, and its outcome. */
function attemptsSql(context: CaseContext, params: unknown[]): string {
  return `attempts AS (
    SELECT e.src_ip, e.user_key, e.ts, e.file_id, e.line, coalesce(lower(e.dst_host), e.host_name) AS endpoint,
      CASE WHEN e.dataset IN ('iis', 'httpproxy') THEN CASE WHEN e.http_status >= 400 THEN 'failure' ELSE 'success' END
           WHEN e.outcome IN ('success', 'failure') THEN e.outcome END AS outcome
    FROM events e
    WHERE e.user_key IS NOT NULL AND e.src_ip IS NOT NULL AND e.user_key NOT LIKE '%$' AND NOT ${ignoredSql(context, params)}
      AND ((e.dataset = 'winevt' AND e.action IN ('logon', 'logon-failed'))
        OR (e.dataset = 'smtp_receive' AND e.action IN ('authenticated', 'AUTH failed'))
        OR (e.dataset IN ('iis', 'httpproxy') AND e.client_app IN ${bindList(params, DOORS)}))
  )`
}
