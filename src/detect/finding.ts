// What detection produces, whatever wrote the rule (the built-in pack, a Sigma rule of the user's):
// one finding per rule and group (for example per account or per source), with its evidence.

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export interface EvidencePointer {
  /** The input file as ingested (files.path), and the record's line (or EVTX byte offset). */
  path: string
  line: number
}

export interface Finding {
  /** The rule's id (Sigma `id`, or the pack's file name when it has none). */
  rule: string
  severity: Severity
  title: string
  users: string[]
  ips: string[]
  /** Host headers or servers the activity went through (dst_host, host_name). */
  endpoints: string[]
  first_seen: string | null
  last_seen: string | null
  /** How many records matched. */
  count: number
  /** The matching records (capped; `count` says how many there were). */
  evidence: EvidencePointer[]
  /** Records that name the account where the matching ones cannot (account-evidence.ts). */
  account_evidence?: EvidencePointer[]
}

/** A rule that could not be turned into SQL: reported with the reason, never silently skipped. */
export interface RuleProblem {
  rule: string
  /** The rule file. */
  path: string
  reason: string
}

export interface DetectionResult {
  findings: Finding[]
  problems: RuleProblem[]
  /** Rules that compiled and ran. */
  rules_run: number
}
