// --where conditions: each operator, networks on and off an octet boundary, empty values, bad input.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { parseCondition, whereClause, WhereError } from '../../src/analysis/where.js'
import { iisHttpFormat } from '../../src/formats/w3c/iis-http.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'

const FIXTURE = path.join(process.cwd(), 'test', 'formats', 'w3c', 'fixtures', 'cas-quirks.log')

test('conditions select what they say', async (t) => {
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  try {
    await ingestPaths(store, [FIXTURE], { formats: [iisHttpFormat] })
    const count = async (...conditions: string[]): Promise<number> => {
      const params: unknown[] = []
      const where = whereClause(conditions.map(parseCondition), params)
      return Number((await store.query(`SELECT count(*) AS n FROM events e LEFT JOIN user_agents ua ON ua.user_agent = e.user_agent ${where}`, params))[0]!.n)
    }
    const all = await count()
    const inside24 = await count('src_ip=198.51.100.0/24')
    assert.equal(inside24, (await count('src_ip=198.51.100.25')) + (await count('src_ip=198.51.100.26')), 'the /24 holds .25 and .26')
    assert.equal(await count('src_ip=198.51.100.24/31'), await count('src_ip=198.51.100.25'), 'a network off the octet boundary: .24-.25')
    assert.equal(await count('src_ip=198.51.100.0/30'), 0)
    assert.equal(await count('src_ip!=198.51.100.0/24'), all - inside24)
    assert.equal(await count('src_ip=10.0.0.0/8'), await count('src_ip~10.'))
    assert.ok((await count('user_agent~IPHONE')) > 0, '~ ignores case')
    assert.equal(await count('user_agent~iphone') + (await count('user_agent!~iphone')), all)
    assert.ok((await count('http_status>=400')) > 0)
    assert.equal(await count('http_status>=400', 'http_status<400'), 0)
    assert.equal(await count('user_key='), all - (await count('user_key!=')), 'empty and not empty')
    assert.ok((await count('ts>=2026-03-11', 'ts<2026-03-12')) > 0)
  } finally {
    await store.close()
  }
})

test('a condition that is not one is refused with the syntax', () => {
  assert.throws(() => parseCondition('user_agent'), WhereError)
  assert.throws(() => parseCondition('=value'), /FIELD OP VALUE/)
  assert.deepEqual(parseCondition(' src_ip != 10.0.0.1 '), { field: 'src_ip', operator: '!=', value: '10.0.0.1' })
  assert.deepEqual(parseCondition('fields.cs(User-Agent)~firefox'), { field: 'fields.cs(User-Agent)', operator: '~', value: 'firefox' })
})
