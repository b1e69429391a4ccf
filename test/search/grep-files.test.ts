// grep over files as collected: every encoding and container the fixtures come in, damaged and
// missing files reported one by one while the rest is still searched, over-long lines capped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { grepFiles, MAX_LINE_CHARS, type GrepSummary } from '../../src/search/grep-files.js'
import { compilePattern } from '../../src/search/search-pattern.js'
import type { RecordMatch } from '../../src/search/wrap-proof-match.js'
import { writeZip } from '../ingest/write-zip.js'
import { tempDir } from '../helpers/temp-dir.js'
import { FIXTURES, LITERAL, WIDTHS } from './search-defaults.js'
import { GHOST_ITEM_ENTRY_ID } from './eventhistory-records.js'

interface Grep extends GrepSummary {
  found: Array<{ path: string } & RecordMatch>
  problems_seen: string[]
}

async function grep(paths: string[], source: string): Promise<Grep> {
  const found: Grep['found'] = []
  const problems: string[] = []
  const summary = await grepFiles(
    paths,
    compilePattern(source, LITERAL),
    { match: (p, m) => found.push({ path: p, ...m }), problem: (p, message) => problems.push(`${p}: ${message}`), drain: () => undefined },
    { consoleWidths: WIDTHS },
  )
  return { ...summary, found, problems_seen: problems }
}

test('the wrapped id is found in UTF-8, UTF-16LE with BOM, .gz and console-wrapped copies alike', async () => {
  const result = await grep([FIXTURES], GHOST_ITEM_ENTRY_ID)
  assert.deepEqual(result.problems_seen, [])
  assert.equal(result.files, 5)
  const byFile = new Map<string, number[]>()
  for (const m of result.found) byFile.set(path.basename(m.path), [...(byFile.get(path.basename(m.path)) ?? []), m.firstLine])
  assert.deepEqual(Object.fromEntries(byFile), {
    'eventhistory-console-wrap-80.txt': [3, 23, 43],
    'eventhistory-fl-120.txt': [3, 23, 43],
    'eventhistory-fl-80-utf16le-bom.txt': [3, 25, 47],
    'eventhistory-fl-80.txt': [3, 25, 47],
    'eventhistory-fl-80.txt.gz': [3, 25, 47],
  })
  assert.equal(result.matches, 15)
})

test('zip members are searched and named archive!member', async (t) => {
  const dir = tempDir(t)
  const zip = path.join(dir, 'collected.zip')
  await writeZip(zip, [
    { name: 'mbx01/eventhistory.txt', data: fs.readFileSync(path.join(FIXTURES, 'eventhistory-fl-80-utf16le-bom.txt')) },
    { name: 'mbx01/eventhistory.txt.gz', data: fs.readFileSync(path.join(FIXTURES, 'eventhistory-fl-80.txt.gz')) },
  ])
  const result = await grep([zip], GHOST_ITEM_ENTRY_ID)
  assert.deepEqual(result.problems_seen, [])
  assert.deepEqual([...new Set(result.found.map((m) => m.path))], [`${zip}!mbx01/eventhistory.txt`, `${zip}!mbx01/eventhistory.txt.gz`])
  assert.equal(result.matches, 6)
})

test('a missing path and a damaged .gz are reported one by one; the other files are still searched', async (t) => {
  const dir = tempDir(t)
  fs.writeFileSync(path.join(dir, 'a-damaged.txt.gz'), Buffer.from('this is not gzip at all'))
  fs.copyFileSync(path.join(FIXTURES, 'eventhistory-fl-120.txt'), path.join(dir, 'b-good.txt'))
  const missing = path.join(dir, 'no-such-file.txt')
  const result = await grep([missing, dir], GHOST_ITEM_ENTRY_ID)
  assert.equal(result.problems, 2)
  assert.match(result.problems_seen[0]!, /no-such-file\.txt: cannot read: ENOENT/)
  assert.match(result.problems_seen[1]!, /a-damaged\.txt\.gz: cannot read: .*header/)
  assert.equal(result.matches, 3)
})

test('a line over the cap is reported and skipped; the lines around it are still searched', async (t) => {
  const file = path.join(tempDir(t), 'huge-line.log')
  fs.writeFileSync(file, `first NEEDLE\n${'x'.repeat(MAX_LINE_CHARS + 10)}NEEDLE\nlast NEEDLE\n`)
  const result = await grep([file], 'NEEDLE')
  assert.deepEqual(result.found.map((m) => m.firstLine), [1, 3])
  assert.equal(result.problems_seen.length, 1)
  assert.match(result.problems_seen[0]!, /line 2: longer than 1048576 characters, not searched/)
})
