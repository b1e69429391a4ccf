// What the findings say together: which accounts are compromised and which outside addresses are the
// attacker's, ranked, each with the reasons, and which endpoints were abused. A finding weighs by its
// severity (low 1, medium 2, high 3, critical 5); an account or address sums the heaviest finding of
// each rule (or family of rules, pack-rules.ts) that names it, and is accused from ACCUSE points: one high finding, or two medium ones of
// different rules, or a medium and a low. A lead (an administrator's Firefox through the VPN, someone
// mailing from a hotel, a scanner that never got in) stays below and is listed as a lead, not accused.
// An address is accused only when a finding that accuses an account names it, or a high finding
// does, and never when it is one of the organisation's own networks.
import type { CaseContext } from '../context/case-context.js'
import { AddressBook } from './address-book.js'
import type { Finding, Severity } from './finding.js'
import { ABUSE_RULES, RULE_FAMILIES } from './pack-rules.js'

export const WEIGHTS: Readonly<Record<Severity, number>> = { informational: 0, low: 1, medium: 2, high: 3, critical: 5 }
/** Points from which an account or address is accused. */
export const ACCUSE = 3
/** Reasons listed per account or address. */
const REASONS = 8

export interface Verdict {
  /** The account key or the address. */
  value: string
  score: number
  accused: boolean
  /** Titles of the findings that name it, most severe first. */
  reasons: string[]
  /** The rules those findings came from. */
  rules: string[]
  first_seen: string | null
  last_seen: string | null
  /** For an account: the addresses its findings name; for an address: the accounts. */
  ties: string[]
  /** For an address: what it is to the organisation (public, vpn, endpoint ...). */
  role?: string
}

export interface AbusedEndpoint {
  endpoint: string
  /** What the context (or the traffic) says it publishes; empty when unknown. */
  publishes: string[]
  reasons: string[]
  rules: string[]
  accounts: string[]
  ips: string[]
}

export interface Summary {
  compromised_accounts: string[]
  attacker_ips: string[]
  abused_endpoints: string[]
  /** Every account a finding names, ranked: the accused first, then the leads. */
  accounts: Verdict[]
  ips: Verdict[]
  endpoints: AbusedEndpoint[]
}

interface Tally {
  byRule: Map<string, { weight: number; finding: Finding }>
  findings: Finding[]
}

function tally(findings: readonly Finding[], keys: (f: Finding) => readonly string[]): Map<string, Tally> {
  const out = new Map<string, Tally>()
  for (const finding of findings) {
    for (const key of new Set(keys(finding))) {
      let t = out.get(key)
      if (t === undefined) out.set(key, (t = { byRule: new Map(), findings: [] }))
      t.findings.push(finding)
      const weight = WEIGHTS[finding.severity]
      const rule = RULE_FAMILIES.get(finding.rule) ?? finding.rule
      if ((t.byRule.get(rule)?.weight ?? -1) < weight) t.byRule.set(rule, { weight, finding })
    }
  }
  return out
}

function verdictOf(value: string, t: Tally, ties: (f: Finding) => readonly string[]): Verdict {
  const score = [...t.byRule.values()].reduce((n, r) => n + r.weight, 0)
  const sorted = [...t.findings].sort((a, b) => WEIGHTS[b.severity] - WEIGHTS[a.severity] || (a.first_seen ?? '').localeCompare(b.first_seen ?? ''))
  const times = t.findings.flatMap((f) => [f.first_seen, f.last_seen]).filter((x): x is string => x !== null).sort()
  return {
    value,
    score,
    accused: score >= ACCUSE,
    reasons: [...new Set(sorted.map((f) => `${f.severity}: ${f.title}`))].slice(0, REASONS),
    rules: [...new Set(sorted.map((f) => f.rule))],
    first_seen: times[0] ?? null,
    last_seen: times.at(-1) ?? null,
    ties: [...new Set(sorted.flatMap(ties))].sort(),
  }
}

const byScore = (a: Verdict, b: Verdict): number => Number(b.accused) - Number(a.accused) || b.score - a.score || a.value.localeCompare(b.value)

export function summarise(findings: readonly Finding[], context: CaseContext): Summary {
  const book = new AddressBook(context)
  const accounts = [...tally(findings, (f) => f.users)].map(([user, t]) => verdictOf(user, t, (f) => f.ips)).sort(byScore)
  const accused = new Set(accounts.filter((a) => a.accused).map((a) => a.value))
  const ips = [...tally(findings, (f) => f.ips)]
    .map(([ip, t]) => {
      const verdict = verdictOf(ip, t, (f) => f.users)
      const role = book.role(ip)
      if (role !== undefined) verdict.role = role
      // An address is the attacker's when it carried an accused account's findings or a high one itself.
      const tied = t.findings.some((f) => WEIGHTS[f.severity] >= WEIGHTS.medium && f.users.some((u) => accused.has(u)))
      const heavy = t.findings.some((f) => WEIGHTS[f.severity] >= WEIGHTS.high)
      verdict.accused = verdict.accused && (tied || heavy) && !book.isOwn(ip)
      return verdict
    })
    .sort(byScore)
  const endpoints = abusedEndpoints(findings, book, accused)
  return {
    compromised_accounts: accounts.filter((a) => a.accused).map((a) => a.value),
    attacker_ips: ips.filter((i) => i.accused).map((i) => i.value),
    abused_endpoints: endpoints.map((e) => e.endpoint),
    accounts,
    ips,
    endpoints,
  }
}

/** Endpoints of the findings that describe a door abused (off-publication, relay, exploitation), medium or worse. */
function abusedEndpoints(findings: readonly Finding[], book: AddressBook, accused: ReadonlySet<string>): AbusedEndpoint[] {
  const out = new Map<string, AbusedEndpoint>()
  for (const finding of findings) {
    if (!ABUSE_RULES.has(finding.rule) || WEIGHTS[finding.severity] < WEIGHTS.medium) continue
    if (finding.users.length > 0 && !finding.users.some((u) => accused.has(u)) && WEIGHTS[finding.severity] < WEIGHTS.high) continue
    for (const name of finding.endpoints) {
      let entry = out.get(name)
      if (entry === undefined) {
        const known = book.endpointOf(name)
        out.set(name, (entry = { endpoint: name, publishes: [...(known?.publishes ?? ABUSE_RULES.get(finding.rule)!.publishes ?? [])], reasons: [], rules: [], accounts: [], ips: [] }))
      }
      entry.reasons = [...new Set([...entry.reasons, `${finding.severity}: ${finding.title}`])].slice(0, REASONS)
      entry.rules = [...new Set([...entry.rules, finding.rule])]
      entry.accounts = [...new Set([...entry.accounts, ...finding.users])].sort()
      entry.ips = [...new Set([...entry.ips, ...finding.ips])].sort()
    }
  }
  return [...out.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint))
}
