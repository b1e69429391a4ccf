// exhunt-smtp-relay: authenticated relay to outside domains by an outside client, and its volume
// outside business hours. Fixtures: the bundled smtp-relay case (examples/generate-smtp-relay.mjs:
// "test" relaying at night from two hosts; decoys: the copier account inside, mjones from home in
// office hours and from a hotel at night, a scanner failing AUTH, a refused open-relay probe, Internet
// mail servers delivering to acme.example) and an Exchange SMTP Receive log whose session
// authenticated as ACME\test (test/formats/exchange/fixtures/recv-auth.log).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { smtpRelayCheck } from '../../../src/detect/checks/smtp-relay.js'
import { caseOf, contextFile, contextOf, REPO, SMTP_RELAY, SMTP_RELAY_CONTEXT } from '../detect-case.js'

test('smtp-relay story: test relays from both hosts, at night (high); mjones is only low, the scanner absent', async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const store = await caseOf(t, [SMTP_RELAY], context)
  for (const known of [context, contextOf()]) {
    const findings = await smtpRelayCheck.run(store, known)
    const high = findings.filter((f) => f.severity === 'high')
    assert.deepEqual(high.map((f) => [f.ips, f.users]), [[['203.0.113.7'], ['test']], [['203.0.113.9'], ['test']]])
    assert.deepEqual(findings.filter((f) => f.severity === 'medium').flatMap((f) => f.ips), ['203.0.113.7', '203.0.113.9'])
    const low = findings.filter((f) => f.severity === 'low')
    assert.deepEqual(low.map((f) => [f.ips[0], f.users]), [['192.0.2.150', ['mjones']], ['198.51.100.140', ['mjones']]])
    assert.ok(!findings.some((f) => f.ips.includes('192.0.2.99') || f.users.includes('scanner')))
  }
  const [relay, night] = (await smtpRelayCheck.run(store, context)).filter((f) => f.ips[0] === '203.0.113.7')
  assert.equal(relay!.title, 'Authenticated SMTP relay from 203.0.113.7 (as test): 48 sessions, 144 outside recipients')
  assert.equal(night!.title, 'SMTP relay outside business hours from 203.0.113.7 (as test): 144 outside recipients (business hours mon-fri 08:00-18:00 Europe/London)')
  assert.equal(night!.first_seen, '2010-11-17T23:00:34.000Z')
  // Evidence: the session's lines in the SMTP log and the Windows logon that names the account.
  assert.ok(relay!.evidence.some((e) => e.path.endsWith('ex101117.log')))
  assert.ok(relay!.evidence.some((e) => e.path.endsWith('security.xml')))
  // In working hours the same relay would be only medium (bulk), never high.
  const always = contextOf('business_hours: "mon-sun 00:00-24:00"')
  assert.deepEqual((await smtpRelayCheck.run(store, always)).filter((f) => f.severity === 'high'), [])
})

test('Exchange SMTP Receive: the session names its account; one recipient is a low finding', async (t) => {
  const store = await caseOf(t, [path.join(REPO, 'test', 'formats', 'exchange', 'fixtures', 'recv-auth.log')])
  const findings = await smtpRelayCheck.run(store, contextOf())
  assert.deepEqual(findings.map((f) => [f.severity, f.users, f.ips, f.count]), [['low', ['test'], ['203.0.113.9'], 8]])
  // The organisation's own network as client: not a relay by an outsider.
  assert.deepEqual(await smtpRelayCheck.run(store, contextOf('networks: { partners: [203.0.113.0/24] }')), [])
})
