// The output options every analysis command shares: aligned text for a person, --json, --csv and
// --ndjson for machines. Machine formats stream row by row; the text table needs its widths, so
// it is given a bounded number of rows (the commands page with --limit).
import type { Command } from 'commander'
import type { Row } from '../store/store.js'
import { formatCell, renderTable } from './table.js'
import { UsageError } from './usage-error.js'

export interface OutputFlags {
  json?: boolean
  csv?: boolean
  ndjson?: boolean
}

export function addOutputOptions(command: Command): Command {
  return command
    .option('--json', 'rows as a JSON array of objects')
    .option('--csv', 'rows as CSV')
    .option('--ndjson', 'rows as JSON, one object per line (streamed)')
}

function kind(flags: OutputFlags): 'json' | 'csv' | 'ndjson' | 'text' {
  const chosen = (['json', 'csv', 'ndjson'] as const).filter((k) => flags[k] === true)
  if (chosen.length > 1) throw new UsageError(`choose one of --${chosen.join(', --')}`)
  return chosen[0] ?? 'text'
}

/** Checks the flags before any work is done. */
export function checkOutputFlags(flags: OutputFlags): void {
  kind(flags)
}

const csvQuote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

/** Writes rows as they come. `columns` fixes the CSV header (else the first row's keys). */
export async function writeRows(rows: AsyncIterable<Row> | Iterable<Row>, flags: OutputFlags, columns?: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const format = kind(flags)
  let count = 0
  if (format === 'text') {
    const all: Row[] = []
    for await (const row of rows) all.push(row)
    out.write(renderTable(all, columns))
    return all.length
  }
  if (format === 'json') out.write('[')
  let names = columns
  for await (const row of rows) {
    let text: string
    if (format === 'json') text = `${count === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`
    else if (format === 'ndjson') text = `${JSON.stringify(row)}\n`
    else {
      text = ''
      if (count === 0) {
        names ??= Object.keys(row)
        text = `${names.map(csvQuote).join(',')}\n`
      }
      text += `${names!.map((n) => csvQuote(formatCell(row[n]))).join(',')}\n`
    }
    // A slow reader (a pager, a pipe) holds us back rather than the rows piling up in memory.
    if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve))
    count++
  }
  if (format === 'json') out.write(count === 0 ? ']\n' : '\n]\n')
  if (format === 'csv' && count === 0 && columns !== undefined) out.write(`${columns.map(csvQuote).join(',')}\n`)
  return count
}
