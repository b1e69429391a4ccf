// The command line end to end on the bundled example case: ingest, formats, sql, stack, help.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { tempDir } from '../helpers/temp-dir.js'
import { REPO_ROOT, runCli } from './run-cli.js'

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'ghost-mail')

test('every command has --help', () => {
  for (const command of [[], ['ingest'], ['formats'], ['sql'], ['stack']]) {
    const result = runCli([...command, '--help'])
    assert.equal(result.status, 0, `${command.join(' ')} --help: ${result.stderr}`)
    assert.match(result.stdout, /Usage: exhunt/)
  }
})

test('formats lists every format with a description and file names', () => {
  const result = runCli(['formats', '--json'])
  assert.equal(result.status, 0, result.stderr)
  const formats = JSON.parse(result.stdout) as Array<{ id: string; description: string; file_names: string }>
  for (const id of ['iis', 'iis_smtp', 'w3c', 'msgtrk', 'smtp_receive', 'smtp_send', 'httpproxy', 'exchange_log']) {
    const format = formats.find((f) => f.id === id)
    assert.ok(format, `format ${id} is listed`)
    assert.ok(format.description.length > 10)
    assert.ok(format.file_names.length > 0)
  }
})

test('ingest --json reports every file; re-ingest is a no-op; sql and stack read the case', (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const first = runCli(['ingest', EXAMPLE, '--case', caseDir, '--json'])
  assert.equal(first.status, 0, first.stderr)
  assert.equal(first.stderr, '', 'no progress bar when output is piped')
  const report = JSON.parse(first.stdout) as { files: Array<Record<string, unknown>> }
  const logs = report.files.filter((f) => String(f.path).endsWith('.log'))
  assert.equal(logs.length, 2)
  for (const f of logs) {
    assert.equal(f.format, 'iis')
    assert.equal(f.encoding, 'utf-8')
    assert.match(String(f.sha256), /^[0-9a-f]{64}$/)
    assert.ok(Number(f.records) > 100)
    assert.deepEqual(f.problems, [])
  }

  const again = runCli(['ingest', EXAMPLE, '--case', caseDir, '--json'])
  const statuses = (JSON.parse(again.stdout) as { files: Array<{ path: string; status: string }> }).files
    .filter((f) => f.path.endsWith('.log'))
    .map((f) => f.status)
  assert.deepEqual(statuses, ['already_in_case', 'already_in_case'])

  const total = logs.reduce((sum, f) => sum + Number(f.records), 0)
  // The CAS nodes' IIS logs; the example also holds the mailbox server's EventHistory and message tracking.
  const count = runCli(['sql', "SELECT count(*) AS n, count(DISTINCT host_name) AS hosts FROM events WHERE dataset = 'iis'", '--case', caseDir, '--json'])
  assert.equal(count.status, 0, count.stderr)
  assert.deepEqual(JSON.parse(count.stdout), [{ n: total, hosts: 2 }])

  const firefox = runCli(['sql', "SELECT DISTINCT src_ip FROM events WHERE user_agent LIKE '%Firefox%' AND src_ip LIKE '198.51.100.%' ORDER BY 1", '--case', caseDir, '--csv'])
  assert.equal(firefox.stdout, 'src_ip\n198.51.100.25\n198.51.100.26\n')

  const stack = runCli(['stack', 'user_agent', '--least', '--limit', '3', '--case', caseDir, '--json'])
  assert.equal(stack.status, 0, stack.stderr)
  const rows = JSON.parse(stack.stdout) as Array<{ user_agent: string; count: number; users: number; ips: number }>
  assert.equal(rows.length, 3)
  assert.ok(rows[0]!.count <= rows[1]!.count)

  const original = runCli(['stack', 'fields.cs-username', '--limit', '1', '--case', caseDir, '--json'])
  assert.equal(original.status, 0, original.stderr)
  assert.equal((JSON.parse(original.stdout) as Array<Record<string, unknown>>)[0]?.['fields.cs-username'], '-')

  const table = runCli(['stack', 'client_app', '--case', caseDir])
  assert.match(table.stdout, /client_app\s+count\s+first_seen/)
  assert.match(table.stdout, /OWA/)
})

test('sql is read-only and errors are one clear line', (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  runCli(['ingest', path.join(EXAMPLE, 'cas01'), '--case', caseDir, '--json'])
  const write = runCli(['sql', 'DELETE FROM files', '--case', caseDir])
  assert.equal(write.status, 1)
  assert.match(write.stderr, /^exhunt: .*read-only/i)
  // `events` is a view: DuckDB refuses the write before it gets to the read-only check.
  const view = runCli(['sql', 'DELETE FROM events', '--case', caseDir])
  assert.equal(view.status, 1)
  assert.match(view.stderr, /^exhunt: .*(read-only|base table)[^\n]*\n$/i)
  const missing = runCli(['sql', 'SELECT 1', '--case', path.join(caseDir, 'nope')])
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, /no case at/)
  const badField = runCli(['stack', 'nonsense', '--case', caseDir])
  assert.equal(badField.status, 2)
  assert.match(badField.stderr, /unknown field "nonsense"/)
  const badFormat = runCli(['ingest', EXAMPLE, '--case', caseDir, '--format', 'nope'])
  assert.equal(badFormat.status, 2)
  assert.match(badFormat.stderr, /unknown format "nope"/)
})

test('ingest refuses to write the case into the evidence folder', (t) => {
  const evidence = tempDir(t)
  fs.writeFileSync(path.join(evidence, 'x.log'), 'hello\n')
  const result = runCli(['ingest', evidence, '--case', path.join(evidence, 'case')])
  assert.equal(result.status, 2)
  assert.match(result.stderr, /inside the evidence/)
  assert.deepEqual(fs.readdirSync(evidence), ['x.log'])
})
