// An ingest killed in the middle leaves the case consistent: the file is either wholly in or not in.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'
import { csvTestFormat } from './csv-test-format.js'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ingest-child.js')

test('a killed ingest leaves no partial file in the case, and a new ingest completes it', async (t) => {
  const dir = tempDir(t)
  const log = path.join(dir, 'big.test')
  // ~40 MB (five 8 MB reads) in segments of 256 KB: loads are done before the kill lands, mid-file.
  const line = '2026-03-11T22:32:15Z,user-with-a-rather-long-name-to-fill-the-file,10.0.0.1\n'
  const fd = fs.openSync(log, 'w')
  fs.writeSync(fd, '#test\n')
  const block = line.repeat(20_000)
  const lines = 500_000
  for (let i = 0; i < lines / 20_000; i++) fs.writeSync(fd, block)
  fs.closeSync(fd)
  const caseDir = path.join(dir, 'case')

  const child = spawn(process.execPath, [CHILD, log, caseDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const killedAt = await new Promise<number>((resolve, reject) => {
    let buffer = ''
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const matches = [...buffer.matchAll(/records (\d+)/g)]
      const parsed = Number(matches.at(-1)?.[1] ?? 0)
      if (parsed > lines * 0.6) {
        child.kill('SIGKILL')
        resolve(parsed)
      }
      if (buffer.includes('done')) reject(new Error('the child finished before it could be killed'))
      buffer = buffer.slice(-64)
    })
    child.on('error', reject)
  })
  await new Promise((resolve) => child.on('exit', resolve))
  assert.ok(killedAt < lines)

  const store = await openDuckDbStore(caseDir, { segmentChars: 256 * 1024 })
  try {
    const files = await store.query('SELECT count(*) AS n FROM files')
    const events = await store.query('SELECT count(*) AS n FROM events')
    assert.equal(files[0]?.n, 0, 'the interrupted file is not in the case')
    assert.equal(events[0]?.n, 0, 'none of its rows are left behind')
    const leftovers = fs.readdirSync(path.join(caseDir, 'tmp')).filter((f) => f.endsWith('.tsv'))
    assert.deepEqual(leftovers, [], 'nor its staged segments')
    const result = await ingestPaths(store, [log], { formats: [csvTestFormat] })
    assert.equal(result.files[0]?.records, lines)
    const after = await store.query('SELECT count(*) AS n, count(DISTINCT line) AS lines FROM events')
    assert.deepEqual(after[0], { n: lines, lines })
  } finally {
    await store.close()
  }
})

test('rows loaded for a file that never committed are removed when the case is opened', async (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const store = await openDuckDbStore(caseDir)
  const writer = await store.beginFile()
  for (let line = 1; line <= 1000; line++) {
    writer.addEvent({ dataset: 'iis', line, raw: `line ${line}`, fields: {} }, 'iis')
  }
  await writer.bulkDateProblems() // waits until every staged row is in DuckDB
  const loaded = await store.query('SELECT count(*) AS n FROM events')
  assert.equal(loaded[0]?.n, 1000, 'the rows were loaded before the "crash"')
  await store.close() // the process dies here: no commit

  const readOnly = await openDuckDbStore(caseDir, { readOnly: true })
  try {
    assert.deepEqual(await readOnly.query('SELECT count(*) AS n FROM events'), [{ n: 0 }])
  } finally {
    await readOnly.close()
  }
})
