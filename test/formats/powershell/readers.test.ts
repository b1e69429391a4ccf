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

const ID = '00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-4D-4E-4F-50-51-52-53-54-55-56'

/** One Get-DatabaseEvent object as Format-List writes it at `width` columns. */
function renderList(width: number, props: Array<[string, string]>): string {
  const pad = Math.max(...props.map(([n]) => n.length))
  const lines: string[] = []
  for (const [name, value] of props) {
    const room = width - 1 - (pad + 3)
    let first = true
    let rest = value
    do {
      const piece = rest.slice(0, room)
      rest = rest.slice(room)
      lines.push(first ? `${name.padEnd(pad)} : ${piece}` : `${' '.repeat(pad + 3)}${piece}`)
      first = false
    } while (rest.length > 0)
  }
  return lines.join('\n')
}

const EVENTS: Array<Array<[string, string]>> = [
  [['Counter', '4711'], ['CreateTime', '13/03/2026 22:32:15'], ['EventName', 'ObjectCreated'], ['ItemEntryId', ID], ['ClientCategory', 'OWA'], ['PrincipalName', 'ACME\\mgarcia']],
  [['Counter', '4712'], ['CreateTime', '13/03/2026 22:37:15'], ['EventName', 'MailSubmitted'], ['ItemEntryId', ID], ['ClientCategory', 'OWA'], ['PrincipalName', 'ACME\\mgarcia']],
  [['Counter', '4713'], ['CreateTime', '13/03/2026 22:38:02'], ['EventName', 'ObjectDeleted'], ['ItemEntryId', ID], ['ClientCategory', 'OWA'], ['PrincipalName', 'ACME\\mgarcia']],
]

const dump = (width: number): string => `\n\n${EVENTS.map((e) => renderList(width, e)).join('\n\n')}\n\n\n`

test('Format-List at 80 and at 120 columns gives the same records', () => {
  const narrow = runFormat(formatListFormat, dump(80))
  const wide = runFormat(formatListFormat, dump(120))
  assert.ok(dump(80).split('\n').length > dump(120).split('\n').length, 'the 80-column dump wraps more')
  assert.deepEqual(narrow.problems.map((p) => p.code), ['local_time'], 'no --tz: local times read as UTC, and said so')
  const strip = (r: typeof narrow) => r.events.map((e) => ({ ...e, raw: undefined, line: undefined }))
  assert.deepEqual(strip(narrow), strip(wide))
  assert.deepEqual(
    narrow.events.map((e) => [e.dataset, e.action, e.item_id, e.client_app, e.user_key, new Date(e.ts!).toISOString()]),
    [
      ['db_event', 'ObjectCreated', ID.replaceAll('-', ''), 'OWA', 'mgarcia', '2026-03-13T22:32:15.000Z'],
      ['db_event', 'MailSubmitted', ID.replaceAll('-', ''), 'OWA', 'mgarcia', '2026-03-13T22:37:15.000Z'],
      ['db_event', 'ObjectDeleted', ID.replaceAll('-', ''), 'OWA', 'mgarcia', '2026-03-13T22:38:02.000Z'],
    ],
  )
  assert.equal(narrow.events[0]!.fields['ItemEntryId'], ID, 'the wrapped value joined back exactly')
  assert.equal(narrow.events[0]!.line, 3)
  assert.equal(sniffFormat(FORMATS, dump(80), 'eventhistory.txt').format?.id, 'ps_list')
})

test('Format-List: empty values, values holding " : ", word-wrapped text, console wrap at column 0', () => {
  const text = [
    '',
    'Name        : Forward to external',
    'Description : If the message: includes these words : invoice take the following',
    '              actions: forward the message to attacker@evil.example',
    'Enabled     :',
    'Identity    : ACME\\mgarcia\\1234',
    'ItemEntryId : 00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B',
    '-4C-4D',
    '',
  ].join('\n')
  const { events, problems } = runFormat(formatListFormat, text)
  assert.deepEqual(problems.filter((p) => p.code !== 'local_time'), [])
  const f = events[0]!.fields
  assert.equal(f['Description'], 'If the message: includes these words : invoice take the following actions: forward the message to attacker@evil.example')
  assert.equal(f['Enabled'], '')
  assert.equal(f['Identity'], 'ACME\\mgarcia\\1234')
  assert.equal(f['ItemEntryId'], '00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-4D', 'console wrap without indentation')
  assert.equal(events[0]!.dataset, 'powershell', 'an unknown cmdlet is kept generically')
  assert.equal(events[0]!.raw.split('\n').length, 7)
})

test('the day/month order is learnt from any date of the file, or the file is refused', () => {
  const ambiguous = dump(80).replaceAll('13/03/2026', '11/03/2026')
  assert.throws(() => runFormat(formatListFormat, ambiguous), (e: unknown) => e instanceof FileNeedsOptionError && /--culture/.test(e.message))
  const given = runFormat(formatListFormat, ambiguous, { localTime: { order: 'mdy', timeZone: 'Europe/Madrid' } })
  assert.equal(new Date(given.events[0]!.ts!).toISOString(), '2026-11-03T21:32:15.000Z', 'en-US: November 3rd, CET')
  // One late date with a day over 12 settles the order for the records held before it.
  const late = ambiguous.replace('11/03/2026 22:38:02', '13/03/2026 22:38:02')
  const learnt = runFormat(formatListFormat, late)
  assert.deepEqual(learnt.events.map((e) => new Date(e.ts!).toISOString().slice(0, 10)), ['2026-03-11', '2026-03-11', '2026-03-13'])
  assert.ok(learnt.problems.some((p) => p.code === 'local_time'), 'local times read as UTC are reported')
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
  assert.match(truncated.problems[0]!.message, /ItemEntryId cut short/)

  const wrapped = [
    'EventName     PrincipalName Subject',
    '---------     ------------- ---------------------',
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
