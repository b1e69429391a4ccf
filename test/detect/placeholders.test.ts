// The pack's placeholders and facts (src/detect/placeholders.ts): from the case context, else learnt
// from the traffic; every one documented; and the exhunt logsource's derived fields they feed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parentDomains, PLACEHOLDERS, ruleEnvironment } from '../../src/detect/placeholders.js'
import { compileSigmaRule, parseSigmaText } from '../../src/detect/sigma/index.js'
import type { SigmaRule } from '../../src/detect/sigma/index.js'
import { caseOf, contextFile, contextOf, GHOST_MAIL, GHOST_MAIL_CONTEXT, SMTP_RELAY, SMTP_RELAY_CONTEXT } from './detect-case.js'

test('ghost mail with its context: the values come from the context; every placeholder is documented', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  const { placeholders, facts } = await ruleEnvironment(store, context)
  assert.deepEqual([...placeholders.keys()].sort(), PLACEHOLDERS.map((p) => p.name).sort())
  assert.deepEqual(placeholders.get('deployed_browsers'), ['Chrome', 'Edge', 'IE'])
  assert.deepEqual(placeholders.get('endpoints_without_owa'), ['mobile.acme.example', 'mobile2.acme.example'])
  assert.deepEqual(placeholders.get('endpoint_ips'), ['192.0.2.10', '198.51.100.25', '198.51.100.26'])
  assert.deepEqual(placeholders.get('learnt_activesync_publications'), [], 'the context names the endpoints: nothing is learnt')
  assert.deepEqual(placeholders.get('ignored_accounts'), ['HealthMailbox*'])
  assert.ok(placeholders.get('org_networks')!.includes('10.8.0.0/16') && placeholders.get('org_networks')!.includes('fc00::/7'))
  assert.deepEqual(facts.hours, { zone: 'Europe/Madrid', days: [1, 2, 3, 4, 5], start: 8 * 60, end: 19 * 60 })
  assert.deepEqual(facts.endpoints.map((e) => e.name), ['owa.acme.example', 'mobile.acme.example', 'mobile2.acme.example'])
})

test('ghost mail without a context: the publication and the browsers are learnt from the traffic', async (t) => {
  const store = await caseOf(t, [GHOST_MAIL], contextFile(GHOST_MAIL_CONTEXT))
  const { placeholders, facts } = await ruleEnvironment(store, contextOf())
  assert.deepEqual(placeholders.get('learnt_activesync_publications'), ['mobile.acme.example'])
  assert.deepEqual(facts.endpoints, [{ name: 'mobile.acme.example', hosts: ['mobile.acme.example'], ips: ['198.51.100.25', '198.51.100.26'] }])
  assert.ok(!placeholders.get('deployed_browsers')!.includes('firefox'), 'only the IT admin uses Firefox inside')
  assert.deepEqual(placeholders.get('endpoints_without_owa'), [])
  assert.deepEqual(facts.hours, { zone: 'UTC', days: [1, 2, 3, 4, 5], start: 8 * 60, end: 18 * 60 })
})

test('smtp relay: the organisation\'s mail domains from the context and from what strangers delivered', async (t) => {
  const context = contextFile(SMTP_RELAY_CONTEXT)
  const store = await caseOf(t, [SMTP_RELAY], context)
  const { placeholders } = await ruleEnvironment(store, context)
  assert.deepEqual(placeholders.get('org_domains'), ['acme.example'])
})

test('the SMTP session fields exist only for the SMTP services; the refusal says so', () => {
  const rule = (service: string): SigmaRule =>
    parseSigmaText(`title: t\nid: r\nlogsource:\n  product: exhunt\n  service: ${service}\ndetection:\n  sel:\n    exhunt.session_user: test\n  condition: sel\n`, 'r.yml').rules[0] as SigmaRule
  assert.ok(compileSigmaRule(rule('iis_smtp')).ok)
  assert.ok(compileSigmaRule(rule('smtp_receive')).ok)
  const iis = compileSigmaRule(rule('iis'))
  assert.ok(!iis.ok)
  assert.equal(iis.problem.reason, 'exhunt.session_user is a field of logsource product exhunt with service iis_smtp or smtp_receive only')
})

test("an endpoint's parent domains, every one of at least two labels (the mail domain of mobile.acme.co.uk is not co.uk)", () => {
  assert.deepEqual(parentDomains('mobile.acme.co.uk'), ['acme.co.uk', 'co.uk'])
  assert.deepEqual(parentDomains('mobile.acme.example'), ['acme.example'])
  assert.deepEqual(parentDomains('acme.example'), ['acme.example'])
  assert.deepEqual(parentDomains('localhost'), [])
})
