// A relay finding on the IIS SMTP log names its account from the Windows logons behind the sessions
// (the log itself never writes it): those logon records come with the finding as account_evidence.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { detectCase } from '../../src/detect/detect-case.js'
import { ABUSE_RULES } from '../../src/detect/pack-rules.js'
import { caseOf, contextFile, SMTP_RELAY, SMTP_RELAY_CONTEXT } from './detect-case.js'

test("smtp-relay story: each relay finding of test shows the logons of test from that client; other findings have none", async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const store = await caseOf(t, [SMTP_RELAY], context)
  const { findings } = await detectCase(store, context)
  const relays = findings.filter((f) => ABUSE_RULES.get(f.rule)?.kind === 'relay' && f.users.includes('test'))
  assert.ok(relays.length >= 4, 'low, bulk and night relay from two clients')
  for (const finding of relays) {
    const logons = finding.account_evidence ?? []
    assert.ok(logons.length > 0, `${finding.title}: the logons that name test`)
    for (const pointer of logons) {
      const [row] = await store.query(
        `SELECT e.action, e.outcome, e.user_key, e.src_ip, e.ts <= $3::TIMESTAMP AS before_last FROM events e JOIN files f USING (file_id) WHERE f.path = $1 AND e.line = $2`,
        [pointer.path, pointer.line, finding.last_seen!.replace(/Z$/, '')],
      )
      assert.deepEqual(row, { action: 'logon', outcome: 'success', user_key: 'test', src_ip: finding.ips[0], before_last: true }, `${pointer.path}:${pointer.line}`)
    }
  }
  assert.ok(findings.filter((f) => ABUSE_RULES.get(f.rule)?.kind !== 'relay').every((f) => f.account_evidence === undefined))
})
