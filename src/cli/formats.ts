// `exhunt formats`: what exhunt can read.
import type { Command } from 'commander'
import { FORMATS } from '../formats/registry.js'
import { renderTable } from './table.js'

export function registerFormats(program: Command): void {
  program
    .command('formats')
    .description('list every log format exhunt reads')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }) => {
      const rows = FORMATS.map((f) => ({ id: f.id, description: f.description, file_names: f.fileNamePatterns.join(' ') }))
      process.stdout.write(flags.json === true ? `${JSON.stringify(rows, null, 2)}\n` : renderTable(rows))
    })
}
