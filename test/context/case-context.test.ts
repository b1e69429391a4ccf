// The case context file: time zone and culture read, bad entries pointed at by line.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ContextError, parseCaseContext } from '../../src/context/case-context.js'

const FULL = `time_zone: Europe/Madrid
culture: es-ES
business_hours: "mon-fri 08:00-19:00"
networks:
  internal: [10.0.0.0/8]
  vpn: [10.8.0.0/16]
endpoints:
  "owa.acme.example, 192.0.2.10": [owa, ecp, ews]
  "mobile.acme.example, 198.51.100.25": activesync
deployed_browsers: [Chrome, Edge]
ignore:
  accounts: [HealthMailbox*]
  ips: [10.0.5.7]
`

test('every key of the context file is read', () => {
  assert.deepEqual(parseCaseContext(FULL, 'context.yaml'), {
    file: 'context.yaml',
    timeZone: 'Europe/Madrid',
    culture: 'es-ES',
    businessHours: { days: [1, 2, 3, 4, 5], start: 480, end: 1140 },
    networks: { internal: ['10.0.0.0/8'], vpn: ['10.8.0.0/16'] },
    endpoints: [
      { hosts: ['owa.acme.example'], ips: ['192.0.2.10'], publishes: ['OWA', 'ECP', 'EWS'] },
      { hosts: ['mobile.acme.example'], ips: ['198.51.100.25'], publishes: ['EAS'] },
    ],
    deployedBrowsers: ['Chrome', 'Edge'],
    deployedClients: [],
    ignore: { accounts: ['HealthMailbox*'], ips: ['10.0.5.7'], userAgents: [] },
  })
  assert.equal(parseCaseContext('', 'context.yaml').endpoints.length, 0)
})

test('a bad entry is reported with its line and column', () => {
  assert.throws(() => parseCaseContext('culture: en-US\ntime_zone: Mars/Olympus\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /^ctx\.yaml:2:12: unknown time zone "Mars\/Olympus"/.test(e.message))
  assert.throws(() => parseCaseContext('culture: 42\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /^ctx\.yaml:1:10: culture must be/.test(e.message))
  assert.throws(() => parseCaseContext('time_zone: [a\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /^ctx\.yaml:\d+:\d+: /.test(e.message))
  assert.throws(() => parseCaseContext('- a\n- b\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /must be a mapping/.test(e.message))
  const bad = (text: string, pattern: RegExp) => assert.throws(() => parseCaseContext(text, 'c.yaml'), (e: unknown) => e instanceof ContextError && pattern.test(e.message), text)
  bad('networks:\n  vpn: [10.8.0.0/16, 10.300.0.0/16]\n', /^c\.yaml:2:22: "10\.300\.0\.0\/16" is not an IP address or network/)
  bad('networks:\n  wifi: [10.8.0.0/16]\n', /^c\.yaml:2:3: unknown network role "wifi"/)
  bad('endpoints:\n  "mobile, 198.51.100.25": [activesync, imap]\n', /^c\.yaml:2:41: unknown service "imap"/)
  bad('business_hours: "8 to 7"\n', /^c\.yaml:1:17: business_hours must look like/)
  bad('timezone: UTC\n', /^c\.yaml:1:1: unknown key "timezone"/)
  bad('ignore:\n  users: [a]\n', /^c\.yaml:2:3: unknown ignore list "users"/)
})
