// search over a case: records stored the way the PowerShell reader stores Format-List objects (their
// lines joined with '\n', wrapped values included) are matched exactly as grep matches the file; the
// SQL prefilter never holds back a record the matcher accepts; results come in bounded pages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { grepFiles } from '../../src/search/grep-files.js'
import { PAGE_ROWS, searchCase, type CaseMatch } from '../../src/search/search-case.js'
import { compilePattern, type PatternOptions } from '../../src/search/search-pattern.js'
import type { Store } from '../../src/store/store.js'
import { syntheticCase, type TestEvent } from '../analysis/synthetic-case.js'
import { FIXTURES, LITERAL, WIDTHS } from './search-defaults.js'
import { GHOST_ITEM_ENTRY_ID } from './eventhistory-records.js'

/** The blank-line-separated blocks of a Format-List file, as records with their first line. */
function formatListRecords(text: string): TestEvent[] {
  const records: TestEvent[] = []
  let lines: string[] = []
  text.split('\r\n').forEach((line, i) => {
    if (line.trim() !== '') {
      if (lines.length === 0) records.push({ line: i + 1, raw: '', dataset: 'db_event' })
      lines.push(line)
    } else if (lines.length > 0) {
      records.at(-1)!.raw = lines.join('\n')
      lines = []
    }
  })
  return records
}

async function search(store: Store, source: string, options: Partial<PatternOptions> = {}): Promise<CaseMatch[]> {
  const found: CaseMatch[] = []
  const notices: string[] = []
  for await (const m of searchCase(store, compilePattern(source, { ...LITERAL, ...options }), { consoleWidths: WIDTHS, onNotice: (p, l, message) => notices.push(`${p}:${l}: ${message}`) })) found.push(m)
  assert.deepEqual(notices, [])
  return found
}

async function grepLines(file: string, source: string, options: Partial<PatternOptions> = {}): Promise<number[]> {
  const lines: number[] = []
  await grepFiles([file], compilePattern(source, { ...LITERAL, ...options }), { match: (_p, m) => lines.push(m.firstLine), problem: (p, message) => assert.fail(`${p}: ${message}`), drain: () => undefined }, { consoleWidths: WIDTHS })
  return lines
}

test('stored Format-List records: the wrapped id is found, and search agrees with grep on the file', async (t) => {
  const file = path.join(FIXTURES, 'eventhistory-fl-80.txt')
  const store = await syntheticCase(t, { [file]: formatListRecords(fs.readFileSync(file, 'utf8')) })

  const found = await search(store, GHOST_ITEM_ENTRY_ID)
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
    const searched = (await search(store, source, options)).map((m) => m.line)
    assert.deepEqual(searched, await grepLines(file, source, options), `${source} ${JSON.stringify(options)}`)
  }
  assert.equal((await search(store, bare)).length, 0)
  assert.equal((await search(store, pasted)).length, 3)
  assert.equal((await search(store, 'C2ParentEntryId', { ignoreSeparators: true })).length, 0, 'no match across two properties')
})

test('the SQL prefilter lets through what only the joined text or JavaScript case folding matches', async (t) => {
  const store = await syntheticCase(t, {
    'mbx.txt': [
      // A word wrap that leaves the space at the start of the continuation.
      { line: 1, raw: 'Subject : the quick\n           brown fox\nSender  : a@acme.example', dataset: 'db_event' },
      // JavaScript's /i folds the final sigma with Σ; DuckDB's ILIKE does not.
      { line: 5, raw: 'Subject : Odysseus οδυσσευς', dataset: 'db_event' },
      { line: 9, raw: 'Subject : 100% of_the_mail', dataset: 'db_event' },
    ],
  })
  assert.deepEqual((await search(store, 'quick brown')).map((m) => [m.line, m.record]), [[1, 'Subject : the quick brown fox\nSender  : a@acme.example']])
  assert.deepEqual((await search(store, 'odysseus ΟΔΥΣΣΕΥΣ', { ignoreCase: true })).map((m) => m.line), [5])
  assert.deepEqual((await search(store, 'ΟΔΥΣΣΕΥΣ', { ignoreCase: true })).map((m) => m.line), [5])
  assert.deepEqual((await search(store, '100% of_the')).map((m) => m.line), [9], 'LIKE wildcards in the term are taken literally')
  assert.deepEqual(await search(store, '100%%'), [])
  assert.deepEqual((await search(store, 'Subject : 100%')).map((m) => m.line), [9], 'a one-line record is compared as it is')
  assert.deepEqual((await search(store, 'Subject 100%', { ignoreSeparators: true })).map((m) => m.line), [9])
  assert.deepEqual((await search(store, '100% of_\r\n         the_mail')).map((m) => m.line), [9], 'a pasted line break is joined before SQL sees the term')
})

test('many matches come page by page, in order, each once, also where they crowd together', async (t) => {
  const crowded = PAGE_ROWS + 500
  const records: TestEvent[] = []
  for (let line = 1; line <= crowded; line++) records.push({ line, raw: `2026-03-11 GET /owa/ NEEDLE ${line}`, dataset: 'iis' })
  for (let line = crowded + 1; line <= 20000; line++) records.push({ line, raw: `2026-03-11 GET /owa/ other ${line}`, dataset: 'iis' })
  records.push({ line: 20001, raw: '2026-03-11 GET /owa/ NEEDLE last', dataset: 'iis' })
  const store = await syntheticCase(t, { 'a.log': records, 'b.log': [{ line: 7, raw: 'NEEDLE in b', dataset: 'iis' }] })

  for (const options of [{}, { regex: true }]) {
    const found = await search(store, 'NEEDLE', options)
    const expected = [...Array.from({ length: crowded }, (_, i) => `a.log:${i + 1}`), 'a.log:20001', 'b.log:7']
    assert.deepEqual(found.map((m) => `${m.path}:${m.line}`), expected)
  }
})
