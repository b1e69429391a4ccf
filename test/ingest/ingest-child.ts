// Run as a child process by interrupt.test.ts: ingests a file with the test format and reports
// progress on stdout, so the test can kill it in the middle of the work.
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { csvTestFormat } from './csv-test-format.js'

const [file, caseDir] = process.argv.slice(2)
if (file === undefined || caseDir === undefined) throw new Error('usage: ingest-child FILE CASE')
const store = await openDuckDbStore(caseDir, { segmentChars: 256 * 1024 })
let records = 0
await ingestPaths(store, [file], {
  formats: [csvTestFormat],
  reporter: {
    started() {},
    fileStarted() {},
    bytesRead() {},
    recordsAdded(delta) {
      records += delta
      process.stdout.write(`records ${records}\n`)
    },
    fileDone() {
      process.stdout.write('done\n')
    },
  },
})
await store.close()
