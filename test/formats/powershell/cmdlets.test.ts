// Cmdlet mappings on real data, and PowerShell files through the whole ingest pipeline.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { exportCsvFormat } from '../../../src/formats/powershell/export-csv.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { ingestPaths } from '../../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../../src/store/duckdb.js'
import { realdata } from '../../helpers/realdata.js'
import { runFormat } from '../../helpers/run-format.js'
import { tempDir } from '../../helpers/temp-dir.js'

const csvQuote = (s: string): string => `"${s.replaceAll('"', '""')}"`

test('unified audit log CSV export: every real ExchangeItem record of Elastic o365 maps field by field', (t) => {
  const file = realdata(t, 'elastic-o365', 'test-exchange-item.log')
  if (file === undefined) return
  const records = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, any>)
  assert.ok(records.length >= 9)
  // The export as the Purview portal writes it: AuditData is the record, quotes doubled.
  const csv = ['CreationDate,UserIds,Operations,AuditData', ...records.map((r) => [`${r.CreationTime}.0000000Z`, r.UserId, r.Operation, csvQuote(JSON.stringify(r))].join(','))].join('\r\n')
  const { events, problems } = runFormat(exportCsvFormat, csv)
  assert.deepEqual(problems, [])
  assert.equal(events.length, records.length)
  events.forEach((e, i) => {
    const r = records[i]!
    assert.equal(e.dataset, 'unified_audit')
    assert.equal(e.action, r.Operation)
    assert.equal(e.user_name, r.UserId)
    assert.equal(new Date(e.ts!).toISOString(), `${r.CreationTime}.000Z`)
    assert.equal(e.src_ip, r.ClientIP ?? r.ClientIPAddress)
    assert.equal(e.outcome, r.ResultStatus === 'Succeeded' ? 'success' : r.ResultStatus === undefined ? 'success' : e.outcome)
    assert.equal(e.subject, r.Item?.Subject)
    assert.equal(e.message_id, r.Item?.InternetMessageId)
    assert.equal(e.fields['AuditData.Workload'], r.Workload)
    const id: string | undefined = r.Item?.Id
    if (id?.startsWith('RgAAAA')) assert.match(e.item_id!, /^[0-9A-F]{140}$/, 'the StoreObjectId wraps a 70-byte entry id')
    else if (id?.startsWith('LgAAAA')) assert.match(e.item_id!, /^[0-9A-F]{92}$/, 'a folder: 46-byte entry id')
    else assert.equal(e.item_id, id)
  })
  assert.ok(events.some((e) => e.client_app === 'EWS'), 'Client=WebServices')
})

test('a Format-List dump in UTF-16LE with BOM (Windows PowerShell 5.1 `>`) is ingested with --culture (CreateTime is UTC)', async (t) => {
  const dir = tempDir(t)
  const text = [
    '',
    '',
    'Counter        : 4711',
    'CreateTime     : 3/11/2026 10:32:15 PM',
    'EventName      : ObjectCreated',
    'ItemEntryId    : 00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B-4C-4D-4E',
    '                 -4F-50-51',
    'ClientCategory : OWA',
    'PrincipalName  : ACME\\mgarcia',
    '',
    '',
  ].join('\r\n')
  const file = path.join(dir, 'evidence', 'eventhistory.txt')
  fs.mkdirSync(path.dirname(file))
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
  const store = await openDuckDbStore(path.join(dir, 'case'))
  try {
    const refused = await ingestPaths(store, [file], { formats: FORMATS })
    assert.equal(refused.files[0]!.status, 'unreadable')
    assert.match(refused.files[0]!.problems[0]!.reason, /--culture/)
    const { files } = await ingestPaths(store, [file], { formats: FORMATS, localTime: { order: 'mdy', timeZone: 'Europe/Madrid' } })
    assert.deepEqual([files[0]!.status, files[0]!.format, files[0]!.encoding, files[0]!.records, files[0]!.problem_count], ['ingested', 'ps_list', 'utf-16le-bom', 1, 0])
    const rows = await store.query(`SELECT dataset, action, item_id, client_app, user_key, line, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts FROM events`)
    assert.deepEqual(rows, [
      { dataset: 'db_event', action: 'ObjectCreated', item_id: '000000005A3B8C1D2E3F404142434445464748494A4B4C4D4E4F5051', client_app: 'OWA', user_key: 'mgarcia', line: 3, ts: '2026-03-11T22:32:15' },
    ])
  } finally {
    await store.close()
  }
})

test("a SUBMIT of message tracking gets the item id of the store event it names (EventHistory's counter)", async (t) => {
  const fixtures = path.join(process.cwd(), 'test', 'formats', 'powershell', 'fixtures')
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  try {
    const options = { formats: FORMATS, localTime: { order: 'mdy', timeZone: 'Europe/Madrid' } } as const
    await ingestPaths(store, [path.join(fixtures, 'messagetracking-fl.txt')], options)
    const alone = await store.query(`SELECT item_id FROM events WHERE action = 'SUBMIT'`)
    assert.deepEqual(alone, [{ item_id: null }], 'tracking alone does not know the item')
    await ingestPaths(store, [path.join(fixtures, 'eventhistory-fl-120.txt')], options)
    const life = await store.query(`SELECT dataset, action, client_app FROM events WHERE item_id = $1 ORDER BY ts, dataset`, [
      '000000005A3F1C2B8E4D4A9B86F0C1D2E3F4051607009F2C4B7A1E3D4C5B8A6F0E1D2C3B4A5900000000001000009F2C4B7A1E3D4C5B8A6F0E1D2C3B4A590000003A7F210000',
    ])
    assert.deepEqual(
      life.map((r) => `${r.dataset}:${r.action}:${r.client_app}`),
      ['db_event:ObjectCreated:OWA', 'db_event:MailSubmitted:OWA', 'msgtrk:SUBMIT:OWA', 'db_event:ObjectDeleted:OWA'],
    )
  } finally {
    await store.close()
  }
})
