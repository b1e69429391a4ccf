// The records a check matched, gathered per group (an account, a source, an endpoint and account...)
// into what a finding reports: its users, source IPs and endpoints, first and last seen, how many
// records, and the first of them as evidence (file path and line), in one query.
import type { Store } from '../../store/store.js'
import type { EvidencePointer, Finding, Severity } from '../finding.js'

/** Evidence pointers kept per finding; `count` says how many records there were. */
export const EVIDENCE_LIMIT = 25

export interface MatchGroup {
  key: string
  users: string[]
  ips: string[]
  endpoints: string[]
  /** The distinct `detail` values of its records (client apps, families, recipients' domains...). */
  details: string[]
  first_seen: string | null
  last_seen: string | null
  count: number
  evidence: EvidencePointer[]
}

/**
 * `matches` is a SELECT over `events e` (parameters in `params`) with the columns grp (the group's
 * key, text), user_key, src_ip, endpoint, detail, ts, file_id and line, one row per matching record.
 */
export async function matchGroups(store: Store, matches: string, params: readonly unknown[], evidenceLimit = EVIDENCE_LIMIT): Promise<MatchGroup[]> {
  const limit = `$${params.length + 1}`
  const rows = await store.query(
    `WITH m AS MATERIALIZED (
       SELECT CAST(grp AS VARCHAR) AS grp, CAST(user_key AS VARCHAR) AS user_key, CAST(src_ip AS VARCHAR) AS src_ip,
         CAST(endpoint AS VARCHAR) AS endpoint, CAST(detail AS VARCHAR) AS detail, ts, file_id, line
       FROM (${matches})
     ),
     g AS (
       SELECT grp,
         list(DISTINCT user_key ORDER BY user_key) FILTER (WHERE user_key IS NOT NULL AND user_key <> '') AS users,
         list(DISTINCT src_ip ORDER BY src_ip) FILTER (WHERE src_ip IS NOT NULL AND src_ip <> '') AS ips,
         list(DISTINCT endpoint ORDER BY endpoint) FILTER (WHERE endpoint IS NOT NULL AND endpoint <> '') AS endpoints,
         list(DISTINCT detail ORDER BY detail) FILTER (WHERE detail IS NOT NULL AND detail <> '') AS details,
         min(ts) AS first_seen, max(ts) AS last_seen, count(*) AS n
       FROM m GROUP BY grp
     ),
     ev AS (
       SELECT grp, list({'path': f.path, 'line': first.line} ORDER BY first.ts, f.path, first.line) AS evidence
       FROM (SELECT grp, ts, file_id, line FROM m QUALIFY row_number() OVER (PARTITION BY grp ORDER BY ts, file_id, line) <= ${limit}) first
       JOIN files f ON f.file_id = first.file_id
       GROUP BY grp
     )
     SELECT g.*, ev.evidence FROM g LEFT JOIN ev USING (grp) ORDER BY g.first_seen, g.grp`,
    [...params, evidenceLimit],
  )
  return rows.map((r) => ({
    key: String(r.grp),
    users: (r.users as string[] | null) ?? [],
    ips: (r.ips as string[] | null) ?? [],
    endpoints: (r.endpoints as string[] | null) ?? [],
    details: ((r.details as unknown[] | null) ?? []).map(String),
    first_seen: (r.first_seen as string | null) ?? null,
    last_seen: (r.last_seen as string | null) ?? null,
    count: Number(r.n),
    evidence: ((r.evidence as Array<{ path: string; line: number }> | null) ?? []).map((e) => ({ path: String(e.path), line: Number(e.line) })),
  }))
}

/** A finding of a check from one group: what the group holds, with the check's words for it. */
export function findingOf(rule: string, group: MatchGroup, how: { severity: Severity; title: string; users?: string[]; ips?: string[]; endpoints?: string[] }): Finding {
  return {
    rule,
    severity: how.severity,
    title: how.title,
    users: how.users ?? group.users,
    ips: how.ips ?? group.ips,
    endpoints: how.endpoints ?? group.endpoints,
    first_seen: group.first_seen,
    last_seen: group.last_seen,
    count: group.count,
    evidence: group.evidence,
  }
}

/** `$n` for a value pushed to the parameters. */
export function bind(params: unknown[], value: unknown): string {
  params.push(value)
  return `$${params.length}`
}

/** `($a, $b, ...)` for a list of values; an empty list is `(NULL)`: IN matches nothing, and NOT IN nothing either. */
export function bindList(params: unknown[], values: readonly unknown[]): string {
  return values.length === 0 ? '(NULL)' : `(${values.map((v) => bind(params, v)).join(', ')})`
}
