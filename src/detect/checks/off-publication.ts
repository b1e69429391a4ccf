// OWA, ECP, EWS... reached through an endpoint published for something else: the ghost-mail story's
// door. The organisation published ActiveSync for its phones on a public address; OWA answers on the
// same port, so a stolen password opened webmail to the whole Internet through the phones' door.
//
// With a case context, each endpoint says what it publishes ("mobile.acme.example, 198.51.100.25":
// [activesync]) and a record belongs to an endpoint by its host header, its destination address, or
// its source address (a CAS behind the publication's reverse proxy sees the proxy's address).
// Without one, the publications are learnt from the traffic: the host a browser asked for is the host
// header, or, where IIS does not log it, the `url=` of /owa/auth/logon.aspx requests from that
// source address; a host that serves the ActiveSync phones of several accounts and is used by at most
// half as many accounts for anything else is taken for an ActiveSync publication.
import type { CaseContext } from '../../context/case-context.js'
import type { Store } from '../../store/store.js'
import type { Finding } from '../finding.js'
import { AddressBook, type PublishedEndpoint } from './address-book.js'
import type { Check } from './check.js'
import { bind, bindList, findingOf, matchGroups, type MatchGroup } from './match-groups.js'
import { DOORS, ignoredSql } from './scope-sql.js'

const ID = 'exhunt-off-publication'
/** A learnt publication serves at least this many accounts' phones. */
const MIN_PHONE_ACCOUNTS = 3

export const offPublicationCheck: Check = {
  id: ID,
  title: 'Mailbox access through an endpoint published for something else (OWA through the ActiveSync publication)',
  description:
    'Requests for OWA, ECP, EWS, PowerShell, MAPI or RPC that reached an endpoint which does not publish them: by the case ' +
    "context's endpoints (host names and addresses, what each publishes), or, without a context, through a host learnt to be " +
    'an ActiveSync publication (it serves the phones of several accounts, and few accounts use it for anything else). One ' +
    'finding per endpoint and account; requests without an account (a logon page fetched) are one low finding per endpoint.',
  references: [
    'https://learn.microsoft.com/en-us/exchange/architecture/client-access/client-access',
    'https://learn.microsoft.com/en-us/exchange/clients/outlook-on-the-web/outlook-on-the-web',
    '../shared/seeds/000_050cb1dee855c0ed.txt',
  ],
  level: 'high',
  async run(store: Store, context: CaseContext): Promise<Finding[]> {
    const book = new AddressBook(context)
    const learnt = book.endpoints.length === 0
    const endpoints = learnt ? await learnPublications(store, book) : book.endpoints
    const params: unknown[] = []
    const ignored = ignoredSql(context, params)
    const parts = endpoints
      .map((endpoint) => {
        const doors = DOORS.filter((d) => !endpoint.publishes.includes(d))
        if (doors.length === 0) return undefined
        const name = bind(params, endpoint.name)
        const ips = bindList(params, endpoint.ips)
        const hosts = bindList(params, endpoint.hosts)
        return `SELECT ${name} || '|' || coalesce(e.user_key, '') AS grp, e.user_key, e.src_ip, ${name} AS endpoint, e.client_app AS detail, e.ts, e.file_id, e.line
          FROM events e
          WHERE e.client_app IN ${bindList(params, doors)}
            AND (e.src_ip IN ${ips} OR e.dst_ip IN ${ips} OR lower(e.dst_host) IN ${hosts})
            AND NOT ${ignored}`
      })
      .filter((p): p is string => p !== undefined)
    if (parts.length === 0) return []
    const groups = await matchGroups(store, parts.join(' UNION ALL '), params)
    return groups.map((group) => describe(group, endpoints, learnt))
  },
}

function describe(group: MatchGroup, endpoints: readonly PublishedEndpoint[], learnt: boolean): Finding {
  const [name, user] = splitKey(group.key)
  const endpoint = endpoints.find((e) => e.name === name)!
  const publishes = endpoint.publishes.join(', ')
  const how = learnt ? `learnt to be a publication of ${publishes}` : `published for ${publishes} only`
  const apps = group.details.join(', ')
  if (user === '') {
    return findingOf(ID, group, { severity: 'low', title: `${apps} requests without an account through ${name} (${how})`, users: [] })
  }
  return findingOf(ID, group, { severity: learnt ? 'medium' : 'high', title: `${apps} used by ${user} through ${name} (${how})`, users: [user] })
}

function splitKey(key: string): [string, string] {
  const bar = key.lastIndexOf('|')
  return [key.slice(0, bar), key.slice(bar + 1)]
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
     GROUP BY ALL`,
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
  const map = [...hostOf].map(([ip, { host }]) => `(${bind(params, ip)}, ${bind(params, host)})`)
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
     FROM r WHERE pub IS NOT NULL GROUP BY pub`,
    params,
  )
  return rows
    .filter((r) => Number(r.phones) >= MIN_PHONE_ACCOUNTS && Number(r.others) * 2 <= Number(r.phones))
    .map((r) => {
      const host = String(r.pub)
      return { name: host, hosts: [host], ips: [...hostOf].filter(([, h]) => h.host === host).map(([ip]) => ip), publishes: ['EAS'] }
    })
}
