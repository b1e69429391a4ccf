// The shared reader of Exchange CSV logs: CSV quoting, timestamps, endpoints, key/value parts, the
// line-level problems (wrong field count, open quote, bad date, no header), and sniffing that leaves
// IIS/W3C logs alone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { splitEndpoint } from '../../../src/formats/exchange/endpoint.js'
import { splitCsvLine } from '../../../src/formats/exchange/exchange-csv.js'
import { parseExchangeTime } from '../../../src/formats/exchange/exchange-time.js'
import { genericExchangeFormat } from '../../../src/formats/exchange/generic-exchange.js'
import { httpProxyFormat } from '../../../src/formats/exchange/http-proxy.js'
import { splitKeyValueParts } from '../../../src/formats/exchange/key-value-parts.js'
import { messageTrackingFormat } from '../../../src/formats/exchange/message-tracking.js'
import { smtpReceiveFormat, smtpSendFormat } from '../../../src/formats/exchange/smtp-protocol.js'
import { runFormat } from '../../helpers/run-format.js'

const EXCHANGE_FORMATS = [messageTrackingFormat, smtpReceiveFormat, smtpSendFormat, httpProxyFormat, genericExchangeFormat]

test('CSV split: plain, quoted with commas, doubled quotes, empty values, text after a closing quote, open quote', () => {
  const cases: Array<[string, string[] | undefined]> = [
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['', ['']],
    ['"a, b",c', ['a, b', 'c']],
    ['x,"say ""hi"", twice",y', ['x', 'say "hi", twice', 'y']],
    ['x,""', ['x', '']],
    ['"",""', ['', '']],
    ['"a",', ['a', '']],
    ['a,"b"c,d', ['a', 'bc', 'd']],
    ['a,b"c,d', ['a', 'b"c', 'd']],
    ['a,"open, never closed', undefined],
    ['a,"ends with doubled ""', undefined],
  ]
  for (const [line, expected] of cases) assert.deepEqual(splitCsvLine(line), expected, line)
})

test('timestamps: ISO UTC with or without fraction, offsets, and what is not a date', () => {
  assert.equal(parseExchangeTime('2024-01-25T15:16:09.843Z'), Date.parse('2024-01-25T15:16:09.843Z'))
  assert.equal(parseExchangeTime('2024-01-25T15:16:09Z'), Date.parse('2024-01-25T15:16:09Z'))
  assert.equal(parseExchangeTime('2024-01-25T15:16:09.8431234Z'), Date.parse('2024-01-25T15:16:09.843Z'), 'digits past the ms are dropped')
  assert.equal(parseExchangeTime('2024-01-25T15:16:09.843'), Date.parse('2024-01-25T15:16:09.843Z'), 'no zone is read as UTC')
  assert.equal(parseExchangeTime('2024-01-25T16:16:09.843+01:00'), Date.parse('2024-01-25T15:16:09.843Z'))
  assert.equal(parseExchangeTime('2024-02-29T00:00:00.000Z'), Date.parse('2024-02-29T00:00:00.000Z'))
  assert.equal(parseExchangeTime('1601-01-01T00:00:00.000Z'), Date.UTC(1601, 0, 1))
  for (const bad of ['2023-02-29T00:00:00Z', '2026-13-45T99:99:99.000Z', '2024-01-25', 'yesterday', '2024-01-25T15:16:09.Z', '2024-01-25T15:16:09.843ZZ', '']) {
    assert.equal(parseExchangeTime(bad), undefined, bad)
  }
})

test('endpoints: IPv4 with port, bracketed IPv6 with port, IPv6 with a zone, bare address', () => {
  assert.deepEqual(splitEndpoint('10.11.12.13:25'), { ip: '10.11.12.13', port: 25 })
  assert.deepEqual(splitEndpoint('[::1]:25'), { ip: '::1', port: 25 })
  assert.deepEqual(splitEndpoint('[2001:db8::9]:50999'), { ip: '2001:db8::9', port: 50999 })
  assert.deepEqual(splitEndpoint('fe80::1234:5678:4321:1010%3'), { ip: 'fe80::1234:5678:4321:1010%3' })
  assert.deepEqual(splitEndpoint('95.11.22.33'), { ip: '95.11.22.33' })
  assert.deepEqual(splitEndpoint('10.0.0.1:99999'), { ip: '10.0.0.1:99999' }, 'not a port: kept whole')
  assert.deepEqual(splitEndpoint(undefined), {})
})

test('key/value parts: store-driver source-context, semicolon form, custom-data, and text that is not parts', () => {
  assert.deepEqual(splitKeyValueParts('MDB:1a2b, Mailbox:3c4d, CreationTime:2022-09-19T15:02:29.211Z, ClientType:MOMT'), [
    ['MDB', '1a2b'],
    ['Mailbox', '3c4d'],
    ['CreationTime', '2022-09-19T15:02:29.211Z'],
    ['ClientType', 'MOMT'],
  ])
  assert.deepEqual(splitKeyValueParts('ClientType:OWA;MessageClass:IPM.Note'), [['ClientType', 'OWA'], ['MessageClass', 'IPM.Note']])
  assert.deepEqual(splitKeyValueParts('S:ItemEntryId=00-00-AA;S:AccountForest=acme.example;'), [['ItemEntryId', '00-00-AA'], ['AccountForest', 'acme.example']])
  for (const text of ['08DC1DB12C345BE5;2024-01-25T15:16:09.544Z;0', 'No suitable shadow servers', ';250 2.0.0 OK [Hostname=x];ClientSubmitTime:', '']) {
    assert.equal(splitKeyValueParts(text), undefined, text)
  }
})

test('no Exchange format claims an IIS W3C log (space-separated #Fields)', () => {
  const iis =
    '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-01-25 00:00:00\n' +
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n' +
    '2024-01-25 00:00:01 10.0.0.1 GET /owa/ - 443 - 1.2.3.4 Mozilla/5.0 - 302 0 0 15\n'
  for (const format of EXCHANGE_FORMATS) {
    for (const name of ['u_ex240125.log', 'MSGTRK2024012500-1.LOG', 'RECV2024012500-1.LOG', 'HttpProxy_2024012500-1.LOG']) {
      assert.ok(format.sniff(iis, name) <= 10, `${format.id} on ${name}: ${format.sniff(iis, name)}`)
    }
  }
})

test('a wrong field count and an open quote are bad lines with their numbers; the next line is still read', () => {
  const text = [
    '#Fields: date-time,event-id,message-id',
    '2024-01-25T15:16:09.843Z,RECEIVE,<1@x>',
    '2024-01-25T15:16:10.000Z,RECEIVE',
    '2024-01-25T15:16:11.000Z,"RECEIVE,<2@x>',
    '2024-01-25T15:16:12.000Z,SEND,<3@x>',
    '2024-01-25T15:16:13.000Z,SEND,<4@x>,extra',
  ].join('\n')
  const { events, problems } = runFormat(messageTrackingFormat, text)
  assert.deepEqual(events.map((e) => [e.line, e.action, e.message_id]), [[2, 'RECEIVE', '<1@x>'], [5, 'SEND', '<3@x>']])
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[3, 'bad_line'], [4, 'bad_line'], [6, 'bad_line']])
  assert.match(problems[0]!.message, /2 values where #Fields names 3/)
  assert.match(problems[1]!.message, /quoted value is not closed/)
  assert.equal(problems[1]!.excerpt, '2024-01-25T15:16:11.000Z,"RECEIVE,<2@x>')
})

test('every original field is kept under its #Fields name, raw is the line', () => {
  const line = '2024-01-25T15:16:09.843Z,"a, ""b""",'
  const { events } = runFormat(messageTrackingFormat, `#Fields: date-time,message-subject,custom-data\n${line}\n`)
  assert.deepEqual(events[0]!.fields, { 'date-time': '2024-01-25T15:16:09.843Z', 'message-subject': 'a, "b"', 'custom-data': '' })
  assert.equal(events[0]!.raw, line)
})

test('data lines before any #Fields that fit no standard list are bad lines, not guesses', () => {
  const { events, problems } = runFormat(messageTrackingFormat, 'hello,world\n2024-01-25T15:16:09.843Z,only,four,values\n')
  assert.equal(events.length, 0)
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[1, 'bad_line'], [2, 'bad_line']])
  assert.match(problems[0]!.message, /no standard Exchange field list fits its 2 values/)
})
