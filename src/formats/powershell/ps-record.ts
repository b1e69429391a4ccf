// One object of PowerShell output (a Format-List block, a table row, a CSV row), and the sink the
// three readers hand it to: it picks the cmdlet mapping, reads the time in the file's culture and
// zone, and emits the event. Records whose day/month order is not yet known wait (bounded) until
// a date in the file settles it; if none does, the file is refused with the option to give.
import type { EventDraft } from '../../model/event.js'
import { orderEvidence, readLocalTime, type DateOrder } from '../../model/local-time.js'
import { excerpt, FileNeedsOptionError, type ParseContext } from '../format.js'
import { mappingFor } from './cmdlet-mappings.js'

export interface PsRecord {
  /** 1-based first and last line of the record in the file. */
  line: number
  lastLine: number
  /** Property names and values in their written order; wrapped values joined back. */
  properties: ReadonlyArray<readonly [string, string]>
  /** The record's lines as they stood in the file, joined with \n. */
  text: string
}

/** What a mapping makes of one record: the event, and the written time still to be read. */
export interface MappedRecord {
  event: EventDraft
  time?: string
  /** The cmdlet prints this time in UTC (Get-DatabaseEvent's CreateTime): no zone to apply. */
  timeIsUtc?: boolean
}

/** Records waiting for the day/month order; beyond this the file is refused rather than held. */
const MAX_WAITING = 50_000

export interface PsRecordSink {
  record(record: PsRecord): void
  end(): void
}

export function psRecordSink(ctx: ParseContext): PsRecordSink {
  let order: DateOrder | undefined = ctx.localTime?.order
  const timeZone = ctx.localTime?.timeZone
  const waiting: Array<{ mapped: MappedRecord; line: number; text: string }> = []
  let localTimes = 0
  let firstAmbiguous: string | undefined

  const place = (mapped: MappedRecord, line: number, text: string): void => {
    const reading = readLocalTime(mapped.time!, order, mapped.timeIsUtc === true ? 'UTC' : timeZone)
    if (reading.kind === 'time') {
      mapped.event.ts = reading.ms
      if (reading.local) localTimes++
    } else {
      ctx.problem({ line, code: 'bad_date', message: `date/time "${mapped.time}" could not be read; record kept without a timestamp`, excerpt: excerpt(text) })
    }
    ctx.emit(mapped.event)
  }

  const needsOrder = (): FileNeedsOptionError =>
    new FileNeedsOptionError(
      `dates such as "${firstAmbiguous}" can be read day-first or month-first and none in the file settles it: ` +
        'give --culture (e.g. --culture en-US for month/day, --culture en-GB for day/month) or `culture:` in the case context.yaml',
    )

  return {
    record(record) {
      const mapped = mappingFor(record.properties).map(record, ctx)
      if (mapped.time === undefined) {
        ctx.emit(mapped.event)
        return
      }
      const evidence = orderEvidence(mapped.time)
      if (order === undefined && evidence !== undefined) {
        order = evidence
        for (const w of waiting.splice(0)) place(w.mapped, w.line, w.text)
      } else if (order !== undefined && evidence !== undefined && evidence !== order && ctx.localTime?.order === undefined) {
        ctx.problem({ line: record.line, code: 'bad_date', message: `"${mapped.time}" contradicts the day/month order of earlier dates in this file`, excerpt: excerpt(record.text) })
      }
      if (order === undefined && readLocalTime(mapped.time, undefined, timeZone).kind === 'needs_order') {
        firstAmbiguous ??= mapped.time
        if (waiting.length >= MAX_WAITING) throw needsOrder()
        waiting.push({ mapped, line: record.line, text: record.text })
        return
      }
      place(mapped, record.line, record.text)
    },
    end() {
      if (waiting.length > 0) throw needsOrder()
      if (localTimes > 0) {
        ctx.problem({
          line: 0,
          code: 'local_time',
          message: `${localTimes} times are the collecting machine's local time and were read as UTC: give --tz (e.g. --tz Europe/Madrid) or \`time_zone:\` in the case context.yaml`,
        })
      }
    },
  }
}
