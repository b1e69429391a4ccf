// exhunt-unknown-browser: a browser family the organisation does not use, or a tool, logging in.
// Fixtures: the bundled ghost-mail case (the attacker's Firefox from the mobile publication; the IT
// admin's Firefox through the VPN, a decoy), fixtures/cas-host-header-*.log (Chrome only from the
// VPN; the outsider's Firefox; a traveller's Safari from a hotel).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { unknownBrowserCheck } from '../../../src/detect/checks/unknown-browser.js'
import { caseOf, contextFile, contextOf, FIXTURES, GHOST_MAIL, GHOST_MAIL_CONTEXT } from '../detect-case.js'

const VICTIMS = ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro']

test('ghost mail: Firefox from outside for the four victims (medium); the admin through the VPN only low', async (t) => {
  const context = contextFile(GHOST_MAIL_CONTEXT)
  const store = await caseOf(t, [GHOST_MAIL], context)
  for (const known of [context, contextOf()]) {
    const findings = await unknownBrowserCheck.run(store, known)
    const medium = findings.filter((f) => f.severity === 'medium')
    assert.deepEqual(medium.flatMap((f) => f.users).sort(), VICTIMS)
    assert.deepEqual([...new Set(medium.flatMap((f) => f.ips))].sort(), ['198.51.100.25', '198.51.100.26'])
    const low = findings.filter((f) => f.severity === 'low')
    assert.deepEqual(low.map((f) => [f.users, f.ips]), [[['itadmin'], ['10.8.0.50']]])
    assert.ok(findings.every((f) => f.title.startsWith('Firefox, ')), findings.map((f) => f.title).join('\n'))
  }
  const findings = await unknownBrowserCheck.run(store, context)
  assert.equal(findings.find((f) => f.users[0] === 'itadmin')!.title, "Firefox, not a deployed browser, logged in as itadmin from the organisation's networks (vpn)")
  assert.equal(findings.find((f) => f.users[0] === 'cmoreno')!.title, 'Firefox, not a deployed browser, logged in as cmoreno from outside the organisation')
})

test('host headers: the outsider and the traveller are both leads (medium); nothing when every family is deployed', async (t) => {
  const store = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-abuse.log')])
  const learnt = await unknownBrowserCheck.run(store, contextOf('networks: { vpn: [10.8.0.0/16] }'))
  assert.deepEqual(learnt.map((f) => [f.users[0], f.title.split(',')[0], f.severity]).sort(), [['cruiz', 'Safari', 'medium'], ['egil', 'Firefox', 'medium']])
  assert.deepEqual(await unknownBrowserCheck.run(store, contextOf('deployed_browsers: [Chrome, Firefox, Safari]')), [])
  const normal = await caseOf(t, [path.join(FIXTURES, 'cas-host-header-normal.log')])
  assert.deepEqual(await unknownBrowserCheck.run(normal, contextOf()), [])
  assert.deepEqual(await unknownBrowserCheck.run(normal, contextOf('deployed_browsers: [Chrome]')), [])
})
