// The options `exhunt grep` and `exhunt search` share: how the pattern is read, which console widths
// a wrapped line may have filled, and grep's exit codes (0 matched, 1 nothing matched, 2 error).
import type { Command } from 'commander'
import { compilePattern, InvalidPatternError, type SearchPattern } from '../search/search-pattern.js'
import { DEFAULT_CONSOLE_WIDTHS } from '../search/wrapped-line-joiner.js'
import { UsageError } from './usage-error.js'

export interface PatternFlags {
  ignoreCase?: boolean
  fixedStrings?: boolean
  regex?: boolean
  ignoreSeparators?: boolean
  consoleWidth?: string
  json?: boolean
}

export function addPatternOptions(command: Command): Command {
  return command
    .option('-i, --ignore-case', 'match upper and lower case alike')
    .option('-F, --fixed-strings', 'PATTERN is literal text (the default)')
    .option('--regex', 'PATTERN is a JavaScript regular expression')
    .option('--ignore-separators', 'ignore - : spaces and tabs in PATTERN and text: 000000005A3B finds 00-00-00-00-5A-3B')
    .option('--console-width <columns>', `widths a console may have wrapped lines at, comma-separated, added to ${DEFAULT_CONSOLE_WIDTHS.join(',')}`)
    .option('--json', 'print the matches as one JSON array')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
}

export function patternFromFlags(source: string, flags: PatternFlags): SearchPattern {
  if (flags.fixedStrings === true && flags.regex === true) throw new UsageError('-F and --regex exclude each other: choose literal text or a regular expression')
  try {
    return compilePattern(source, { regex: flags.regex === true, ignoreCase: flags.ignoreCase === true, ignoreSeparators: flags.ignoreSeparators === true })
  } catch (error) {
    if (error instanceof InvalidPatternError) throw new UsageError(error.message)
    throw error
  }
}

export function consoleWidthsFromFlags(flags: PatternFlags): ReadonlySet<number> {
  const widths = new Set(DEFAULT_CONSOLE_WIDTHS)
  if (flags.consoleWidth === undefined) return widths
  for (const item of flags.consoleWidth.split(',')) {
    const width = Number(item.trim())
    if (!Number.isInteger(width) || width < 20 || width > 10000) {
      throw new UsageError(`--console-width takes whole numbers of columns (20 to 10000), comma-separated, not "${flags.consoleWidth}"`)
    }
    widths.add(width)
  }
  return widths
}

/** Runs a grep-like command: any failure is one line on stderr and exit code 2, never 1 ("no match"). */
export async function withGrepExitCodes(run: () => Promise<{ matches: number; problems: number }>): Promise<void> {
  try {
    const { matches, problems } = await run()
    process.exitCode = problems > 0 ? 2 : matches > 0 ? 0 : 1
  } catch (error) {
    process.stderr.write(`exhunt: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 2
  }
}
