// Event Viewer's CSV exports. Since Vista, "Save Selected Events... / Save All Events As... CSV":
// a header `Level,Date and Time,Source,Event ID,Task Category` (`Keywords` first in the Security
// log, translated in other languages) and, as a last unnamed column, the rendered message, quoted,
// with its line breaks. Windows 2003's Event Viewer wrote no header and one more set of columns:
// `Date,Time,Source,Type,Category,Event,User,Computer,Description`. Times are the exporting
// machine's local time in its culture (see model/local-time.ts); the message is read back into
// named values by event-message.ts, so a row normalises like the same event from XML or EVTX.
import { splitCsvLine } from '../exchange/exchange-csv.js'
import { excerpt, type FormatModule, type LineParser, type ParseContext } from '../format.js'
import { localTimes } from '../local-times.js'
import { messageData } from './event-message.js'
import type { WindowsEvent } from './windows-event.js'
import { windowsEventToDraft } from './winevt-event.js'

/** How one file lays its columns out. */
interface Layout {
  readonly level: number
  readonly date: number
  /** Windows 2003 writes the time in its own column. */
  readonly time?: number
  readonly source: number
  readonly eventId: number
  readonly category: number
  readonly user?: number
  readonly computer?: number
  readonly message: number
}

const VISTA: Layout = { level: 0, date: 1, source: 2, eventId: 3, category: 4, message: 5 }
const WINDOWS_2003: Layout = { date: 0, time: 1, source: 2, level: 3, category: 4, eventId: 5, user: 6, computer: 7, message: 8 }

const ENGLISH_HEADER = /^(Level|Keywords),Date and Time,Source,Event ID,Task Category,?$/
const DATE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\.?(\s|$)/
const ROW_2003 = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},\d{1,2}[:.]\d{2}([:.]\d{2})?(\s?[AaPp]\.?[Mm]\.?)?,[^,]*,(Information|Warning|Error|Success Audit|Failure Audit),[^,]*,\d+,/

/** A translated header: five names (a sixth empty one allowed), the fourth an event id. */
function isTranslatedHeader(line: string, next: string | undefined): boolean {
  const names = line.split(',')
  if (names.length === 6 && names[5] === '') names.pop()
  if (names.length !== 5 || names.some((n) => n.trim() === '' || n.includes('"'))) return false
  const second = next === undefined ? undefined : splitCsvLine(next)?.[1]
  return /(^|[\s-])ID($|[\s-])/i.test(names[3]!) && second !== undefined && DATE.test(second)
}

function sniffCsv(head: string): number {
  const [first, second] = head.replace(/^\uFEFF/, '').split(/\r?\n/, 2)
  if (first === undefined) return 0
  if (ENGLISH_HEADER.test(first)) return 90
  if (ROW_2003.test(first)) return 75
  return isTranslatedHeader(first, second) ? 55 : 0
}

const LEVELS: Readonly<Record<string, number>> = { critical: 1, error: 2, warning: 3, information: 4, verbose: 5 }
const AUDIT_KEYWORDS: Readonly<Record<string, string>> = { 'audit success': '0x8020000000000000', 'success audit': '0x8020000000000000', 'audit failure': '0x8010000000000000', 'failure audit': '0x8010000000000000' }

const MAX_ROW_LINES = 10_000

function toEvent(layout: Layout, values: readonly string[]): WindowsEvent | undefined {
  const eventId = values[layout.eventId]?.trim() ?? ''
  if (!/^\d{1,5}$/.test(eventId)) return undefined
  const provider = values[layout.source]?.trim() ?? ''
  const message = values[layout.message] ?? ''
  const level = (values[layout.level] ?? '').trim().toLowerCase()
  const event: WindowsEvent = { provider, eventId: Number(eventId), data: messageData(provider, Number(eventId), message), xml: '' }
  if (LEVELS[level] !== undefined) event.level = LEVELS[level]
  if (AUDIT_KEYWORDS[level] !== undefined) event.keywords = AUDIT_KEYWORDS[level]
  const computer = layout.computer === undefined ? undefined : values[layout.computer]?.trim()
  if (computer !== undefined && computer !== '') event.computer = computer
  return event
}

export const eventViewerCsvFormat: FormatModule = {
  id: 'winevt_csv',
  description: 'Event Viewer CSV export (Level/Keywords,Date and Time,Source,Event ID,Task Category + message; Windows 2003 Date,Time,...,Description)',
  fileNamePatterns: ['*.csv'],
  samples: [
    'Keywords,Date and Time,Source,Event ID,Task Category\nAudit Failure,11/18/2010 12:00:31 AM,Microsoft-Windows-Security-Auditing,4625,Logon,"An account failed to log on.\n\nAccount For Which Logon Failed:\n\tAccount Name:\t\ttest"\n',
    '11/18/2010,12:00:31 AM,Security,Failure Audit,Logon/Logoff ,529,NT AUTHORITY\\SYSTEM,EXCH01,"Logon Failure:\n \tReason:\t\tUnknown user name or bad password\n \tUser Name:\ttest"\n',
  ],
  sniff: sniffCsv,
  open(ctx: ParseContext): LineParser {
    let layout: Layout | undefined
    let pending: string[] = []
    let quotes = 0
    let firstLine = 0
    const times = localTimes(ctx)

    const row = (text: string, line: number): void => {
      const values = splitCsvLine(text)
      if (values === undefined) return
      if (layout === undefined) {
        layout = ROW_2003.test(text) ? WINDOWS_2003 : VISTA
        if (layout === VISTA) return // the header
      }
      const event = toEvent(layout, values)
      if (event === undefined) {
        ctx.problem({ line, code: 'bad_line', message: `no numeric event id in column ${layout.eventId + 1}`, excerpt: excerpt(text) })
        return
      }
      const draft = windowsEventToDraft(event, line, ctx.hostHint)
      draft.raw = text
      const fields = draft.fields as Record<string, string>
      fields['Message'] = values[layout.message] ?? ''
      fields['EventViewer.Level'] = values[layout.level] ?? ''
      fields['EventViewer.TaskCategory'] = (values[layout.category] ?? '').trim()
      if (layout.user !== undefined) fields['EventViewer.User'] = values[layout.user] ?? ''
      const time = layout.time === undefined ? values[layout.date] ?? '' : `${values[layout.date] ?? ''} ${values[layout.time] ?? ''}`
      times.add({ event: draft, time: time.trim(), line, text })
    }

    return {
      line(text, lineNo) {
        if (lineNo === 1) text = text.replace(/^\uFEFF/, '')
        if (pending.length === 0) {
          if (text.trim() === '') return
          firstLine = lineNo
        }
        pending.push(text)
        for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++
        if (quotes % 2 === 0) {
          const joined = pending.join('\n')
          pending = []
          quotes = 0
          row(joined, firstLine)
        } else if (pending.length >= MAX_ROW_LINES) {
          ctx.problem({ line: firstLine, code: 'bad_line', message: `quoted message not closed within ${MAX_ROW_LINES} lines; those lines skipped`, excerpt: excerpt(pending[0]!) })
          pending = []
          quotes = 0
        }
      },
      end() {
        if (pending.length > 0) {
          ctx.problem({ line: firstLine, code: 'truncated', message: 'the file ends inside a quoted message; the last row is incomplete', excerpt: excerpt(pending[0]!) })
        }
        times.end()
      },
    }
  },
}
