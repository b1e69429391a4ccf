// What to close, from what the findings showed: the accounts whose passwords must be reset, the
// outside addresses to block, a URI filter dictionary for each abused web endpoint (the ghost-mail
// story's answer: the mobile publication keeps /Microsoft-Server-ActiveSync/ and refuses /owa/,
// /ecp/, /ews/, /powershell/, /autodiscover/...), and the hardening the evidence supports (a lockout
// threshold where passwords were guessed, no relay for authenticated outsiders where it was abused,
// temporary accounts removed where they logged in). An attacker address that is the organisation's
// own (the publication's reverse proxy as the CAS nodes see it) is not blocked: the filter closes
// the door instead, and the plan says so.
import type { CaseContext } from '../context/case-context.js'
import type { ClientApp } from '../model/event.js'
import type { Store } from '../store/store.js'
import { AddressBook } from './address-book.js'
import type { Finding } from './finding.js'
import type { Summary } from './investigate.js'
import { WEIGHTS } from './investigate.js'
import { ABUSE_RULES, GUESSING_RULES, RULE_IDS } from './pack-rules.js'

/** The URL path of each client app, as a firewall's URI filter matches it. */
export const APP_PATHS: Readonly<Partial<Record<ClientApp, string>>> = {
  OWA: '/owa/',
  ECP: '/ecp/',
  EWS: '/ews/',
  PowerShell: '/powershell/',
  Autodiscover: '/autodiscover/',
  MAPI: '/mapi/',
  RPC: '/rpc/',
  OAB: '/oab/',
  EAS: '/Microsoft-Server-ActiveSync/',
}

export interface UriFilter {
  endpoint: string
  /** URI prefixes and patterns (`*`: any characters) to refuse. */
  block: string[]
  /** What keeps working there. */
  allow: string[]
  why: string
}

export const HARDENING_TOPICS = ['passwords', 'lockout', 'relay', 'temporary_accounts', 'publication', 'patching'] as const
export type HardeningTopic = (typeof HARDENING_TOPICS)[number]

export interface Hardening {
  topic: HardeningTopic
  advice: string
  /** What in the case supports it. */
  evidence: string[]
}

export interface Containment {
  reset_accounts: string[]
  block_ips: string[]
  uri_filters: UriFilter[]
  /** Attacker addresses not to block, and why. */
  not_blocked: Array<{ ip: string; reason: string }>
  hardening: Hardening[]
}

export async function containmentPlan(store: Store, context: CaseContext, summary: Summary, findings: readonly Finding[]): Promise<Containment> {
  const book = new AddressBook(context)
  const blockIps: string[] = []
  const notBlocked: Containment['not_blocked'] = []
  for (const ip of summary.attacker_ips) {
    const endpoint = book.endpointOf(ip)
    if (endpoint !== undefined) {
      notBlocked.push({ ip, reason: `the organisation's own endpoint ${endpoint.name} (the address its clients reach it through): blocking it would cut ${endpoint.publishes.join(', ')}; its URI filter closes the door instead` })
    } else if (book.isOwn(ip)) {
      notBlocked.push({ ip, reason: `inside the organisation (${book.role(ip)}): find the machine rather than block the address` })
    } else {
      blockIps.push(ip)
    }
  }
  return {
    reset_accounts: [...summary.compromised_accounts],
    block_ips: blockIps,
    uri_filters: uriFilters(summary),
    not_blocked: notBlocked,
    hardening: await hardening(store, summary, findings),
  }
}

function uriFilters(summary: Summary): UriFilter[] {
  const filters: UriFilter[] = []
  for (const endpoint of summary.endpoints) {
    const kinds = endpoint.rules.map((r) => ABUSE_RULES.get(r)!)
    const block = new Set<string>()
    const allow = new Set<string>()
    const why: string[] = []
    if (kinds.some((k) => k.kind === 'door')) {
      const published = new Set(endpoint.publishes)
      for (const [app, prefix] of Object.entries(APP_PATHS) as Array<[ClientApp, string]>) (published.has(app) ? allow : block).add(prefix)
      why.push(`it publishes ${endpoint.publishes.join(', ') || 'nothing known'} and was used for more (${endpoint.accounts.join(', ')})`)
    }
    const exploits = kinds.filter((k) => k.kind === 'exploit')
    for (const k of exploits) for (const pattern of k.block ?? []) block.add(pattern)
    if (exploits.length > 0) why.push('exploitation traces were answered there')
    if (block.size === 0) continue // an SMTP relay: no URI to filter
    filters.push({ endpoint: endpoint.endpoint, block: [...block], allow: [...allow].filter((a) => !block.has(a)), why: why.join('; ') })
  }
  return filters
}

async function hardening(store: Store, summary: Summary, findings: readonly Finding[]): Promise<Hardening[]> {
  const advice: Hardening[] = []
  const titles = (pick: (f: Finding) => boolean): string[] => [...new Set(findings.filter(pick).map((f) => `${f.severity}: ${f.title}`))]
  if (summary.compromised_accounts.length > 0) {
    advice.push({
      topic: 'passwords',
      advice:
        `Reset the passwords of ${summary.compromised_accounts.join(', ')} once the doors are closed, after making sure the password policy is strong ` +
        '(12 characters or more, complexity, no reuse), and look at the computers of those users.',
      evidence: summary.accounts.filter((a) => a.accused).map((a) => `${a.value}: ${a.reasons[0] ?? ''}`),
    })
  }
  const guessing = titles((f) => GUESSING_RULES.has(f.rule) && WEIGHTS[f.severity] >= WEIGHTS.medium)
  if (guessing.length > 0) {
    const lockouts = await store.query(`SELECT count(*) AS n FROM events WHERE dataset = 'winevt' AND (action = 'account-locked' OR event_code = '539')`)
    const locked = Number(lockouts[0]?.n ?? 0)
    advice.push({
      topic: 'lockout',
      advice:
        'Set an account lockout policy that stops password guessing: a threshold of a few failed attempts (5 to 10) and a lockout of ' +
        `30 minutes or more${locked === 0 ? '; no lockout (4740, 539) is recorded in the case while passwords were being guessed' : ''}.`,
      evidence: guessing,
    })
  }
  const relay = titles((f) => ABUSE_RULES.get(f.rule)?.kind === 'relay' && WEIGHTS[f.severity] >= WEIGHTS.medium)
  if (relay.length > 0) {
    advice.push({
      topic: 'relay',
      advice:
        'Stop relaying for anyone who authenticates on the Internet-facing SMTP service: Exchange 2000/2003, SMTP virtual server > ' +
        "Access > Relay restrictions, clear \"Allow all computers which successfully authenticate to relay\"; Exchange 2007 and later, " +
        'grant ms-Exch-SMTP-Accept-Any-Recipient on the Internet receive connector to no one but the servers that need it. Send ' +
        "outside mail through a smart host or mail filter, and keep authenticated submission only for the clients that need it.",
      evidence: relay,
    })
  }
  const weak = findings.filter((f) => f.rule === RULE_IDS.weakAccount).flatMap((f) => f.users)
  if (weak.length > 0) {
    const accused = weak.filter((u) => summary.compromised_accounts.includes(u))
    advice.push({
      topic: 'temporary_accounts',
      advice:
        `Delete or disable temporary and test accounts${accused.length > 0 ? ` (${[...new Set(accused)].join(', ')} was used by the attacker)` : ''}, and give the ` +
        `accounts of devices a long password: ${[...new Set(weak)].sort().join(', ')}.`,
      evidence: titles((f) => f.rule === RULE_IDS.weakAccount),
    })
  }
  const doors = summary.endpoints.filter((e) => e.rules.some((r) => ABUSE_RULES.get(r)?.kind === 'door'))
  if (doors.length > 0) {
    advice.push({
      topic: 'publication',
      advice:
        `Publish on ${doors.map((d) => d.endpoint).join(', ')} only what ${doors.length === 1 ? 'it is' : 'they are'} meant for (the URI filters below); ` +
        'OWA and ECP answer on the same site as ActiveSync unless the perimeter refuses them.',
      evidence: doors.flatMap((d) => d.reasons),
    })
  }
  const exploited = titles((f) => ABUSE_RULES.get(f.rule)?.kind === 'exploit')
  if (exploited.length > 0) {
    advice.push({
      topic: 'patching',
      advice: "Install Exchange's security updates, run Microsoft's Exchange On-premises Mitigation Tool and Test-ProxyLogon, and look for web shells on disk.",
      evidence: exploited,
    })
  }
  return advice
}
