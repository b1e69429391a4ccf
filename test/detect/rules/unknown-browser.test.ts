// unknown-browser.yml: a browser family the organisation does not use (%deployed_browsers%), or a
// tool, logging in; medium from outside %org_networks%, low from inside. Fixtures: the bundled
// ghost-mail case (the attacker's Firefox from the mobile publication; the IT admin's Firefox through
// the VPN, a decoy), fixtures/cas-host-header-*.log (Chrome only from the VPN; the outsider's
// Firefox; a traveller's Safari from a hotel).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { RULE_IDS } from '../../../src/detect/pack-rules.js'
import { caseOf, contextFile, contextOf, FIXTURES, findingsOf, GHOST_MAIL, GHOST_MAIL_CONTEXT, packFindings, writeFixture } from '../detect-case.js'

const VICTIMS = ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro']
const unknownBrowser = async (...args: Parameters<typeof packFindings>) => findingsOf(await packFindings(...args), RULE_IDS.unknownBrowser, RULE_IDS.unknownBrowserInside)

test('ghost mail: Firefox from outside for the four victims (medium); the admin through the VPN only low', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  for (const known of [context, contextOf()]) {
    const findings = await unknownBrowser(store, known)
    const medium = findings.filter((f) => f.severity === 'medium')
    assert.deepEqual(medium.flatMap((f) => f.users).sort(), VICTIMS)
    assert.ok(medium.every((f) => f.rule === RULE_IDS.unknownBrowser))
    assert.deepEqual([...new Set(medium.flatMap((f) => f.ips))].sort(), ['198.51.100.25', '198.51.100.26'])
    const low = findings.filter((f) => f.severity === 'low')
    assert.deepEqual(low.map((f) => [f.rule, f.users, f.ips]), [[RULE_IDS.unknownBrowserInside, ['itadmin'], ['10.8.0.50']]])
    assert.ok(findings.every((f) => f.title.includes('(ua.family=Firefox, user_key=')), findings.map((f) => f.title).join('\n'))
  }
  const findings = await unknownBrowser(store, context)
  assert.equal(findings.find((f) => f.users[0] === 'itadmin')!.title, 'A browser or tool the organisation does not use logged in from its own networks (ua.family=Firefox, user_key=itadmin)')
  const cmoreno = findings.find((f) => f.users[0] === 'cmoreno')!
  assert.equal(cmoreno.title, 'A browser or tool the organisation does not use logged in from outside (ua.family=Firefox, user_key=cmoreno)')
  assert.equal(cmoreno.count, 9)
  assert.deepEqual(cmoreno.endpoints, ['mobile.acme.example'], 'the endpoint the context names for the address')
})

test('host headers: the outsider and the traveller are both leads (medium); nothing when every family is deployed', async (t) => {
  const store = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-abuse.log')])
  const learnt = await unknownBrowser(store, contextOf('networks: { vpn: [10.8.0.0/16] }'))
  assert.deepEqual(learnt.map((f) => [f.users[0], f.title.match(/ua\.family=(\w+)/)![1], f.severity]).sort(), [['cruiz', 'Safari', 'medium'], ['egil', 'Firefox', 'medium']])
  assert.deepEqual(await unknownBrowser(store, contextOf('deployed_browsers: [Chrome, Firefox, Safari]')), [])
  const normal = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-normal.log')])
  assert.deepEqual(await unknownBrowser(normal, contextOf()), [])
  assert.deepEqual(await unknownBrowser(normal, contextOf('deployed_browsers: [Chrome]')), [])
})

const HEADER = '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-03-12 00:00:00\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n'
const owa = (time: string, user: string, ip: string, agent: string): string => `2026-03-12 ${time} 10.0.1.11 POST /owa/service.svc action=FindItem 443 ${user} ${ip} ${agent} - 200 0 0 30`

test('nothing known about the browsers (no context, nobody browsing from inside): no browser is unusual, a tool still is', async (t) => {
  const lines = [
    owa('01:00:00', 'ACME\\ana', '203.0.113.50', 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0'),
    owa('01:01:00', 'ACME\\ben', '203.0.113.51', 'python-requests/2.31.0'),
  ]
  const store = await caseOf(t, [writeFixture(t, 'u_ex260312.log', HEADER + lines.join('\n') + '\n')])
  const findings = await unknownBrowser(store, contextOf())
  assert.deepEqual(findings.map((f) => [f.severity, f.users, f.ips]), [['medium', ['ben'], ['203.0.113.51']]])
})
