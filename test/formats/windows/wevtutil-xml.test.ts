// wevtutil XML through the front door: one event per line (wevtutil qe /f:xml), pretty-printed
// with an <Events> wrapper (Event Viewer, Windows 2003 logs), UTF-16LE through the whole ingest,
// and the ways such a file goes wrong. Fixtures are our own, written after wevtutil's and Event
// Viewer's output and the "test" account story of the second seed (fixtures/).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { wevtutilXmlFormat } from '../../../src/formats/windows/wevtutil-xml.js'
import { ingestPaths } from '../../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../../src/store/duckdb.js'
import { runFormat } from '../../helpers/run-format.js'
import { tempDir } from '../../helpers/temp-dir.js'
import { eventXml } from './event-builder.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test', 'formats', 'windows', 'fixtures')
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8')

test('wevtutil qe /f:xml, one event per line (CRLF): every record, its line, the brute force then the logon', () => {
  const text = fixture('security-wevtutil.xml')
  assert.equal(sniffFormat(FORMATS, text, 'security.xml').format?.id, 'winevt_xml')
  const { events, problems } = runFormat(wevtutilXmlFormat, text, { hostHint: 'from-path' })
  assert.deepEqual(problems, [])
  assert.deepEqual(events.map((e) => e.line), [1, 2, 3, 4, 5, 6, 7, 8, 9])
  assert.deepEqual(
    events.map((e) => [e.event_code, e.action, e.outcome, e.user_key, e.src_ip ?? null, e.fields['exhunt.status_reason'] ?? null]),
    [
      ['4776', 'ntlm-validation', 'failure', 'admin', null, 'no such user'],
      ['4625', 'logon-failed', 'failure', 'admin', '203.0.113.7', 'no such user'],
      ['4776', 'ntlm-validation', 'failure', 'test', null, 'bad password'],
      ['4625', 'logon-failed', 'failure', 'test', '203.0.113.7', 'bad password'],
      ['4776', 'ntlm-validation', 'failure', 'test', null, 'bad password'],
      ['4625', 'logon-failed', 'failure', 'test', '203.0.113.7', 'bad password'],
      ['4776', 'ntlm-validation', 'success', 'test', null, 'success'],
      ['4624', 'logon', 'success', 'test', '203.0.113.7', null],
      ['4634', 'logoff', 'success', 'test', null, null],
    ],
  )
  const logon = events[7]!
  assert.equal(logon.host_name, 'EXCH01.acme.example')
  assert.equal(new Date(logon.ts!).toISOString(), '2010-11-18T00:00:07.031Z')
  assert.deepEqual([logon.src_port, logon.fields['exhunt.logon_type_name'], logon.fields['exhunt.workstation'], logon.fields['LogonProcessName']], [50104, 'Network', 'KALI', 'NtLmSsp '])
  assert.equal(logon.raw, text.split('\r\n')[7], 'raw is the line as written')
})

test('pretty-printed events inside <Events> with a prolog and a comment: Windows 2003 Security, SMTPSVC, UserData', () => {
  const text = fixture('events-pretty.xml')
  assert.equal(sniffFormat(FORMATS, text, 'exported.xml').format?.id, 'winevt_xml')
  const { events, problems } = runFormat(wevtutilXmlFormat, text)
  assert.deepEqual(problems, [])
  assert.deepEqual(events.map((e) => e.line), [4, 33, 53, 54, 79])
  const [e529, e680, e540, smtp, cleared] = events as [typeof events[0], typeof events[0], typeof events[0], typeof events[0], typeof events[0]]
  assert.deepEqual([e529.action, e529.outcome, e529.user_name, e529.user_key, e529.src_ip, e529.src_port], ['logon-failed', 'failure', 'EXCH01\\test', 'test', '203.0.113.7', 4567])
  assert.equal(e529.fields['Data4'], 'Advapi  ', 'trailing spaces kept as written')
  assert.equal(e529.fields['System.Qualifiers'], '0')
  assert.deepEqual([e680.action, e680.outcome, e680.user_key, e680.fields['exhunt.status_reason']], ['ntlm-validation', 'failure', 'test', 'bad password'])
  assert.deepEqual([e540.action, e540.outcome, e540.user_key, e540.fields['exhunt.logon_type_name']], ['logon', 'success', 'test', 'Network'])
  assert.deepEqual([smtp.client_app, smtp.action, smtp.fields['Data1'], smtp.fields['Data2'], smtp.fields['Binary'], smtp.fields['System.Level']], ['SMTP', 'SMTPSVC/1708', 'test', '', '0000000001000000', '4'])
  assert.match(smtp.raw, /<RenderingInfo Culture="en-US">/, 'RenderingInfo stays in raw')
  assert.equal(smtp.raw.split('\n').length, 25, 'raw keeps the pretty-printed lines')
  assert.deepEqual([cleared.action, cleared.user_name, cleared.fields['SubjectLogonId'], cleared.outcome], ['log-cleared', 'EXCH01\\test', '0x1a2b3c', 'success'])
})

test('a UTF-16LE export with BOM (PowerShell `>`) and <Events> on the first and last lines, through ingest', async (t) => {
  const dir = tempDir(t)
  const file = path.join(dir, 'evidence', 'exch01', 'security.xml')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.copyFileSync(path.join(FIXTURES, 'security-wevtutil.utf16le.xml'), file)
  const store = await openDuckDbStore(path.join(dir, 'case'))
  try {
    const { files } = await ingestPaths(store, [file], { formats: FORMATS })
    assert.deepEqual([files[0]!.status, files[0]!.format, files[0]!.encoding, files[0]!.records, files[0]!.problem_count], ['ingested', 'winevt_xml', 'utf-16le-bom', 4, 0])
    const rows = await store.query(`SELECT line, dataset, event_code, user_key, src_ip, outcome, host_name, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts FROM events ORDER BY line`)
    assert.deepEqual(rows, [
      { line: 1, dataset: 'winevt', event_code: '4776', user_key: 'admin', src_ip: null, outcome: 'failure', host_name: 'EXCH01.acme.example', ts: '2010-11-17T23:59:58' },
      { line: 2, dataset: 'winevt', event_code: '4625', user_key: 'admin', src_ip: '203.0.113.7', outcome: 'failure', host_name: 'EXCH01.acme.example', ts: '2010-11-17T23:59:58' },
      { line: 3, dataset: 'winevt', event_code: '4776', user_key: 'test', src_ip: null, outcome: 'failure', host_name: 'EXCH01.acme.example', ts: '2010-11-18T00:00:01' },
      { line: 4, dataset: 'winevt', event_code: '4625', user_key: 'test', src_ip: '203.0.113.7', outcome: 'failure', host_name: 'EXCH01.acme.example', ts: '2010-11-18T00:00:01' },
    ])
  } finally {
    await store.close()
  }
})

test('several events on one line, and one split across lines mid-tag, keep their starting lines', () => {
  const a = eventXml({ id: 4625, record: 1, data: [['TargetUserName', 'test']] })
  const b = eventXml({ id: 4624, record: 2, data: [['TargetUserName', 'test']] })
  const c = eventXml({ id: 4634, record: 3, data: [['TargetUserName', 'test']] })
  const split = c.replace('<EventData>', '<EventData\n>').replace("<Data Name='TargetUserName'>", "<Data\n  Name='TargetUserName'>")
  const { events, problems } = runFormat(wevtutilXmlFormat, `<Events>${a}${b}\n${split}</Events>`)
  assert.deepEqual(problems, [])
  assert.deepEqual(events.map((e) => [e.line, e.event_code, e.user_key]), [[1, '4625', 'test'], [1, '4624', 'test'], [2, '4634', 'test']])
})

test('broken files: every problem counted with its line, the good events kept', () => {
  const good = eventXml({ id: 4624, data: [['TargetUserName', 'test']] })
  const text = [
    good,
    'wevtutil: The RPC server is unavailable.', // a tool error printed into the file
    good.replace('</EventID>', '</EventId>'), // mismatched tags
    good.replace(/<TimeCreated [^>]*\/>/, "<TimeCreated SystemTime='yesterday'/>"),
    good.slice(0, 300), // cut short, then the next event starts
    good,
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>12</EventID>', // the file ends inside an event
  ].join('\n')
  const { events, problems } = runFormat(wevtutilXmlFormat, text)
  assert.deepEqual(events.map((e) => e.line), [1, 4, 6])
  assert.equal(events[1]!.ts, undefined)
  assert.deepEqual(
    problems.map((p) => [p.line, p.code]),
    [[2, 'bad_line'], [3, 'bad_line'], [4, 'bad_date'], [5, 'bad_line'], [7, 'truncated']],
  )
  assert.match(problems[1]!.message, /EventId/)
  assert.match(problems[3]!.message, /before the next <Event> at line 6/)
})

test('sniffing: XML that is not Windows events, and events without the namespace', () => {
  assert.equal(wevtutilXmlFormat.sniff('<?xml version="1.0"?>\n<configuration><appSettings/></configuration>\n', 'web.config'), 0)
  assert.equal(wevtutilXmlFormat.sniff('<Events><Event><System><EventID>4624</EventID></System></Event></Events>', 'x.xml'), 80)
  assert.equal(wevtutilXmlFormat.sniff('\uFEFF<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>', 'x.xml'), 95)
})
