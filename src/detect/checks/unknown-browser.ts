// Browsers nobody in the organisation uses, logging in: the ghost-mail story's first clue ("Firefox?
// Why so many Firefox entries, if we do not have it deployed?"). Tools that log in (python, curl,
// Ruler, MailSniper) are never deployed and are reported the same way.
//
// The organisation's browsers are the context's deployed_browsers; without them, the families that
// several accounts use from the organisation's own networks (at least two accounts, and a tenth of
// those who browse from inside). An unknown family from outside the organisation's networks is
// medium; from inside (the IT admin's Firefox through the VPN) it is only low: a lead, not a
// compromise.
import type { CaseContext } from '../../context/case-context.js'
import type { Store } from '../../store/store.js'
import type { Finding } from '../finding.js'
import { AddressBook } from './address-book.js'
import type { Check } from './check.js'
import { bindList, findingOf, matchGroups } from './match-groups.js'
import { ignoredSql } from './scope-sql.js'

const ID = 'exhunt-unknown-browser'
const KINDS = ['Browser', 'Tool']

export const unknownBrowserCheck: Check = {
  id: ID,
  title: 'A browser or tool the organisation does not use, logging in',
  description:
    "Records with an account whose user agent is a browser family outside the context's deployed_browsers (without it, a " +
    "family fewer than two accounts, or under a tenth of the accounts, use from the organisation's own networks), or a tool " +
    "(python, curl, Ruler...). One finding per account, family and side: from outside the organisation's networks it is " +
    'medium, from its internal or VPN networks low (an administrator trying another browser).',
  references: ['../shared/seeds/000_050cb1dee855c0ed.txt', 'https://attack.mitre.org/techniques/T1078/'],
  level: 'medium',
  async run(store: Store, context: CaseContext): Promise<Finding[]> {
    const book = new AddressBook(context)
    const known = context.deployedBrowsers.length > 0 ? context.deployedBrowsers.map((b) => b.toLowerCase()) : await learntFamilies(store, book)
    const params: unknown[] = []
    const logins = `FROM events e JOIN user_agents ua ON ua.user_agent = e.user_agent
      WHERE e.user_key IS NOT NULL AND ua.client IN ${bindList(params, KINDS)}
        AND (ua.client = 'Tool' OR lower(ua.family) NOT IN ${bindList(params, known)}) AND NOT ${ignoredSql(context, params)}`
    const sources = await store.query(`SELECT DISTINCT e.src_ip AS ip ${logins} AND e.src_ip IS NOT NULL`, params)
    const own = sources.map((r) => String(r.ip)).filter((ip) => book.isOwn(ip))
    const inside = own.length === 0 ? 'false' : `e.src_ip IN ${bindList(params, own)}`
    const groups = await matchGroups(
      store,
      `SELECT ua.client || '|' || ua.family || '|' || e.user_key || '|' || CASE WHEN ${inside} THEN 'inside' ELSE 'outside' END AS grp,
         e.user_key, e.src_ip, coalesce(lower(e.dst_host), e.host_name) AS endpoint, e.client_app AS detail, e.ts, e.file_id, e.line ${logins}`,
      params,
    )
    return groups.map((group) => {
      const [kind, family, user, side] = group.key.split('|') as [string, string, string, string]
      const what = kind === 'Tool' ? `the tool ${family}` : `${family}, ${context.deployedBrowsers.length > 0 ? 'not a deployed browser' : 'a browser the organisation does not use'},`
      const where = side === 'inside' ? `from the organisation's networks (${[...new Set(group.ips.map((ip) => book.role(ip)))].join(', ')})` : 'from outside the organisation'
      return findingOf(ID, group, { severity: side === 'inside' ? 'low' : 'medium', title: `${what} logged in as ${user} ${where}`, users: [user] })
    })
  },
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
