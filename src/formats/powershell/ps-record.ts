// One object of PowerShell output (a Format-List block, a table row, a CSV row), and the sink the
// three readers hand it to: it picks the cmdlet mapping, reads the time in the file's culture and
// zone (local-times.ts), and emits the event.
import type { EventDraft } from '../../model/event.js'
import type { ParseContext } from '../format.js'
import { localTimes } from '../local-times.js'
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

export interface PsRecordSink {
  record(record: PsRecord): void
  end(): void
}

export function psRecordSink(ctx: ParseContext): PsRecordSink {
  const times = localTimes(ctx)
  return {
    record(record) {
      const mapped = mappingFor(record.properties).map(record, ctx)
      if (mapped.time === undefined) ctx.emit(mapped.event)
      else times.add({ event: mapped.event, time: mapped.time, line: record.line, text: record.text, ...(mapped.timeIsUtc === true ? { timeIsUtc: true } : {}) })
    },
    end: () => times.end(),
  }
}
