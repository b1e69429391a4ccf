// A guessed password: many failed logons of one account, then a successful one. The second seed
// story's "test" account fell to THC-Hydra over SMTP AUTH ("test1"): the Security log shows the
// failures (529 and 680 on Windows 2003, 4625 and 4776 later) and then the logon (540, 4624).
// In Sigma this is a temporal_ordered correlation over an event_count correlation; exhunt's engine
// does not chain correlations, so it is this check (the burst alone is the pack's
// failed-logon-burst.yml). No case context is needed; the ignore lists are honoured.
import type { CaseContext } from '../../context/case-context.js'
import type { Store } from '../../store/store.js'
import type { Finding } from '../finding.js'
import type { Check } from './check.js'
import { bind, bindList, findingOf, matchGroups } from './match-groups.js'
import { ignoredSql } from './scope-sql.js'

const ID = 'exhunt-brute-force-success'
/** Failures of one account within WINDOW before a success that make it a guessed password. */
export const FAILURES = 10
const WINDOW = 'INTERVAL 1 HOUR'

export const bruteForceSuccessCheck: Check = {
  id: ID,
  title: 'Brute force then successful logon for one account',
  description:
    'Ten or more failed logons of one account within the hour before a successful logon of that account: Security log ' +
    'failures (4625, 4771, 4776, Windows 2003 529-539, 680, 681) or Exchange SMTP AUTH failures, then a logon (4624, 528, ' +
    '540), a successful credential validation (4776, 680) or an SMTP AUTH. One finding per account, from its first such ' +
    'success; a user mistyping a password twice is far below the threshold.',
  references: ['../shared/seeds/001_2eece37cd23f322d.txt', 'https://attack.mitre.org/techniques/T1110/001/', 'https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4625'],
  level: 'high',
  async run(store: Store, context: CaseContext): Promise<Finding[]> {
    const params: unknown[] = []
    const attempts = `attempts AS (
      SELECT e.user_key, e.ts, e.outcome, e.src_ip, e.host_name, e.file_id, e.line FROM events e
      WHERE e.user_key IS NOT NULL AND e.user_key NOT LIKE '%$' AND e.ts IS NOT NULL AND NOT ${ignoredSql(context, params)}
        AND ((e.dataset = 'winevt' AND e.action IN ${bindList(params, ['logon', 'logon-failed', 'ntlm-validation', 'kerberos-preauth-failed'])} AND e.outcome IN ('success', 'failure'))
          OR (e.dataset = 'smtp_receive' AND e.action IN ${bindList(params, ['authenticated', 'AUTH failed'])}))
    ),
    counted AS (
      SELECT *, count(*) FILTER (WHERE outcome = 'failure') OVER (PARTITION BY user_key ORDER BY ts RANGE BETWEEN ${WINDOW} PRECEDING AND CURRENT ROW) AS failures
      FROM attempts
    ),
    broken AS (
      SELECT user_key, min(ts) AS at FROM counted WHERE outcome = 'success' AND failures >= ${bind(params, FAILURES)} GROUP BY user_key
    )`
    const groups = await matchGroups(
      store,
      `WITH ${attempts}
       SELECT a.user_key AS grp, a.user_key, a.src_ip, a.host_name AS endpoint, a.outcome AS detail, a.ts, a.file_id, a.line
       FROM attempts a JOIN broken b ON a.user_key = b.user_key AND a.ts BETWEEN b.at - ${WINDOW} AND b.at`,
      params,
    )
    const counts = await store.query(
      `WITH ${attempts} SELECT a.user_key, count(*) FILTER (WHERE a.outcome = 'failure') AS failures, any_value(b.at) AS at,
         list(DISTINCT a.src_ip) FILTER (WHERE a.outcome = 'success' AND a.ts = b.at AND a.src_ip IS NOT NULL) AS from_ips
       FROM attempts a JOIN broken b ON a.user_key = b.user_key AND a.ts BETWEEN b.at - ${WINDOW} AND b.at GROUP BY a.user_key`,
      params,
    )
    return groups.map((group) => {
      const row = counts.find((r) => r.user_key === group.key)!
      const from = ((row.from_ips as string[] | null) ?? []).join(', ')
      return findingOf(ID, group, {
        severity: 'high',
        title: `${group.key}: ${Number(row.failures)} failed logons, then a successful one at ${String(row.at)}${from === '' ? '' : ` from ${from}`}`,
        users: [group.key],
      })
    })
  },
}
