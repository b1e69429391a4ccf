// Exchange logs written by real servers, compared record by record with Elastic's expected output
// (../shared/realdata/elastic-exchange: the inputs have no #Fields header, the standard field lists
// are assumed and that is reported). Fields both schemas share are compared; the rest is listed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { FormatModule } from '../../../src/formats/format.js'
import { genericExchangeFormat } from '../../../src/formats/exchange/generic-exchange.js'
import { messageTrackingFormat } from '../../../src/formats/exchange/message-tracking.js'
import { smtpReceiveFormat, smtpSendFormat } from '../../../src/formats/exchange/smtp-protocol.js'
import type { EventDraft } from '../../../src/model/event.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'

type Json = Record<string, unknown>

function at(doc: Json, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (o === null || typeof o !== 'object' ? undefined : (o as Json)[k]), doc)
}

// Elastic names our original field 'internal-message-id' as microsoft.exchange.internalmessageid.
function ourField(event: EventDraft, elasticKey: string): string | undefined {
  const name = Object.keys(event.fields).find((n) => n.replaceAll('-', '').toLowerCase() === elasticKey)
  const value = name === undefined ? undefined : event.fields[name]
  return value === '' ? undefined : value
}

/** Every microsoft.exchange.* value of the golden equals our original field of the same name. */
function compareExchangeFields(event: EventDraft, expected: Json, where: string, skip: Record<string, string> = {}): void {
  const exchange = (at(expected, 'microsoft.exchange') ?? {}) as Json
  for (const [key, value] of Object.entries(exchange)) {
    if (key in skip || key === 'logtype') continue
    assert.equal(ourField(event, key), String(value), `${where} microsoft.exchange.${key}`)
  }
}

function byTime(events: EventDraft[], iso: string, message: string): EventDraft {
  const found = events.find((e) => e.raw === message) ?? events.find((e) => new Date(e.ts!).toISOString() === iso)
  assert.ok(found, `record at ${iso}`)
  return found
}

test('message tracking: every Elastic record matches ours', (t) => {
  const input = realdata(t, 'elastic-exchange', 'test-messagetracking.log')
  if (input === undefined) return
  const expected = (JSON.parse(fs.readFileSync(`${input}-expected.json`, 'utf8')) as { expected: Json[] }).expected
  const { events, problems } = runFormat(messageTrackingFormat, fs.readFileSync(input, 'utf8'), { fileName: path.basename(input) })
  assert.deepEqual(problems.map((p) => p.code), ['no_header'])
  assert.equal(events.length, expected.length)
  for (const doc of expected) {
    const e = byTime(events, String(doc['@timestamp']), String(doc.message))
    const where = `msgtrk ${String(doc['@timestamp'])}`
    assert.equal(new Date(e.ts!).toISOString(), doc['@timestamp'], `${where} time`)
    assert.equal(e.src_ip, at(doc, 'client.ip'), `${where} client.ip`)
    assert.equal(e.fields['client-hostname'] || undefined, at(doc, 'client.domain'), `${where} client.domain`)
    assert.equal(e.dst_ip, at(doc, 'server.ip'), `${where} server.ip`)
    assert.equal(e.fields['server-hostname'] || undefined, at(doc, 'server.domain'), `${where} server.domain`)
    // host_name is the server that wrote the record: Elastic has no such field; for SEND/SENDEXTERNAL
    // server.domain is the next hop (outlook.com in record 5), so ours is the client side, the sender.
    const sent = e.event_code === 'SEND' || e.event_code === 'SENDEXTERNAL'
    assert.equal(e.host_name, at(doc, sent ? 'client.domain' : 'server.domain'), `${where} host_name`)
    assert.equal(e.message_id, at(doc, 'email.message_id'), `${where} message_id`)
    assert.equal(e.subject, at(doc, 'email.subject'), `${where} subject`)
    assert.equal(e.sender, at(doc, 'email.sender.address'), `${where} sender`)
    assert.deepEqual(e.recipients, at(doc, 'email.to.address'), `${where} recipients`)
    assert.equal(e.fields.directionality || undefined, at(doc, 'email.direction'), `${where} direction`)
    assert.equal(e.fields['network-message-id'] || undefined, at(doc, 'email.local_id'), `${where} local_id`)
    assert.equal(e.bytes_in, at(doc, 'network.bytes'), `${where} bytes`)
    assert.equal(e.event_code, at(doc, 'microsoft.exchange.eventid'), `${where} event id`)
    // Disagreement: Elastic's email.from.address merges return-path and sender into one list; we keep them
    // apart (sender; fields return-path and custom-data.OriginalFromAddress), which is what each field says.
    const from = (at(doc, 'email.from.address') ?? []) as string[]
    const ours = [e.sender, e.fields['return-path'], e.fields['custom-data.OriginalFromAddress']]
    for (const address of from) assert.ok(ours.includes(address), `${where} from ${address}`)
    compareExchangeFields(e, doc, where)
  }
})

function wrappedLines(file: string, kind: string): { text: string; expectedFile: string } {
  const events = (JSON.parse(fs.readFileSync(file, 'utf8')) as { events: Array<{ log: { file: { path: string } }; message: string }> }).events
  return { text: events.filter((e) => e.log.file.path === kind).map((e) => `${e.message}\n`).join(''), expectedFile: `${file}-expected.json` }
}

function compareProtocol(t: import('node:test').TestContext, file: string, kind: string, format: FormatModule, count: number): void {
  const input = realdata(t, 'elastic-exchange', file)
  if (input === undefined) return
  const { text, expectedFile } = wrappedLines(input, kind)
  const expected = (JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { expected: Json[] }).expected.filter((d) => at(d, 'log.file.path') === kind)
  const { events, problems } = runFormat(format, text, { fileName: kind })
  assert.deepEqual(problems.map((p) => p.code), ['no_header'])
  assert.equal(events.length, count)
  assert.equal(expected.length, count)
  for (const doc of expected) {
    const e = byTime(events, String(doc['@timestamp']), String(doc.message))
    const where = `${kind} ${String(doc['@timestamp'])} #${String(at(doc, 'microsoft.exchange.sequencenumber') ?? at(doc, 'microsoft.exchange.seqnumber'))}`
    assert.equal(new Date(e.ts!).toISOString(), doc['@timestamp'], `${where} time`)
    compareExchangeFields(e, doc, where)
    // The ECS columns both schemas share.
    assert.equal(e.session_id, at(doc, 'microsoft.exchange.sessionid'), `${where} session id`)
    if (at(doc, 'source.ip') !== undefined) assert.equal(e.src_ip, at(doc, 'source.ip'), `${where} source.ip`)
    assert.equal(e.user_name, at(doc, 'microsoft.exchange.user'), `${where} user`)
  }
}

test('SMTP send protocol log: every Elastic record matches ours', (t) => {
  compareProtocol(t, 'test-smtp.json', 'SmtpSend', smtpSendFormat, 3)
})

test('SMTP receive protocol log: every Elastic record matches ours', (t) => {
  compareProtocol(t, 'test-smtp.json', 'SmtpRecive', smtpReceiveFormat, 4)
})

test('POP3 and IMAP4 protocol logs (generic Exchange reader): every Elastic record matches ours', (t) => {
  compareProtocol(t, 'test-imap4-pop3.json', 'Pop3', genericExchangeFormat, 3)
  compareProtocol(t, 'test-imap4-pop3.json', 'Imap4', genericExchangeFormat, 3)
})

test('SMTP receive: endpoints, session and the EHLO verb are normalised', (t) => {
  const input = realdata(t, 'elastic-exchange', 'test-smtp.json')
  if (input === undefined) return
  const { events } = runFormat(smtpReceiveFormat, wrappedLines(input, 'SmtpRecive').text)
  const ehlo = events.find((e) => e.fields.data === 'EHLO mgt.my.domain.tld')!
  assert.deepEqual(
    [ehlo.session_id, ehlo.src_ip, ehlo.src_port, ehlo.dst_ip, ehlo.dst_port, ehlo.action, ehlo.direction],
    ['08DC1DB8591B229A', '10.11.12.14', 53228, '10.11.12.13', 25, 'EHLO', 'inbound'],
  )
})
