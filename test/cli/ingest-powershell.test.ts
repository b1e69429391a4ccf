// PowerShell dumps through the command line: the culture and zone from options or the case
// context file, and the message that says which option is missing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { tempDir } from '../helpers/temp-dir.js'
import { REPO_ROOT, runCli } from './run-cli.js'

const FIXTURES = path.join(REPO_ROOT, 'test', 'formats', 'powershell', 'fixtures')

test('an ambiguous dump is refused with the option to give, then read with --culture or context.yaml', (t) => {
  const dir = tempDir(t)
  const ambiguous = path.join(FIXTURES, 'eventhistory-fl-ambiguous.txt')
  const refused = runCli(['ingest', ambiguous, '--case', path.join(dir, 'a'), '--json'])
  assert.equal(refused.status, 0, refused.stderr)
  const report = JSON.parse(refused.stdout) as { files: Array<{ status: string; problems: Array<{ reason: string }> }> }
  assert.equal(report.files[0]!.status, 'unreadable')
  assert.match(report.files[0]!.problems[0]!.reason, /--culture/)

  const given = runCli(['ingest', ambiguous, '--case', path.join(dir, 'b'), '--culture', 'en-GB', '--json'])
  assert.equal((JSON.parse(given.stdout) as { files: Array<{ records: number }> }).files[0]!.records, 6)

  const caseDir = path.join(dir, 'c')
  fs.mkdirSync(caseDir)
  fs.writeFileSync(path.join(caseDir, 'context.yaml'), 'culture: en-GB\ntime_zone: Europe/Madrid\n')
  const fromContext = runCli(['ingest', path.join(FIXTURES, 'eventhistory-fl-ambiguous.txt'), path.join(FIXTURES, 'mailboxauditlog-fl.txt'), '--case', caseDir, '--json'])
  const files = (JSON.parse(fromContext.stdout) as { files: Array<{ status: string; problem_count: number }> }).files
  assert.deepEqual(files.map((f) => [f.status, f.problem_count]), [['ingested', 0], ['ingested', 0]], 'no local_time warning: the zone is known')
  const rows = runCli(['sql', "SELECT count(*) AS n FROM events WHERE dataset = 'db_event' AND item_id IS NOT NULL", '--case', caseDir, '--json'])
  assert.deepEqual(JSON.parse(rows.stdout), [{ n: 6 }])
})

test('bad --culture, --tz and context files are refused before anything is read', (t) => {
  const dir = tempDir(t)
  const input = path.join(FIXTURES, 'generic-fl.txt')
  const culture = runCli(['ingest', input, '--case', path.join(dir, 'a'), '--culture', 'klingon'])
  assert.equal(culture.status, 2)
  assert.match(culture.stderr, /--culture: "klingon" is not a culture name/)
  const tz = runCli(['ingest', input, '--case', path.join(dir, 'b'), '--tz', 'Mars/Olympus'])
  assert.equal(tz.status, 2)
  assert.match(tz.stderr, /--tz: unknown time zone/)
  const context = path.join(dir, 'bad.yaml')
  fs.writeFileSync(context, 'time_zone: Europe/Madrid\nculture: [en\n')
  const bad = runCli(['ingest', input, '--case', path.join(dir, 'c'), '--context', context])
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /bad\.yaml:\d+:\d+/)
  assert.ok(!fs.existsSync(path.join(dir, 'c', 'case.duckdb')), 'nothing written')
})

test('a context given to ingest is kept in the case for the analysis commands', (t) => {
  const dir = tempDir(t)
  const context = path.join(dir, 'acme.yaml')
  fs.writeFileSync(context, 'culture: en-GB\ndeployed_browsers: [Chrome]\n')
  const caseDir = path.join(dir, 'case')
  const ingested = runCli(['ingest', path.join(FIXTURES, 'eventhistory-fl-ambiguous.txt'), '--case', caseDir, '--context', context])
  assert.equal(ingested.status, 0, ingested.stderr)
  assert.equal(fs.readFileSync(path.join(caseDir, 'context.yaml'), 'utf8'), fs.readFileSync(context, 'utf8'))
  const stripped = runCli(['strip', '--case', caseDir, '--json'])
  assert.equal(stripped.status, 0, stripped.stderr)
})
