// Authenticated SMTP relay: the second seed story. A server that refuses to relay for strangers still
// relays for anyone who authenticates, so one guessed password (a forgotten "test" account) turned
// it into a spam cannon at night. Sessions are read from the IIS SMTP service's logs (Exchange
// 2000/2003) and Exchange's SMTP Receive protocol logs: a session relays when it authenticated (235)
// and named recipients outside the organisation's domains, from a client outside its networks.
//
// The organisation's domains are the parent domains of the context's endpoints, the domains the
// server accepted mail for from clients that did not authenticate (a mail exchanger takes only its
// own domains from strangers), and those message tracking delivered to mailboxes. The IIS SMTP log
// does not name the account: it is the account of the Windows logons (Security log) from the same
// address while the session lasted.
//
// Two findings per relaying client: the relay itself (medium from BULK_RECIPIENTS outside recipients,
// else low: someone sending from home or a hotel through authenticated SMTP is not an incident), and
// its volume outside business hours (high from OFF_HOURS_RECIPIENTS, the story's "11:00pm to 3:00am").
import type { CaseContext } from '../../context/case-context.js'
import type { Store } from '../../store/store.js'
import type { Finding } from '../finding.js'
import { AddressBook } from '../address-book.js'
import { businessHoursOf, describeHours, outsideHoursSql } from './business-hours.js'
import type { Check } from './check.js'
import { bind, bindList, findingOf, matchGroups, type MatchGroup } from './match-groups.js'
import { ignoredSql } from './scope-sql.js'

const ID = 'exhunt-smtp-relay'
/** Outside recipients from one client that make a relay bulk (medium). */
export const BULK_RECIPIENTS = 20
/** Outside recipients outside business hours from one client that make it an incident (high). */
export const OFF_HOURS_RECIPIENTS = 10
/** How far from a session a Windows logon from the same address may be to name its account. */
const LOGON_SLACK = 'INTERVAL 2 MINUTE'

export const smtpRelayCheck: Check = {
  id: ID,
  title: 'Authenticated SMTP relay to outside domains by an outside client, and its volume outside business hours',
  description:
    'SMTP sessions (IIS SMTP service logs, Exchange SMTP Receive logs) that authenticated and named recipients outside the ' +
    "organisation's domains, from a client outside its networks. The account is the session's own, or the Windows logon " +
    'from the same address during the session. Per client: the relay (medium from 20 outside recipients, low below: people ' +
    'send from home), and the outside recipients sent outside business_hours (high from 10; without business_hours in the ' +
    'context, mon-fri 08:00-18:00 in its time zone is assumed).',
  references: [
    '../shared/seeds/001_2eece37cd23f322d.txt',
    'https://learn.microsoft.com/en-us/previous-versions/tn-archive/bb124151(v=exchg.65)',
    'https://attack.mitre.org/techniques/T1078/',
  ],
  level: 'high',
  async run(store: Store, context: CaseContext): Promise<Finding[]> {
    const book = new AddressBook(context)
    const domains = await organisationDomains(store, book)
    const hours = businessHoursOf(context)
    const sessions = (params: unknown[]): string => relaySessionsSql(domains, ignoredSql(context, params), params)
    const first: unknown[] = []
    const clients = await store.query(`WITH ${sessions(first)} SELECT DISTINCT ip FROM relay`, first)
    const outside = clients.map((r) => String(r.ip)).filter((ip) => !book.isOwn(ip))
    if (outside.length === 0) return []
    const params: unknown[] = []
    const relay = sessions(params)
    const clientsOutside = bindList(params, outside)
    const groups = await matchGroups(
      store,
      `WITH ${relay}
       SELECT r.ip || '|' || CASE WHEN ${outsideHoursSql('r.start', hours, params)} THEN 'off' ELSE 'on' END AS grp,
         r.user_key, e.src_ip, e.host_name AS endpoint, NULL AS detail, e.ts, e.file_id, e.line
       FROM relay r JOIN events e ON e.session_id = r.session AND e.dataset = r.dataset
       WHERE r.ip IN ${clientsOutside}
       UNION ALL
       SELECT DISTINCT r.ip || '|' || CASE WHEN ${outsideHoursSql('e.ts', hours, params)} THEN 'off' ELSE 'on' END, e.user_key, e.src_ip, e.host_name, NULL, e.ts, e.file_id, e.line
       FROM relay r JOIN logons e ON e.src_ip = r.ip AND e.ts BETWEEN r.start - ${LOGON_SLACK} AND r.stop + ${LOGON_SLACK}
       WHERE r.ip IN ${clientsOutside}`,
      params,
    )
    const counts: unknown[] = []
    const rows = await store.query(
      `WITH ${sessions(counts)}
       SELECT ip, count(*) AS sessions, sum(recipients) FILTER (WHERE ${outsideHoursSql('start', hours, counts)}) AS off_hours, sum(recipients) AS recipients
       FROM relay WHERE ip IN ${bindList(counts, outside)} GROUP BY ip ORDER BY ip`,
      counts,
    )
    const recipients = new Map(rows.map((r) => [String(r.ip), { total: Number(r.recipients), off: Number(r.off_hours ?? 0), sessions: Number(r.sessions) }]))
    return findingsOf(groups, recipients, describeHours(hours))
  },
}

/** The CTEs `logons` and `relay`: one row per relaying session (client, times, account, outside recipients). */
function relaySessionsSql(domains: readonly string[], ignored: string, params: unknown[]): string {
  return `logons AS (
      SELECT e.user_key, e.src_ip, e.host_name, e.ts, e.file_id, e.line FROM events e
      WHERE e.dataset = 'winevt' AND e.action = 'logon' AND e.outcome = 'success' AND e.user_key IS NOT NULL AND e.src_ip IS NOT NULL
    ),
    s AS (
      SELECT e.dataset, e.session_id AS session, any_value(e.src_ip) AS ip, min(e.ts) AS start, max(e.ts) AS stop,
        max(e.user_key) FILTER (WHERE coalesce(e.outcome, '') <> 'failure') AS own_user
      FROM events e
      WHERE e.dataset IN ('iis_smtp', 'smtp_receive') AND e.direction = 'inbound' AND e.session_id IS NOT NULL AND NOT ${ignored}
      GROUP BY ALL HAVING bool_or(e.event_code = '235')
    ),
    rc AS (
      SELECT e.dataset, e.session_id AS session, count(*) AS recipients FROM (
        SELECT e.dataset, e.session_id, lower(split_part(unnest(e.recipients), '@', 2)) AS domain
        FROM events e WHERE e.dataset IN ('iis_smtp', 'smtp_receive') AND e.action = 'RCPT' AND coalesce(e.outcome, '') <> 'failure'
      ) e
      WHERE e.domain <> '' AND ${domains.length === 0 ? 'true' : `e.domain NOT IN ${bindList(params, domains)}`}
      GROUP BY ALL
    ),
    relay AS (
      SELECT s.dataset, s.session, s.ip, s.start, s.stop, rc.recipients,
        coalesce(s.own_user, (SELECT max(l.user_key) FROM logons l WHERE l.src_ip = s.ip AND l.ts BETWEEN s.start - ${LOGON_SLACK} AND s.stop + ${LOGON_SLACK})) AS user_key
      FROM s JOIN rc USING (dataset, session)
    )`
}

interface Recipients {
  total: number
  off: number
  sessions: number
}

function findingsOf(groups: readonly MatchGroup[], recipients: Map<string, Recipients>, hours: string): Finding[] {
  const findings: Finding[] = []
  for (const [ip, count] of recipients) {
    const on = groups.find((g) => g.key === `${ip}|on`)
    const off = groups.find((g) => g.key === `${ip}|off`)
    const all = mergeGroups(ip, [on, off].filter((g): g is MatchGroup => g !== undefined))
    const total = count.total
    const accounts = all.users.length === 0 ? 'account unknown' : `as ${all.users.join(', ')}`
    findings.push(
      findingOf(ID, all, {
        severity: total >= BULK_RECIPIENTS ? 'medium' : 'low',
        title: `Authenticated SMTP relay from ${ip} (${accounts}): ${count.sessions} sessions, ${total} outside recipients`,
      }),
    )
    if (off !== undefined && count.off >= OFF_HOURS_RECIPIENTS) {
      findings.push(findingOf(ID, off, { severity: 'high', title: `SMTP relay outside business hours from ${ip} (${accounts}): ${count.off} outside recipients (${hours})` }))
    }
  }
  return findings
}

function mergeGroups(key: string, groups: readonly MatchGroup[]): MatchGroup {
  const union = (pick: (g: MatchGroup) => string[]): string[] => [...new Set(groups.flatMap(pick))].sort()
  const times = (pick: (g: MatchGroup) => string | null): string[] => groups.map(pick).filter((t): t is string => t !== null).sort()
  return {
    key,
    users: union((g) => g.users),
    ips: union((g) => g.ips),
    endpoints: union((g) => g.endpoints),
    details: union((g) => g.details),
    first_seen: times((g) => g.first_seen)[0] ?? null,
    last_seen: times((g) => g.last_seen).at(-1) ?? null,
    count: groups.reduce((n, g) => n + g.count, 0),
    evidence: groups.flatMap((g) => g.evidence).slice(0, Math.max(0, ...groups.map((g) => g.evidence.length))),
  }
}

/**
 * The organisation's mail domains: parents of the context's endpoint names, domains accepted from
 * clients that did not authenticate, and domains message tracking delivered to.
 */
export async function organisationDomains(store: Store, book: AddressBook): Promise<string[]> {
  const domains = new Set<string>()
  for (const endpoint of book.endpoints) for (const host of endpoint.hosts) domains.add(host.split('.').slice(-2).join('.'))
  const params: unknown[] = []
  const rows = await store.query(
    `WITH authed AS (
       SELECT DISTINCT dataset, session_id FROM events WHERE dataset IN ('iis_smtp', 'smtp_receive') AND event_code = '235'
     )
     SELECT DISTINCT lower(split_part(unnest(e.recipients), '@', 2)) AS domain FROM events e
     WHERE e.dataset IN ('iis_smtp', 'smtp_receive') AND e.action = 'RCPT' AND e.outcome = 'success'
       AND NOT EXISTS (SELECT 1 FROM authed a WHERE a.dataset = e.dataset AND a.session_id = e.session_id)
     UNION
     SELECT DISTINCT lower(split_part(unnest(e.recipients), '@', 2)) FROM events e WHERE e.dataset = 'msgtrk' AND e.action = ${bind(params, 'DELIVER')}`,
    params,
  )
  for (const row of rows) if (row.domain !== null && String(row.domain) !== '') domains.add(String(row.domain))
  return [...domains].sort()
}
