// `exhunt search TERM --case DIR`: the same wrap-proof matching as `exhunt grep`, over the records of
// an ingested case.
import type { Command } from 'commander'
import { searchCase } from '../search/search-case.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { DEFAULT_CASE_DIR } from './ingest.js'
import { MatchPrinter } from './match-printer.js'
import { addPatternOptions, consoleWidthsFromFlags, patternFromFlags, withGrepExitCodes, type PatternFlags } from './pattern-flags.js'

interface SearchFlags extends PatternFlags {
  case: string
}

export function registerSearch(program: Command): void {
  const command = program
    .command('search')
    .description('search every record of the case, finding text that was wrapped across lines')
    .argument('<term>', 'text to find (literal unless --regex)')
    .option('--case <dir>', 'case folder', DEFAULT_CASE_DIR)
  addPatternOptions(command)
    .addHelpText(
      'after',
      `
Records are matched exactly as \`exhunt grep\` matches files: wrapped Format-List values and console
wraps are joined back first. Literal terms are narrowed in SQL before that; a --regex reads every
record of the case.

Output, one per record: path:line: record (line is the record's first line in its file).
--json prints [{path, line, dataset, ts, record, match}].

Exit status: 0 something matched, 1 nothing matched, 2 an error.`,
    )
    .action(async (term: string, flags: SearchFlags) => {
      await withGrepExitCodes(async () => {
        const pattern = patternFromFlags(term, flags)
        const consoleWidths = consoleWidthsFromFlags(flags)
        const store = await openDuckDbStore(flags.case, { readOnly: true })
        const printer = new MatchPrinter(process.stdout, { json: flags.json === true })
        const summary = { matches: 0, problems: 0 }
        try {
          const onNotice = (path: string, line: number, message: string): void => {
            summary.problems++
            process.stderr.write(`exhunt: ${path}:${line}: ${message}\n`)
          }
          for await (const m of searchCase(store, pattern, { consoleWidths, onNotice })) {
            summary.matches++
            printer.add(`${m.path}:${m.line}: `, m.record, { ...m })
            await printer.drain()
          }
        } finally {
          printer.finish()
          await store.close()
        }
        return summary
      })
    })
}
