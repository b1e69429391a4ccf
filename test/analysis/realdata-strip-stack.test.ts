// strip and stack on logs written by others (../shared/realdata): IIS, Exchange, EVTX. Every field
// strip knows and the derived ones are stacked through the command line; none may fail, and the
// numbers add up.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { STRIP_FIELDS, type StrippedField } from '../../src/analysis/strip.js'
import { realdataFolders } from '../helpers/realdata.js'
import { tempDir } from '../helpers/temp-dir.js'
import { runCli } from '../cli/run-cli.js'

const FOLDERS = [['plaso', 'iis'], ['elastic-iis'], ['elastic-exchange'], ['artefacts-help'], ['chainsaw', 'evtx']]

test('strip and stack run on real data', (t) => {
  const folders = realdataFolders(t, FOLDERS)
  if (folders === undefined) return
  const caseDir = path.join(tempDir(t), 'case')
  const ok = (args: string[]): string => {
    const result = runCli(args)
    assert.equal(result.status, 0, `exhunt ${args.join(' ')}: ${result.stderr}`)
    return result.stdout
  }
  ok(['ingest', ...folders, '--case', caseDir, '--json'])
  const total = (JSON.parse(ok(['sql', 'SELECT count(*) AS n FROM events', '--case', caseDir, '--json'])) as Array<{ n: number }>)[0]!.n
  const fields = JSON.parse(ok(['strip', '--case', caseDir, '--all', '--json'])) as StrippedField[]
  assert.deepEqual(fields.map((f) => f.field), [...STRIP_FIELDS])
  for (const f of fields) {
    assert.ok(f.records <= total && f.records === f.known_records + f.remaining, f.field)
    assert.equal(f.hidden === undefined, f.values > 1 && f.remaining > 0, f.field)
  }
  assert.equal(fields.find((f) => f.field === 'dataset')!.records, total, 'every record has a dataset')
  for (const field of ['user_agent', 'ua.family', 'ua.client', 'src_subnet', 'event_code', 'fields.cs-uri-stem', 'fields.TargetUserName', 'hour']) {
    const rows = JSON.parse(ok(['stack', field, '--case', caseDir, '--json', '--limit', '1000'])) as Array<{ count: number }>
    assert.equal(rows.reduce((n, r) => n + r.count, 0), total, `${field}: the counts add up to every record`)
  }
  ok(['stack', 'dataset', 'client_app', '--case', caseDir, '--least', '--csv'])
  ok(['strip', '--case', caseDir, '--dataset', 'winevt', '--where', 'event_code=4624'])
})
