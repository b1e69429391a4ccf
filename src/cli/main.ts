#!/usr/bin/env node
// exhunt's command line: wires the commands together and turns known errors into one-line messages.
import { Command } from 'commander'
import { UnknownFieldError } from '../analysis/stack.js'
import { WhereError } from '../analysis/where.js'
import { ContextError } from '../context/case-context.js'
import { CaseBusyError, CaseNotFoundError } from '../store/duckdb.js'
import { UsageError } from './usage-error.js'

type Register = (program: Command) => void

// Each command's module is loaded only when that command runs: loading them all (the Sigma engine,
// ua-parser-js, the EVTX reader...) cost every command a quarter of a second before it began.
const COMMANDS: Record<string, () => Promise<Register>> = {
  ingest: async () => (await import('./ingest.js')).registerIngest,
  formats: async () => (await import('./formats.js')).registerFormats,
  sql: async () => (await import('./sql.js')).registerSql,
  stack: async () => (await import('./stack.js')).registerStack,
  strip: async () => (await import('./strip.js')).registerStrip,
  pivot: async () => (await import('./pivot.js')).registerPivot,
  timeline: async () => (await import('./timeline.js')).registerTimeline,
  grep: async () => (await import('./grep.js')).registerGrep,
  search: async () => (await import('./search.js')).registerSearch,
  detect: async () => (await import('./detect.js')).registerDetect,
  investigate: async () => (await import('./investigate.js')).registerInvestigate,
  contain: async () => (await import('./contain.js')).registerContain,
}

/** The named command alone; every command for the overall help, `help CMD` and unknown names. */
async function commandsFor(args: readonly string[]): Promise<Register[]> {
  const name = args[0]
  const load = name === undefined ? undefined : COMMANDS[name]
  if (load !== undefined) return [await load()]
  return Promise.all(Object.values(COMMANDS).map((l) => l()))
}

// `exhunt ... | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const program = new Command()
program
  .name('exhunt')
  .description('incident-response workbench for Microsoft Exchange and mail-server logs')
  .version('0.1.0')
  .showHelpAfterError()
for (const register of await commandsFor(process.argv.slice(2))) register(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof UsageError || error instanceof UnknownFieldError || error instanceof WhereError || error instanceof ContextError) {
    process.stderr.write(`exhunt: ${error.message}\n`)
    process.exitCode = 2
  } else if (error instanceof CaseNotFoundError || error instanceof CaseBusyError) {
    process.stderr.write(`exhunt: ${error.message}\n`)
    process.exitCode = 1
  } else {
    // SQL errors from `exhunt sql` and failures of the store: the message is what a person needs.
    process.stderr.write(`exhunt: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}
