// The three shapes of saved PowerShell output, on small texts written after PowerShell's own
// rendering rules (fixtures of whole cmdlet dumps are in fixtures/, see FIXTURES.md).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { exportCsvFormat } from '../../../src/formats/powershell/export-csv.js'
import { formatListFormat } from '../../../src/formats/powershell/format-list.js'
import { formatTableFormat } from '../../../src/formats/powershell/format-table.js'
import { FileNeedsOptionError } from '../../../src/formats/format.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { runFormat } from '../../helpers/run-format.js'

test('Format-List: empty values, values holding " : ", word wrap keeping its space, console wrap at column 0', () => {
  const text = [
    '',
    'Name        : Forward to external',
    'Description : If the message: includes these words : invoice take the following ',
    '              actions: forward the message to attacker@evil.example',
    'Enabled     : ',
    'Identity    : ACME\\mgarcia\\1234',
    'ItemEntryId : 00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-4D-4',
    'E-4F',
    '',
  ].join('\n')
  const { events, problems } = runFormat(formatListFormat, text)
  assert.deepEqual(problems, [])
  const f = events[0]!.fields
  assert.equal(f['Description'], 'If the message: includes these words : invoice take the following actions: forward the message to attacker@evil.example')
  assert.equal(f['Enabled'], '')
  assert.equal(f['Identity'], 'ACME\\mgarcia\\1234')
  assert.equal(f['ItemEntryId'], '00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-4D-4E-4F', 'console wrap at 86 columns, without indentation')
  assert.equal(events[0]!.dataset, 'powershell', 'an unknown cmdlet is kept generically')
  assert.equal(events[0]!.raw.split('\n').length, 7)
})

const HISTORY = (day: string, times: string[]): string =>
  `\n\n${times
    .map((time, i) => [`Counter        : ${4711 + i}`, `CreateTime     : ${day} ${time}`, 'EventName      : ObjectCreated', 'ItemEntryId    : 00-00-5A-3B', 'PrincipalName  : ACME\\mgarcia'].join('\n'))
    .join('\n\n')}\n\n\n`

test('the day/month order is learnt from any date of the file, or the file is refused', () => {
  const ambiguous = HISTORY('11/03/2026', ['22:32:15', '22:37:15', '22:38:02'])
  assert.throws(() => runFormat(formatListFormat, ambiguous), (e: unknown) => e instanceof FileNeedsOptionError && /--culture/.test(e.message))
  const given = runFormat(formatListFormat, ambiguous, { localTime: { order: 'mdy', timeZone: 'Europe/Madrid' } })
  assert.equal(new Date(given.events[0]!.ts!).toISOString(), '2026-11-03T22:32:15.000Z', 'en-US: November 3rd; CreateTime is printed in UTC, --tz does not apply')
  // One late date with a day over 12 settles the order for the records held before it.
  const late = ambiguous.replace('11/03/2026 22:38:02', '13/03/2026 22:38:02')
  const learnt = runFormat(formatListFormat, late)
  assert.deepEqual(learnt.events.map((e) => new Date(e.ts!).toISOString().slice(0, 10)), ['2026-03-11', '2026-03-11', '2026-03-13'])
  assert.deepEqual(learnt.problems, [], 'UTC times: nothing to say about the zone')
  const audit = ['', 'Operation       : SoftDelete', 'LogonType       : Owner', 'LastAccessed    : 13/03/2026 22:38:02', 'MailboxOwnerUPN : mgarcia@acme.example', '', ''].join('\n')
  assert.ok(runFormat(formatListFormat, audit).problems.some((p) => p.code === 'local_time'), 'local times read as UTC are reported')
})

test('Format-Table -AutoSize, cut values, and -Wrap', () => {
  const autoSize = [
    '',
    'Timestamp             EventId Source      Sender                MessageSubject',
    '---------             ------- ------      ------                --------------',
    '3/13/2026 10:37:15 PM SUBMIT  STOREDRIVER mgarcia@acme.example  Invoice March',
    '3/13/2026 10:37:16 PM SEND    SMTP        mgarcia@acme.example  Invoice March',
    '',
    '',
  ].join('\n')
  const table = runFormat(formatTableFormat, autoSize)
  assert.deepEqual(table.problems.filter((p) => p.code !== 'local_time'), [])
  assert.deepEqual(table.events.map((e) => [e.fields['EventId'], e.fields['Source'], e.fields['MessageSubject'], e.line]), [
    ['SUBMIT', 'STOREDRIVER', 'Invoice March', 4],
    ['SEND', 'SMTP', 'Invoice March', 5],
  ])
  assert.equal(sniffFormat(FORMATS, autoSize, 'mt.txt').format?.id, 'ps_table')

  const cut = [
    'EventName     ItemEntryId',
    '---------     -----------',
    'ObjectCreated 00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-...',
    'ObjectDeleted 00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-4…',
  ].join('\n')
  const truncated = runFormat(formatTableFormat, cut)
  assert.equal(truncated.problems.filter((p) => p.code === 'truncated_value').length, 2, 'PowerShell 5.1 ... and 7 … both reported')
  assert.match(truncated.problems[0]!.message, /ItemEntryId ends in "..."/)

  const wrapped = [
    'EventName     PrincipalName Subject',
    '---------     ------------- ----------------------',
    'MailSubmitted ACME\\mgarcia  Urgent: wire transfer',
    '                            to new supplier',
    'ObjectDeleted ACME\\mgarcia',
  ].join('\n')
  const wrap = runFormat(formatTableFormat, wrapped)
  assert.deepEqual(wrap.events.map((e) => [e.fields['Subject'], e.line]), [
    ['Urgent: wire transfer to new supplier', 3],
    ['', 5],
  ])
})

test('Export-Csv: #TYPE, quoted values with quotes and newlines, ; delimiter, System.String[]', () => {
  const csv = [
    '#TYPE Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent',
    '"Timestamp","EventId","Source","MessageId","Sender","Recipients","MessageSubject","TotalBytes","ClientIp"',
    '"3/13/2026 10:37:15 PM","SUBMIT","STOREDRIVER","<ghost@acme.example>","mgarcia@acme.example","System.String[]","Re: ""urgent""","20480","198.51.100.25"',
    '"3/13/2026 10:37:16 PM","SEND","SMTP","<ghost@acme.example>","mgarcia@acme.example","a@evil.example","two',
    'lines","20480","10.0.1.11"',
  ].join('\r\n')
  const run = runFormat(exportCsvFormat, csv)
  assert.deepEqual(run.events.map((e) => [e.dataset, e.action, e.subject, e.line, e.bytes_in, e.src_ip]), [
    ['msgtrk', 'SUBMIT', 'Re: "urgent"', 3, 20480, '198.51.100.25'],
    ['msgtrk', 'SEND', 'two\nlines', 4, 20480, '10.0.1.11'],
  ])
  assert.deepEqual(run.events[1]!.recipients, ['a@evil.example'])
  assert.ok(run.problems.some((p) => /System\.String\[\]/.test(p.message)), 'the array export trap is reported')
  assert.equal(sniffFormat(FORMATS, csv, 'mt.csv').format?.id, 'ps_csv')

  const german = '"LastAccessed";"Operation";"LogonType";"ClientIPAddress";"MailboxOwnerUPN";"ClientInfoString";"OperationResult"\n"13.03.2026 22:38:02";"SoftDelete";"Owner";"::ffff:198.51.100.25";"mgarcia@acme.example";"Client=OWA;Action=ViaProxy";"Succeeded"\n'
  const audit = runFormat(exportCsvFormat, german, { localTime: { timeZone: 'Europe/Madrid' } })
  assert.deepEqual(audit.events.map((e) => [e.dataset, e.action, e.src_ip, e.client_app, e.user_key, new Date(e.ts!).toISOString()]), [
    ['mailbox_audit', 'SoftDelete', '198.51.100.25', 'OWA', 'mgarcia', '2026-03-13T21:38:02.000Z'],
  ])
  const cutShort = runFormat(exportCsvFormat, '"A","B"\n"1","never closed\n')
  assert.equal(cutShort.problems[0]?.code, 'truncated')
})
