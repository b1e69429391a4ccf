// The wrap-proof matcher on Format-List output and console captures: what fgrep misses is found, and
// nothing is found that only a wrong join made up.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { compilePattern, type PatternOptions } from '../../src/search/search-pattern.js'
import { WrapProofMatcher, matchStoredRecord, type RecordMatch } from '../../src/search/wrap-proof-match.js'
import { MAX_BLOCK_LINES, MAX_LOGICAL_LINE_CHARS } from '../../src/search/wrapped-line-joiner.js'
import { EVENT_HISTORY, GHOST_ITEM_ENTRY_ID, OTHER_ITEM_ENTRY_ID } from './eventhistory-records.js'
import { renderFormatList } from './format-list-renderer.js'
import { FIXTURES, LITERAL, WIDTHS } from './search-defaults.js'

interface Run {
  matches: RecordMatch[]
  notices: string[]
}

function run(lines: readonly string[], source: string, options: Partial<PatternOptions> = {}): Run {
  const result: Run = { matches: [], notices: [] }
  const matcher = new WrapProofMatcher(compilePattern(source, { ...LITERAL, ...options }), {
    consoleWidths: WIDTHS,
    onMatch: (m) => result.matches.push(m),
    onNotice: (lineNo, message) => result.notices.push(`${lineNo}: ${message}`),
  })
  lines.forEach((line, i) => matcher.line(line, i + 1))
  matcher.end()
  return result
}

function fixtureLines(name: string): string[] {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8').split('\r\n')
}

const AT_80 = fixtureLines('eventhistory-fl-80.txt')
const AT_120 = fixtureLines('eventhistory-fl-120.txt')
const CONSOLE_80 = fixtureLines('eventhistory-console-wrap-80.txt')

test('the fixtures really split the ItemEntryId, so a line-by-line search finds nothing', () => {
  for (const lines of [AT_80, AT_120, CONSOLE_80]) {
    assert.equal(lines.filter((l) => l.includes(GHOST_ITEM_ENTRY_ID)).length, 0)
    assert.ok(lines.filter((l) => l.includes('00-00-00-00-5A-3B-6C')).length === 3)
  }
  // 80 columns: value column 19, chunks of 61 characters; the second chunk starts at a dash.
  const first = AT_80.findIndex((l) => l.startsWith('ItemEntryId      : 00-00-00-00-5A-3B'))
  assert.equal(AT_80[first]!.length, 80)
  assert.match(AT_80[first + 1]!, /^ {19}9-DF-/)
  assert.match(AT_80[first + 2]!, /^ {19}-0A-A2-/)
  assert.match(AT_80[first + 2]!, /-D5-$/)
  // The console capture goes on at column 0.
  const wrapped = CONSOLE_80.findIndex((l) => l.startsWith('ItemEntryId'))
  assert.match(CONSOLE_80[wrapped + 1]!, /^9-DF-37/)
})

test('the same record at 80 and at 120 columns: the wrapped id is found in each block that holds it', () => {
  for (const [lines, blocks] of [
    [AT_80, [[3, 23], [25, 45], [47, 67]]],
    [AT_120, [[3, 21], [23, 41], [43, 61]]],
  ] as const) {
    const { matches, notices } = run(lines, GHOST_ITEM_ENTRY_ID)
    assert.deepEqual(notices, [])
    assert.deepEqual(matches.map((m) => [m.firstLine, m.lastLine]), blocks)
    for (const m of matches) {
      assert.equal(m.match, GHOST_ITEM_ENTRY_ID)
      assert.ok(m.record.includes(`\nItemEntryId      : ${GHOST_ITEM_ENTRY_ID}\nParentEntryId    : `), 'the wrapped value is joined back in the record')
      assert.equal(m.record.split('\n').length, 16, 'one line per property')
      assert.ok(m.matchLastLine > m.matchFirstLine)
    }
    assert.deepEqual(matches.map((m) => /EventName {8}: (\w+)/.exec(m.record)?.[1]), ['ObjectCreated', 'MailSubmitted', 'ObjectDeleted'])
  }
  const at80 = run(AT_80, GHOST_ITEM_ENTRY_ID).matches[0]!
  assert.deepEqual([at80.matchFirstLine, at80.matchLastLine], [11, 14], 'at 80 columns the id spans four lines')
})

test('a console wrap at column 0 is joined when the line above filled the console width', () => {
  const { matches } = run(CONSOLE_80, GHOST_ITEM_ENTRY_ID)
  assert.equal(matches.length, 3)
  assert.ok(matches[0]!.record.includes(`ItemEntryId      : ${GHOST_ITEM_ENTRY_ID}\n`))

  // A one-line-per-record log copied from a 120-column console.
  const log = '2026-03-11 01:10:15 10.0.1.11 POST /owa/service.svc action=GetItem 443 cmoreno@acme.example 198.51.100.25 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0 200'
  const copied = [log.slice(0, 120), log.slice(120), '2026-03-11 01:10:16 10.0.1.11 GET /owa/ - 443 - 198.51.100.25 curl/8.0 302']
  const across = log.slice(110, 130)
  assert.ok(!copied.some((l) => l.includes(across)))
  const found = run(copied, across).matches
  assert.deepEqual(found.map((m) => [m.firstLine, m.lastLine, m.record]), [[1, 2, log]])
  // A match inside the second piece only is reported as that line.
  assert.deepEqual(run(copied, 'Gecko/20100101').matches.map((m) => [m.firstLine, m.lastLine]), [[2, 2]])
})

test('a split exactly at a separator: before or after the dash, at 80 columns and at 79', () => {
  // At 80 columns one chunk ends with "D5-" and another starts with "-0A".
  assert.equal(run(AT_80, 'FD-0A-A2').matches.length, 3)
  assert.equal(run(AT_80, '37-D5-1E').matches.length, 3)
  // At 79 columns every chunk of the id is 60 characters: 20 whole bytes, each chunk ending in a dash.
  const at79 = renderFormatList(EVENT_HISTORY, 79)
  assert.ok(at79.some((l) => l.startsWith('ItemEntryId') && l.endsWith('-')))
  assert.equal(run(at79, GHOST_ITEM_ENTRY_ID).matches.length, 3)
})

test('-i, --regex and --ignore-separators across the wrap', () => {
  assert.equal(run(AT_80, GHOST_ITEM_ENTRY_ID.toLowerCase()).matches.length, 0)
  assert.equal(run(AT_80, GHOST_ITEM_ENTRY_ID.toLowerCase(), { ignoreCase: true }).matches.length, 3)

  const regex = run(AT_120, 'ItemEntryId +: 00-00-00-00-5A-3B(-[0-9A-F]{2}){64}$', { regex: true }).matches
  assert.equal(regex.length, 3)
  assert.equal(regex[0]!.match, `ItemEntryId      : ${GHOST_ITEM_ENTRY_ID}`)

  // The dash-less id of a message tracking log finds the dashed, wrapped one.
  const bare = GHOST_ITEM_ENTRY_ID.replaceAll('-', '')
  assert.equal(run(AT_80, bare).matches.length, 0)
  const ignoring = run(AT_80, bare, { ignoreSeparators: true }).matches
  assert.equal(ignoring.length, 3)
  assert.equal(ignoring[0]!.match, GHOST_ITEM_ENTRY_ID, 'the match is reported as written')
  assert.equal(run(AT_80, '000000005A3B6C4E', { ignoreSeparators: true }).matches.length, 3)
  assert.equal(run(CONSOLE_80, bare.toLowerCase(), { ignoreSeparators: true, ignoreCase: true }).matches.length, 3)
})

test('a term that is not there is not found; the other id finds its own block only', () => {
  assert.deepEqual(run(AT_80, '00-00-00-00-5A-3B-6C-4E-69-59-0A-BC-58-29-8B-A9-D5-BF-12-8E-29-DF-37-3B-46-A0-E0-27-1E-7B-FF').matches, [])
  assert.deepEqual(run(AT_80, 'MAPI_FOLDER').matches, [])
  const other = run(AT_80, OTHER_ITEM_ENTRY_ID).matches
  assert.deepEqual(other.map((m) => m.firstLine), [69])
  assert.match(other[0]!.record, /ClientCategory   : MoMT/)
})

test('no match made of two properties: the next property line is never joined to a value', () => {
  // The last chunk of one value followed by the next property's name.
  assert.deepEqual(run(AT_80, '35-33-C2ParentEntryId').matches, [])
  assert.deepEqual(run(AT_80, '33C2ParentEntryId', { ignoreSeparators: true }).matches, [])
  assert.deepEqual(run(AT_80, 'IPM.NoteItemEntryId').matches, [])

  // A value that fills the 80 columns exactly, followed by a property line: not a wrap.
  const filled = 'Subject     : ' + 'x'.repeat(63) + 'END'
  assert.equal(filled.length, 80)
  const block = ['', 'Name        : one', filled, 'Identity    : 42', '']
  assert.deepEqual(run(block, 'ENDIdentity').matches, [])
  assert.deepEqual(run(block, 'END Identity 42', { ignoreSeparators: true }).matches, [])
  // The other side: the same filled line followed by text at column 0 that is no property line.
  const wrapped = ['', 'Name        : one', filled, 'CONTINUED', 'Identity    : 42', '']
  const joined = run(wrapped, 'ENDCONTINUED').matches
  assert.deepEqual(joined.map((m) => [m.firstLine, m.lastLine, m.matchFirstLine, m.matchLastLine]), [[2, 5, 3, 4]])
})

test('a line that does not fill a console width, or ends in padding, is not joined at column 0', () => {
  const short = 'a'.repeat(78) + 'EN'
  assert.deepEqual(run([short.slice(1), 'Dnext'], 'ENDnext').matches, [], '79 columns is no console width')
  assert.equal(run([short, 'Dnext'], 'ENDnext').matches.length, 1)
  const padded = 'END' + ' '.repeat(77)
  assert.deepEqual(run([padded, 'next'], 'END next', { ignoreSeparators: true }).matches, [], 'a screen copy pads lines with blanks')
  assert.deepEqual(run(['short line END', 'next'], 'ENDnext').matches, [])
})

test('a log line reported alone even when it filled a console width', () => {
  const first = 'F'.repeat(119) + 'x'
  const lines = [first, '2026-03-11 01:10:16 GET /owa/ curl/8.0']
  const [m] = run(lines, 'FFFx').matches
  assert.deepEqual([m!.firstLine, m!.lastLine, m!.record], [1, 1, first])
})

test('an indented line outside a Format-List block is its own record', () => {
  const lines = ['Exception in thread main', '   at Foo.Bar()', '   at Foo.Baz()']
  assert.deepEqual(run(lines, 'main at', { ignoreSeparators: true }).matches, [])
  assert.deepEqual(run(lines, 'Baz').matches.map((m) => m.firstLine), [3])
})

test('memory is bounded: a huge block is handed on in parts and an endless value is cut and reported', () => {
  const lines = ['']
  for (let i = 0; i < MAX_BLOCK_LINES * 2; i++) lines.push(`Property${String(i).padStart(5, '0')} : value ${i}`)
  lines.push('Property99999 : NEEDLE', '')
  const [m] = run(lines, 'NEEDLE').matches
  assert.ok(m !== undefined)
  assert.ok(m.lastLine - m.firstLine < MAX_BLOCK_LINES + 1, `record of ${m.lastLine - m.firstLine + 1} lines`)

  const chunk = 'AB'.repeat(40)
  const endless = ['', `Value : ${chunk}`]
  for (let i = 0; i * chunk.length < MAX_LOGICAL_LINE_CHARS + 1000; i++) endless.push(`        ${chunk}`)
  endless.push('        TAIL', '')
  const result = run(endless, 'TAIL')
  assert.equal(result.notices.length, 1)
  assert.match(result.notices[0]!, /cut here/)
  assert.equal(result.matches.length, 1, 'the text after the cut is still searched')
})

test('a record stored in a case matches as the same lines in a file do', () => {
  const pattern = compilePattern(GHOST_ITEM_ENTRY_ID.replaceAll('-', ''), { ...LITERAL, ignoreSeparators: true })
  const stored = AT_80.slice(24, 45).join('\n')
  const found = matchStoredRecord(stored, pattern, { consoleWidths: WIDTHS, onNotice: () => {} })
  assert.equal(found?.match, GHOST_ITEM_ENTRY_ID)
  assert.equal(found?.record, run(AT_80, GHOST_ITEM_ENTRY_ID).matches[1]!.record)
  assert.equal(matchStoredRecord(stored.replaceAll('5A-3B-6C', '5A-3B-6D'), pattern, { consoleWidths: WIDTHS, onNotice: () => {} }), undefined)
})
