// EVTX files through `exhunt ingest`: recognised by signature (also zipped), every record stored
// with its offset as evidence pointer, normalised like every Windows event, sha256 of the file.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { FORMATS } from '../../src/formats/registry.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { realdata } from '../helpers/realdata.js'
import { tempDir } from '../helpers/temp-dir.js'
import { writeZip } from './write-zip.js'

test('a Security EVTX is ingested whole, plain and zipped, with logons normalised', async (t) => {
  const file = realdata(t, 'chainsaw', 'evtx', 'security_sample.evtx')
  if (file === undefined) return
  const dir = tempDir(t)
  const zip = path.join(dir, 'collected.zip')
  await writeZip(zip, [{ name: 'Logs/Security.evtx', data: fs.readFileSync(file) }])
  const store = await openDuckDbStore(path.join(dir, 'case'))
  try {
    const { files } = await ingestPaths(store, [file], { formats: FORMATS })
    const [result] = files
    assert.deepEqual([result!.status, result!.format, result!.encoding], ['ingested', 'evtx', 'binary'])
    assert.equal(result!.sha256, createHash('sha256').update(fs.readFileSync(file)).digest('hex'))
    assert.ok(result!.records > 0)
    const rows = await store.query(`SELECT dataset, count(*) AS n, count(DISTINCT line) AS offsets, min(ts) IS NOT NULL AS timed FROM events GROUP BY dataset`)
    assert.deepEqual(rows, [{ dataset: 'winevt', n: result!.records, offsets: result!.records, timed: true }], 'one offset per record')
    const again = await ingestPaths(store, [zip], { formats: FORMATS })
    assert.equal(again.files[0]!.status, 'already_in_case', 'the zipped copy is the same evidence')
  } finally {
    await store.close()
  }
})

test('EVTX records holding a lone UTF-16 surrogate are stored, not the whole file lost', async (t) => {
  const damaged = realdata(t, 'python-evtx', 'evtx', 'issue_43.evtx')
  const cut = realdata(t, 'plaso', 'evtx', 'System2.evtx')
  if (damaged === undefined || cut === undefined) return
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  try {
    const { files } = await ingestPaths(store, [damaged, cut], { formats: FORMATS })
    for (const f of files) assert.equal(f.status, 'ingested', `${f.path}: ${JSON.stringify(f.problems.slice(0, 2))}`)
    const replaced = await store.query(`SELECT count(*) AS n FROM events WHERE CAST(fields AS VARCHAR) LIKE '%\uFFFD%'`)
    assert.ok(Number(replaced[0]!.n) > 0, 'the broken string is kept, with U+FFFD where the lone surrogate was')
  } finally {
    await store.close()
  }
})
