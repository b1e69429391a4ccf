// What the built-in pack's Sigma rules know about the organisation: the values of their `|expand`
// placeholders and the facts behind the exhunt logsource's derived fields (exhunt-logsource.ts), from the
// case context, and, where the context is silent, learnt from the case's traffic. Every placeholder
// the pack uses is listed in PLACEHOLDERS with where its values come from; a rule of the user's may
// use them too. A placeholder that is not listed has no values and its rule reports it.
import type { CaseContext } from '../context/case-context.js'
import type { ClientApp } from '../model/event.js'
import type { Store } from '../store/store.js'
import { AddressBook, type PublishedEndpoint } from './address-book.js'
import { NO_FACTS, type CaseFacts } from './exhunt-logsource.js'
import { bindParam } from '../store/sql-quote.js'

/** Client apps that read or send mail, or administer Exchange: what an attacker with a password uses. */
const DOORS: readonly ClientApp[] = ['OWA', 'ECP', 'EWS', 'PowerShell', 'MAPI', 'RPC']

/** Private, loopback, link-local, unique-local and unspecified ranges: never an outsider. */
const OWN_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/8', '::1/128', '::/128', 'fe80::/10', 'fc00::/7']

/** A learnt ActiveSync publication serves at least this many accounts' phones. */
const MIN_PHONE_ACCOUNTS = 3

export interface PlaceholderDoc {
  name: string
  /** What its values are and where they come from. */
  source: string
}

/** The placeholders of the pack (written `%name%` in an `|expand` value). */
export const PLACEHOLDERS: readonly PlaceholderDoc[] = [
  { name: 'org_networks', source: "the context's networks (internal, vpn, dmz, partners) and the private, loopback, link-local and unique-local ranges (for |cidr)" },
  { name: 'endpoint_ips', source: "addresses of the published endpoints (the context's, else those learnt with learnt_activesync_publications): the organisation's, but the door outsiders come through" },
  { name: 'ignored_accounts', source: "the context's ignore.accounts (wildcards allowed)" },
  { name: 'ignored_ips', source: "the context's ignore.ips (for |cidr)" },
  { name: 'ignored_user_agents', source: "the context's ignore.user_agents (wildcards allowed)" },
  {
    name: 'deployed_browsers',
    source:
      "the context's deployed_browsers; without them, the browser families at least two accounts (and a tenth of those who browse from inside) use from the organisation's networks; '*' (every family) when neither says anything",
  },
  ...DOORS.map((door) => ({
    name: `endpoints_without_${door.toLowerCase()}`,
    source: `names of the context's endpoints that do not publish ${door} (values of exhunt.endpoint)`,
  })),
  {
    name: 'org_domains',
    source:
      "the organisation's mail domains: parents of the context's endpoint names, the domains its SMTP servers accepted mail for from clients that did not authenticate (a mail exchanger takes only its own domains from strangers), and those message tracking delivered to",
  },
  {
    name: 'learnt_activesync_publications',
    source:
      'without endpoints in the context: host names that serve the ActiveSync phones of 3 or more accounts and are used by at most half as many accounts for OWA, ECP, EWS, PowerShell, MAPI or RPC (the host is the host header, or, where IIS does not log it, the url= of /owa/auth/logon.aspx requests from that address); values of exhunt.endpoint',
  },
]

export interface RuleEnvironment {
  placeholders: Map<string, string[]>
  facts: CaseFacts
}

/** The placeholders and facts of a case, from its context and, where the context is silent, its traffic. */
export async function ruleEnvironment(store: Store, context: CaseContext): Promise<RuleEnvironment> {
  const book = new AddressBook(context)
  const learnt = book.endpoints.length === 0 ? await learnPublications(store, book) : []
  const endpoints = book.endpoints.length === 0 ? learnt : book.endpoints
  const browsers = context.deployedBrowsers.length > 0 ? context.deployedBrowsers : await learntFamilies(store, book)
  const placeholders = new Map<string, string[]>([
    ['org_networks', [...Object.values(context.networks).flat(), ...OWN_RANGES]],
    ['endpoint_ips', endpoints.flatMap((e) => e.ips)],
    ['ignored_accounts', context.ignore.accounts],
    ['ignored_ips', context.ignore.ips],
    ['ignored_user_agents', context.ignore.userAgents],
    ['deployed_browsers', browsers.length === 0 ? ['*'] : browsers],
    ['learnt_activesync_publications', learnt.map((e) => e.name)],
    ['org_domains', await organisationDomains(store, book)],
  ])
  for (const door of DOORS) placeholders.set(`endpoints_without_${door.toLowerCase()}`, book.endpoints.filter((e) => !e.publishes.includes(door)).map((e) => e.name))
  const hours = context.businessHours ?? NO_FACTS.hours
  const facts: CaseFacts = {
    endpoints: endpoints.map((e) => ({ name: e.name, hosts: e.hosts, ips: e.ips })),
    hours: { zone: context.timeZone ?? 'UTC', days: hours.days, start: hours.start, end: hours.end },
  }
  return { placeholders, facts }
}

/** Browser families at least two accounts (and a tenth of those browsing from inside) use from the organisation's networks. */
async function learntFamilies(store: Store, book: AddressBook): Promise<string[]> {
  const rows = await store.query(
    `SELECT lower(ua.family) AS family, e.src_ip AS ip, list(DISTINCT e.user_key) AS users
     FROM events e JOIN user_agents ua ON ua.user_agent = e.user_agent
     WHERE e.user_key IS NOT NULL AND ua.client = 'Browser' AND e.src_ip IS NOT NULL
     GROUP BY ALL`,
  )
  const inside = rows.filter((r) => book.isOwn(String(r.ip)))
  const accounts = new Map<string, Set<string>>()
  for (const row of inside) {
    const set = accounts.get(String(row.family)) ?? new Set<string>()
    for (const user of row.users as string[]) set.add(user)
    accounts.set(String(row.family), set)
  }
  const everyone = new Set([...accounts.values()].flatMap((s) => [...s]))
  return [...accounts].filter(([, users]) => users.size >= 2 && users.size * 10 >= everyone.size).map(([family]) => family)
}

/** `$n` for each value pushed to the parameters, as a parenthesised list; `(NULL)` for none. */
function bindList(params: unknown[], values: readonly unknown[]): string {
  if (values.length === 0) return '(NULL)'
  return `(${values.map((v) => bindParam(params, v)).join(', ')})`
}

/**
 * Hosts that are ActiveSync publications by their traffic, with the outside addresses seen behind
 * them when IIS logs no host header (those whose OWA logon redirects name the host).
 */
async function learnPublications(store: Store, book: AddressBook): Promise<PublishedEndpoint[]> {
  const named = await store.query(
    `SELECT e.src_ip AS ip, lower(regexp_extract(url_decode(e.url_query), 'url=https?://([^/:&?#]+)', 1)) AS host, count(*) AS n
     FROM events e
     WHERE lower(e.url_path) = '/owa/auth/logon.aspx' AND e.url_query ILIKE '%url=http%' AND e.src_ip IS NOT NULL
     GROUP BY ALL
     ORDER BY ip, n DESC, host`, // ties go to the same host on every run
  )
  // Each outside address goes with the host its logon redirects name most.
  const hostOf = new Map<string, { host: string; n: number }>()
  for (const row of named) {
    const ip = String(row.ip)
    const host = String(row.host ?? '')
    if (host === '' || book.isOwn(ip)) continue
    const n = Number(row.n)
    if ((hostOf.get(ip)?.n ?? 0) < n) hostOf.set(ip, { host, n })
  }
  const params: unknown[] = []
  const map = [...hostOf].map(([ip, { host }]) => `${bindList(params, [ip, host])}`)
  const mapped = map.length === 0 ? 'SELECT NULL AS ip, NULL AS host WHERE false' : `SELECT * FROM (VALUES ${map.join(', ')}) v(ip, host)`
  const rows = await store.query(
    `WITH m AS (${mapped}),
     r AS (
       SELECT coalesce(lower(e.dst_host), m.host) AS pub, e.client_app, e.user_key
       FROM events e LEFT JOIN m ON e.dst_host IS NULL AND e.src_ip = m.ip
       WHERE e.user_key IS NOT NULL AND (e.client_app = 'EAS' OR e.client_app IN ${bindList(params, DOORS)})
     )
     SELECT pub, count(DISTINCT user_key) FILTER (WHERE client_app = 'EAS') AS phones,
       count(DISTINCT user_key) FILTER (WHERE client_app <> 'EAS') AS others
     FROM r WHERE pub IS NOT NULL GROUP BY pub ORDER BY pub`,
    params,
  )
  return rows
    .filter((r) => Number(r.phones) >= MIN_PHONE_ACCOUNTS && Number(r.others) * 2 <= Number(r.phones))
    .map((r) => {
      const host = String(r.pub)
      return { name: host, hosts: [host], ips: [...hostOf].filter(([, h]) => h.host === host).map(([ip]) => ip), publishes: ['EAS'] }
    })
}

/** The parent domains of a host name, of two labels or more (a.b.c.d: b.c.d and c.d); a name of two labels is its own. */
export function parentDomains(host: string): string[] {
  const labels = host.split('.')
  if (labels.length === 2) return [host]
  return labels.slice(1, -1).map((_, i) => labels.slice(i + 1).join('.'))
}

/**
 * The organisation's mail domains: parents of the context's endpoint names, domains accepted from
 * clients that did not authenticate, and domains message tracking delivered to.
 */
async function organisationDomains(store: Store, book: AddressBook): Promise<string[]> {
  const domains = new Set<string>()
  // Every parent of an endpoint's name (mobile.acme.co.uk: acme.co.uk and co.uk): which one is the mail
  // domain is not in the name, and a parent too many only matches recipients of exactly that domain.
  for (const endpoint of book.endpoints) for (const host of endpoint.hosts) for (const parent of parentDomains(host)) domains.add(parent)
  const rows = await store.query(
    `WITH authed AS (
       SELECT DISTINCT dataset, session_id FROM events WHERE dataset IN ('iis_smtp', 'smtp_receive') AND event_code = '235'
     )
     SELECT DISTINCT lower(split_part(unnest(e.recipients), '@', 2)) AS domain FROM events e
     WHERE e.dataset IN ('iis_smtp', 'smtp_receive') AND e.action = 'RCPT' AND e.outcome = 'success'
       AND NOT EXISTS (SELECT 1 FROM authed a WHERE a.dataset = e.dataset AND a.session_id = e.session_id)
     UNION
     SELECT DISTINCT lower(split_part(unnest(e.recipients), '@', 2)) FROM events e WHERE e.dataset = 'msgtrk' AND e.action = 'DELIVER'`,
  )
  for (const row of rows) if (row.domain !== null && String(row.domain) !== '') domains.add(String(row.domain))
  return [...domains].sort()
}
