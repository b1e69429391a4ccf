// Pivot on a small case written for the test: ties with counts and first/last seen, caps, the
// neighbours of an address, address roles and off-publication use from the context, the second hop.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ipRole, NothingTiedError, pivot, type NetworkLabels, type PivotResult } from '../../src/analysis/pivot.js'
import { detectValue } from '../../src/analysis/value-kind.js'
import { parseCondition } from '../../src/analysis/where.js'
import type { DuckDbStore } from '../../src/store/duckdb.js'
import { at, syntheticCase, type TestEvent } from './synthetic-case.js'

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0'
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36'
const IPHONE = 'Apple-iPhone14C5/2102.70'

const LABELS: NetworkLabels = {
  networks: [
    { role: 'internal', network: '10.0.0.0/8' },
    { role: 'vpn', network: '10.8.0.0/16' },
  ],
  endpoints: [
    { name: 'owa.acme.example', hosts: ['owa.acme.example'], ips: ['192.0.2.10'], publishes: ['OWA', 'EAS'] },
    { name: 'mobile.acme.example', hosts: ['mobile.acme.example'], ips: ['198.51.100.25'], publishes: ['EAS'] },
  ],
}

function owa(time: string, user: string | undefined, ip: string, agent = FIREFOX): TestEvent {
  return { ts: at(time), dataset: 'iis', host_name: 'cas01', action: 'POST /owa/service.svc', client_app: 'OWA', ...(user === undefined ? {} : { user_key: user, user_name: `ACME\\${user}` }), src_ip: ip, dst_ip: '10.0.1.11', user_agent: agent, http_status: 200 }
}
function eas(time: string, user: string, ip = '198.51.100.25'): TestEvent {
  return { ts: at(time), dataset: 'iis', host_name: 'cas02', action: 'POST /Microsoft-Server-ActiveSync/default.eas', client_app: 'EAS', user_key: user, user_name: `ACME\\${user}`, src_ip: ip, dst_ip: '10.0.1.12', user_agent: IPHONE, http_status: 200 }
}

async function story(t: import('node:test').TestContext): Promise<DuckDbStore> {
  return syntheticCase(t, {
    'cas01.log': [
      owa('01:10', undefined, '198.51.100.25'),
      owa('01:11', 'cmoreno', '198.51.100.25'),
      owa('01:12', 'cmoreno', '198.51.100.25'),
      owa('01:20', 'rdiaz', '198.51.100.26'),
      owa('09:00', 'itadmin', '10.8.0.50'),
      owa('09:30', 'mgarcia', '10.8.0.28', CHROME),
      owa('10:00', 'cmoreno', '10.8.0.54', CHROME),
    ],
    'cas02.log': [eas('08:00', 'cmoreno'), eas('08:30', 'mgarcia'), eas('09:00', 'jlopez'), eas('09:10', 'pmartin', '198.51.100.40')],
    'msgtrk.log': [{ ts: at('01:13'), dataset: 'msgtrk', host_name: 'EXMBX01', action: 'SUBMIT', client_app: 'OWA', message_id: '<m1@acme>', item_id: 'AABBCCDD', sender: 'cmoreno@acme.example' }],
  })
}

const values = (result: PivotResult, kind: keyof PivotResult['ties']): string[] => (result.ties[kind] ?? []).map((t) => t.value)

test('the ties of a family: users, IPs, agents, apps, datasets, servers with counts and first/last seen', async (t) => {
  const store = await story(t)
  const result = await pivot(store, { value: await detectValue(store, 'Firefox') })
  assert.equal(result.kind, 'ua_family')
  assert.equal(result.records, 5)
  assert.equal(result.first_seen, '2026-03-11T01:10:00.000Z')
  assert.equal(result.last_seen, '2026-03-11T09:00:00.000Z')
  assert.deepEqual(result.ties.users, [
    { value: 'cmoreno', count: 2, first_seen: '2026-03-11T01:11:00.000Z', last_seen: '2026-03-11T01:12:00.000Z' },
    { value: 'itadmin', count: 1, first_seen: '2026-03-11T09:00:00.000Z', last_seen: '2026-03-11T09:00:00.000Z' },
    { value: 'rdiaz', count: 1, first_seen: '2026-03-11T01:20:00.000Z', last_seen: '2026-03-11T01:20:00.000Z' },
  ])
  assert.deepEqual(values(result, 'ips'), ['198.51.100.25', '10.8.0.50', '198.51.100.26'])
  assert.deepEqual(result.ties.ips!.map((t) => t.role), ['public', 'private', 'public'], 'without context: the range only')
  assert.deepEqual(values(result, 'user_agents'), [FIREFOX])
  assert.deepEqual(values(result, 'client_apps'), ['OWA'])
  assert.deepEqual(values(result, 'datasets'), ['iis'])
  assert.deepEqual(values(result, 'servers'), ['cas01'])
  assert.equal(result.ties.ua_families, undefined, 'the value itself is not its own tie')
  assert.deepEqual(result.neighbours, [])
  assert.ok(result.notes.some((n) => /no case context/.test(n)))
})

test('with the context: roles of addresses, and an endpoint used for what it does not publish', async (t) => {
  const store = await story(t)
  const result = await pivot(store, { value: await detectValue(store, 'Firefox'), labels: LABELS })
  assert.deepEqual(result.ties.ips!.map((t) => [t.value, t.role]), [
    ['198.51.100.25', 'endpoint mobile.acme.example (publishes EAS)'],
    ['10.8.0.50', 'vpn'],
    ['198.51.100.26', 'public'],
  ])
  assert.deepEqual(result.off_publication.map((o) => [o.endpoint, o.client_app, o.user, o.count]), [
    ['mobile.acme.example', 'OWA', 'cmoreno', 2],
    ['mobile.acme.example', 'OWA', null, 1],
  ])
  assert.ok(!result.notes.some((n) => /no case context/.test(n)))
})

test('an address: its /24 neighbours with their users; --prefix sets the network; a network lists its own', async (t) => {
  const store = await story(t)
  const ip = await pivot(store, { value: await detectValue(store, '198.51.100.25'), labels: LABELS })
  assert.equal(ip.role, 'endpoint mobile.acme.example (publishes EAS)')
  assert.equal(ip.network, '198.51.100.0/24')
  assert.deepEqual(ip.neighbours.map((n) => [n.ip, n.count, n.users]), [
    ['198.51.100.26', 1, ['rdiaz']],
    ['198.51.100.40', 1, ['pmartin']],
  ])
  assert.deepEqual(values(ip, 'users'), ['cmoreno', 'jlopez', 'mgarcia'])
  assert.equal(ip.ties.ips, undefined)

  const narrow = await pivot(store, { value: await detectValue(store, '198.51.100.25'), prefix: 30 })
  assert.equal(narrow.network, '198.51.100.24/30')
  assert.deepEqual(narrow.neighbours.map((n) => n.ip), ['198.51.100.26'])

  const network = await pivot(store, { value: await detectValue(store, '198.51.100.0/24') })
  assert.deepEqual(network.neighbours.map((n) => n.ip), ['198.51.100.25', '198.51.100.26', '198.51.100.40'])
  assert.deepEqual(network.neighbours[0]!.users, ['cmoreno', 'jlopez', 'mgarcia'])
  const owaOnly = await pivot(store, { value: await detectValue(store, '198.51.100.0/24'), where: [parseCondition('client_app=OWA')] })
  assert.deepEqual(values(owaOnly, 'users').sort(), ['cmoreno', 'rdiaz'], '--where narrows the ties')
  assert.deepEqual(owaOnly.neighbours.map((n) => n.ip), ['198.51.100.25', '198.51.100.26'], 'and the neighbours')
})

test('ties are capped per kind, and the cap is said', async (t) => {
  const store = await story(t)
  const result = await pivot(store, { value: await detectValue(store, '198.51.100.0/24'), limit: 2 })
  assert.equal(result.ties.users!.length, 2)
  assert.deepEqual(result.truncated.users, 5)
  assert.ok(result.notes.some((n) => n.startsWith('users: 5 values, the 2 most frequent shown')))
})

test('the second hop: only new ties, from at most --max-follow values per kind', async (t) => {
  const store = await story(t)
  const one = await pivot(store, { value: await detectValue(store, 'Firefox') })
  assert.deepEqual(one.hops, [])
  const two = await pivot(store, { value: await detectValue(store, 'Firefox'), hops: 2, labels: LABELS })
  const fromCmoreno = two.hops.find((h) => h.from.tie === 'users' && h.from.value === 'cmoreno')!
  assert.deepEqual(values({ ...two, ties: fromCmoreno.ties }, 'ips').sort(), ['10.8.0.54'], 'cmoreno also came through the VPN; .25 is already known')
  assert.equal(fromCmoreno.ties.ips![0]!.role, 'vpn')
  assert.deepEqual(values({ ...two, ties: fromCmoreno.ties }, 'ua_families').sort(), ['Chrome', 'iOS Mail'])
  const fromIp = two.hops.find((h) => h.from.tie === 'ips' && h.from.value === '198.51.100.25')!
  assert.deepEqual(values({ ...two, ties: fromIp.ties }, 'users').sort(), ['jlopez', 'mgarcia'], 'the phones behind the mobile endpoint')
  assert.ok(two.hops.every((h) => !(h.ties.ua_families ?? []).some((f) => f.value.toLowerCase() === 'firefox')), 'the pivot value is not new')

  const capped = await pivot(store, { value: await detectValue(store, 'Firefox'), hops: 2, maxFollow: 1 })
  assert.deepEqual(capped.hops.filter((h) => h.from.tie === 'users').map((h) => h.from.value), ['cmoreno'])
  assert.ok(capped.notes.includes('second hop: followed the 1 most frequent of 3 users (--max-follow to change)'))
})

test('an item, a message, a host; nothing tied is an error', async (t) => {
  const store = await story(t)
  const message = await pivot(store, { value: await detectValue(store, '<m1@acme>') })
  assert.deepEqual(values(message, 'items'), ['AABBCCDD'])
  assert.deepEqual(values(message, 'client_apps'), ['OWA'])
  const item = await pivot(store, { value: await detectValue(store, 'aa-bb-cc-dd', { as: 'item_id' }) })
  assert.deepEqual(values(item, 'messages'), ['<m1@acme>'])
  const host = await pivot(store, { value: await detectValue(store, 'cas02') })
  assert.deepEqual(values(host, 'client_apps'), ['EAS'])
  await assert.rejects(pivot(store, { value: await detectValue(store, '203.0.113.9') }), (e: unknown) => e instanceof NothingTiedError && e.message === 'no record ties to 203.0.113.9')
  await assert.rejects(pivot(store, { value: await detectValue(store, 'cmoreno'), dataset: 'winevt' }), /no record ties to cmoreno \(with the --dataset\/--where given\)/)
})

test('address roles: endpoint, the most specific network, else the range', () => {
  assert.equal(ipRole('198.51.100.25', LABELS), 'endpoint mobile.acme.example (publishes EAS)')
  assert.equal(ipRole('10.8.3.4', LABELS), 'vpn')
  assert.equal(ipRole('10.20.1.1', LABELS), 'internal')
  assert.equal(ipRole('::ffff:10.8.3.4', LABELS), 'vpn')
  assert.equal(ipRole('192.168.1.1'), 'private')
  assert.equal(ipRole('127.0.0.1'), 'loopback')
  assert.equal(ipRole('8.8.8.8'), 'public')
  assert.equal(ipRole('fe80::1'), 'link-local')
  assert.equal(ipRole('not an ip'), undefined)
})
