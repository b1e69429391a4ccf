// Every fixture of fixtures/ (PowerShell's own formatting rules, see FIXTURES.md) read through the
// whole front door (decode, sniff, parse) and compared property by property with expected.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { detectEncoding, decoderLabel } from '../../../src/io/encoding.js'
import { FileNeedsOptionError } from '../../../src/formats/format.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { sniffFormat } from '../../../src/formats/sniff.js'
import { dateOrderOfCulture, type DateOrder } from '../../../src/model/local-time.js'
import { runFormat } from '../../helpers/run-format.js'

const DIR = path.join(process.cwd(), 'test', 'formats', 'powershell', 'fixtures')

interface Expected {
  imitates: string
  records: number
  /** Format-List and CSV fixtures: every property of every record. */
  recordsDetail?: Array<Record<string, string>>
  /** Format-Table fixtures: the columns, and the rows as shown or (-Wrap) whole. */
  columns?: string[]
  rows?: string[][]
  rowsFullValues?: string[][]
  sameTextAs?: string
}

const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>
// A fixture with the same text as another in another encoding expects what that one expects.
for (const want of Object.values(expected)) if (want.sameTextAs !== undefined) Object.assign(want, { ...expected[want.sameTextAs], ...want })

function decode(file: string): string {
  const bytes = fs.readFileSync(path.join(DIR, file))
  return new TextDecoder(decoderLabel(detectEncoding(bytes.subarray(0, 65536)).encoding)).decode(bytes)
}

function orderOf(imitates: string): DateOrder | undefined {
  // "as messagetracking-ft-truncated.txt but ..." is en-US like that one.
  const culture = /\b([a-z]{2}-[A-Z]{2})\b/.exec(imitates)?.[1] ?? 'en-US'
  const order = culture === undefined ? undefined : dateOrderOfCulture(culture)
  return order === 'unknown' ? undefined : order
}

const UTC_KEYS = ['__CreateTimeUtcIso', '__TimestampUtcIso', '__LastAccessedUtcIso', '__CreationTimeUtcIso']

for (const [file, want] of Object.entries(expected)) {
  test(`fixture ${file}: ${want.imitates}`, () => {
    const text = decode(file)
    const format = sniffFormat(FORMATS, text, file).format
    assert.ok(format !== undefined && format.id.startsWith('ps_'), `sniffed as ${format?.id}`)
    const order = orderOf(want.imitates)
    const run = (o: DateOrder | undefined) => runFormat(format, text, { fileName: file, localTime: { timeZone: 'Europe/Madrid', ...(o === undefined ? {} : { order: o }) } })
    if (file.includes('ambiguous')) {
      assert.throws(() => run(undefined), FileNeedsOptionError, 'every day <= 12: the culture must be given')
    }
    const { events, problems } = run(order)
    assert.equal(events.length, want.records, JSON.stringify(problems))
    const byLine = [...events].sort((a, b) => a.line - b.line)
    for (const [i, row] of (want.rowsFullValues ?? want.rows ?? []).entries()) {
      want.columns!.forEach((name, c) => {
        const shown = byLine[i]!.fields[name]!
        const cut = /(\.\.\.|…)$/.exec(shown)
        // A value Format-Table cut short: what is shown is the start of the whole value, and it is reported.
        if (cut !== null && shown !== row[c]) {
          assert.ok(row[c]!.startsWith(shown.slice(0, -cut[0].length)), `${file} row ${i + 1} ${name}: ${shown}`)
          assert.ok(problems.some((p) => p.code === 'truncated_value' && p.line === byLine[i]!.line), `${file} row ${i + 1}: cut reported`)
        } else if (want.rowsFullValues !== undefined && shown !== row[c]) {
          // -Wrap hides whether a line ended at a space or at a newline of the value when the next
          // word would not have fitted either way: the words must agree.
          assert.equal(shown.replace(/\s+/g, ' '), row[c]!.replace(/\s+/g, ' '), `${file} row ${i + 1} ${name}`)
        } else assert.equal(shown, row[c], `${file} row ${i + 1} ${name}`)
      })
    }
    ;(want.recordsDetail ?? []).forEach((record, i) => {
      const event = byLine[i]!
      for (const [name, value] of Object.entries(record)) {
        if (name.startsWith('__')) continue
        assert.equal(event.fields[name], value.replaceAll('\r\n', '\n'), `${file} record ${i + 1} ${name}`)
      }
      const utc = UTC_KEYS.map((k) => record[k]).find((v) => v !== undefined)
      // Expected instants may carry 7 fractional digits (PowerShell's ticks): compared to the millisecond.
      if (utc !== undefined) assert.equal(event.ts, Date.parse(utc.replace(/(\.\d{3})\d+Z$/, '$1Z')), `${file} record ${i + 1} time ${utc}`)
    })
  })
}

test('the same EventHistory dump at 80 and at 120 columns (and in UTF-16LE) gives identical records', () => {
  const read = (file: string) =>
    runFormat(FORMATS.find((f) => f.id === 'ps_list')!, decode(file), { localTime: { order: 'mdy' } }).events.map((e) => ({ ...e, line: 0, raw: '' }))
  const narrow = read('eventhistory-fl-80.txt')
  assert.ok(decode('eventhistory-fl-80.txt').split('\n').length > decode('eventhistory-fl-120.txt').split('\n').length, 'the 80-column dump wraps more')
  assert.deepEqual(narrow, read('eventhistory-fl-120.txt'))
  assert.deepEqual(narrow, read('eventhistory-fl-80.utf16le.txt'))
  const ghost = narrow.filter((e) => e.item_id === '000000005A3F1C2B8E4D4A9B86F0C1D2E3F4051607009F2C4B7A1E3D4C5B8A6F0E1D2C3B4A5900000000001000009F2C4B7A1E3D4C5B8A6F0E1D2C3B4A590000003A7F210000')
  assert.deepEqual(
    ghost.map((e) => [e.action, e.client_app, e.user_key, new Date(e.ts!).toISOString()]),
    [
      ['ObjectCreated', 'OWA', 'mgarcia', '2026-03-11T22:32:15.000Z'],
      ['MailSubmitted', 'OWA', 'mgarcia', '2026-03-11T22:37:15.000Z'],
      ['ObjectDeleted', 'OWA', 'mgarcia', '2026-03-11T22:38:16.000Z'],
    ],
    'the ghost mail: created, submitted, deleted through OWA',
  )
})
