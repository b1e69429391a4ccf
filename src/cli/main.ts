#!/usr/bin/env node
// exhunt's command line: wires the commands together and turns known errors into one-line messages.
import { Command } from 'commander'
import { UnknownFieldError } from '../analysis/stack.js'
import { WhereError } from '../analysis/where.js'
import { ContextError } from '../context/case-context.js'
import { CaseBusyError, CaseNotFoundError } from '../store/duckdb.js'
import { registerContain } from './contain.js'
import { registerDetect } from './detect.js'
import { registerFormats } from './formats.js'
import { registerGrep } from './grep.js'
import { registerIngest } from './ingest.js'
import { registerInvestigate } from './investigate.js'
import { registerPivot } from './pivot.js'
import { registerSearch } from './search.js'
import { registerSql } from './sql.js'
import { registerStack } from './stack.js'
import { registerStrip } from './strip.js'
import { registerTimeline } from './timeline.js'
import { UsageError } from './usage-error.js'

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
registerIngest(program)
registerFormats(program)
registerSql(program)
registerStack(program)
registerStrip(program)
registerPivot(program)
registerTimeline(program)
registerGrep(program)
registerSearch(program)
registerDetect(program)
registerInvestigate(program)
registerContain(program)

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
