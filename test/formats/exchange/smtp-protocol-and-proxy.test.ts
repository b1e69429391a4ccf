// SMTP Receive protocol log with authentication (fixture of ours, after Exchange 2019 logs and the
// relay of the second story), and the real HttpProxy excerpts of artefacts.help.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { httpProxyFormat } from '../../../src/formats/exchange/http-proxy.js'
import { smtpReceiveFormat } from '../../../src/formats/exchange/smtp-protocol.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'

test('SMTP receive: the authenticated account follows the session; MAIL FROM, RCPT TO; IPv6 endpoints', () => {
  const text = fs.readFileSync(path.join(process.cwd(), 'test', 'formats', 'exchange', 'fixtures', 'recv-auth.log'), 'utf8')
  assert.equal(sniffFormat(FORMATS, text, 'RECV2026031123-1.LOG').format?.id, 'smtp_receive')
  const { events, problems } = runFormat(smtpReceiveFormat, text)
  assert.deepEqual(problems, [])
  assert.equal(events.length, 10)
  const session = events.filter((e) => e.session_id === '08DE5F0A1B2C3D4E')
  assert.deepEqual(session.map((e) => e.action), ['connect', 'EHLO', 'AUTH', 'authenticated', 'send', 'MAIL', 'RCPT', 'disconnect'])
  assert.deepEqual(session.slice(3).map((e) => e.user_key), ['test', 'test', 'test', 'test', 'test'])
  assert.equal(session[0]!.user_key, undefined, 'not before the authentication')
  assert.equal(session[5]!.sender, 'test@acme.example')
  assert.deepEqual(session[6]!.recipients, ['victim@example.net'])
  assert.deepEqual([session[1]!.src_ip, session[1]!.src_port, session[1]!.dst_ip, session[1]!.dst_port], ['203.0.113.9', 50411, '10.0.1.20', 587])
  const failed = events.at(-1)!
  assert.deepEqual([failed.action, failed.outcome, failed.src_ip, failed.src_port], ['AUTH failed', 'failure', '2001:db8::9', 50999])
})

test('HttpProxy logs of every protocol: user, client IP, protocol, target server', (t) => {
  const dir = realdata(t, 'artefacts-help', 'exchange-log-examples')
  if (dir === undefined) return
  const expected: Record<string, string> = {
    'Autodiscover__HttpProxy_2023010919-1.LOG': 'Autodiscover',
    'Eas__HttpProxy_2023011116-1.LOG': 'EAS',
    'Ews__HttpProxy_2023010601-1.LOG': 'HealthProbe',
    'Mapi__HttpProxy_2023010601-1.LOG': 'MAPI',
    'RpcHttp__HttpProxy_2023010708-1.LOG': 'RPC',
  }
  for (const [file, app] of Object.entries(expected)) {
    const text: string = fs.readFileSync(path.join(dir, file), 'utf8')
    assert.equal(sniffFormat(FORMATS, text, file).format?.id, 'httpproxy', file)
    const { events, problems } = runFormat(httpProxyFormat, text)
    assert.deepEqual(problems, [], file)
    assert.ok(events.length > 0, file)
    assert.equal(events[0]!.client_app, app, file)
    for (const e of events) {
      assert.ok(e.ts !== undefined && e.src_ip !== undefined && e.http_status !== undefined, `${file}:${e.line}`)
      assert.ok(e.fields.TargetServer !== undefined, `${file}:${e.line} keeps TargetServer`)
    }
  }
  const ews = runFormat(httpProxyFormat, fs.readFileSync(path.join(dir, 'Ews__HttpProxy_2023010601-1.LOG'), 'utf8')).events[0]!
  assert.deepEqual([ews.user_name, ews.user_domain, ews.src_ip, ews.url_path, ews.host_name], ['DOMAIN\\HealthMailboxXXX', 'DOMAIN', '127.0.0.1', '/ews/', 'SERVER_HOSTNAME'])
  // The EWS protocol log shares column names with HttpProxy but is another log: the generic reader takes it.
  assert.equal(sniffFormat(FORMATS, fs.readFileSync(path.join(dir, 'Ews_2023010616-1.LOG'), 'utf8'), 'Ews_2023010616-1.LOG').format?.id, 'exchange_log')
})
