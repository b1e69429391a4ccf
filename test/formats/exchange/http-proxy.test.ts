// HttpProxy logs: one fixture line per protocol (ours, with a shortened #Fields list as older CUs
// write), then every real HttpProxy excerpt of artefacts.help (files and page blocks).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { httpProxyFormat } from '../../../src/formats/exchange/http-proxy.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { runFormat } from '../../helpers/run-format.js'
import { artefactsHelpBlocks, artefactsHelpFiles, type Excerpt } from './artefacts-help.js'

const TEXT = fs.readFileSync(path.join(process.cwd(), 'test', 'formats', 'exchange', 'fixtures', 'httpproxy-protocols.log'), 'utf8')

test('every protocol maps to its client app; no Protocol falls back to the URL; probes are marked', () => {
  assert.equal(sniffFormat(FORMATS, TEXT, 'HttpProxy_2026031104-1.LOG').format?.id, 'httpproxy')
  const { events, problems } = runFormat(httpProxyFormat, TEXT)
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[17, 'bad_date']])
  assert.deepEqual(
    events.map((e) => e.client_app),
    ['OWA', 'ECP', 'EWS', 'EAS', 'MAPI', 'RPC', 'Autodiscover', 'PowerShell', 'OAB', 'OWA', 'HealthProbe', 'OWA'],
  )
  assert.equal(events.at(-1)!.ts, undefined, 'a bad date keeps the record')
})

test('columns: time, user, client, host, request, status, sizes, duration, request id; quoted values with commas', () => {
  const { events } = runFormat(httpProxyFormat, TEXT)
  const owa = events[0]!
  assert.equal(new Date(owa.ts!).toISOString(), '2026-03-11T04:00:01.001Z')
  assert.equal(owa.user_agent, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0')
  assert.equal(owa.fields.GenericInfo, 'CorrelationID=<empty>;Msg="logon, failed"')
  assert.deepEqual([owa.http_method, owa.url_path, owa.action, owa.http_status, owa.outcome, owa.user_name], ['POST', '/owa/auth.owa', 'POST /owa/auth.owa', 302, 'success', undefined])
  const ecp = events[1]!
  assert.deepEqual(
    [ecp.user_name, ecp.user_domain, ecp.user_key, ecp.src_ip, ecp.host_name, ecp.dst_host, ecp.url_query, ecp.bytes_in, ecp.bytes_out, ecp.duration_ms, ecp.session_id],
    ['ACME\\admin', 'ACME', 'admin', '203.0.113.50', 'CAS01', 'mail.acme.example', '?schema=MailboxAuditLog', 1024, 4096, 120, '11111111-0000-0000-0000-000000000002'],
  )
  assert.equal(ecp.fields.TargetServer, 'MBX01.acme.example', 'the back end stays in fields')
  assert.equal(ecp.fields.BackEndStatus, '200')
  const eas = events[3]!
  assert.deepEqual([eas.user_name, eas.user_key, eas.http_status, eas.outcome], ['ACME\\jdoe', 'jdoe', 401, 'failure'], 'the user named in an ActiveSync query')
  assert.deepEqual([eas.fields['eas.DeviceId'], eas.fields['eas.DeviceType'], eas.fields['eas.Cmd']], ['ABC123', 'Outlook', 'Sync'])
})

test('the real HttpProxy excerpts of artefacts.help, one per protocol', (t) => {
  const files = artefactsHelpFiles(t)
  const blocks = artefactsHelpBlocks(t)
  if (files === undefined || blocks === undefined) return
  const expected: Record<string, [string, number]> = {
    'Autodiscover__HttpProxy_2023010919-1.LOG': ['Autodiscover', 1],
    'Eas__HttpProxy_2023011116-1.LOG': ['EAS', 1],
    'Ecp__HttpProxy_2023010611-1.LOG': ['ECP', 1],
    'Ews__HttpProxy_2023010601-1.LOG': ['HealthProbe', 1], // AMProbe: Managed Availability
    'Mapi__HttpProxy_2023010601-1.LOG': ['MAPI', 3],
    'Owa__HttpProxy_2023010602-1.LOG': ['OWA', 1],
    'PowerShell__HttpProxy_2023011116-1.LOG': ['PowerShell', 2],
    'RpcHttp__HttpProxy_2023010708-1.LOG': ['RPC', 1],
  }
  for (const [name, [app, count]] of Object.entries(expected)) {
    const excerpt: Excerpt | undefined = files.get(name) ?? blocks.get(name)
    assert.ok(excerpt, name)
    if (files.has(name)) assert.equal(files.get(name)!.text.trim(), blocks.get(name)!.text.trim(), `${name}: file and page agree`)
    assert.equal(sniffFormat(FORMATS, excerpt.text, 'HttpProxy_2023010601-1.LOG').format?.id, 'httpproxy', name)
    const { events, problems } = runFormat(httpProxyFormat, excerpt.text)
    assert.deepEqual(problems, [], name)
    assert.equal(events.length, count, name)
    for (const e of events) {
      assert.equal(e.client_app, app, `${name}:${e.line}`)
      assert.ok(e.ts !== undefined && e.src_ip !== undefined && e.http_status !== undefined && e.session_id !== undefined, `${name}:${e.line}`)
      assert.ok('TargetServer' in e.fields && 'BackEndStatus' in e.fields, `${name}:${e.line} keeps every field`)
      const names: string[] = /^#Fields: (.*)$/m.exec(excerpt.text)![1]!.split(',')
      assert.deepEqual(Object.keys(e.fields).filter((k) => !k.startsWith('eas.')), names, `${name}:${e.line}`)
    }
  }
  const ews = runFormat(httpProxyFormat, files.get('Ews__HttpProxy_2023010601-1.LOG')!.text).events[0]!
  assert.deepEqual([ews.user_name, ews.user_domain, ews.src_ip, ews.url_path, ews.host_name], ['DOMAIN\\HealthMailboxXXX', 'DOMAIN', '127.0.0.1', '/ews/', 'SERVER_HOSTNAME'])
  const ecp = runFormat(httpProxyFormat, blocks.get('Ecp__HttpProxy_2023010611-1.LOG')!.text).events[0]!
  assert.deepEqual(
    [ecp.url_path, ecp.user_agent, ecp.src_ip, ecp.user_name, ecp.bytes_out, ecp.duration_ms],
    ['/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application', 'Mozilla/5.0 zgrab/0.x', '95.5.6.8', undefined, 10112, 29],
  )
  const mapi = runFormat(httpProxyFormat, files.get('Mapi__HttpProxy_2023010601-1.LOG')!.text).events
  assert.deepEqual(mapi.map((e) => e.src_ip), ['fe80::1234:5678:123abc:245e%3', '10.128.53.11', 'fe80::1234:5678:123abc:245e%3'])
  const eas = runFormat(httpProxyFormat, files.get('Eas__HttpProxy_2023011116-1.LOG')!.text).events[0]!
  assert.deepEqual([eas.http_method, eas.http_status, eas.fields['eas.Cmd'], eas.fields['eas.User'], eas.duration_ms], ['OPTIONS', 403, 'Options', 'domain.test\\username', 19068])
})
