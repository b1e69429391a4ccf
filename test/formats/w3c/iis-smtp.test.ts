// IIS SMTP service logs. No public real sample exists (see realdata/MANIFEST.md, "Gaps"): the fixture
// smtpsvc-relay.log is built from the second seed story (nightly authenticated relay from an external
// host through the SMTP service) and Microsoft's description of the SMTP service's W3C log fields.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { iisSmtpFormat } from '../../../src/formats/w3c/iis-smtp.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { runFormat } from '../../helpers/run-format.js'

const TEXT = fs.readFileSync(path.join(process.cwd(), 'test', 'formats', 'w3c', 'fixtures', 'smtpsvc-relay.log'), 'utf8')

test('an SMTP service log sniffs as iis_smtp, not as an IIS web log', () => {
  assert.equal(sniffFormat(FORMATS, TEXT, 'ex101118.log').format?.id, 'iis_smtp')
})

test('inbound verbs, sender and recipient, the HELO name and one session key per conversation', () => {
  const { events, problems } = runFormat(iisSmtpFormat, TEXT, { fileName: 'ex101118.log' })
  assert.deepEqual(problems, [])
  assert.equal(events.length, 19)
  const inbound = events.filter((e) => e.direction === 'inbound')
  assert.deepEqual(inbound.map((e) => e.action), ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT', 'EHLO', 'MAIL'])
  assert.equal(inbound[2]!.sender, 'test@acme.example')
  assert.deepEqual(inbound[3]!.recipients, ['victim@example.net'])
  assert.deepEqual([inbound[0]!.src_ip, inbound[0]!.dst_ip, inbound[0]!.host_name, inbound[0]!.client_app], ['203.0.113.9', '192.168.1.10', 'MAIL01', 'SMTP'])
  assert.ok(inbound.every((e) => e.fields['smtp.helo'] === 'localhost'))
  const first = new Set(inbound.slice(0, 6).map((e) => e.session_id))
  const second = new Set(inbound.slice(6).map((e) => e.session_id))
  assert.equal(first.size, 1, 'EHLO to QUIT is one session')
  assert.equal(second.size, 1)
  assert.notDeepEqual([...first], [...second], 'a new EHLO starts a new session')
})

test('outbound relay lines: direction, remote server, the verbs we sent, one session', () => {
  const { events } = runFormat(iisSmtpFormat, TEXT, { fileName: 'ex101118.log' })
  const outbound = events.filter((e) => e.direction === 'outbound')
  assert.equal(outbound.length, 11)
  assert.deepEqual(
    outbound.filter((e) => e.action?.startsWith('OutboundConnectionCommand')).map((e) => e.action),
    ['OutboundConnectionCommand EHLO', 'OutboundConnectionCommand MAIL', 'OutboundConnectionCommand RCPT', 'OutboundConnectionCommand DATA', 'OutboundConnectionCommand QUIT'],
  )
  assert.ok(outbound.every((e) => e.dst_ip === '198.51.100.7' && e.dst_port === 25))
  assert.equal(new Set(outbound.map((e) => e.session_id)).size, 1)
  assert.equal(outbound.find((e) => e.action === 'OutboundConnectionCommand MAIL')!.sender, 'test@acme.example')
  assert.equal(new Date(outbound[0]!.ts!).toISOString(), '2010-11-18T00:00:44.000Z')
})
