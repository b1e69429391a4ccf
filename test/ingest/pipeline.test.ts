// The ingest pipeline end to end over a real DuckDB case: encodings, archives, re-ingest, hostile input.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'
import { csvTestFormat } from './csv-test-format.js'
import { writeZip } from './write-zip.js'

const BODY = '#test\n2026-03-11T22:32:15Z,jdoe,10.0.0.1\n2026-03-11T22:33:15Z,ACME,10.0.0.2\n'

async function ingest(t: import('node:test').TestContext, paths: string[], caseDir = path.join(tempDir(t), 'case')) {
  const store = await openDuckDbStore(caseDir)
  try {
    const result = await ingestPaths(store, paths, { formats: [csvTestFormat] })
    const events = await store.query('SELECT file_id, line, user_name, src_ip, ts FROM events ORDER BY file_id, line')
    const files = await store.query('SELECT * FROM files ORDER BY file_id')
    const problems = await store.query('SELECT * FROM problems ORDER BY file_id, line')
    return { result, events, files, problems, caseDir }
  } finally {
    await store.close()
  }
}

function utf16(text: string, bigEndian: boolean, bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le')
  const body = bigEndian ? Buffer.from(le).swap16() : le
  if (!bom) return body
  return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body])
}

test('every encoding gives the same records', async (t) => {
  const dir = tempDir(t)
  const variants: Record<string, Buffer> = {
    'utf8.test': Buffer.from(BODY),
    'utf8-bom.test': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BODY)]),
    'utf16le-bom.test': utf16(BODY, false, true),
    'utf16le.test': utf16(BODY, false, false),
    'utf16be-bom.test': utf16(BODY, true, true),
    'utf16be.test': utf16(BODY, true, false),
    'crlf.test': Buffer.from(BODY.replaceAll('\n', '\r\n')),
  }
  for (const [name, bytes] of Object.entries(variants)) fs.writeFileSync(path.join(dir, name), bytes)
  const { result, events } = await ingest(t, [dir])
  const byName = Object.fromEntries(result.files.map((f) => [path.basename(f.path), f]))
  assert.equal(byName['utf8.test']?.encoding, 'utf-8')
  assert.equal(byName['utf8-bom.test']?.encoding, 'utf-8-bom')
  assert.equal(byName['utf16le-bom.test']?.encoding, 'utf-16le-bom')
  assert.equal(byName['utf16le.test']?.encoding, 'utf-16le')
  assert.equal(byName['utf16be-bom.test']?.encoding, 'utf-16be-bom')
  assert.equal(byName['utf16be.test']?.encoding, 'utf-16be')
  for (const f of result.files) {
    assert.equal(f.records, 2, f.path)
    assert.equal(f.problem_count, 0, `${f.path}: ${JSON.stringify(f.problems)}`)
  }
  assert.equal(events.length, 14)
  for (const e of events) assert.ok(e.user_name === 'jdoe' || e.user_name === 'ACME', `user ${String(e.user_name)}`)
  assert.deepEqual([...new Set(events.map((e) => e.line))].sort(), [2, 3])
})

test('gzip files and zip members are read, with their evidence path', async (t) => {
  const dir = tempDir(t)
  fs.writeFileSync(path.join(dir, 'a.test.gz'), zlib.gzipSync(BODY))
  await writeZip(path.join(dir, 'b.zip'), [
    { name: 'cas01/one.test', data: Buffer.from(BODY) },
    { name: 'cas02/two.test.gz', data: zlib.gzipSync(BODY.replace('jdoe', 'mary')) },
    { name: 'inner.zip', data: Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18)) },
  ])
  const { result, files } = await ingest(t, [dir])
  const paths = result.files.map((f) => path.relative(dir, f.path))
  assert.deepEqual(paths, ['a.test.gz', 'b.zip!cas01/one.test', 'b.zip!cas02/two.test.gz', 'b.zip!inner.zip'])
  assert.deepEqual(result.files.map((f) => f.records), [2, 2, 2, 0])
  assert.equal(result.files[3]?.status, 'unreadable')
  assert.match(result.files[3]?.problems[0]?.reason ?? '', /zip inside a zip/)
  assert.equal(result.files[1]?.host_hint, 'cas01')
  assert.equal(files.length, 2, 'a.test.gz and one.test have the same content: stored once')
})

test('re-ingesting the same content is a no-op', async (t) => {
  const dir = tempDir(t)
  fs.writeFileSync(path.join(dir, 'x.test'), BODY)
  const caseDir = path.join(tempDir(t), 'case')
  const first = await ingest(t, [dir], caseDir)
  assert.equal(first.result.files[0]?.status, 'ingested')
  const copy = path.join(tempDir(t), 'copy.test')
  fs.copyFileSync(path.join(dir, 'x.test'), copy)
  const second = await ingest(t, [dir, copy], caseDir)
  assert.deepEqual(second.result.files.map((f) => f.status), ['already_in_case', 'already_in_case'])
  assert.equal(second.result.files[1]?.same_as, path.join(dir, 'x.test'))
  assert.equal(second.events.length, 2)
  assert.equal(second.files.length, 1)
})

test('the sha256 of the evidence is recorded and the evidence is unchanged', async (t) => {
  const dir = tempDir(t)
  const file = path.join(dir, 'x.test')
  fs.writeFileSync(file, BODY)
  fs.chmodSync(file, 0o444)
  const before = fs.statSync(file)
  const { files } = await ingest(t, [file])
  const { createHash } = await import('node:crypto')
  assert.equal(files[0]?.sha256, createHash('sha256').update(BODY).digest('hex'))
  assert.equal(files[0]?.size, Buffer.byteLength(BODY))
  const after = fs.statSync(file)
  assert.equal(after.mtimeMs, before.mtimeMs)
  assert.equal(fs.readFileSync(file, 'utf8'), BODY)
})

test('hostile input: every bad line is counted with its line number, nothing crashes', async (t) => {
  const dir = tempDir(t)
  const huge = 'x'.repeat(3 * 1024 * 1024)
  const lines = [
    '#test', // 1
    '2026-03-11T22:32:15Z,jdoe,10.0.0.1', // 2
    'garbage\u0000\u0001\u0002binary', // 3: NUL bytes
    huge, // 4: multi-megabyte line
    '2026-03-11T22:34:15Z,<script>alert(1)</script>,10.0.0.3', // 5: kept verbatim
    'only,two', // 6: bad line
    '2026-03-11T22:35:15Z,last,10.0.0', // 7 (no terminator, but parses)
  ]
  fs.writeFileSync(path.join(dir, 'hostile.test'), lines.join('\n'))
  fs.writeFileSync(path.join(dir, 'cut.test'), '#test\n2026-03-11T22:32:15Z,jdoe,10.0.0.1\n2026-03-11T22:3')
  fs.writeFileSync(path.join(dir, 'empty.test'), '')
  fs.writeFileSync(path.join(dir, 'binary.bin'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)))
  fs.writeFileSync(path.join(dir, 'prose.txt'), 'Dear investigator,\nthis is not a log.\n')
  const { result, events, problems, files } = await ingest(t, [dir])
  const byName = Object.fromEntries(result.files.map((f) => [path.basename(f.path), f]))

  const hostile = byName['hostile.test']!
  assert.equal(hostile.records, 3)
  assert.deepEqual(hostile.problem_counts, { binary: 1, huge_line: 1, bad_line: 1 })
  assert.deepEqual(hostile.problems.map((p) => [p.line, p.code]), [[3, 'binary'], [4, 'huge_line'], [6, 'bad_line']])
  assert.ok(events.some((e) => e.user_name === '<script>alert(1)</script>'))
  assert.deepEqual(events.filter((e) => e.file_id === files.find((f) => String(f.path).endsWith('hostile.test'))?.file_id).map((e) => e.line), [2, 5, 7])

  assert.deepEqual(byName['cut.test']!.problem_counts, { truncated: 1 })
  assert.equal(byName['cut.test']!.problems[0]?.line, 3)
  assert.equal(byName['cut.test']!.records, 1)
  assert.equal(byName['empty.test']!.problems[0]?.code, 'empty')
  assert.equal(byName['binary.bin']!.problems[0]?.code, 'unknown_format')
  assert.match(byName['binary.bin']!.problems[0]?.reason ?? '', /binary/)
  assert.match(byName['prose.txt']!.problems[0]?.reason ?? '', /no known log format.*--format/)
  // Problems are stored too, queryable beside the events.
  assert.ok(problems.some((p) => p.code === 'huge_line' && p.line === 4))
  // Unknown files are in the files table with no format, so nothing read is unaccounted for.
  assert.equal(files.length, 5)
})

test('a damaged gzip keeps the records before the damage and says where reading stopped', async (t) => {
  const dir = tempDir(t)
  const many = '#test\n' + Array.from({ length: 20000 }, (_, i) => `2026-03-11T22:32:15Z,user${i},10.0.0.1`).join('\n') + '\n'
  const gz = zlib.gzipSync(many)
  fs.writeFileSync(path.join(dir, 'damaged.test.gz'), gz.subarray(0, Math.floor(gz.length / 2)))
  const { result } = await ingest(t, [dir])
  const f = result.files[0]!
  assert.ok(f.records > 0 && f.records < 20000, `records ${f.records}`)
  assert.equal(f.problem_counts.read_error, 1)
  assert.match(f.problems.find((p) => p.code === 'read_error')?.reason ?? '', /reading stopped after \d+ bytes/)
})

test('legacy code pages are decoded; invalid UTF-8 after a valid head is reported', async (t) => {
  const dir = tempDir(t)
  fs.writeFileSync(path.join(dir, 'latin1.test'), Buffer.concat([Buffer.from('#test\n2026-03-11T22:32:15Z,'), Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]), Buffer.from(',10.0.0.1\n')]))
  const padding = '2026-03-11T22:32:15Z,filler,10.0.0.1\n'.repeat(3000)
  fs.writeFileSync(path.join(dir, 'late.test'), Buffer.concat([Buffer.from(`#test\n${padding}`), Buffer.from('2026-03-11T22:32:15Z,bad\xff,10.0.0.1\n', 'latin1')]))
  const { result, events } = await ingest(t, [dir])
  const byName = Object.fromEntries(result.files.map((f) => [path.basename(f.path), f]))
  assert.equal(byName['latin1.test']?.encoding, 'windows-1252')
  assert.equal(byName['latin1.test']?.problem_count, 0)
  assert.ok(events.some((e) => e.user_name === 'Müller'))
  assert.equal(byName['late.test']?.encoding, 'utf-8')
  assert.deepEqual(byName['late.test']?.problem_counts, { encoding: 1 })
  assert.equal(byName['late.test']?.records, 3001)
})
