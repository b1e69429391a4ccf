// IIS W3C logs of Exchange CAS nodes: every quirk named in the issue, on a fixture of our own
// (test/formats/w3c/fixtures/cas-quirks.log, written after Exchange 2016 CAS logs).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { parseActiveSyncQuery } from '../../../src/formats/w3c/activesync-query.js'
import { iisHttpFormat } from '../../../src/formats/w3c/iis-http.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { runFormat } from '../../helpers/run-format.js'

const FIXTURE = path.join(process.cwd(), 'test', 'formats', 'w3c', 'fixtures', 'cas-quirks.log')

function parseFixture() {
  const text = fs.readFileSync(FIXTURE, 'utf8')
  assert.equal(sniffFormat(FORMATS, text, 'u_ex260311.log').format?.id, 'iis')
  return runFormat(iisHttpFormat, text, { hostHint: 'cas01' })
}

test('every data line is a record or a counted problem', () => {
  const { events, problems } = parseFixture()
  assert.equal(events.length, 17)
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[19, 'bad_date'], [20, 'bad_line']])
  assert.match(problems[1]!.message, /14 values where #Fields names 15/)
  const bad = events.find((e) => e.line === 19)!
  assert.equal(bad.ts, undefined, 'an invalid date leaves the record without a timestamp, not dropped')
})

test('timestamps are UTC; "-" is empty; "+" in user agents is a space; the raw line is kept', () => {
  const first = parseFixture().events[0]!
  assert.equal(new Date(first.ts!).toISOString(), '2026-03-11T01:10:09.000Z')
  assert.equal(first.url_query, undefined)
  assert.equal(first.user_agent, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0')
  assert.equal(first.fields['cs(User-Agent)'], 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0')
  assert.equal(first.fields['cs-uri-query'], '-')
  assert.equal(first.raw.startsWith('2026-03-11 01:10:09 10.0.1.11 POST /owa/auth.owa'), true)
  assert.deepEqual(
    [first.src_ip, first.dst_ip, first.dst_port, first.http_method, first.url_path, first.http_status, first.duration_ms, first.action, first.outcome],
    ['198.51.100.25', '10.0.1.11', 443, 'POST', '/owa/auth.owa', 302, 160, 'POST /owa/auth.owa', 'success'],
  )
  assert.equal(first.host_name, 'cas01', 'host from the collection path when the log does not name it')
})

test('DOMAIN\\user, UPN and ActiveSync User= all meet on one account key', () => {
  const byLine = new Map(parseFixture().events.map((e) => [e.line, e]))
  assert.deepEqual([byLine.get(5)!.user_name, byLine.get(5)!.user_domain, byLine.get(5)!.user_key], ['ACME\\cmoreno', 'ACME', 'cmoreno'])
  assert.deepEqual([byLine.get(6)!.user_name, byLine.get(6)!.user_domain, byLine.get(6)!.user_key], ['cmoreno@acme.example', 'acme.example', 'cmoreno'])
  assert.equal(byLine.get(10)!.user_key, 'pmartin', 'UPN with capitals')
  assert.deepEqual([byLine.get(7)!.user_name, byLine.get(7)!.user_key], ['jlopez', 'jlopez'], 'EAS user from the query when cs-username is empty')
  assert.equal(byLine.get(16)!.user_key, undefined)
})

test('ActiveSync queries are split into User, DeviceId, DeviceType and Cmd', () => {
  // The parser stores the query; the split is read back by queries (test/analysis/stack.test.ts).
  const eas = new Map(parseFixture().events.map((e) => [e.line, e])).get(8)!
  assert.deepEqual(parseActiveSyncQuery(eas.url_query), { User: 'ACME\\asanchez', DeviceId: 'SEC1234', DeviceType: 'SAMSUNGSMG991B', Cmd: 'Sync' }, 'URL-decoded')
  assert.deepEqual(parseActiveSyncQuery('Cmd=Ping&User=&DeviceId=A%2'), { Cmd: 'Ping', DeviceId: 'A%2' }, 'empty dropped, bad escape kept')
})

test('the Exchange client application is classified from the path', () => {
  const apps = new Map(parseFixture().events.map((e) => [e.line, e.client_app]))
  assert.deepEqual(
    [5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map((line) => apps.get(line)),
    ['OWA', 'EAS', 'EWS', 'MAPI', 'RPC', 'ECP', 'Autodiscover', 'OAB', 'PowerShell', 'HealthProbe', 'OWA', 'Other'],
  )
})

test('a #Fields directive midway changes the layout for the lines after it', () => {
  const byLine = new Map(parseFixture().events.map((e) => [e.line, e]))
  const later = byLine.get(25)!
  assert.deepEqual(
    [later.host_name, later.dst_host, later.bytes_out, later.bytes_in, later.user_key, later.src_ip],
    ['CAS02', 'mobile.acme.example', 5120, 2048, 'cmoreno', '198.51.100.26'],
  )
  assert.equal(byLine.get(26)!.host_name, 'cas01', "s-computername '-' falls back to the collection host")
  assert.equal(byLine.get(26)!.user_agent, undefined)
})

test('a user agent holding <script> is kept verbatim (escaping is for the output, not the store)', () => {
  const event = parseFixture().events.find((e) => e.line === 17)!
  assert.equal(event.user_agent, '<script>alert(1)</script>')
})

test('a time-only log takes its date from #Date, and a new #Date block moves it', () => {
  const text = '#Date: 2000-10-09 16:44:49\n#Fields: time c-ip cs-method cs-uri-stem sc-status\n16:44:49 1.1.1.1 GET /a 200\n#Date: 2000-10-10 00:00:00\n#Fields: time c-ip cs-method cs-uri-stem sc-status\n16:48:05 1.1.1.1 GET /b 200\n'
  const { events, problems } = runFormat(iisHttpFormat, text)
  assert.deepEqual(problems, [])
  assert.deepEqual(events.map((e) => new Date(e.ts!).toISOString()), ['2000-10-09T16:44:49.000Z', '2000-10-10T16:48:05.000Z'])
})
