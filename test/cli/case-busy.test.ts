// A case held by a running ingest: other commands say so, instead of DuckDB's lock message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { FORMATS } from '../../src/formats/registry.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'
import { REPO_ROOT, runCli } from './run-cli.js'

test('a case in use by another process is reported as such', async (t) => {
  const caseDir = path.join(tempDir(t), 'case')
  const store = await openDuckDbStore(caseDir)
  try {
    await ingestPaths(store, [path.join(REPO_ROOT, 'test', 'formats', 'w3c', 'fixtures', 'cas-quirks.log')], { formats: FORMATS })
    const result = runCli(['stack', 'user_agent', '--case', caseDir])
    assert.equal(result.status, 1)
    assert.match(result.stderr, /is in use by another process .*PID \d+.*wait for it to finish/)
  } finally {
    await store.close()
  }
})
