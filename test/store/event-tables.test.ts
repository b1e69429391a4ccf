// `events` is a view over parsed_events and bulk_events (src/store/event-tables.ts): bulk-loaded IIS
// lines go to the narrow table, everything else to the wide one, every reader sees one relation, and
// a case written when `events` was a table is upgraded in place when it is next opened for writing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { FORMATS } from '../../src/formats/registry.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { CASE_FILE, openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/ghost-mail')
const CAS_LOG = path.join(EXAMPLE, 'cas01')
const TRACKING = path.join(EXAMPLE, 'exmbx01', 'MessageTracking')

async function counts(caseDir: string): Promise<Record<string, number>> {
  const store = await openDuckDbStore(caseDir, { readOnly: true })
  try {
    const rows = await store.query(`SELECT
      (SELECT count(*) FROM events) AS events,
      (SELECT count(*) FROM parsed_events) AS parsed,
      (SELECT count(*) FROM bulk_events) AS bulk,
      (SELECT count(*) FROM events WHERE layout_id IS NOT NULL) AS with_layout`)
    return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]))
  } finally {
    await store.close()
  }
}

test('bulk IIS lines go to bulk_events, parsed records to parsed_events, and events shows both', async (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const store = await openDuckDbStore(caseDir)
  await ingestPaths(store, [CAS_LOG, TRACKING], { formats: FORMATS })
  await store.close()
  const n = await counts(caseDir)
  assert.ok(n.bulk! > 0, 'IIS lines loaded in bulk')
  assert.ok(n.parsed! > 0, 'message tracking parsed in TypeScript')
  assert.equal(n.events, n.bulk! + n.parsed!)
  assert.equal(n.with_layout, n.bulk)

  const reader = await openDuckDbStore(caseDir, { readOnly: true })
  try {
    // Columns bulk rows never fill read as NULL through the view, typed as in the wide table.
    const [row] = await reader.query(`SELECT count(*) FILTER (WHERE fields IS NOT NULL OR message_id IS NOT NULL) AS filled,
      any_value(typeof(fields)) AS fields_type FROM events WHERE layout_id IS NOT NULL`)
    assert.equal(Number(row!.filled), 0)
    assert.equal(row!.fields_type, 'JSON')
    const [tracking] = await reader.query(`SELECT count(*) AS n FROM events WHERE dataset = 'msgtrk' AND message_id IS NOT NULL`)
    assert.ok(Number(tracking!.n) > 0)
  } finally {
    await reader.close()
  }

  // Forgetting a file removes its rows from whichever table holds them.
  const writer = await openDuckDbStore(caseDir)
  const files = await writer.query(`SELECT file_id FROM files`)
  for (const f of files) await writer.forgetFile(Number(f.file_id))
  await writer.close()
  assert.deepEqual(await counts(caseDir), { events: 0, parsed: 0, bulk: 0, with_layout: 0 })
})

test('a case whose events are a table (written before the view) is upgraded when opened for writing', async (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const store = await openDuckDbStore(caseDir)
  await ingestPaths(store, [CAS_LOG], { formats: FORMATS })
  await store.close()
  const before = await counts(caseDir)

  // Back to the earlier layout: one `events` table holding every row, bulk rows included.
  const instance = await DuckDBInstance.create(path.join(caseDir, CASE_FILE))
  const connection = await instance.connect()
  await connection.run('CREATE TABLE old_events AS SELECT * FROM events')
  await connection.run('DROP VIEW events')
  await connection.run('DROP TABLE parsed_events')
  await connection.run('DROP TABLE bulk_events')
  await connection.run('ALTER TABLE old_events RENAME TO events')
  connection.closeSync()
  instance.closeSync()

  // Read-only, the old case is read as it is.
  const old = await openDuckDbStore(caseDir, { readOnly: true })
  assert.equal(Number((await old.query('SELECT count(*) AS n FROM events'))[0]!.n), before.events)
  await old.close()

  const writer = await openDuckDbStore(caseDir)
  await ingestPaths(writer, [TRACKING], { formats: FORMATS })
  await writer.close()
  const after = await counts(caseDir)
  assert.equal(after.bulk, 0, 'the old rows stay where they were')
  assert.equal(after.with_layout, before.events)
  assert.ok(after.parsed! > before.events, 'the old rows and the new ones')
  assert.equal(after.events, after.parsed)
})
