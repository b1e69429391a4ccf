// `exhunt stack FIELD [FIELD2]`: stack counting over the case.
import fs from 'node:fs'
import type { Command } from 'commander'
import { stackCount } from '../analysis/stack.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { addAnalysisOptions, conditionsOf, type AnalysisFlags } from './analysis-options.js'
import { addOutputOptions, checkOutputFlags, writeRows, type OutputFlags } from './output.js'
import { UsageError } from './usage-error.js'

interface StackFlags extends AnalysisFlags, OutputFlags {
  least?: boolean
  limit: string
  known?: string
}

export function registerStack(program: Command): void {
  const command = program
    .command('stack')
    .description('count the values of a field (or a pair of fields), most or least frequent first, with first/last seen and distinct users and IPs')
    .argument('<field>', 'an events column (user_agent, src_ip, user_key, url_path...), a derived field (ua.family, ua.client, src_subnet, hour) or fields.<original name>')
    .argument('[field2]', 'a second field to stack by pairs')
  addAnalysisOptions(command)
  addOutputOptions(command)
    .option('--least', 'least frequent first (the rare values an attacker leaves)')
    .option('--known <file>', 'values of FIELD to leave out, one per line (* matches anything; # starts a comment)')
    .option('--limit <n>', 'rows to show', '50')
    .action(async (field: string, field2: string | undefined, flags: StackFlags) => {
      checkOutputFlags(flags)
      const limit = Number(flags.limit)
      if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit must be a positive integer, not "${flags.limit}"`)
      const conditions = conditionsOf(flags)
      const known = flags.known === undefined ? undefined : readKnown(flags.known)
      const store = await openDuckDbStore(flags.case, { readOnly: true })
      try {
        const rows = await stackCount(store, {
          fields: field2 === undefined ? [field] : [field, field2],
          limit,
          conditions,
          ...(known === undefined ? {} : { known }),
          ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
          ...(flags.least === true ? { least: true } : {}),
        })
        await writeRows(rows, flags)
      } finally {
        await store.close()
      }
    })
}

function readKnown(file: string): string[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--known ${file}: ${(error as Error).message}`)
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
}
