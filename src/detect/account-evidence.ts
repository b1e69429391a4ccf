// Evidence of who: a relay finding names the account of its SMTP sessions, but the IIS SMTP log of
// Exchange 2000/2003 never writes it. The exhunt logsource takes it from the Windows logon of that
// account from the client's address (exhunt.session_user); those logon records are what an
// investigator must be shown for it, so they are added to the finding as its account evidence.
import type { Store } from '../store/store.js'
import type { EvidencePointer, Finding } from './finding.js'
import { ABUSE_RULES } from './pack-rules.js'

/** Logon records kept per finding. */
const LIMIT = 20
/** A logon a little before the first relayed recipient opened its session (AUTH comes first). */
const BEFORE = 'INTERVAL 10 MINUTE'

export async function addAccountEvidence(store: Store, findings: readonly Finding[]): Promise<Finding[]> {
  const enriched: Finding[] = []
  for (const finding of findings) {
    const relay = ABUSE_RULES.get(finding.rule)?.kind === 'relay'
    if (!relay || finding.users.length === 0 || finding.ips.length === 0 || finding.first_seen === null || finding.last_seen === null) {
      enriched.push(finding)
      continue
    }
    const rows = await store.query(
      `SELECT f.path, e.line FROM events e JOIN files f USING (file_id)
       WHERE e.dataset = 'winevt' AND e.action = 'logon' AND e.outcome = 'success'
         AND list_contains(from_json($1, '["VARCHAR"]'), e.user_key) AND list_contains(from_json($2, '["VARCHAR"]'), e.src_ip)
         AND e.ts BETWEEN $3::TIMESTAMP - ${BEFORE} AND $4::TIMESTAMP
       ORDER BY e.ts, f.path, e.line
       LIMIT ${LIMIT}`,
      // Lists as JSON, instants as UTC wall-clock text (ts is a TIMESTAMP in UTC).
      [JSON.stringify(finding.users), JSON.stringify(finding.ips), finding.first_seen.replace(/Z$/, ''), finding.last_seen.replace(/Z$/, '')],
    )
    const logons: EvidencePointer[] = rows.map((r) => ({ path: String(r.path), line: Number(r.line) }))
    enriched.push(logons.length === 0 ? finding : { ...finding, account_evidence: logons })
  }
  return enriched
}
