// Stack counts over original fields, on both ways a W3C line reaches the case: the bulk path (fields
// in `raw`, named by the layout) and the TypeScript parser (fields as JSON). The ActiveSync
// parameters are not stored by either: they are read from the query string at query time.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { stackCount } from '../../src/analysis/stack.js'
import type { FormatModule } from '../../src/formats/format.js'
import { iisHttpFormat } from '../../src/formats/w3c/iis-http.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'

const FIXTURE = path.join(process.cwd(), 'test', 'formats', 'w3c', 'fixtures', 'cas-quirks.log')
const WAYS: Array<[string, FormatModule]> = [
  ['bulk', iisHttpFormat],
  ['parser', { ...iisHttpFormat, bulk: undefined }],
]

for (const [way, format] of WAYS) {
  test(`stack over ActiveSync parameters and original fields (${way} path)`, async (t) => {
    const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
    try {
      await ingestPaths(store, [FIXTURE], { formats: [format] })
      const devices = await stackCount(store, { fields: ['fields.eas.User', 'fields.eas.DeviceId', 'fields.eas.DeviceType', 'fields.eas.Cmd'] })
      const values = devices.map((r) => [r['fields.eas.User'], r['fields.eas.DeviceId'], r['fields.eas.DeviceType'], r['fields.eas.Cmd']])
      assert.deepEqual(
        values.filter((v) => v[0] !== null),
        [
          ['ACME\\asanchez', 'SEC1234', 'SAMSUNGSMG991B', 'Sync'],
          ['jlopez', 'JLOPEZIPH1', 'iPhone', 'Ping'],
        ],
      )
      const hosts = await stackCount(store, { fields: ['fields.cs-username'], least: true, limit: 100 })
      assert.ok(hosts.some((r) => r['fields.cs-username'] === 'ACME\\asanchez'), 'an original field by its #Fields name')
    } finally {
      await store.close()
    }
  })
}
