// How findings add up to accusations (src/detect/investigate.ts) and to a containment plan
// (src/detect/containment.ts), on findings written here: one high finding accuses, a medium needs
// another rule's finding, a lead stays a lead; an address is accused only beside an accused account
// or by a high finding of its own, never when it is the organisation's.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Finding, Severity } from '../../src/detect/finding.js'
import { summarise } from '../../src/detect/investigate.js'
import { containmentPlan } from '../../src/detect/containment.js'
import { RULE_IDS } from '../../src/detect/pack-rules.js'
import type { Store } from '../../src/store/store.js'
import { contextOf } from './detect-case.js'

function finding(rule: string, severity: Severity, users: string[], ips: string[], endpoints: string[] = []): Finding {
  return { rule, severity, title: `${rule} ${severity}`, users, ips, endpoints, first_seen: '2026-03-11T01:00:00.000Z', last_seen: '2026-03-11T02:00:00.000Z', count: 1, evidence: [{ path: 'x.log', line: 1 }] }
}

const CONTEXT = contextOf(`
networks: { vpn: [10.8.0.0/16] }
endpoints:
  "mobile.acme.example, 198.51.100.25": [activesync]
`)

test('one high accuses; medium with low or medium of another rule accuses; one medium, or the same rule twice, does not', () => {
  const summary = summarise(
    [
      finding('a', 'high', ['ana'], ['203.0.113.1']),
      finding('a', 'medium', ['ben'], ['203.0.113.2']),
      finding('b', 'low', ['ben'], ['203.0.113.2']),
      finding('a', 'medium', ['eva'], ['203.0.113.3']),
      finding('a', 'medium', ['dan'], ['203.0.113.4']),
      finding('a', 'low', ['dan'], ['203.0.113.4']),
      finding('c', 'informational', ['ana', 'fer'], []),
    ],
    CONTEXT,
  )
  assert.deepEqual(summary.compromised_accounts, ['ana', 'ben'])
  assert.deepEqual(summary.accounts.map((a) => [a.value, a.score, a.accused]), [['ana', 3, true], ['ben', 3, true], ['dan', 2, false], ['eva', 2, false], ['fer', 0, false]])
  assert.deepEqual(summary.attacker_ips, ['203.0.113.1', '203.0.113.2'])
  assert.deepEqual(summary.accounts[0]!.reasons, ['high: a high', 'informational: c informational'])
})

test('an address: not for a scanner that never got in, not for the VPN, yes for a high finding of its own', () => {
  const summary = summarise(
    [
      finding(RULE_IDS.passwordSpray, 'low', [], ['192.0.2.99']),
      finding(RULE_IDS.unknownBrowserInside, 'low', ['itadmin'], ['10.8.0.50']),
      finding(RULE_IDS.offPublication, 'high', ['cmoreno'], ['10.8.0.7', '198.51.100.25'], ['mobile.acme.example']),
      finding(RULE_IDS.webShell, 'critical', [], ['203.0.113.203'], ['cas01']),
    ],
    CONTEXT,
  )
  assert.deepEqual(summary.attacker_ips, ['203.0.113.203', '198.51.100.25'])
  assert.equal(summary.ips.find((i) => i.value === '10.8.0.50')!.role, 'vpn')
  assert.equal(summary.ips.find((i) => i.value === '10.8.0.7')!.accused, false, 'an address of the VPN is never accused')
  assert.deepEqual(summary.abused_endpoints, ['cas01', 'mobile.acme.example'])
  assert.deepEqual(summary.endpoints.find((e) => e.endpoint === 'mobile.acme.example')!.publishes, ['EAS'])
})

test('containment: the own endpoint filtered not blocked; exploited endpoints get their patterns; no advice without evidence', async () => {
  const findings = [
    finding(RULE_IDS.offPublication, 'high', ['cmoreno'], ['198.51.100.25'], ['mobile.acme.example']),
    finding(RULE_IDS.proxyShell, 'high', [], ['203.0.113.201'], ['mail.acme.example']),
  ]
  const noStore = { query: async () => [] } as unknown as Store
  const plan = await containmentPlan(noStore, CONTEXT, summarise(findings, CONTEXT), findings)
  assert.deepEqual(plan.reset_accounts, ['cmoreno'])
  assert.deepEqual(plan.block_ips, ['203.0.113.201'])
  assert.deepEqual(plan.not_blocked.map((n) => n.ip), ['198.51.100.25'])
  const mobile = plan.uri_filters.find((f) => f.endpoint === 'mobile.acme.example')!
  assert.deepEqual(mobile.allow, ['/Microsoft-Server-ActiveSync/'])
  assert.ok(mobile.block.includes('/owa/') && mobile.block.includes('/autodiscover/'))
  const mail = plan.uri_filters.find((f) => f.endpoint === 'mail.acme.example')!
  assert.deepEqual(mail.allow, [])
  assert.ok(mail.block.some((b) => b.startsWith('/autodiscover/autodiscover.json*@*')))
  assert.deepEqual(plan.hardening.map((h) => h.topic), ['passwords', 'publication', 'patching'])
})
