// pivot and timeline on logs written by others (../shared/realdata): IIS logs of plaso and Elastic,
// Elastic's Exchange logs, the artefacts-help examples. Every value kind found there is pivoted on
// and every timeline filter run, through the command line; none may fail.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { FORMATS } from '../../src/formats/registry.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { realdataFolders } from '../helpers/realdata.js'
import { tempDir } from '../helpers/temp-dir.js'
import { runCli } from '../cli/run-cli.js'

const FOLDERS = [['plaso', 'iis'], ['elastic-iis'], ['elastic-exchange'], ['artefacts-help']]

test('pivot and timeline run on real data', async (t) => {
  const folders = realdataFolders(t, FOLDERS)
  if (folders === undefined) return
  const caseDir = path.join(tempDir(t), 'case')
  const store = await openDuckDbStore(caseDir)
  let picks: Record<string, unknown>
  let total: number
  try {
    await ingestPaths(store, folders, { formats: FORMATS })
    const top = async (sql: string): Promise<string | undefined> => {
      const row = (await store.query(sql))[0]
      return row === undefined || row.v === null ? undefined : String(row.v)
    }
    const mode = (column: string, extra = ''): Promise<string | undefined> =>
      top(`SELECT ${column} AS v FROM events WHERE ${column} IS NOT NULL AND ${column} <> '' ${extra} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)
    picks = {
      ip: await mode('src_ip', "AND src_ip LIKE '%.%.%.%'"),
      ipv6: await mode('src_ip', "AND src_ip LIKE '%:%'"),
      user: await mode('user_key'),
      agent: await mode('user_agent'),
      family: await top('SELECT family AS v FROM user_agents GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1'),
      host: await mode('host_name'),
      item: await mode('item_id'),
      message: await mode('message_id'),
      first: await top('SELECT strftime(min(ts), \'%Y-%m-%d\') AS v FROM events'),
    }
    total = Number((await store.query('SELECT count(*) AS n FROM events'))[0]!.n)
  } finally {
    await store.close()
  }
  for (const [name, value] of Object.entries(picks)) assert.ok(value !== undefined, `the real data has a ${name} to pivot on`)
  const inCase = ['--case', caseDir]
  const ok = (args: string[]): string => {
    const result = runCli(args)
    assert.equal(result.status, 0, `exhunt ${args.join(' ')}: ${result.stderr}`)
    return result.stdout
  }
  const values = [picks.ip, picks.ipv6, `${String(picks.ip).replace(/\.\d+$/, '.0')}/16`, picks.user, picks.agent, picks.family, picks.host, picks.item, picks.message] as string[]
  for (const value of values) {
    const result = JSON.parse(ok(['pivot', value, ...inCase, '--json', '--hops', '2'])) as { records: number }
    assert.ok(result.records > 0, value)
    assert.match(ok(['pivot', value, ...inCase]), /records/)
  }
  for (const filter of [['--ip', picks.ip], ['--ip', picks.ipv6], ['--user', picks.user], ['--item', picks.item], ['--message-id', picks.message], ['--from', picks.first, '--to', picks.first]] as string[][]) {
    const rows = JSON.parse(ok(['timeline', ...filter, ...inCase, '--json'])) as unknown[]
    assert.ok(rows.length > 0, filter.join(' '))
  }
  const everything = ok(['timeline', ...inCase, '--all', '--ndjson']).trim().split('\n')
  assert.equal(everything.length, total, '--all: every record once')
  ok(['timeline', ...inCase])
})
