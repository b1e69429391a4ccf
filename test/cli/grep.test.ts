// `exhunt grep` and `exhunt search` as an investigator runs them: output, --json, exit codes (0 found,
// 1 not found, 2 error) and one clear line per problem.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { tempDir } from '../helpers/temp-dir.js'
import { GHOST_ITEM_ENTRY_ID } from '../search/eventhistory-records.js'
import { REPO_ROOT, runCli } from './run-cli.js'

const FIXTURES = path.join(REPO_ROOT, 'test', 'search', 'fixtures')
const AT_80 = path.join(FIXTURES, 'eventhistory-fl-80.txt')
const CAS_QUIRKS = path.join(REPO_ROOT, 'test', 'formats', 'w3c', 'fixtures', 'cas-quirks.log')

test('grep and search have --help', () => {
  for (const command of ['grep', 'search']) {
    const result = runCli([command, '--help'])
    assert.equal(result.status, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`Usage: exhunt ${command}`))
    assert.match(result.stdout, /--ignore-separators/)
    assert.match(result.stdout, /Exit status: 0 something matched, 1 nothing matched, 2 an error/)
  }
})

test('grep finds the wrapped ItemEntryId and prints each Format-List block joined back', () => {
  const result = runCli(['grep', GHOST_ITEM_ENTRY_ID, AT_80])
  assert.equal(result.status, 0, result.stderr)
  assert.equal(result.stderr, '')
  const heads = result.stdout.split('\n').filter((l) => l.startsWith(AT_80))
  assert.deepEqual(heads.map((l) => l.slice(0, l.indexOf(': ') + 2)), [`${AT_80}:3-23: `, `${AT_80}:25-45: `, `${AT_80}:47-67: `])
  assert.ok(heads[0]!.endsWith('RunspaceId       : 4b1f0c2e-8a3d-4e6f-9b21-7c5d3e2a1f00'))
  assert.equal(result.stdout.split(`ItemEntryId      : ${GHOST_ITEM_ENTRY_ID}\n`).length, 4)
  assert.match(result.stdout, /PrincipalSid {5}: S-1-5-21-3623811015-3361044348-30300820-1013\n\n/, 'blocks are kept apart by a blank line')
})

test('grep --json over a folder: every copy of the fixture, with the record and the match', () => {
  const bare = GHOST_ITEM_ENTRY_ID.replaceAll('-', '').toLowerCase()
  const result = runCli(['grep', bare, FIXTURES, '--ignore-separators', '-i', '--json'])
  assert.equal(result.status, 0, result.stderr)
  const matches = JSON.parse(result.stdout) as Array<{ path: string; first_line: number; last_line: number; record: string; match: string }>
  assert.equal(matches.length, 15)
  assert.deepEqual(Object.keys(matches[0]!).slice(0, 5), ['path', 'first_line', 'last_line', 'record', 'match'])
  assert.ok(matches.every((m) => m.match === GHOST_ITEM_ENTRY_ID && m.record.includes(`ItemEntryId      : ${GHOST_ITEM_ENTRY_ID}`)))
  assert.deepEqual(
    matches.filter((m) => m.path.endsWith('utf16le-bom.txt')).map((m) => [m.first_line, m.last_line]),
    [[3, 23], [25, 45], [47, 67]],
  )
})

test('grep without a match exits 1; with --json it prints an empty array', () => {
  const plain = runCli(['grep', '00-00-00-00-5A-3B-FF', AT_80])
  assert.deepEqual([plain.status, plain.stdout, plain.stderr], [1, '', ''])
  const json = runCli(['grep', '00-00-00-00-5A-3B-FF', AT_80, '--json'])
  assert.deepEqual([json.status, JSON.parse(json.stdout)], [1, []])
})

test('grep --regex; a bad regex, missing paths and unreadable files are errors (exit 2)', (t) => {
  const regex = runCli(['grep', '--regex', 'EventName +: Object(Created|Deleted)', AT_80])
  assert.equal(regex.status, 0, regex.stderr)
  assert.equal(regex.stdout.split('\n').filter((l) => l.startsWith(AT_80)).length, 3)

  const bad = runCli(['grep', '--regex', '(unclosed', AT_80])
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /^exhunt: invalid regular expression "\(unclosed"/)
  assert.equal(bad.stdout, '')

  const both = runCli(['grep', '-F', '--regex', 'x', AT_80])
  assert.equal(both.status, 2)
  assert.match(both.stderr, /-F and --regex exclude each other/)

  const noPath = runCli(['grep', 'pattern'])
  assert.equal(noPath.status, 2)
  assert.match(noPath.stderr, /missing required argument 'path'/)

  const dir = tempDir(t)
  const damaged = path.join(dir, 'damaged.txt.gz')
  fs.writeFileSync(damaged, 'not gzip')
  const mixed = runCli(['grep', GHOST_ITEM_ENTRY_ID, path.join(dir, 'missing.txt'), damaged, AT_80])
  assert.equal(mixed.status, 2, 'an error makes the exit status 2 even when something matched')
  assert.equal(mixed.stdout.split('\n').filter((l) => l.startsWith(AT_80)).length, 3, 'the readable file is still searched')
  const errors = mixed.stderr.trimEnd().split('\n')
  assert.equal(errors.length, 2)
  assert.match(errors[0]!, /^exhunt: .*missing\.txt: cannot read: ENOENT/)
  assert.match(errors[1]!, /^exhunt: .*damaged\.txt\.gz: cannot read: /)

  const width = runCli(['grep', 'x', AT_80, '--console-width', '80,abc'])
  assert.equal(width.status, 2)
  assert.match(width.stderr, /--console-width takes whole numbers/)
})

test('grep --console-width joins a wrap at a width that is not a default one', (t) => {
  const file = path.join(tempDir(t), 'capture.txt')
  fs.writeFileSync(file, `${'a'.repeat(86)}NEE\r\nDLE and more\r\n`)
  assert.equal(runCli(['grep', 'NEEDLE', file]).status, 1)
  const joined = runCli(['grep', 'NEEDLE', file, '--console-width', '89'])
  assert.equal(joined.status, 0, joined.stderr)
  assert.equal(joined.stdout, `${file}:1-2: ${'a'.repeat(86)}NEEDLE and more\n`)
})

test('search over a case ingested from an IIS log agrees with grep on the same file', (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const ingest = runCli(['ingest', CAS_QUIRKS, '--case', caseDir, '--json'])
  assert.equal(ingest.status, 0, ingest.stderr)
  const eventLines = (JSON.parse(runCli(['sql', 'SELECT line FROM events ORDER BY line', '--case', caseDir, '--json']).stdout) as Array<{ line: number }>).map((r) => r.line)

  const cases: string[][] = [['Firefox'], ['FIREFOX', '-i'], ['ACME\\cmoreno'], ['011009', '--ignore-separators'], ['rv:1[0-9]{2}\\.0\\)', '--regex'], ['curl/8.0'], ['nowhere-to-be-found']]
  for (const args of cases) {
    const searched = runCli(['search', ...args, '--case', caseDir, '--json'])
    const grepped = runCli(['grep', ...args, CAS_QUIRKS, '--json'])
    const found = JSON.parse(searched.stdout) as Array<{ path: string; line: number; dataset: string; ts: string | null; record: string; match: string }>
    const lines = (JSON.parse(grepped.stdout) as Array<{ first_line: number }>).map((m) => m.first_line).filter((l) => eventLines.includes(l))
    assert.deepEqual(found.map((m) => m.line), lines, args.join(' '))
    assert.equal(searched.status, found.length > 0 ? 0 : 1, searched.stderr)
    for (const m of found) {
      assert.equal(m.path, CAS_QUIRKS)
      assert.equal(m.dataset, 'iis')
      assert.ok(m.record.includes(m.match))
    }
  }

  const firefox = runCli(['search', 'Firefox', '--case', caseDir])
  assert.equal(firefox.status, 0)
  assert.deepEqual(firefox.stdout.split('\n').filter(Boolean).map((l) => l.slice(CAS_QUIRKS.length).split(' ')[0]), [':5:', ':6:', ':12:', ':25:'])
  const [first] = JSON.parse(runCli(['search', 'Firefox', '--case', caseDir, '--json']).stdout) as Array<{ ts: string }>
  assert.equal(first!.ts, '2026-03-11T01:10:09.000Z')
})

test('search: a missing case and a bad regex are errors (exit 2)', (t) => {
  const missing = runCli(['search', 'x', '--case', path.join(tempDir(t), 'nope')])
  assert.equal(missing.status, 2)
  assert.match(missing.stderr, /^exhunt: no case at /)
  const bad = runCli(['search', '--regex', '[', '--case', path.join(tempDir(t), 'nope')])
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /invalid regular expression/)
})
