// `exhunt timeline`: one ordered timeline across every dataset, near-identical runs collapsed.
import path from 'node:path'
import type { Command } from 'commander'
import { parseTimeBound, TIMELINE_COLUMNS, TimeBoundError, timeline, type TimelineQuery, type TimelineRow } from '../analysis/timeline.js'
import { UnknownValueError } from '../analysis/value-kind.js'
import type { Row } from '../store/store.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { addAnalysisOptions, conditionsOf, type AnalysisFlags } from './analysis-options.js'
import { addOutputOptions, checkOutputFlags, writeRows, type OutputFlags } from './output.js'
import { UsageError } from './usage-error.js'

interface TimelineFlags extends AnalysisFlags, OutputFlags {
  user?: string
  ip?: string
  item?: string
  messageId?: string
  from?: string
  to?: string
  all?: boolean
  limit?: string
}

/** A text table needs its widths before its first line: it is given this many rows unless --limit says. */
const TEXT_LIMIT = 500

const TEXT_COLUMNS = ['ts', 'count', 'until', 'dataset', 'host', 'action', 'client_app', 'user', 'ip', 'status', 'detail', 'evidence']

export function registerTimeline(program: Command): void {
  const command = program
    .command('timeline')
    .description('one timeline across every dataset, with evidence (file, line); runs of near-identical records collapsed with a count')
  addAnalysisOptions(command)
  addOutputOptions(command)
    .option('--user <account>', 'records of this account (ACME\\jdoe, jdoe@acme.example, jdoe)')
    .option('--ip <address>', 'records from this source address or network (198.51.100.0/24)')
    .option('--item <id>', "a mailbox item's life: its ids (dashed or not), its message tracking and its messages")
    .option('--message-id <id>', 'records of this message id')
    .option('--from <time>', 'from this instant (2026-03-11, 2026-03-11T01:00, ...Z or +01:00; UTC without an offset)')
    .option('--to <time>', 'up to this time, inclusive of the whole day, hour, minute or second it names')
    .option('--all', 'every record on its own row (no collapsing)')
    .option('--limit <n>', `rows to show (default: ${TEXT_LIMIT} as a table, all with --json/--csv/--ndjson)`)
    .addHelpText('after', '\nFilters combine (--user and --ip: that account from that address). Rows: ts, last_ts and count of a\ncollapsed run, dataset, host, action, client_app, user, ip, status, user_agent, detail, and the\nevidence: path and line (last_line: the run\'s last line in that file).')
    .action(async (flags: TimelineFlags) => {
      checkOutputFlags(flags)
      // `| head` closes the pipe early: stop quietly, as grep does.
      process.stdout.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error
        process.exit(process.exitCode ?? 0)
      })
      const query = queryOf(flags)
      const text = flags.json !== true && flags.csv !== true && flags.ndjson !== true
      const limit = flags.limit === undefined ? (text ? TEXT_LIMIT : undefined) : positive(flags.limit)
      const store = await openDuckDbStore(flags.case, { readOnly: true })
      try {
        let prepared: Awaited<ReturnType<typeof timeline>>
        try {
          prepared = await timeline(store, query)
        } catch (error) {
          if (error instanceof UnknownValueError) throw new UsageError(error.message)
          throw error
        }
        const iterator = prepared.rows[Symbol.asyncIterator]()
        const first = await iterator.next()
        if (first.done === true) {
          if (!text) await writeRows([], flags, TIMELINE_COLUMNS)
          process.stderr.write(`exhunt: no record ties to ${describe(flags)}\n`)
          process.exitCode = 1
          return
        }
        let shown = 0
        let more = false
        async function* rows(): AsyncIterable<Row> {
          let next: IteratorResult<TimelineRow> = first
          while (next.done !== true) {
            if (limit !== undefined && shown >= limit) {
              more = true
              await iterator.return?.()
              return
            }
            shown++
            yield text ? { ...next.value, until: next.value.count > 1 ? next.value.last_ts : '', evidence: `${path.basename(next.value.path)}:${next.value.line}` } : { ...next.value }
            next = await iterator.next()
          }
        }
        await writeRows(rows(), flags, text ? TEXT_COLUMNS : TIMELINE_COLUMNS)
        if (text) {
          for (const note of prepared.notes) process.stdout.write(`note: ${note}\n`)
          if (more) process.stdout.write(`note: the first ${limit} rows; --limit N for more, --from/--to to narrow, --json/--ndjson for all\n`)
        }
      } finally {
        await store.close()
      }
    })
}

function positive(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--limit must be a positive integer, not "${text}"`)
  return n
}

function queryOf(flags: TimelineFlags): TimelineQuery {
  const bound = (text: string | undefined, end: 'from' | 'to'): number | undefined => {
    if (text === undefined) return undefined
    try {
      return parseTimeBound(text, end)
    } catch (error) {
      if (error instanceof TimeBoundError) throw new UsageError(error.message)
      throw error
    }
  }
  const from = bound(flags.from, 'from')
  const to = bound(flags.to, 'to')
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--from ${flags.from} is after --to ${flags.to}`)
  return {
    ...(flags.user === undefined ? {} : { user: flags.user }),
    ...(flags.ip === undefined ? {} : { ip: flags.ip }),
    ...(flags.item === undefined ? {} : { item: flags.item }),
    ...(flags.messageId === undefined ? {} : { messageId: flags.messageId }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
    ...(flags.all === true ? { all: true } : {}),
    where: conditionsOf(flags),
  }
}

function describe(flags: TimelineFlags): string {
  const parts = [
    flags.user === undefined ? '' : `user ${flags.user}`,
    flags.ip === undefined ? '' : `IP ${flags.ip}`,
    flags.item === undefined ? '' : `item ${flags.item}`,
    flags.messageId === undefined ? '' : `message ${flags.messageId}`,
    flags.from === undefined && flags.to === undefined ? '' : `${flags.from ?? '…'} to ${flags.to ?? '…'}`,
    flags.dataset === undefined && (flags.where ?? []).length === 0 ? '' : 'the --dataset/--where given',
  ].filter((p) => p !== '')
  return parts.length === 0 ? 'the case (it is empty)' : parts.join(', ')
}
