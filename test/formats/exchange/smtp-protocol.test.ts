// SMTP Receive and Send protocol logs: sessions, commands and replies, MAIL FROM / RCPT TO, the
// authenticated account following its session, failed AUTH with the account it tried. Fixtures of ours
// (after Exchange 2019 logs and the relay of the second story), then the real RECV session of
// artefacts.help and Elastic's headerless sample lines.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { smtpReceiveFormat, smtpSendFormat } from '../../../src/formats/exchange/smtp-protocol.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'
import { artefactsHelpBlocks } from './artefacts-help.js'

const fixture = (name: string): string => fs.readFileSync(path.join(process.cwd(), 'test', 'formats', 'exchange', 'fixtures', name), 'utf8')

test('SMTP receive: the authenticated account follows the session; MAIL FROM, RCPT TO; IPv6 endpoints', () => {
  const text = fixture('recv-auth.log')
  assert.equal(sniffFormat(FORMATS, text, 'RECV2026031123-1.LOG').format?.id, 'smtp_receive')
  const { events, problems } = runFormat(smtpReceiveFormat, text)
  assert.deepEqual(problems, [])
  assert.equal(events.length, 13)
  const session = events.filter((e) => e.session_id === '08DE5F0A1B2C3D4E')
  assert.deepEqual(session.map((e) => e.action), ['connect', 'EHLO', 'AUTH', 'authenticated', 'send', 'MAIL', 'RCPT', 'disconnect'])
  assert.deepEqual(session.slice(3).map((e) => e.user_key), ['test', 'test', 'test', 'test', 'test'])
  assert.deepEqual([session[3]!.user_name, session[3]!.user_domain], ['ACME\\test', 'ACME'])
  assert.equal(session[0]!.user_key, undefined, 'not before the authentication')
  assert.deepEqual([session[4]!.event_code, session[4]!.outcome], ['235', 'success'])
  assert.equal(session[5]!.sender, 'test@acme.example')
  assert.deepEqual(session[6]!.recipients, ['victim@example.net'])
  assert.deepEqual([session[1]!.src_ip, session[1]!.src_port, session[1]!.dst_ip, session[1]!.dst_port], ['203.0.113.9', 50411, '10.0.1.20', 587])
  assert.deepEqual([session[1]!.host_name, session[1]!.direction, session[1]!.client_app], ['MAIL01', 'inbound', 'SMTP'])
})

test('SMTP receive: a failed AUTH carries the account it tried (the "User Name:" line that follows it)', () => {
  const { events } = runFormat(smtpReceiveFormat, fixture('recv-auth.log'))
  const session = events.filter((e) => e.session_id === '08DE5F0A1B2C3D4F')
  assert.deepEqual(
    session.map((e) => [e.line, e.action, e.outcome, e.user_name, e.event_code]),
    [
      [14, 'connect', undefined, undefined, undefined],
      [15, 'AUTH failed', 'failure', 'victim@acme.example', undefined],
      [16, 'AUTH user', 'failure', 'victim@acme.example', undefined],
      [17, 'send', 'failure', undefined, '535'],
      [18, 'disconnect', undefined, undefined, undefined],
    ],
  )
  assert.deepEqual([session[1]!.src_ip, session[1]!.src_port], ['2001:db8::9', 50999])
})

test('SMTP send: our commands, their replies, the null of a failed connect; bad lines and dates reported', () => {
  const text = fixture('send-session.log')
  assert.equal(sniffFormat(FORMATS, text, 'SEND2026031103-1.LOG').format?.id, 'smtp_send')
  const { events, problems } = runFormat(smtpSendFormat, text)
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[18, 'bad_line'], [20, 'bad_date'], [21, 'bad_line']])
  const session = events.filter((e) => e.session_id === '08DE5F0A1B2C3E00')
  assert.deepEqual(
    session.map((e) => [e.action, e.event_code, e.outcome]),
    [
      ['information', undefined, undefined],
      ['connect', undefined, undefined],
      ['receive', '220', 'success'],
      ['EHLO', undefined, undefined],
      ['receive', '250', 'success'],
      ['MAIL', undefined, undefined],
      ['receive', '250', 'success'],
      ['RCPT', undefined, undefined],
      ['receive', '550', 'failure'],
      ['QUIT', undefined, undefined],
      ['disconnect', undefined, undefined],
    ],
  )
  const mail = session[5]!
  assert.deepEqual([mail.sender, mail.src_ip, mail.src_port, mail.dst_ip, mail.dst_port, mail.direction], ['cmoreno@acme.example', '10.0.1.20', 41000, '198.51.100.7', 25, 'outbound'])
  assert.deepEqual(session[7]!.recipients, ['finance@partner.example'])
  assert.equal(session[2]!.fields.data, '220 mx.partner.example ESMTP ready, welcome')
  const refused = events.find((e) => e.session_id === '08DE5F0A1B2C3E01')!
  assert.deepEqual([refused.outcome, refused.dst_ip, refused.dst_port, refused.src_ip], ['failure', '2001:db8::25', 25, undefined])
  const later = events.filter((e) => e.session_id === '08DE5F0A1B2C3E02')
  assert.deepEqual(later.map((e) => [e.line, e.ts === undefined]), [[19, false], [20, true]], 'the line after an open quote is read')
})

test('the real RECV session of artefacts.help: STARTTLS, AUTH LOGIN refused twice, the account tried', (t) => {
  const blocks = artefactsHelpBlocks(t)
  if (blocks === undefined) return
  const text = blocks.get('RECV2023011116-1.LOG')!.text
  assert.equal(sniffFormat(FORMATS, text, 'RECV2023011116-1.LOG').format?.id, 'smtp_receive')
  const { events, problems } = runFormat(smtpReceiveFormat, text)
  assert.deepEqual(problems, [])
  assert.equal(events.length, 16)
  assert.ok(events.every((e) => e.session_id === '123453EC62278461' && e.src_ip === '95.10.20.33' && e.dst_port === 25 && e.host_name === 'SERVER-HOSTNAME'))
  assert.deepEqual(
    events.map((e) => e.action),
    ['send', 'EHLO', 'send', 'STARTTLS', 'send', 'information', 'information', 'EHLO', 'information', 'information', 'send', 'AUTH', 'send', 'AUTH failed', 'AUTH failed', 'AUTH user'],
  )
  assert.equal(events[5]!.fields.data, ' CN=SERVER-HOSTNAME CN=SERVER-HOSTNAME 12DEABC6565646512346ABDC13456894 12DEABC6565646512346ABDC1345689413589876 2020-01-17T15:15:33.000Z 2025-01-17T15:15:33.000Z SERVER-HOSTNAME;SERVER-HOSTNAME.DOMAIN.TEST')
  assert.match(events[6]!.fields.context!, /^TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_128 with strength 128 bits, MAC/)
  assert.deepEqual([events[12]!.event_code, events[12]!.outcome], ['334', 'success'])
  for (const e of events.slice(13)) assert.deepEqual([e.outcome, e.user_name, e.user_key], ['failure', 'username@domain.com', 'username'])
  assert.equal(events[11]!.user_name, undefined)
})

test("Elastic's headerless sample lines: the receive line with a doubled backslash, the send line", (t) => {
  const recv = realdata(t, 'elastic-exchange', 'SmtpRecive.log')
  if (recv === undefined) return
  const r = runFormat(smtpReceiveFormat, fs.readFileSync(recv, 'utf8'), { fileName: 'SmtpRecive.log' })
  assert.deepEqual(r.problems.map((p) => p.code), ['no_header'])
  assert.match(r.problems[0]!.message, /SMTP protocol log field list \(Microsoft Learn, "Protocol logging"\)/)
  // MANIFEST caveat: this file has 'NETBIOS\\Default' (two backslashes) where Exchange writes one; kept as written.
  assert.equal(r.events[0]!.fields['connector-id'], 'NETBIOS\\\\Default Frontend NETBIOS')
  assert.deepEqual([r.events[0]!.action, r.events[0]!.host_name, r.events[0]!.src_port], ['EHLO', 'NETBIOS', 53228])
  const send = realdata(t, 'elastic-exchange', 'smtp_SmtpSend.log')!
  const text = fs.readFileSync(send, 'utf8')
  assert.equal(sniffFormat(FORMATS, text, 'smtp_SmtpSend.log').format?.id, 'smtp_send')
  const s = runFormat(smtpSendFormat, text)
  assert.deepEqual(s.problems.map((p) => p.code), ['no_header'])
  assert.deepEqual([s.events[0]!.action, s.events[0]!.fields.context, s.events[0]!.dst_ip, s.events[0]!.dst_port], ['information', 'attempting to connect', '10.11.12.13', 2525])
})
