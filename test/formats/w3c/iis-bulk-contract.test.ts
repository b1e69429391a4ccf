// The bulk path (DuckDB SQL in iis-bulk-sql.ts) and the TypeScript parser (iis-http.ts) must store
// the same event for the same line: both are run over the same logs and compared column by column.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { FormatModule } from '../../../src/formats/format.js'
import { iisHttpFormat } from '../../../src/formats/w3c/iis-http.js'
import { ingestPaths } from '../../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../../src/store/duckdb.js'
import type { Row } from '../../../src/store/store.js'
import { realdata } from '../../helpers/realdata.js'
import { tempDir } from '../../helpers/temp-dir.js'

const parserOnly: FormatModule = { ...iisHttpFormat, bulk: undefined }

async function stored(t: import('node:test').TestContext, format: FormatModule, input: string): Promise<Row[]> {
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  try {
    await ingestPaths(store, [input], { formats: [format] })
    // Original fields: JSON for parser rows, raw split by the layout for bulk rows.
    return await store.query(`
      SELECT f.path, e.* EXCLUDE (file_id, layout_id, fields),
        coalesce(CAST(e.fields AS MAP(VARCHAR, VARCHAR)), MAP {}) AS json_fields,
        CASE WHEN l.names IS NULL THEN NULL ELSE map(l.names, string_split(e.raw, ' ')) END AS layout_fields
      FROM events e JOIN files f USING (file_id)
      LEFT JOIN layouts l ON l.file_id = e.file_id AND l.layout_id = e.layout_id
      ORDER BY f.path, e.line`)
  } finally {
    await store.close()
  }
}

// A DuckDB MAP comes back as a list of {key, value}.
function entries(map: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { key, value } of (map ?? []) as Array<{ key: string; value: string }>) out[key] = value
  return out
}

async function compare(t: import('node:test').TestContext, input: string): Promise<void> {
  const bulk = await stored(t, iisHttpFormat, input)
  const parsed = await stored(t, parserOnly, input)
  assert.equal(bulk.length, parsed.length, 'same number of records')
  assert.ok(bulk.some((r) => r.layout_fields !== null), 'the bulk path was taken for some lines')
  for (let i = 0; i < bulk.length; i++) {
    const b = bulk[i]!
    const p = parsed[i]!
    const where = `${String(p.path)}:${String(p.line)}`
    for (const column of Object.keys(p)) {
      if (column === 'json_fields' || column === 'layout_fields') continue
      assert.deepEqual(b[column], p[column], `${where} ${column}`)
    }
    const parserFields = entries(p.json_fields)
    const bulkFields = { ...entries(b.layout_fields), ...entries(b.json_fields) }
    assert.deepEqual(bulkFields, parserFields, `${where} fields`)
  }
}

test('bulk and parser agree on the quirks fixture', async (t) => {
  await compare(t, path.join(process.cwd(), 'test', 'formats', 'w3c', 'fixtures', 'cas-quirks.log'))
})

test('bulk and parser agree on the bundled example case', async (t) => {
  await compare(t, path.join(process.cwd(), 'examples', 'ghost-mail'))
})

test("bulk and parser agree on the peers' IIS logs", async (t) => {
  const plaso = realdata(t, 'plaso', 'iis')
  if (plaso === undefined) return
  await compare(t, plaso)
})
