// smtp-relay.yml: authenticated relay to outside domains (%org_domains%) by an outside client, per
// client: every relay (low), bulk (medium from 20 recipients), and outside business hours (high from
// 10, exhunt.outside_business_hours). Fixtures: the bundled smtp-relay case
// (examples/generate-smtp-relay.mjs: "test" relaying at night from two hosts; decoys: the copier
// account inside, mjones from home in office hours and from a hotel at night, a scanner failing AUTH,
// a refused open-relay probe, Internet mail servers delivering to acme.example) and an Exchange SMTP
// Receive log whose session authenticated as ACME\test (test/formats/exchange/fixtures/recv-auth.log).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { RULE_IDS } from '../../../src/detect/pack-rules.js'
import { caseOf, contextFile, contextOf, findingsOf, packFindings, REPO, SMTP_RELAY, SMTP_RELAY_CONTEXT } from '../detect-case.js'

const smtpRelay = async (...args: Parameters<typeof packFindings>) => findingsOf(await packFindings(...args), RULE_IDS.smtpRelay, RULE_IDS.smtpRelayBulk, RULE_IDS.smtpRelayNight)

test('smtp-relay story: test relays from both hosts, at night (high); mjones is only low, the scanner absent', async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const store = await caseOf(t, [SMTP_RELAY], context)
  for (const known of [context, contextOf()]) {
    const findings = await smtpRelay(store, known)
    const high = findings.filter((f) => f.severity === 'high')
    assert.deepEqual(high.map((f) => [f.rule, f.ips, f.users, f.count]), [
      [RULE_IDS.smtpRelayNight, ['203.0.113.7'], ['test'], 144],
      [RULE_IDS.smtpRelayNight, ['203.0.113.9'], ['test'], 72],
    ])
    assert.deepEqual(findings.filter((f) => f.severity === 'medium').flatMap((f) => f.ips), ['203.0.113.7', '203.0.113.9'])
    const low = findings.filter((f) => f.severity === 'low')
    assert.deepEqual(low.map((f) => [f.ips[0], f.users]).sort(), [['192.0.2.150', ['mjones']], ['198.51.100.140', ['mjones']], ['203.0.113.7', ['test']], ['203.0.113.9', ['test']]])
    assert.ok(!findings.some((f) => f.ips.includes('192.0.2.99') || f.users.includes('scanner')))
    assert.ok(findings.every((f) => f.endpoints.join() === 'EXCH01'), 'the relaying server')
  }
  const night = (await smtpRelay(store, context)).find((f) => f.severity === 'high')!
  assert.equal(night.title, 'Authenticated SMTP relay of 10 or more outside recipients outside business hours (src_ip=203.0.113.7)')
  assert.equal(night.first_seen, '2010-11-17T23:00:37.000Z', 'its first outside recipient (the session opened at 23:00:34)')
  // Evidence: the RCPT lines of the sessions in the IIS SMTP log (the account comes from the Windows logon).
  assert.ok(night.evidence.length > 0 && night.evidence.every((e) => e.path.endsWith('ex101117.log') || e.path.endsWith('ex101118.log')))
  // In working hours the same relay would be only medium (bulk), never high.
  const always = contextOf('business_hours: "mon-sun 00:00-24:00"')
  assert.deepEqual((await smtpRelay(store, always)).filter((f) => f.severity === 'high'), [])
  // The organisation's own domains and networks are not outside.
  assert.deepEqual(await smtpRelay(store, contextOf('networks: { partners: [203.0.113.0/24, 198.51.100.0/24, 192.0.2.0/24] }')), [])
  assert.deepEqual(await smtpRelay(store, contextOf('ignore: { accounts: [test, mjones] }')), [])
})

test('Exchange SMTP Receive: the session names its account; one recipient is a low finding', async (t) => {
  const store = await caseOf(t, [path.join(REPO, 'test', 'formats', 'exchange', 'fixtures', 'recv-auth.log')])
  const findings = await smtpRelay(store, contextOf())
  assert.deepEqual(findings.map((f) => [f.severity, f.users, f.ips, f.count]), [['low', ['test'], ['203.0.113.9'], 1]])
  // The organisation's own network as client: not a relay by an outsider.
  assert.deepEqual(await smtpRelay(store, contextOf('networks: { partners: [203.0.113.0/24] }')), [])
})
