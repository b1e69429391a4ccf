// `exhunt grep PATTERN PATH...`: search raw files without ingesting them, and find what a console or
// Format-List wrapped across lines (where fgrep finds nothing).
import type { Command } from 'commander'
import { grepFiles } from '../search/grep-files.js'
import { MatchPrinter } from './match-printer.js'
import { addPatternOptions, consoleWidthsFromFlags, patternFromFlags, withGrepExitCodes, type PatternFlags } from './pattern-flags.js'

export function registerGrep(program: Command): void {
  const command = program
    .command('grep')
    .description('search log files as they are (folders, .gz, .zip; UTF-8, UTF-16, windows-1252), finding text wrapped across lines')
    .argument('<pattern>', 'text to find (literal unless --regex)')
    .argument('<path...>', 'files or folders (opened read-only)')
  addPatternOptions(command)
    .addHelpText(
      'after',
      `
Text split across lines is found: a Format-List value wrapped onto indented continuation lines, a
line wrapped by the console at column 0 (the line above filled a console width exactly), a split at a
separator. A match never spans two properties of a Format-List block. A literal PATTERN pasted from
wrapped output is joined the same way (line breaks and the indentation after them dropped).

Output, one per record that matches: path:first-last: record
  a Format-List block is printed whole with its wrapped values joined back (followed by a blank line);
  a log line is printed as the line(s) the match spans.
--json prints [{path, first_line, last_line, record, match, match_first_line, match_last_line}].

Exit status: 0 something matched, 1 nothing matched, 2 an error (a file or a line that could not be
searched is reported on stderr, and the other files are still searched).`,
    )
    .action(async (source: string, paths: string[], flags: PatternFlags) => {
      await withGrepExitCodes(async () => {
        const pattern = patternFromFlags(source, flags)
        const printer = new MatchPrinter(process.stdout, { json: flags.json === true })
        const summary = await grepFiles(
          paths,
          pattern,
          {
            match: (path, m) =>
              printer.add(`${path}:${m.firstLine}-${m.lastLine}: `, m.record, {
                path,
                first_line: m.firstLine,
                last_line: m.lastLine,
                record: m.record,
                match: m.match,
                match_first_line: m.matchFirstLine,
                match_last_line: m.matchLastLine,
              }),
            problem: (path, message) => process.stderr.write(`exhunt: ${path}: ${message}\n`),
            drain: () => printer.drain(),
          },
          { consoleWidths: consoleWidthsFromFlags(flags) },
        )
        printer.finish()
        return summary
      })
    })
}
