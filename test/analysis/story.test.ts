// The first seed story, walked end to end on the bundled example case with the command line an
// investigator would type: the browser nobody deploys, the organisation's public address it came
// from (the mobile publication, not the VPN), that address's /24 with the backup address and the
// four victim accounts, and the ghost mail's life in the store: created, submitted, deleted via OWA.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { PivotResult } from '../../src/analysis/pivot.js'
import type { TimelineRow } from '../../src/analysis/timeline.js'
import { tempDir } from '../helpers/temp-dir.js'
import { REPO_ROOT, runCli } from '../cli/run-cli.js'

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'ghost-mail')
const CONTEXT = path.join(REPO_ROOT, 'examples', 'ghost-mail-context.yaml')
const VICTIMS = ['cmoreno', 'rdiaz', 'sgomez', 'tnavarro']
// The ghost mail's ItemEntryId as Get-DatabaseEvent printed it (examples/generate-ghost-mail.mjs).
const GHOST_HEX = '000000007C2E9A41D05B4F6E8A1B3C5D7E9F0A2B0700E41A7C9B2D3F4E5A8B6C0D1E2F3A4B5C0000000000100000E41A7C9B2D3F4E5A8B6C0D1E2F3A4B5C0000004B2E910000'
const GHOST_DASHED = GHOST_HEX.match(/../g)!.join('-')

function json<T>(args: readonly string[]): T {
  const result = runCli(args)
  assert.equal(result.status, 0, `exhunt ${args.join(' ')}: ${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

test('the ghost-mail story, step by step', (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const ingest = runCli(['ingest', EXAMPLE, '--case', caseDir, '--context', CONTEXT, '--json'])
  assert.equal(ingest.status, 0, ingest.stderr)
  const inCase = ['--case', caseDir, '--context', CONTEXT]

  // 1. Stripping: of the browsers that reached the CAS nodes, one is not deployed in the organisation.
  const browsers = json<Array<Record<string, unknown>>>(['stack', 'ua.family', '--where', 'ua.client=Browser', '--least', ...inCase, '--json'])
  const deployed = ['Chrome', 'Edge', 'IE']
  assert.deepEqual(browsers.map((r) => r['ua.family']).filter((f) => !deployed.includes(String(f))), ['Firefox'])

  // 2. Pivot on the family: a public address of the organisation that is not the VPN.
  const firefox = json<PivotResult>(['pivot', 'Firefox', ...inCase, '--json'])
  assert.equal(firefox.kind, 'ua_family')
  const ips = firefox.ties.ips!
  const notVpn = ips.filter((i) => i.role !== 'vpn' && i.role !== 'internal')
  assert.equal(notVpn[0]!.value, '198.51.100.25', 'the most frequent address outside the VPN')
  assert.equal(notVpn[0]!.role, 'endpoint mobile.acme.example (publishes EAS)')
  assert.deepEqual(ips.filter((i) => i.role === 'vpn').map((i) => i.value), ['10.8.0.50'], "the IT admin's Firefox, through the VPN: a decoy")
  assert.deepEqual([...new Set(firefox.off_publication.map((o) => o.client_app))], ['OWA'], 'OWA reached through the ActiveSync publication')

  // 3. Pivot on that address's /24: the backup address and exactly four accounts using OWA through them.
  const address = json<PivotResult>(['pivot', '198.51.100.25', ...inCase, '--json'])
  assert.equal(address.network, '198.51.100.0/24')
  assert.deepEqual(address.neighbours.map((n) => n.ip), ['198.51.100.26'])
  assert.equal(address.neighbours[0]!.role, 'endpoint mobile2.acme.example (publishes EAS)')
  const subnet = json<PivotResult>(['pivot', '198.51.100.0/24', ...inCase, '--json'])
  assert.deepEqual(subnet.neighbours.map((n) => n.ip).sort(), ['198.51.100.25', '198.51.100.26'])
  assert.ok(subnet.ties.users!.length > 4, 'the legitimate phones come through the same publication (decoys)')
  const offPublication = [...new Set(subnet.off_publication.flatMap((o) => (o.user === null ? [] : [o.user])))].sort()
  assert.deepEqual(offPublication, VICTIMS, 'the accounts that used what the mobile endpoints do not publish')
  const owa = json<PivotResult>(['pivot', '198.51.100.0/24', '--where', 'client_app=OWA', ...inCase, '--json'])
  assert.deepEqual(owa.ties.users!.map((u) => u.value).sort(), VICTIMS)
  assert.deepEqual(owa.ties.ips!.map((i) => i.value).sort(), ['198.51.100.25', '198.51.100.26'])

  // 4. The ghost mail's life, from its id as the EventHistory printed it (dashes) or without them.
  const life = json<TimelineRow[]>(['timeline', '--item', GHOST_DASHED, '--case', caseDir, '--json'])
  for (const row of life) for (const key of ['ts', 'action', 'client_app', 'dataset', 'path', 'line']) assert.ok(key in row, `${key} in every row`)
  const store = life.filter((r) => r.dataset === 'db_event')
  assert.deepEqual(store.map((r) => [r.action, r.client_app, r.user]), [
    ['ObjectCreated', 'OWA', 'ACME\\cmoreno'],
    ['MailSubmitted', 'OWA', 'ACME\\cmoreno'],
    ['ObjectDeleted', 'OWA', 'ACME\\cmoreno'],
  ])
  assert.deepEqual(store.map((r) => r.ts), ['2026-03-11T01:14:01.000Z', '2026-03-11T01:19:01.000Z', '2026-03-11T01:20:01.000Z'])
  assert.ok(store.every((r) => r.path.endsWith('databaseevent-cmoreno.txt') && r.line > 0))
  const actions = life.map((r) => r.action)
  assert.ok(actions.indexOf('SUBMIT') > actions.indexOf('MailSubmitted') && actions.indexOf('SUBMIT') < actions.indexOf('ObjectDeleted'), 'message tracking between submission and deletion')
  assert.ok(actions.includes('SEND'), "the message's own records (same message id)")
  assert.deepEqual(json<TimelineRow[]>(['timeline', '--item', GHOST_HEX.toLowerCase(), '--case', caseDir, '--json']), life)

  // And the attacker's night as one timeline: what patient zero's account did from the mobile address.
  const night = runCli(['timeline', '--user', 'ACME\\cmoreno', '--ip', '198.51.100.25', '--to', '2026-03-11T02:00', '--case', caseDir])
  assert.equal(night.status, 0, night.stderr)
  assert.match(night.stdout, /CreateItem/)
  assert.match(night.stdout, /DeleteItem/)
})

test('pivot and timeline: help, clear errors', (t) => {
  for (const command of ['pivot', 'timeline']) {
    const help = runCli([command, '--help'])
    assert.equal(help.status, 0)
    assert.match(help.stdout, /Usage: exhunt/)
  }
  const caseDir = path.join(tempDir(t), 'case')
  runCli(['ingest', path.join(EXAMPLE, 'cas01'), '--case', caseDir, '--json'])
  const unknown = runCli(['pivot', 'nobody-at-all', '--case', caseDir])
  assert.equal(unknown.status, 2)
  assert.match(unknown.stderr, /^exhunt: cannot tell what "nobody-at-all" is/)
  const nothing = runCli(['pivot', '203.0.113.200', '--case', caseDir])
  assert.equal(nothing.status, 1)
  assert.equal(nothing.stderr, 'exhunt: no record ties to 203.0.113.200\n')
  const badFrom = runCli(['timeline', '--from', 'last tuesday', '--case', caseDir])
  assert.equal(badFrom.status, 2)
  assert.match(badFrom.stderr, /^exhunt: --from: "last tuesday" is not a date or time/)
  const empty = runCli(['timeline', '--user', 'nobody', '--case', caseDir, '--json'])
  assert.equal(empty.status, 1)
  assert.equal(empty.stdout, '[]\n')
  assert.equal(empty.stderr, 'exhunt: no record ties to user nobody\n')
  const hops = runCli(['pivot', 'Firefox', '--hops', '3', '--case', caseDir])
  assert.equal(hops.status, 2)
  const text = runCli(['pivot', 'Firefox', '--case', caseDir])
  assert.equal(text.status, 0, text.stderr)
  assert.match(text.stdout, /^Firefox: a user-agent family, \d+ records/)
  assert.match(text.stdout, /\nsource IPs \(3\)\nvalue\s+role\s+count/)
  const csv = runCli(['pivot', 'Firefox', '--hops', '2', '--case', caseDir, '--csv'])
  assert.equal(csv.status, 0, csv.stderr)
  assert.match(csv.stdout, /^section,from,value,count,first_seen,last_seen,role,detail\n/)
  assert.match(csv.stdout, /\nhop2:ips,users=cmoreno,/)
})
