// Event Viewer CSV through the front door: the Security log (Keywords header, en-US dates), the
// Application log (Level header, en-GB dates) and Windows 2003's headerless layout, each message
// spanning many lines inside quotes. Fixtures are our own, written after Event Viewer's exports
// and the messages Windows renders for these events (fixtures/*-eventviewer.csv).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileNeedsOptionError } from '../../../src/formats/format.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { eventViewerCsvFormat } from '../../../src/formats/windows/event-viewer-csv.js'
import { messageData } from '../../../src/formats/windows/event-message.js'
import { runFormat } from '../../helpers/run-format.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test', 'formats', 'windows', 'fixtures')
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8')
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString())

test('Security log CSV: messages read back into EventData names, one user_key for the brute force and the logon', () => {
  const text = fixture('security-eventviewer.csv')
  assert.equal(sniffFormat(FORMATS, text, 'security.csv').format?.id, 'winevt_csv')
  const { events, problems } = runFormat(eventViewerCsvFormat, text, { hostHint: 'exch01', localTime: { timeZone: 'America/New_York' } })
  assert.deepEqual(problems, [])
  assert.deepEqual(events.map((e) => e.line), [2, 8, 49, 90, 104, 140])
  assert.deepEqual(
    events.map((e) => [e.event_code, e.action, e.outcome, e.user_name, e.user_key, e.src_ip ?? null, e.fields['exhunt.status_reason'] ?? null]),
    [
      ['4776', 'ntlm-validation', 'failure', 'test', 'test', null, 'bad password'],
      ['4625', 'logon-failed', 'failure', 'EXCH01\\test', 'test', '203.0.113.7', 'bad password'],
      ['4625', 'logon-failed', 'failure', 'EXCH01\\admin', 'admin', '203.0.113.7', 'no such user'],
      ['4740', 'account-locked', 'success', 'admin', 'admin', null, null],
      ['4624', 'logon', 'success', 'EXCH01\\test', 'test', '203.0.113.7', null],
      ['4648', 'explicit-credentials', 'success', 'ACME\\Administrator', 'administrator', '::1', null],
    ],
  )
  const [v4776, f4625, , locked, logon, explicit] = events as [(typeof events)[0], (typeof events)[0], (typeof events)[0], (typeof events)[0], (typeof events)[0], (typeof events)[0]]
  assert.equal(iso(v4776.ts), '2010-11-18T05:00:01.000Z', 'en-US local time in New York, learnt month-first from 11/18')
  assert.equal(v4776.host_name, 'exch01', 'the CSV names no computer: the collection path does')
  assert.deepEqual([v4776.fields['PackageName'], v4776.fields['Workstation'], v4776.fields['exhunt.workstation']], ['MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', 'KALI', 'KALI'])
  assert.deepEqual(
    [f4625.fields['SubjectUserSid'], f4625.fields['TargetUserName'], f4625.fields['Status'], f4625.fields['SubStatus'], f4625.fields['FailureReason'], f4625.fields['LmPackageName'], f4625.src_port],
    ['NULL SID', 'test', '0xc000006d', '0xc000006a', 'Unknown user name or bad password.', '-', 50102],
  )
  assert.deepEqual([f4625.fields['exhunt.logon_type_name'], f4625.fields['EventViewer.TaskCategory'], f4625.fields['EventViewer.Level']], ['Network', 'Logon', 'Audit Failure'])
  assert.match(f4625.fields['Message']!, /^An account failed to log on\.\n\nSubject:\n\tSecurity ID:\t\tNULL SID\n/)
  assert.ok(f4625.raw.startsWith('Audit Failure,11/18/2010 12:00:01 AM,'), 'raw is the row as written')
  assert.deepEqual([locked.fields['TargetSid'], locked.fields['exhunt.workstation'], locked.fields['exhunt.subject_user']], ['EXCH01\\admin', 'KALI', 'ACME\\DC01$'])
  assert.deepEqual([logon.fields['LogonGuid'], logon.fields['ImpersonationLevel'], logon.fields['TargetLogonId'], logon.src_port], ['{00000000-0000-0000-0000-000000000000}', 'Impersonation', '0x1A2B3C', 50104])
  assert.deepEqual([explicit.fields['exhunt.target_user'], explicit.fields['TargetLogonGuid'], explicit.fields['TargetServerName'], explicit.fields['TargetInfo'], explicit.src_port], ['EXCH01\\test', '{00000000-0000-0000-0000-000000000000}', 'localhost', 'localhost', 0])
})

test('Application log CSV: day-first dates, SMTP providers, SmtpReceive 1035 read back to its parameters', () => {
  const text = fixture('application-eventviewer.csv')
  assert.equal(sniffFormat(FORMATS, text, 'application.csv').format?.id, 'winevt_csv')
  const { events, problems } = runFormat(eventViewerCsvFormat, text)
  assert.deepEqual(problems.map((p) => p.code), ['local_time'], 'no --tz: read as UTC, and said so once')
  const [auth, smtpsvc, store] = events as [(typeof events)[0], (typeof events)[0], (typeof events)[0]]
  assert.deepEqual([auth.action, auth.outcome, auth.client_app, auth.src_ip, auth.fields['Data1'], auth.fields['Data2'], auth.fields['Data3'], iso(auth.ts)], ['smtp-auth-failed', 'failure', 'SMTP', '203.0.113.7', 'LogonDenied', 'Default EXCH01', 'Login', '2010-11-18T00:00:01.000Z'])
  assert.deepEqual([smtpsvc.client_app, smtpsvc.action, smtpsvc.fields['Message'], smtpsvc.fields['System.Level']], ['SMTP', 'SMTPSVC/1708', 'An SMTP message, with a comma, and "quotes",\nacross two lines.', '4'])
  assert.deepEqual([store.action, store.client_app, store.fields['System.Level'], store.line], ['MSExchangeIS/9646', undefined, '2', 5])
})

test('Windows 2003 CSV (no header): messages on many lines give back the ordered strings, 529/680/540 meet on test', () => {
  const text = fixture('windows2003-eventviewer.csv')
  assert.equal(sniffFormat(FORMATS, text, 'secevent.csv').format?.id, 'winevt_csv')
  const { events, problems } = runFormat(eventViewerCsvFormat, text, { localTime: { order: 'mdy', timeZone: 'Europe/London' } })
  assert.deepEqual(problems, [])
  assert.deepEqual(
    events.map((e) => [e.line, e.event_code, e.action, e.outcome ?? null, e.user_key ?? null, e.src_ip ?? null, e.fields['exhunt.status_reason'] ?? null, e.host_name]),
    [
      [1, '680', 'ntlm-validation', 'failure', 'test', null, 'bad password', 'EXCH01'],
      [12, '529', 'logon-failed', 'failure', 'test', '203.0.113.7', 'bad user name or password', 'EXCH01'],
      [30, '539', 'logon-failed', 'failure', 'admin', '203.0.113.7', 'account locked', 'EXCH01'],
      [48, '540', 'logon', 'success', 'test', '203.0.113.7', null, 'EXCH01'],
      [67, '1708', 'SMTPSVC/1708', null, null, null, null, 'EXCH01'],
    ],
  )
  const e529 = events[1]!
  assert.deepEqual(
    Array.from({ length: 13 }, (_, i) => e529.fields[`Data${i + 1}`]),
    ['test', 'EXCH01', '3', 'Advapi', 'Negotiate', 'EXCH01', 'EXCH01$', 'ACME', '(0x0,0x3E7)', '1528', '-', '203.0.113.7', '4567'],
  )
  assert.equal(iso(e529.ts), '2010-11-18T00:00:01.000Z')
  assert.deepEqual([e529.fields['EventViewer.User'], e529.fields['EventViewer.TaskCategory'], e529.fields['exhunt.subject_user']], ['NT AUTHORITY\\SYSTEM', 'Logon/Logoff', 'ACME\\EXCH01$'])
  assert.equal(events[3]!.fields['Data12'], '1528', '540: "Caller Process ID: 1528" without a tab')
})

test('a one-line Windows 2003 description (no line breaks) still gives the strings back', () => {
  const message = 'Logon Failure:  Reason: Unknown user name or bad password  User Name: test  Domain: EXCH01  Logon Type: 3  Logon Process: Advapi    Authentication Package: Negotiate  Workstation Name: EXCH01  Caller User Name: EXCH01$  Caller Domain: ACME  Caller Logon ID: (0x0,0x3E7)  Caller Process ID: 1528  Transited Services: -  Source Network Address: 203.0.113.7  Source Port: 4567    For more information, see Help and Support Center at http://go.microsoft.com/fwlink/events.asp.'
  const data = messageData('Security', 529, message)
  assert.deepEqual(data.map(([, v]) => v), ['test', 'EXCH01', '3', 'Advapi', 'Negotiate', 'EXCH01', 'EXCH01$', 'ACME', '(0x0,0x3E7)', '1528', '-', '203.0.113.7', '4567'])
  const cleared = messageData('Microsoft-Windows-Eventlog', 1102, 'The audit log was cleared.\nSubject:\n\tSecurity ID:\tEXCH01\\test\n\tAccount Name:\ttest\n\tDomain Name:\tEXCH01\n\tLogon ID:\t0x1A2B3C')
  assert.deepEqual(cleared, [['SubjectUserSid', 'EXCH01\\test'], ['SubjectUserName', 'test'], ['SubjectDomainName', 'EXCH01'], ['SubjectLogonId', '0x1A2B3C']])
  const w2000 = messageData('Security', 681, 'The logon to account: test\n by: MICROSOFT_AUTHENTICATION_PACKAGE_V1_0\n from workstation: KALI\n failed. The error code was: 3221225578')
  assert.deepEqual(w2000, [['Data1', 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0'], ['Data2', 'test'], ['Data3', 'KALI'], ['Data4', '3221225578']])
})

test('ambiguous day/month dates wait for one that settles them, or the file is refused with the option to give', () => {
  const header = 'Level,Date and Time,Source,Event ID,Task Category\n'
  const row = (date: string) => `Information,${date} 10:00:00,SMTPSVC,1708,None,"x"\n`
  const settled = runFormat(eventViewerCsvFormat, header + row('03/04/2010') + row('25/04/2010'))
  assert.deepEqual(settled.events.map((e) => iso(e.ts)), ['2010-04-03T10:00:00.000Z', '2010-04-25T10:00:00.000Z'], 'day first, learnt from 25/04')
  assert.throws(() => runFormat(eventViewerCsvFormat, header + row('03/04/2010')), FileNeedsOptionError)
  const given = runFormat(eventViewerCsvFormat, header + row('03/04/2010'), { localTime: { order: 'mdy' } })
  assert.equal(iso(given.events[0]!.ts), '2010-03-04T10:00:00.000Z')
})

test('broken rows: a bad event id and an unterminated message are reported with their lines', () => {
  const text = 'Level,Date and Time,Source,Event ID,Task Category\nInformation,2010-11-18 10:00:00,SMTPSVC,abc,None,"x"\nInformation,2010-11-18 10:00:01,SMTPSVC,1708,None,"never\nclosed\n'
  const { events, problems } = runFormat(eventViewerCsvFormat, text)
  assert.equal(events.length, 0)
  assert.deepEqual(problems.map((p) => [p.line, p.code]), [[2, 'bad_line'], [3, 'truncated']])
})

test('translated headers are read by position; other CSVs are not claimed', () => {
  const german = 'Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie\nInformationen,18.11.2010 00:00:34,SMTPSVC,1708,Keine,"Text"\n'
  assert.equal(sniffFormat(FORMATS, german, 'anwendung.csv').format?.id, 'winevt_csv')
  const { events } = runFormat(eventViewerCsvFormat, german)
  assert.deepEqual([events[0]!.event_code, events[0]!.client_app, iso(events[0]!.ts)], ['1708', 'SMTP', '2010-11-18T00:00:34.000Z'])
  assert.equal(eventViewerCsvFormat.sniff('Name,Email,Phone,ID,Notes\nJohn,j@x,1,2,3\n', 'x.csv'), 0)
  assert.equal(eventViewerCsvFormat.sniff('"Timestamp","EventId","Source","MessageId"\n', 'x.csv'), 0)
})
