// `exhunt stack FIELD [FIELD2]`: stack counting over the case.
import type { Command } from 'commander'
import { stackCount } from '../analysis/stack.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { DEFAULT_CASE_DIR } from './ingest.js'
import { renderCsv, renderTable } from './table.js'
import { UsageError } from './usage-error.js'

interface StackFlags {
  case: string
  dataset?: string
  least?: boolean
  limit: string
  json?: boolean
  csv?: boolean
}

export function registerStack(program: Command): void {
  program
    .command('stack')
    .description('count the values of a field (or a pair of fields), most or least frequent first')
    .argument('<field>', 'an events column (user_agent, src_ip, user_key, url_path...) or fields.<original name>')
    .argument('[field2]', 'a second field to stack by pairs')
    .option('--case <dir>', 'case folder', DEFAULT_CASE_DIR)
    .option('--dataset <name>', 'only events of this dataset (iis, msgtrk, ...)')
    .option('--least', 'least frequent first (the rare values an attacker leaves)')
    .option('--limit <n>', 'rows to show', '50')
    .option('--json', 'rows as a JSON array of objects')
    .option('--csv', 'rows as CSV')
    .action(async (field: string, field2: string | undefined, flags: StackFlags) => {
      const limit = Number(flags.limit)
      if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit must be a positive integer, not "${flags.limit}"`)
      const store = await openDuckDbStore(flags.case, { readOnly: true })
      try {
        const rows = await stackCount(store, {
          fields: field2 === undefined ? [field] : [field, field2],
          limit,
          ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
          ...(flags.least === true ? { least: true } : {}),
        })
        if (flags.json === true) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
        else if (flags.csv === true) process.stdout.write(renderCsv(rows))
        else process.stdout.write(renderTable(rows))
      } finally {
        await store.close()
      }
    })
}
