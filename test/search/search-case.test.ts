// search over a case: records stored the way the PowerShell reader stores Format-List objects (their
// lines joined with '\n', wrapped values included) are matched exactly as grep matches the file; the
// SQL prefilter never holds back a record the matcher accepts; results come in bounded pages.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { Dataset } from '../../src/model/event.js'
import { grepFiles } from '../../src/search/grep-files.js'
import { PAGE_ROWS, searchCase, type CaseMatch } from '../../src/search/search-case.js'
import { compilePattern, type PatternOptions } from '../../src/search/search-pattern.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'
import { FIXTURES, LITERAL, WIDTHS } from './search-defaults.js'
import { GHOST_ITEM_ENTRY_ID } from './eventhistory-records.js'

interface StoredRecord {
  line: number
  raw: string
  dataset?: Dataset
}

async function caseWith(t: TestContext, files: Record<string, readonly StoredRecord[]>): Promise<string> {
  const caseDir = path.join(tempDir(t), 'case')
  const store = await openDuckDbStore(caseDir)
  try {
    let n = 0
    for (const [filePath, records] of Object.entries(files)) {
      const writer = await store.beginFile()
      writer.setFormat('test')
      for (const r of records) writer.addEvent({ dataset: r.dataset ?? 'db_event', line: r.line, raw: r.raw, fields: {} }, 'test')
      await writer.commit({ path: filePath, size: 0, sha256: String(++n).padStart(64, '0'), format: 'test', encoding: 'utf-8', records: records.length, problems: 0, problemCounts: {}, durationMs: 0 })
    }
  } finally {
    await store.close()
  }
  return caseDir
}

/** The blank-line-separated blocks of a Format-List file, as records with their first line. */
function formatListRecords(text: string): StoredRecord[] {
  const records: StoredRecord[] = []
  let lines: string[] = []
  text.split('\r\n').forEach((line, i) => {
    if (line.trim() !== '') {
      if (lines.length === 0) records.push({ line: i + 1, raw: '' })
      lines.push(line)
    } else if (lines.length > 0) {
      records.at(-1)!.raw = lines.join('\n')
      lines = []
    }
  })
  return records
}

async function search(caseDir: string, source: string, options: Partial<PatternOptions> = {}): Promise<CaseMatch[]> {
  const store = await openDuckDbStore(caseDir, { readOnly: true })
  try {
    const found: CaseMatch[] = []
    const notices: string[] = []
    for await (const m of searchCase(store, compilePattern(source, { ...LITERAL, ...options }), { consoleWidths: WIDTHS, onNotice: (p, l, message) => notices.push(`${p}:${l}: ${message}`) })) found.push(m)
    assert.deepEqual(notices, [])
    return found
  } finally {
    await store.close()
  }
}

async function grepLines(file: string, source: string, options: Partial<PatternOptions> = {}): Promise<number[]> {
  const lines: number[] = []
  await grepFiles([file], compilePattern(source, { ...LITERAL, ...options }), { match: (_p, m) => lines.push(m.firstLine), problem: (p, message) => assert.fail(`${p}: ${message}`), drain: () => undefined }, { consoleWidths: WIDTHS })
  return lines
}

test('stored Format-List records: the wrapped id is found, and search agrees with grep on the file', async (t) => {
  const file = path.join(FIXTURES, 'eventhistory-fl-80.txt')
  const caseDir = await caseWith(t, { [file]: formatListRecords(fs.readFileSync(file, 'utf8')) })

  const found = await search(caseDir, GHOST_ITEM_ENTRY_ID)
  assert.deepEqual(found.map((m) => [m.path, m.line, m.dataset, m.match]), [3, 25, 47].map((line) => [file, line, 'db_event', GHOST_ITEM_ENTRY_ID]))
  assert.ok(found[0]!.record.includes(`\nItemEntryId      : ${GHOST_ITEM_ENTRY_ID}\n`))

  const bare = GHOST_ITEM_ENTRY_ID.replaceAll('-', '')
  // The id as copied from the wrapped output itself, line break and indentation included.
  const pasted = fs.readFileSync(file, 'utf8').split('\r\n').slice(10, 12).join('\r\n').slice('ItemEntryId      : '.length)
  assert.ok(pasted.includes('\r\n   '))
  const cases: Array<[string, Partial<PatternOptions>]> = [
    [GHOST_ITEM_ENTRY_ID, {}],
    [pasted, {}],
    [bare, {}],
    [bare, { ignoreSeparators: true }],
    [GHOST_ITEM_ENTRY_ID.toLowerCase(), {}],
    [GHOST_ITEM_ENTRY_ID.toLowerCase(), { ignoreCase: true }],
    ['000000005a3b6c4e', { ignoreSeparators: true, ignoreCase: true }],
    ['ItemEntryId +: 00-00-00-00-5A-3B(-[0-9A-F]{2}){64}$', { regex: true }],
    ['5A-3B-6C-4E', { regex: true, ignoreSeparators: true }],
    ['EventName +: Object(Created|Deleted)', { regex: true }],
    ['35-33-C2ParentEntryId', {}],
    ['C2ParentEntryId', { ignoreSeparators: true }],
    ['MAPI_FOLDER', {}],
  ]
  for (const [source, options] of cases) {
    const searched = (await search(caseDir, source, options)).map((m) => m.line)
    assert.deepEqual(searched, await grepLines(file, source, options), `${source} ${JSON.stringify(options)}`)
  }
  assert.equal((await search(caseDir, bare)).length, 0)
  assert.equal((await search(caseDir, pasted)).length, 3)
  assert.equal((await search(caseDir, 'C2ParentEntryId', { ignoreSeparators: true })).length, 0, 'no match across two properties')
})

test('the SQL prefilter lets through what only the joined text or JavaScript case folding matches', async (t) => {
  const caseDir = await caseWith(t, {
    'mbx.txt': [
      // A word wrap that leaves the space at the start of the continuation.
      { line: 1, raw: 'Subject : the quick\n           brown fox\nSender  : a@acme.example' },
      // JavaScript's /i folds the final sigma with Σ; DuckDB's ILIKE does not.
      { line: 5, raw: 'Subject : Odysseus οδυσσευς' },
      { line: 9, raw: 'Subject : 100% of_the_mail' },
    ],
  })
  assert.deepEqual((await search(caseDir, 'quick brown')).map((m) => [m.line, m.record]), [[1, 'Subject : the quick brown fox\nSender  : a@acme.example']])
  assert.deepEqual((await search(caseDir, 'odysseus ΟΔΥΣΣΕΥΣ', { ignoreCase: true })).map((m) => m.line), [5])
  assert.deepEqual((await search(caseDir, 'ΟΔΥΣΣΕΥΣ', { ignoreCase: true })).map((m) => m.line), [5])
  assert.deepEqual((await search(caseDir, '100% of_the')).map((m) => m.line), [9], 'LIKE wildcards in the term are taken literally')
  assert.deepEqual(await search(caseDir, '100%%'), [])
  assert.deepEqual((await search(caseDir, 'Subject : 100%')).map((m) => m.line), [9], 'a one-line record is compared as it is')
  assert.deepEqual((await search(caseDir, 'Subject 100%', { ignoreSeparators: true })).map((m) => m.line), [9])
  assert.deepEqual((await search(caseDir, '100% of_\r\n         the_mail')).map((m) => m.line), [9], 'a pasted line break is joined before SQL sees the term')
})

test('many matches come page by page, in order, each once, also where they crowd together', async (t) => {
  const crowded = PAGE_ROWS + 500
  const records: StoredRecord[] = []
  for (let line = 1; line <= crowded; line++) records.push({ line, raw: `2026-03-11 GET /owa/ NEEDLE ${line}`, dataset: 'iis' })
  for (let line = crowded + 1; line <= 20000; line++) records.push({ line, raw: `2026-03-11 GET /owa/ other ${line}`, dataset: 'iis' })
  records.push({ line: 20001, raw: '2026-03-11 GET /owa/ NEEDLE last', dataset: 'iis' })
  const caseDir = await caseWith(t, { 'a.log': records, 'b.log': [{ line: 7, raw: 'NEEDLE in b', dataset: 'iis' }] })

  for (const options of [{}, { regex: true }]) {
    const found = await search(caseDir, 'NEEDLE', options)
    const expected = [...Array.from({ length: crowded }, (_, i) => `a.log:${i + 1}`), 'a.log:20001', 'b.log:7']
    assert.deepEqual(found.map((m) => `${m.path}:${m.line}`), expected)
  }
})
