// Puts timestamps on records whose times are written in the collecting machine's culture and local
// time (PowerShell output, Event Viewer exports). The day/month order is given (--culture) or
// learnt from the file's own dates; records whose date the order would change wait, bounded, for
// a date that settles it, and if none does the file is refused with the option to give. Times read
// as UTC for want of --tz are counted and said once.
import type { EventDraft } from '../model/event.js'
import { orderEvidence, readLocalTime, type DateOrder } from '../model/local-time.js'
import { excerpt, FileNeedsOptionError, type ParseContext } from './format.js'

/** Records that wait for the order; beyond this the file is refused rather than held in memory. */
const MAX_WAITING = 50_000

export interface TimedRecord {
  event: EventDraft
  /** The time as written. */
  time: string
  /** The writer printed this time in UTC (Get-DatabaseEvent's CreateTime): no zone to apply. */
  timeIsUtc?: boolean
  line: number
  text: string
}

export interface LocalTimes {
  /** Emits the record with its time read, now or once the order is known. */
  add(record: TimedRecord): void
  end(): void
}

export function localTimes(ctx: ParseContext): LocalTimes {
  const given = ctx.localTime?.order
  let order: DateOrder | undefined = given
  const timeZone = ctx.localTime?.timeZone
  const waiting: TimedRecord[] = []
  let readAsUtc = 0

  const place = (r: TimedRecord): void => {
    const reading = readLocalTime(r.time, order, r.timeIsUtc === true ? 'UTC' : timeZone)
    if (reading.kind === 'time') {
      r.event.ts = reading.ms
      if (reading.local) readAsUtc++
    } else {
      ctx.problem({ line: r.line, code: 'bad_date', message: `date/time "${r.time}" could not be read; record kept without a timestamp`, excerpt: excerpt(r.text) })
    }
    ctx.emit(r.event)
  }

  const refuse = (): FileNeedsOptionError =>
    new FileNeedsOptionError(
      `dates such as "${waiting[0]?.time}" can be read day-first or month-first and none in the file settles it: ` +
        'give --culture (e.g. --culture en-US for month/day, --culture en-GB for day/month) or `culture:` in the case context.yaml',
    )

  return {
    add(r) {
      const evidence = orderEvidence(r.time)
      if (order === undefined && evidence !== undefined) {
        order = evidence
        for (const w of waiting.splice(0)) place(w)
      } else if (given === undefined && order !== undefined && evidence !== undefined && evidence !== order) {
        ctx.problem({ line: r.line, code: 'bad_date', message: `"${r.time}" contradicts the day/month order of earlier dates in this file`, excerpt: excerpt(r.text) })
      }
      if (order === undefined && readLocalTime(r.time, undefined, timeZone).kind === 'needs_order') {
        if (waiting.length >= MAX_WAITING) throw refuse()
        waiting.push(r)
        return
      }
      place(r)
    },
    end() {
      if (waiting.length > 0) throw refuse()
      if (readAsUtc > 0) {
        ctx.problem({
          line: 0,
          code: 'local_time',
          message: `${readAsUtc} times are the collecting machine's local time and were read as UTC: give --tz (e.g. --tz Europe/Madrid) or \`time_zone:\` in the case context.yaml`,
        })
      }
    },
  }
}
