// `exhunt sql "SELECT ..." --case DIR`: read-only SQL over the case, the Log Parser habit.
import type { Command } from 'commander'
import { openDuckDbStore } from '../store/duckdb.js'
import { DEFAULT_CASE_DIR } from './ingest.js'
import { renderCsv, renderTable } from './table.js'

interface SqlFlags {
  case: string
  json?: boolean
  csv?: boolean
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run a read-only SQL query over the case (tables: events, files, problems)')
    .argument('<query>', 'SQL, e.g. "SELECT user_agent, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"')
    .option('--case <dir>', 'case folder', DEFAULT_CASE_DIR)
    .option('--json', 'rows as a JSON array of objects')
    .option('--csv', 'rows as CSV')
    .action(async (query: string, flags: SqlFlags) => {
      const store = await openDuckDbStore(flags.case, { readOnly: true })
      try {
        const rows = await store.query(query)
        if (flags.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
        else if (flags.csv === true) process.stdout.write(renderCsv(rows))
        else process.stdout.write(renderTable(rows))
      } finally {
        await store.close()
      }
    })
}
