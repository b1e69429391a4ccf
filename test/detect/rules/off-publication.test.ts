// off-publication.yml: OWA/ECP/EWS through an endpoint that does not publish them, by the context
// (%endpoints_without_<door>%) or learnt from the traffic (%learnt_activesync_publications%).
// Fixtures: the bundled ghost-mail case (OWA through the ActiveSync publication, no host header in
// its IIS logs), and two small CAS logs with a host header (fixtures/cas-host-header-*.log): phones
// through mobile.acme.example and browsers through owa.acme.example, then the same day with an
// outsider using OWA and EWS through the mobile host.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { RULE_IDS } from '../../../src/detect/pack-rules.js'
import { caseOf, contextFile, contextOf, FIXTURES, findingsOf, GHOST_MAIL, GHOST_MAIL_CONTEXT, packFindings } from '../detect-case.js'

const VICTIMS = ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro']
const HOST_CONTEXT = `
networks: { vpn: [10.8.0.0/16] }
endpoints:
  "owa.acme.example, 192.0.2.10": [owa, ecp, ews, autodiscover, mapi, activesync]
  "mobile.acme.example, 198.51.100.25": [activesync]
`
const RULES = [RULE_IDS.offPublication, RULE_IDS.offPublicationLearnt, RULE_IDS.offPublicationAnonymous]
const offPublication = async (...args: Parameters<typeof packFindings>) => findingsOf(await packFindings(...args), ...RULES)

test('ghost mail, with the context: the four victims, through both mobile addresses; no one else', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  const findings = await offPublication(store, context)
  const accused = findings.filter((f) => f.users.length > 0)
  assert.deepEqual(accused.flatMap((f) => f.users).sort(), VICTIMS)
  assert.ok(accused.every((f) => f.severity === 'high' && f.rule === RULE_IDS.offPublication))
  assert.deepEqual([...new Set(accused.flatMap((f) => f.ips))].sort(), ['198.51.100.25', '198.51.100.26'])
  const cmoreno = accused.find((f) => f.users[0] === 'cmoreno')!
  assert.equal(cmoreno.title, 'OWA, ECP or EWS used through an endpoint published for other services only (exhunt.endpoint=mobile.acme.example, user_key=cmoreno)')
  assert.deepEqual(cmoreno.endpoints, ['mobile.acme.example'])
  assert.equal(cmoreno.first_seen, '2026-03-11T01:10:09.000Z')
  assert.equal(cmoreno.count, 9)
  assert.ok(cmoreno.evidence.length > 0 && cmoreno.evidence.every((e) => e.path.endsWith(path.join('cas01', 'W3SVC1', 'u_ex260311.log')) && e.line > 4))
  assert.deepEqual(accused.map((f) => f.endpoints[0]).sort(), ['mobile.acme.example', 'mobile.acme.example', 'mobile2.acme.example', 'mobile2.acme.example'])
  // The logon pages fetched before the logons: low, and naming no one.
  const anonymous = findings.filter((f) => f.users.length === 0)
  assert.ok(anonymous.length > 0 && anonymous.every((f) => f.severity === 'low' && f.rule === RULE_IDS.offPublicationAnonymous))
})

test('ghost mail, without a context: the mobile host learnt from the logon redirects; the same four', async (t) => {
  const store = await caseOf(t, [GHOST_MAIL], contextFile(GHOST_MAIL_CONTEXT))
  const findings = await offPublication(store, contextOf())
  const accused = findings.filter((f) => f.users.length > 0)
  assert.deepEqual(accused.flatMap((f) => f.users).sort(), VICTIMS)
  assert.ok(accused.every((f) => f.severity === 'medium' && f.rule === RULE_IDS.offPublicationLearnt && f.endpoints[0] === 'mobile.acme.example'))
  assert.match(accused[0]!.title, /learnt to be an ActiveSync publication \(exhunt\.endpoint=mobile\.acme\.example, user_key=/)
})

test('host headers: the outsider through the mobile host, by context and learnt; not the traveller', async (t) => {
  const store = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-abuse.log')])
  for (const context of [contextOf(HOST_CONTEXT), contextOf()]) {
    const findings = (await offPublication(store, context)).filter((f) => f.users.length > 0)
    assert.equal(findings.length, 1)
    assert.deepEqual(findings[0]!.users, ['egil'])
    assert.deepEqual(findings[0]!.ips, ['203.0.113.99'])
    assert.deepEqual(findings[0]!.endpoints, ['mobile.acme.example'])
    assert.match(findings[0]!.title, /\(exhunt\.endpoint=mobile\.acme\.example, user_key=egil\)$/)
    assert.equal(findings[0]!.count, 3)
  }
})

test('no finding where every endpoint serves what it publishes, nor for ignored accounts', async (t) => {
  const normal = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-normal.log')])
  assert.deepEqual(await offPublication(normal, contextOf(HOST_CONTEXT)), [])
  assert.deepEqual(await offPublication(normal, contextOf()), [])
  const abuse = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-abuse.log')])
  const ignoring = contextOf(`${HOST_CONTEXT}\nignore: { accounts: [egil], ips: [203.0.113.99] }\n`)
  assert.deepEqual(await offPublication(abuse, ignoring), [])
})
