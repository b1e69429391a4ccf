// account-spread.yml: one outside address reaching several accounts (value_count), then getting in
// (a chained temporal_ordered), one account from many outside addresses. Fixtures: the bundled
// smtp-relay case (the attacker fails on temp, administrator and test, then gets in as test; a
// scanner fails on six names and never gets in; jsmith mistypes his password inside), the bundled
// ghost-mail case (two accounts per mobile address: below the threshold; every phone behind one
// address: ActiveSync is not counted), and OWA logs written here.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RULE_IDS } from '../../../src/detect/pack-rules.js'
import { caseOf, contextFile, contextOf, findingsOf, GHOST_MAIL, GHOST_MAIL_CONTEXT, packFindings, SMTP_RELAY, SMTP_RELAY_CONTEXT, writeFixture } from '../detect-case.js'

const RULES = [RULE_IDS.passwordSpray, RULE_IDS.sprayThenLogon, RULE_IDS.sourceManyAccounts, RULE_IDS.accountManySources]
const accountSpread = async (...args: Parameters<typeof packFindings>) => findingsOf(await packFindings(...args), ...RULES)

const HEADER = '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-12 00:00:00\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n'
const owa = (time: string, user: string, ip: string, status = 200): string =>
  `2026-03-12 ${time} 10.0.1.11 POST /owa/service.svc action=FindItem 443 ${user} ${ip} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+Chrome/122.0.0.0 - ${status} 0 0 30`

test('smtp-relay story: the attacker sprayed and got in as test (high); the scanner never got in (low); jsmith is not there', async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const store = await caseOf(t, [SMTP_RELAY], context)
  const findings = await accountSpread(store, context)
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.title, f.users, f.ips, f.count]),
    [
      [RULE_IDS.passwordSpray, 'low', 'An outside address failed on three or more accounts (src_ip=192.0.2.99)', [], ['192.0.2.99'], 12],
      [RULE_IDS.passwordSpray, 'low', 'An outside address failed on three or more accounts (src_ip=203.0.113.7)', [], ['203.0.113.7'], 36],
      [RULE_IDS.sprayThenLogon, 'high', 'An outside address failed on three or more accounts, then logged in (src_ip=203.0.113.7)', ['test'], ['203.0.113.7'], 85],
    ],
  )
  assert.ok(findings[2]!.evidence.every((e) => e.path.endsWith('security.xml')))
})

test('ghost mail: no address reached three accounts outside ActiveSync; nothing', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  assert.deepEqual(await accountSpread(store, context), [])
})

test('OWA: one address as three accounts (medium), one account from five addresses (medium); not from inside', async (t) => {
  const lines = [
    owa('01:00:00', 'ACME\\ana', '203.0.113.50'),
    owa('01:01:00', 'ACME\\ben', '203.0.113.50'),
    owa('01:02:00', 'ACME\\eva', '203.0.113.50'),
    ...[1, 2, 3, 4, 5].map((n) => owa(`0${n}:30:00`, 'ACME\\dan', `198.51.100.${n}`)),
    // Inside, through the VPN: many accounts behind one address, as always.
    ...['ana', 'ben', 'eva', 'dan'].map((u, i) => owa(`09:0${i}:00`, `ACME\\${u}`, '10.8.0.1')),
  ]
  const store = await caseOf(t, [writeFixture(t, 'u_ex260312.log', HEADER + lines.sort().join('\n') + '\n')])
  const findings = await accountSpread(store, contextOf('networks: { vpn: [10.8.0.0/16] }'))
  assert.deepEqual(
    findings.map((f) => [f.severity, f.title, f.users]),
    [
      ['medium', 'One outside address logged in as three or more accounts (src_ip=203.0.113.50)', ['ana', 'ben', 'eva']],
      ['medium', 'One account logged in from five or more outside addresses (user_key=dan)', ['dan']],
    ],
  )
  assert.deepEqual(await accountSpread(store, contextOf('ignore: { ips: [203.0.113.50], accounts: [dan] }')), [])
  // Failures on three accounts from one address, and none got in: low, naming no account.
  const failed = await caseOf(t, [writeFixture(t, 'u_ex260313.log', HEADER + ['ana', 'ben', 'eva'].map((u, i) => owa(`01:0${i}:00`, `ACME\\${u}`, '203.0.113.60', 401)).join('\n') + '\n')])
  assert.deepEqual((await accountSpread(failed, contextOf())).map((f) => [f.severity, f.users, f.ips]), [['low', [], ['203.0.113.60']]])
})

test("OWA users behind the reverse proxy of an endpoint that publishes OWA share its address: no spread; OWA through an endpoint that does not publish it still counts", async (t) => {
  const proxied = (ip: string): string[] => ['ana', 'ben', 'eva', 'dan'].map((u, i) => owa(`10:0${i}:00`, `ACME\\${u}`, ip))
  const failures = ['ana', 'ben', 'eva'].map((u, i) => owa(`11:0${i}:00`, `ACME\\${u}`, '192.0.2.10', 401))
  const store = await caseOf(t, [writeFixture(t, 'u_ex260312.log', HEADER + [...proxied('192.0.2.10'), ...failures, ...proxied('192.0.2.20')].sort().join('\n') + '\n')])
  const context = contextOf(`networks: { internal: [10.0.0.0/8] }
endpoints:
  "owa.acme.example, 192.0.2.10": [owa, ecp, ews, activesync]
  "mobile.acme.example, 192.0.2.20": [activesync]`)
  const findings = await accountSpread(store, context)
  assert.deepEqual(
    findings.map((f) => [f.severity, f.title]),
    [['medium', 'One outside address logged in as three or more accounts (src_ip=192.0.2.20)']],
  )
})
