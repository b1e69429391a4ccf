// The timeline on a small case written for the test: order across datasets, runs collapsed (and
// not with --all), --from/--to, filters that combine, an item's life through a move and its message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { collapse, parseTimeBound, TimeBoundError, timeline, type TimelineQuery, type TimelineRow } from '../../src/analysis/timeline.js'
import { UnknownValueError } from '../../src/analysis/value-kind.js'
import { parseCondition } from '../../src/analysis/where.js'
import type { Store } from '../../src/store/store.js'
import { at, syntheticCase, type TestEvent } from './synthetic-case.js'

const DRAFT = '00000000AABBCCDD0700' + '11'.repeat(22)
const SENT = '00000000AABBCCDD0700' + '22'.repeat(22)

function iis(time: string, query: string, user = 'cmoreno', ip = '198.51.100.25', status = 200): TestEvent {
  return { ts: at(time), dataset: 'iis', host_name: 'cas01', action: 'POST /owa/service.svc', url_query: query, client_app: 'OWA', user_key: user, user_name: `ACME\\${user}`, src_ip: ip, dst_ip: '10.0.1.11', http_status: status }
}
function store(time: string, name: string, item: string, old?: string): TestEvent {
  return { ts: at(time), dataset: 'db_event', host_name: 'exmbx01', action: name, client_app: 'OWA', user_key: 'cmoreno', user_name: 'ACME\\cmoreno', item_id: item, fields: old === undefined ? { Flags: 'None' } : { Flags: 'None', 'exhunt.old_item_id': old } }
}

async function ghostCase(t: import('node:test').TestContext): Promise<Store> {
  return syntheticCase(t, {
    'u_ex260311.log': [
      iis('01:10:15', 'action=FindFolder&ID=-2'),
      iis('01:10:35', 'action=FindFolder&ID=-3'),
      iis('01:10:55', 'action=FindFolder&ID=-4'),
      iis('01:11:15', 'action=GetItem&ID=-5'),
      iis('01:11:35', 'action=FindFolder&ID=-6'),
      iis('01:14:00', 'action=CreateItem&ID=-7'),
      iis('01:20:00', 'action=DeleteItem&ID=-8'),
      iis('01:21:00', 'action=FindFolder&ID=-9', 'rdiaz', '198.51.100.26'),
      iis('09:00:00', 'action=GetItem&ID=-10', 'cmoreno', '10.8.0.54'),
    ],
    'eventhistory.txt': [
      store('01:14:01', 'ObjectCreated', DRAFT),
      store('01:19:01', 'MailSubmitted', DRAFT),
      store('01:19:02', 'ObjectMoved', SENT, DRAFT),
      store('01:20:01', 'ObjectDeleted', SENT),
      { ts: at('01:30:00'), dataset: 'db_event', action: 'ObjectCreated', item_id: '00000000AABBCCDD0700' + '33'.repeat(22) },
      { dataset: 'db_event', action: 'NoTime', user_key: 'cmoreno' },
    ],
    'msgtrk.log': [
      { ts: at('01:19:02'), dataset: 'msgtrk', host_name: 'EXMBX01', action: 'SUBMIT', client_app: 'OWA', item_id: DRAFT, message_id: '<ghost@acme>', subject: 'Factura' },
      { ts: at('01:19:03'), dataset: 'msgtrk', host_name: 'EXMBX01', action: 'SEND', client_app: 'SMTP', message_id: '<ghost@acme>', subject: 'Factura', recipients: ['x@pagos.example'] },
      { ts: at('01:40:00'), dataset: 'msgtrk', host_name: 'EXMBX01', action: 'SEND', client_app: 'SMTP', message_id: '<other@acme>' },
    ],
  })
}

async function rows(store: Store, query: TimelineQuery): Promise<TimelineRow[]> {
  const out: TimelineRow[] = []
  for await (const row of (await timeline(store, query)).rows) out.push(row)
  return out
}

test('one order across datasets; runs of near-identical records collapsed, --all expands them', async (t) => {
  const s = await ghostCase(t)
  const collapsed = await rows(s, { user: 'ACME\\cmoreno' })
  assert.deepEqual(
    collapsed.map((r) => [r.ts?.slice(11, 19) ?? null, r.count, r.dataset, r.action]),
    [
      ['01:10:15', 3, 'iis', 'POST /owa/service.svc FindFolder'],
      ['01:11:15', 1, 'iis', 'POST /owa/service.svc GetItem'],
      ['01:11:35', 1, 'iis', 'POST /owa/service.svc FindFolder'],
      ['01:14:00', 1, 'iis', 'POST /owa/service.svc CreateItem'],
      ['01:14:01', 1, 'db_event', 'ObjectCreated'],
      ['01:19:01', 1, 'db_event', 'MailSubmitted'],
      ['01:19:02', 1, 'db_event', 'ObjectMoved'],
      ['01:20:00', 1, 'iis', 'POST /owa/service.svc DeleteItem'],
      ['01:20:01', 1, 'db_event', 'ObjectDeleted'],
      ['09:00:00', 1, 'iis', 'POST /owa/service.svc GetItem'],
      [null, 1, 'db_event', 'NoTime'],
    ],
  )
  const run = collapsed[0]!
  assert.deepEqual([run.ts, run.last_ts, run.path, run.line, run.last_line], ['2026-03-11T01:10:15.000Z', '2026-03-11T01:10:55.000Z', 'u_ex260311.log', 1, 3])
  assert.equal(run.user, 'ACME\\cmoreno')
  assert.equal(run.ip, '198.51.100.25')
  assert.equal(run.status, '200')
  const all = await rows(s, { user: 'cmoreno', all: true })
  assert.equal(all.length, 13)
  assert.ok(all.every((r) => r.count === 1 && r.last_line === r.line))
})

test('collapse works on any stream of rows and keys on dataset, host, action, app, user, ip, status', async () => {
  const base = { ts: '2026-03-11T01:00:00.000Z', dataset: 'iis', host: 'cas01', action: 'GET /owa/', client_app: 'OWA', user: 'u', ip: '1.2.3.4', status: '200', user_agent: null, detail: '', path: 'a.log', line: 1 }
  const input = [
    base,
    { ...base, line: 2, ts: '2026-03-11T01:00:01.000Z', detail: 'other detail' },
    { ...base, line: 3, status: '302' },
    { ...base, line: 4, status: '302', path: 'b.log' },
    { ...base, line: 5, host: 'cas02' },
  ]
  const out: TimelineRow[] = []
  for await (const row of collapse(input)) out.push(row)
  assert.deepEqual(out.map((r) => [r.count, r.line, r.last_line, r.last_ts]), [
    [2, 1, 2, '2026-03-11T01:00:01.000Z'],
    [2, 3, 3, '2026-03-11T01:00:00.000Z'],
    [1, 5, 5, '2026-03-11T01:00:00.000Z'],
  ])
})

test('--from and --to bound the timeline (inclusive; a date alone as --to is the whole day)', async (t) => {
  const s = await ghostCase(t)
  const window = await rows(s, { user: 'cmoreno', from: parseTimeBound('2026-03-11T01:14', 'from'), to: parseTimeBound('2026-03-11T01:20:00.000Z', 'to') })
  assert.deepEqual(window.map((r) => r.action), ['POST /owa/service.svc CreateItem', 'ObjectCreated', 'MailSubmitted', 'ObjectMoved', 'POST /owa/service.svc DeleteItem'])
  const offset = await rows(s, { user: 'cmoreno', from: parseTimeBound('2026-03-11T10:00+01:00', 'from') })
  assert.deepEqual(offset.map((r) => r.ts), ['2026-03-11T09:00:00.000Z'], 'an offset is honoured; undated records fall outside any bound')
  const day = await rows(s, { user: 'cmoreno', from: parseTimeBound('2026-03-11', 'from'), to: parseTimeBound('2026-03-11', 'to') })
  assert.equal(day.at(-1)!.ts, '2026-03-11T09:00:00.000Z')

  assert.equal(parseTimeBound('2026-03-11', 'to'), Date.parse('2026-03-11T23:59:59.999Z'))
  assert.equal(parseTimeBound('2026-03-11T01', 'to'), Date.parse('2026-03-11T01:59:59.999Z'), 'the whole hour')
  assert.equal(parseTimeBound('2026-03-11T01:14', 'to'), Date.parse('2026-03-11T01:14:59.999Z'), 'the whole minute')
  assert.equal(parseTimeBound('2026-03-11T01:14', 'from'), Date.parse('2026-03-11T01:14:00Z'))
  assert.equal(parseTimeBound('2026-03-11 01:14:00.5', 'from'), Date.parse('2026-03-11T01:14:00.500Z'))
  assert.equal(parseTimeBound('2026-03-11T01:14:00-0300', 'from'), Date.parse('2026-03-11T04:14:00Z'))
  for (const bad of ['yesterday', '2026-02-30', '2026-03-11T25:00', '11/03/2026', '']) {
    assert.throws(() => parseTimeBound(bad, 'from'), (e: unknown) => e instanceof TimeBoundError && e.message.startsWith(`--from: "${bad}" is not a date or time`), bad)
  }
})

test("an item's life: created, submitted, moved (its new id followed), deleted, and its message's records", async (t) => {
  const s = await ghostCase(t)
  const prepared = await timeline(s, { item: DRAFT.match(/../g)!.join('-') })
  const life: TimelineRow[] = []
  for await (const row of prepared.rows) life.push(row)
  assert.deepEqual(life.map((r) => [r.dataset, r.action, r.client_app]), [
    ['db_event', 'ObjectCreated', 'OWA'],
    ['db_event', 'MailSubmitted', 'OWA'],
    ['db_event', 'ObjectMoved', 'OWA'],
    ['msgtrk', 'SUBMIT', 'OWA'],
    ['msgtrk', 'SEND', 'SMTP'],
    ['db_event', 'ObjectDeleted', 'OWA'],
  ])
  assert.equal(life[4]!.detail, 'Factura to:x@pagos.example')
  assert.deepEqual(prepared.notes, ['the item had 2 ids (moves followed)', 'with the records of its message <ghost@acme>'])
  const fromNewId = await rows(s, { item: SENT.toLowerCase() })
  assert.equal(fromNewId.length, 6, 'the same life from the id it had after the move')
  await assert.rejects(timeline(s, { item: 'not an id' }), UnknownValueError)
})

test('filters combine: --ip (address or network, as the source) with --user, --message-id, --where, --dataset', async (t) => {
  const s = await ghostCase(t)
  assert.deepEqual((await rows(s, { ip: '198.51.100.0/24' })).map((r) => r.user), ['ACME\\cmoreno', 'ACME\\cmoreno', 'ACME\\cmoreno', 'ACME\\cmoreno', 'ACME\\cmoreno', 'ACME\\rdiaz'])
  assert.deepEqual((await rows(s, { ip: '198.51.100.0/24', user: 'rdiaz' })).map((r) => r.ts), ['2026-03-11T01:21:00.000Z'])
  assert.deepEqual((await rows(s, { ip: '10.0.1.11' })).length, 0, '--ip is the source address')
  assert.deepEqual((await rows(s, { messageId: 'ghost@acme' })).map((r) => r.action), ['SUBMIT', 'SEND'])
  assert.deepEqual((await rows(s, { user: 'cmoreno', dataset: 'db_event', where: [parseCondition('action~deleted')] })).map((r) => r.action), ['ObjectDeleted'])
})

test('past the first page: the rest follows in order, none twice, none lost (equal times, or undated records, across the page edge)', async (t) => {
  // 2,600 records, four per second, in two files written out of order: the first page (2,000) ends
  // inside a second whose records sit in both files.
  const events = (file: number): TestEvent[] =>
    Array.from({ length: 1300 }, (_, i) => ({ ts: Date.parse('2026-03-11T00:00:00Z') + Math.floor((2 * (1299 - i) + file) / 4) * 1000, dataset: 'iis', user_key: 'u', src_ip: '10.0.0.1', url_query: `n=${i}` }))
  // And 2,100 undated records: the first page of the second case ends among them.
  const undated: TestEvent[] = Array.from({ length: 2100 }, (_, i) => ({ dataset: 'iis', user_key: 'u', src_ip: '10.0.0.1', url_query: `n=${i}` }))
  const undatedFirst = await syntheticCase(t, { 'undated.log': undated, 'dated.log': events(0).slice(0, 10) })
  for (const [s, total] of [[await syntheticCase(t, { 'a.log': events(0), 'b.log': [...events(1), ...undated.slice(0, 5)] }), 2605], [undatedFirst, 2110]] as const) {
    const all = await rows(s, { ip: '10.0.0.1', all: true })
    assert.equal(all.length, total)
    assert.equal(new Set(all.map((r) => `${r.path}:${r.line}`)).size, total)
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!]
      const inOrder = b.ts === null ? a.ts !== null || a.path < b.path || (a.path === b.path && a.line < b.line) : a.ts !== null && (a.ts < b.ts || (a.ts === b.ts && (a.path < b.path || (a.path === b.path && a.line < b.line))))
      assert.ok(inOrder, `row ${i} in order`)
    }
  }
})
