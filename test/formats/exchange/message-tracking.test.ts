// Message tracking: CSV quoting, multi-valued recipients, source-context parts, #Fields changing
// midway, and bad lines counted with their line numbers. The fixture is ours (after Exchange 2019
// logs); the real excerpt of artefacts.help is read too.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { messageTrackingFormat } from '../../../src/formats/exchange/message-tracking.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'

const TEXT = fs.readFileSync(path.join(process.cwd(), 'test', 'formats', 'exchange', 'fixtures', 'msgtrk-quirks.log'), 'utf8')

test('quoted values with commas and doubled quotes, recipients as a list, source-context parts', () => {
  assert.equal(sniffFormat(FORMATS, TEXT, 'MSGTRK2026031101-1.LOG').format?.id, 'msgtrk')
  const { events, problems } = runFormat(messageTrackingFormat, TEXT)
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[8, 'bad_line'], [9, 'bad_line'], [10, 'bad_date']])
  assert.match(problems[0]!.message, /21 values where #Fields names 30/)
  assert.match(problems[1]!.message, /quoted value is not closed/)
  assert.equal(events.length, 4)
  const submit = events[0]!
  assert.deepEqual([submit.action, submit.client_app, submit.subject, submit.sender, submit.direction], ['SUBMIT', 'OWA', 'Invoice, "urgent" (March)', 'cmoreno@acme.example', 'outbound'])
  assert.equal(submit.fields['source-context.ClientType'], 'OWA')
  assert.equal(submit.fields['source-context.Event'], '91234')
  assert.equal(submit.fields['source-context.MessageClass'], 'IPM.Note')
  assert.equal(submit.fields['exhunt.store_event'], '91234', 'the store event counter, to meet EventHistory')
  assert.equal(submit.item_id, '000000001A2B', 'the ItemEntryId of custom-data, normalised')
  assert.equal(new Date(submit.ts!).toISOString(), '2026-03-11T01:19:00.120Z')
  const send = events[1]!
  assert.deepEqual(send.recipients, ['finance@partner.example', 'ceo@acme.example', 'board@acme.example'])
  assert.equal(send.bytes_in, 20480)
  assert.equal(send.host_name, 'CAS01')
})

test('a date that is not a date keeps the record without a timestamp; a new #Fields applies after it', () => {
  const { events } = runFormat(messageTrackingFormat, TEXT)
  const badDate = events.find((e) => e.line === 10)!
  assert.equal(badDate.ts, undefined)
  assert.equal(badDate.action, 'RECEIVE')
  const late = events.find((e) => e.line === 12)!
  assert.deepEqual([late.action, late.message_id, late.subject, late.recipients], ['RECEIVE', '<late@acme.example>', 'second layout', ['rdiaz@acme.example']])
})

test('the real MSGTRKMS excerpt of artefacts.help: IPv6 client, MOMT is Outlook (MAPI)', (t) => {
  const file = realdata(t, 'artefacts-help', 'exchange-log-examples', 'MSGTRKMS2022091915-1.LOG')
  if (file === undefined) return
  const text = fs.readFileSync(file, 'utf8')
  assert.equal(sniffFormat(FORMATS, text, path.basename(file)).format?.id, 'msgtrk')
  const { events, problems } = runFormat(messageTrackingFormat, text)
  assert.deepEqual(problems, [])
  assert.equal(events.length, 2)
  assert.deepEqual([events[0]!.action, events[0]!.src_ip, events[0]!.client_app], ['NOTIFYMAPI', 'fe80::1234:5678:4321:1010%3', 'MAPI'])
  assert.deepEqual([events[1]!.action, events[1]!.subject, events[1]!.recipients, events[1]!.direction], ['RECEIVE', 'MAIL SUBJECT', ['user.name4@gmail.com'], 'outbound'])
})

const fixture = (name: string): string => fs.readFileSync(path.join(process.cwd(), 'test', 'formats', 'exchange', 'fixtures', name), 'utf8')

test('source-context in its shapes, custom-data parts, ClientType to client app, outcome per event id', () => {
  const { events, problems } = runFormat(messageTrackingFormat, fixture('msgtrk-source-context.log'))
  assert.deepEqual(problems, [])
  assert.deepEqual(
    events.map((e) => [e.action, e.client_app, e.outcome]),
    [
      ['SUBMIT', 'OWA', 'success'],
      ['SUBMIT', 'EAS', 'success'],
      ['SUBMIT', 'EWS', 'success'],
      ['SUBMIT', 'Other', 'success'], // ClientType:ContentIndexing is no client application of ours
      ['SEND', 'SMTP', 'success'],
      ['FAIL', 'SMTP', 'failure'],
      ['DEFER', 'SMTP', 'unknown'],
    ],
  )
  const [owa, phone, , , send, fail] = events
  assert.equal(owa!.fields['source-context.ClientType'], 'OWA')
  assert.equal(owa!.fields['source-context.MessageClass'], 'IPM.Note')
  assert.equal(owa!.fields['custom-data.ItemEntryId'], '00-00-00-00-AA-BB')
  assert.equal(owa!.fields['custom-data.AccountForest'], 'acme.example')
  assert.equal(owa!.item_id, '00000000AABB', 'the ItemEntryId of custom-data, normalised')
  assert.equal(phone!.fields['source-context.CreationTime'], '2026-03-11T02:00:01.900Z')
  assert.equal(send!.fields['source-context'], '08DE5F0A1B2C3D50;2026-03-11T02:00:04.000Z;0')
  assert.equal(Object.keys(send!.fields).some((k) => k.startsWith('source-context.')), false, 'a session;time;seq context is not split')
  // A SEND is written by the sending server (client-hostname); server-* name the next hop.
  assert.deepEqual([send!.src_ip, send!.dst_ip, send!.host_name, send!.fields['server-hostname'], send!.fields['connector-id']], [
    '10.0.1.12',
    '203.0.113.25',
    'HUB01',
    'mx.partner.example',
    'HUB01\\Default HUB01',
  ])
  assert.deepEqual(fail!.recipients, ['y@partner.example', 'z@partner.example'])
  assert.equal(fail!.fields['recipient-status'], '550 5.1.1 User unknown;550 5.1.1 User unknown')
  // Without its header, a file starting with a quoted store-driver source-context still sniffs as tracking.
  const headerless = fixture('msgtrk-source-context.log').split('\n').slice(6).join('\n')
  assert.equal(sniffFormat(FORMATS, headerless, 'export.csv').format?.id, 'msgtrk')
})

test('a headerless Exchange 2013 file (27 fields) is read with the 2013 list, and says so once', () => {
  const { events, problems } = runFormat(messageTrackingFormat, fixture('msgtrk-2013-headerless.log'))
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[1, 'no_header']])
  assert.match(problems[0]!.message, /Exchange 2013 message tracking/)
  assert.match(problems[0]!.message, /Microsoft Learn/)
  assert.deepEqual(events.map((e) => [e.action, e.message_id, e.direction, e.fields['schema-version']]), [
    ['RECEIVE', '<old@acme.example>', 'inbound', undefined],
    ['DELIVER', '<old@acme.example>', 'inbound', undefined],
  ])
  assert.equal(sniffFormat(FORMATS, fixture('msgtrk-2013-headerless.log'), 'export.csv').format?.id, 'msgtrk')
})
