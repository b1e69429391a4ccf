// IIS and other W3C logs written by others: plaso's and lnav's test logs with the values their own
// tests assert (GOLDEN_plaso.json, GOLDEN_NOTES.md), Elastic's headerless IIS lines, and a real
// Exchange IIS excerpt. Each goes through the front door: sniff, then parse.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'

function read(file: string) {
  const text = fs.readFileSync(file, 'utf8')
  const format = sniffFormat(FORMATS, text, path.basename(file)).format
  assert.ok(format, `${file} is recognised`)
  return { format: format.id, ...runFormat(format, text, { fileName: path.basename(file) }) }
}

interface PlasoGolden {
  record_count: number
  warnings: number
  event_index?: number
  expected?: Record<string, string | number>
}

test("plaso's IIS logs: record counts and the asserted values", (t) => {
  const dir = realdata(t, 'plaso')
  if (dir === undefined) return
  const golden = JSON.parse(fs.readFileSync(path.join(dir, 'GOLDEN_plaso.json'), 'utf8')) as Record<string, PlasoGolden>
  for (const [file, g] of Object.entries(golden)) {
    if (!file.startsWith('iis/')) continue
    const { format, events, problems } = read(path.join(dir, file))
    assert.equal(format, 'iis', file)
    assert.equal(events.length, g.record_count, `${file} records`)
    assert.equal(problems.length, g.warnings, `${file} problems: ${JSON.stringify(problems)}`)
    if (g.expected === undefined) continue
    const e = events[g.event_index ?? 0]!
    const want = g.expected
    // plaso compares times as last_written_time in UTC.
    assert.equal(new Date(e.ts!).toISOString().replace('.000Z', '+00:00'), want.last_written_time, `${file} time`)
    const pairs: Array<[string, unknown]> = [
      ['dest_ip', e.dst_ip],
      ['dest_port', e.dst_port],
      ['http_method', e.http_method],
      ['http_status', e.http_status],
      ['requested_uri_stem', e.url_path],
      ['source_ip', e.src_ip],
      // plaso keeps the user agent as written ('+' for spaces): our original field.
      ['user_agent', e.fields['cs(User-Agent)']],
      ['protocol_version', e.fields['cs-version']],
    ]
    for (const [key, ours] of pairs) if (key in want) assert.equal(ours, want[key], `${file} ${key}`)
  }
})

test("lnav's W3C logs: time-only with #Date blocks, quoted values, UTF-8 user agents, a malformed file", (t) => {
  const dir = realdata(t, 'lnav', 'w3c')
  if (dir === undefined) return
  const ftp = read(path.join(dir, 'logfile_w3c.2'))
  // GOLDEN_NOTES.md: 14 data lines; the second header block moves the date to Oct 10.
  assert.equal(ftp.events.length, 14)
  assert.deepEqual(
    ftp.events.map((e) => new Date(e.ts!).toISOString().slice(5, 19)),
    ['10-09T16:44:49', '10-09T16:44:49', '10-09T16:48:05', '10-09T16:48:17', '10-09T16:48:24', '10-09T16:48:35', '10-09T16:48:41', '10-09T16:48:41', '10-09T16:48:41', '10-09T16:48:41', '10-09T16:48:44', '10-10T16:44:49', '10-10T16:44:49', '10-10T16:48:05'],
  )
  const incapsula = read(path.join(dir, 'logfile_w3c.4'))
  assert.equal(incapsula.format, 'w3c')
  assert.deepEqual(incapsula.events.map((e) => new Date(e.ts!).toISOString()), ['2017-06-28T07:26:35.000Z', '2017-06-26T18:21:17.000Z'])
  assert.equal(incapsula.events[0]!.src_ip, '123.123.123.123')
  assert.match(incapsula.events[0]!.user_agent ?? '', /^Mozilla\/5\.0 \(Windows NT 6\.1; Win64; x64\)/)
  const oracle = read(path.join(dir, 'logfile_w3c.1'))
  assert.equal(oracle.format, 'w3c')
  assert.equal(oracle.events[0]!.fields['cs(User-Agent)'], 'Mozilla/4.5 [en] (WinNT; I)')
  const unicode = read(path.join(dir, 'logfile_w3c.6'))
  assert.equal(unicode.events[0]!.fields['cs(User-Agent)'], 'ÄÖÜäöü\\ßßßMözillä/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm)')
  assert.equal(read(path.join(dir, 'logfile_w3c.0')).events.length, 1)
  // lnav calls this file malformed: 6 names in #Fields, 17 values on the line. We count it, not drop it.
  const malformed = read(path.join(dir, 'logfile_w3c.5'))
  assert.equal(malformed.events.length, 0)
  assert.deepEqual(malformed.problems.map((p) => [p.line, p.code]), [[2, 'bad_line']])
})

test("Elastic's headerless IIS lines are read with a known layout, and say so", (t) => {
  const dir = realdata(t, 'elastic-iis')
  if (dir === undefined) return
  const access = read(path.join(dir, 'access', 'test-iis-access.log'))
  assert.equal(access.events.length, fs.readFileSync(path.join(dir, 'access', 'test-iis-access.log'), 'utf8').trim().split('\n').length)
  assert.deepEqual(access.problems.map((p) => p.code), ['no_header'])
  const struts = access.events.find((e) => e.url_path?.startsWith('/${#context'))!
  assert.deepEqual([struts.src_ip, struts.http_status, struts.dst_port], ['10.50.6.188', 404, 443])
  const withHost = access.events.find((e) => e.dst_host === 'seth.contorso.org')!
  assert.deepEqual([withHost.fields['s-sitename'], withHost.fields['s-computername'], withHost.src_ip], ['W3SVC11', 'WILLOW', '192.168.0.2'])
  const iis10 = read(path.join(dir, 'access', 'tst-iis10-access.log'))
  assert.equal(iis10.events.length, 3)
  const httperr = read(path.join(dir, 'error', 'test-iis-error.log'))
  assert.ok(httperr.events.length >= 5)
  assert.deepEqual([httperr.events[0]!.src_ip, httperr.events[0]!.src_port, httperr.events[0]!.fields['s-reason']], ['67.43.156.15', 12345, 'URL'])
})

test('a real Exchange IIS excerpt with a web shell request, its user agent written with spaces', (t) => {
  const file = realdata(t, 'artefacts-help', 'exchange-log-examples', 'iis_u_ex_example.log')
  if (file === undefined) return
  const { events, problems } = read(file)
  assert.equal(events.length, 1)
  assert.equal(events[0]!.url_path, '/owa/auth/aKdMadOeT.aspx')
  assert.equal(events[0]!.url_query, 'cmd=whoami')
  assert.equal(events[0]!.client_app, 'OWA')
  assert.match(events[0]!.user_agent ?? '', /Chrome\/121/)
  assert.deepEqual(problems.map((p) => p.code), ['bad_line'], 'the extra values are reported, the record kept')
})

test("an Apache access log (EVTX-ATTACK-SAMPLES) is not taken for IIS", (t) => {
  const file = realdata(t, 'evtx-attack-samples', 'Command and Control', 'web_attack_and_isp_webshell_localhost_access_log.txt')
  if (file === undefined) return
  assert.equal(sniffFormat(FORMATS, fs.readFileSync(file, 'utf8').slice(0, 65536), path.basename(file)).format, undefined)
})
