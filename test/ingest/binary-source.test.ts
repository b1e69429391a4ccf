// The pipeline's way in for binary formats, with a test-only format (signature FAKEBIN, then 8-byte
// records): records and problems, sha256 of every byte even when the reader stops early, .gz.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Readable } from 'node:stream'
import type { FormatModule, ParseContext } from '../../src/formats/format.js'
import { FORMATS } from '../../src/formats/registry.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'

const SIGNATURE = Buffer.from('FAKEBIN\0')

/** Reads records until one starts with 0xFF, then stops (as a reader giving up on a damaged tail). */
async function readFake(stream: Readable, ctx: ParseContext): Promise<void> {
  let pending = Buffer.alloc(0)
  let index = 0
  for await (const chunk of stream) {
    pending = Buffer.concat([pending, chunk as Buffer])
    if (index === 0) pending = pending.subarray(SIGNATURE.length)
    while (pending.length >= 8) {
      index++
      const record = pending.subarray(0, 8)
      pending = pending.subarray(8)
      if (record[0] === 0xff) {
        ctx.problem({ line: index, code: 'bad_line', message: 'damaged record; the rest is skipped' })
        return
      }
      ctx.emit({ dataset: 'winevt', line: index, action: record.toString('latin1').trim(), fields: {}, raw: record.toString('hex') })
    }
  }
}

const fakeFormat: FormatModule = {
  id: 'evtx',
  description: 'test-only binary format',
  fileNamePatterns: ['*.fake'],
  samples: [],
  sniff: () => 0,
  open: () => {
    throw new Error('a binary format is never read as text')
  },
  binary: { matches: (head) => head.subarray(0, SIGNATURE.length).equals(SIGNATURE), read: readFake },
}

function file(dir: string, name: string, records: string[], tail = Buffer.alloc(0)): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, Buffer.concat([SIGNATURE, ...records.map((r) => Buffer.from(r.padEnd(8), 'latin1')), tail]))
  return p
}

test('a binary file is recognised by its signature among text formats, read, hashed and stored', async (t) => {
  const dir = tempDir(t)
  fs.mkdirSync(path.join(dir, 'evidence'))
  const plain = file(path.join(dir, 'evidence'), 'a.fake', ['logon', 'logoff'])
  const damaged = file(path.join(dir, 'evidence'), 'b.fake', ['logon'], Buffer.concat([Buffer.from([0xff, 1, 2, 3, 4, 5, 6, 7]), Buffer.alloc(300_000, 7)]))
  const gz = path.join(dir, 'evidence', 'c.fake.gz')
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(plain).subarray(0, SIGNATURE.length + 8)))
  const store = await openDuckDbStore(path.join(dir, 'case'))
  try {
    const { files } = await ingestPaths(store, [path.join(dir, 'evidence')], { formats: [...FORMATS, fakeFormat] })
    const byName = new Map(files.map((f) => [path.basename(f.path), f]))
    const a = byName.get('a.fake')!
    assert.deepEqual([a.status, a.format, a.encoding, a.records, a.sha256], ['ingested', 'evtx', 'binary', 2, createHash('sha256').update(fs.readFileSync(plain)).digest('hex')])
    const b = byName.get('b.fake')!
    assert.deepEqual([b.records, b.problem_counts], [1, { bad_line: 1 }])
    assert.equal(b.sha256, createHash('sha256').update(fs.readFileSync(damaged)).digest('hex'), 'the sha256 covers the bytes the reader did not read')
    assert.equal(b.bytes, fs.statSync(damaged).size)
    assert.equal(byName.get('c.fake.gz')!.records, 1, 'a gzip member is recognised by its decompressed signature')
    const rows = await store.query(`SELECT action, line FROM events ORDER BY file_id, line`)
    assert.deepEqual(rows.map((r) => r.action), ['logon', 'logoff', 'logon', 'logon'])
  } finally {
    await store.close()
  }
})

test('a file no format recognises is reported as not a log, kept in the case by its sha256', async (t) => {
  const dir = tempDir(t)
  const prose = path.join(dir, 'notes.txt')
  fs.writeFileSync(prose, 'Dear investigator,\nthis is not a log.\n')
  const store = await openDuckDbStore(path.join(dir, 'case'))
  try {
    const first = await ingestPaths(store, [prose], { formats: FORMATS })
    assert.deepEqual([first.files[0]!.status, first.files[0]!.format, first.files[0]!.problems[0]!.code], ['not_a_log', null, 'unknown_format'])
    const again = await ingestPaths(store, [prose], { formats: FORMATS })
    assert.equal(again.files[0]!.status, 'already_in_case')
  } finally {
    await store.close()
  }
})
