// RULE_FAMILIES (src/detect/pack-rules.ts): a former check with several severities became several
// Sigma rules (a Sigma rule has one level), and the summary (src/detect/investigate.ts summarise)
// counts the heaviest finding of such a family once per account or address, as it does the heaviest
// finding of one rule. Without it, a daytime bulk relay (low + medium) or an account seen with an
// unknown browser inside and outside (low + medium) would add up to an accusation. Findings are
// written here, as in summary.test.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Finding, Severity } from '../../src/detect/finding.js'
import { ACCUSE, summarise } from '../../src/detect/investigate.js'
import { RULE_FAMILIES, RULE_IDS } from '../../src/detect/pack-rules.js'
import { contextOf } from './detect-case.js'

function finding(rule: string, severity: Severity, users: string[], ips: string[], endpoints: string[] = []): Finding {
  return { rule, severity, title: `${rule} ${severity}`, users, ips, endpoints, first_seen: '2026-03-11T10:00:00.000Z', last_seen: '2026-03-11T11:00:00.000Z', count: 1, evidence: [{ path: 'x.log', line: 1 }] }
}

const CONTEXT = contextOf(`
networks: { vpn: [10.8.0.0/16], internal: [192.168.0.0/16] }
`)

const RELAY_CLIENT = '203.0.113.50'
const RELAY_SERVER = 'smtp01.acme.example'

test('the families the summary relies on are declared', () => {
  assert.equal(RULE_FAMILIES.get(RULE_IDS.smtpRelay), RULE_FAMILIES.get(RULE_IDS.smtpRelayBulk))
  assert.equal(RULE_FAMILIES.get(RULE_IDS.smtpRelay), RULE_FAMILIES.get(RULE_IDS.smtpRelayNight))
  assert.equal(RULE_FAMILIES.get(RULE_IDS.unknownBrowser), RULE_FAMILIES.get(RULE_IDS.unknownBrowserInside))
  assert.equal(RULE_FAMILIES.get(RULE_IDS.passwordSpray), RULE_FAMILIES.get(RULE_IDS.sprayThenLogon))
  assert.notEqual(RULE_FAMILIES.get(RULE_IDS.smtpRelay), undefined)
  assert.notEqual(RULE_FAMILIES.get(RULE_IDS.smtpRelay), RULE_FAMILIES.get(RULE_IDS.unknownBrowser))
})

test('a daytime bulk relay client (relay low + bulk medium, same account and address) stays a lead', () => {
  const summary = summarise(
    [
      finding(RULE_IDS.smtpRelay, 'low', ['test'], [RELAY_CLIENT], [RELAY_SERVER]),
      finding(RULE_IDS.smtpRelayBulk, 'medium', ['test'], [RELAY_CLIENT], [RELAY_SERVER]),
    ],
    CONTEXT,
  )
  const account = summary.accounts.find((a) => a.value === 'test')!
  assert.equal(account.score, 2, 'the heaviest of the family (medium), not low + medium')
  assert.equal(account.accused, false)
  assert.deepEqual(summary.compromised_accounts, [])
  const ip = summary.ips.find((i) => i.value === RELAY_CLIENT)!
  assert.equal(ip.score, 2)
  assert.equal(ip.accused, false)
  assert.deepEqual(summary.attacker_ips, [])
  assert.deepEqual(summary.abused_endpoints, [], 'a medium relay finding of an account not accused is no abused door')
  // Still listed as a lead, with both findings as reasons.
  assert.deepEqual(account.reasons, [`medium: ${RULE_IDS.smtpRelayBulk} medium`, `low: ${RULE_IDS.smtpRelay} low`])
  assert.deepEqual(account.rules, [RULE_IDS.smtpRelayBulk, RULE_IDS.smtpRelay])
})

test('a relay found low, bulk and at night weighs as its heaviest (high), not as all three added up', () => {
  const summary = summarise(
    [
      finding(RULE_IDS.smtpRelay, 'low', ['test'], [RELAY_CLIENT], [RELAY_SERVER]),
      finding(RULE_IDS.smtpRelayBulk, 'medium', ['test'], [RELAY_CLIENT], [RELAY_SERVER]),
      finding(RULE_IDS.smtpRelayNight, 'high', ['test'], [RELAY_CLIENT], [RELAY_SERVER]),
    ],
    CONTEXT,
  )
  assert.deepEqual(summary.accounts.map((a) => [a.value, a.score, a.accused]), [['test', 3, true]])
  assert.deepEqual(summary.ips.map((i) => [i.value, i.score, i.accused]), [[RELAY_CLIENT, 3, true]])
  assert.deepEqual(summary.abused_endpoints, [RELAY_SERVER])
})

test('one account with the unknown browser both inside and outside is not accused by their sum', () => {
  const summary = summarise(
    [
      finding(RULE_IDS.unknownBrowserInside, 'low', ['itadmin'], ['10.8.0.50']),
      finding(RULE_IDS.unknownBrowser, 'medium', ['itadmin'], ['198.51.100.77']),
    ],
    CONTEXT,
  )
  const account = summary.accounts.find((a) => a.value === 'itadmin')!
  assert.equal(account.score, 2, 'the heaviest of the family (medium), not low + medium')
  assert.equal(account.accused, false)
  assert.deepEqual(summary.compromised_accounts, [])
  assert.deepEqual(summary.attacker_ips, [])
  assert.deepEqual(account.ties, ['10.8.0.50', '198.51.100.77'], 'both addresses still listed with the lead')
})

test('a spray and a spray-then-logon of the same address count once (the heavier)', () => {
  const summary = summarise(
    [
      finding(RULE_IDS.passwordSpray, 'low', [], ['192.0.2.99']),
      finding(RULE_IDS.sprayThenLogon, 'high', ['ana'], ['192.0.2.99']),
    ],
    CONTEXT,
  )
  assert.deepEqual(summary.ips.map((i) => [i.value, i.score, i.accused]), [['192.0.2.99', 3, true]])
})

test('the same severities from rules of different families (or of no family) still add up', () => {
  assert.ok(ACCUSE <= 3, 'a medium and a low of different rules accuse')
  const summary = summarise(
    [
      // smtp-relay family (low) + unknown-browser family (medium): 3, accused.
      finding(RULE_IDS.smtpRelay, 'low', ['test'], [RELAY_CLIENT], [RELAY_SERVER]),
      finding(RULE_IDS.unknownBrowser, 'medium', ['test'], [RELAY_CLIENT]),
      // unknown-browser family (low, inside) + smtp-relay family (medium): 3, accused.
      finding(RULE_IDS.unknownBrowserInside, 'low', ['itadmin'], ['10.8.0.50']),
      finding(RULE_IDS.smtpRelayBulk, 'medium', ['itadmin'], ['198.51.100.8'], [RELAY_SERVER]),
      // a family (medium) and a rule of no family (low): 3, accused.
      finding(RULE_IDS.unknownBrowser, 'medium', ['eva'], ['198.51.100.9']),
      finding(RULE_IDS.ghostMail, 'low', ['eva'], ['198.51.100.9']),
      // two rules of no family: 3, accused.
      finding('user-rule-a', 'medium', ['dan'], ['198.51.100.10']),
      finding('user-rule-b', 'low', ['dan'], ['198.51.100.10']),
    ],
    CONTEXT,
  )
  assert.deepEqual(summary.accounts.map((a) => [a.value, a.score, a.accused]), [
    ['dan', 3, true],
    ['eva', 3, true],
    ['itadmin', 3, true],
    ['test', 3, true],
  ])
  assert.deepEqual(summary.compromised_accounts, ['dan', 'eva', 'itadmin', 'test'])
  const ips = new Map(summary.ips.map((i) => [i.value, i]))
  assert.equal(ips.get(RELAY_CLIENT)!.score, 3)
  assert.equal(ips.get(RELAY_CLIENT)!.accused, true, "the relay client carried an accused account's medium finding")
  assert.equal(ips.get('10.8.0.50')!.accused, false, 'the VPN is never accused')
  assert.deepEqual(summary.attacker_ips, ['198.51.100.10', '198.51.100.9', RELAY_CLIENT])
})
