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
