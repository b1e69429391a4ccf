// `wevtutil qe Security /f:xml` (and /f:RenderedXml) output, and Event Viewer's "Save as XML": a
// sequence of <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"> elements, usually
// one per line, possibly several on a line or one pretty-printed across many, with or without an
// <?xml?> prolog and an <Events> wrapper. Each record starts at the line of its <Event>.
import { excerpt, type FormatModule, type LineParser, type ParseContext } from '../format.js'
import { parseEventXml } from './event-xml.js'
import { windowsEventToDraft } from './winevt-event.js'

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event'

/** An <Event> start tag (not <EventData>, <EventID>, <Events>). */
const EVENT_START = /<Event(?=[\s>/])/g
const EVENT_END = /<\/Event\s*>/g
/** What may stand between events: prolog, the <Events> wrapper, comments, whitespace. */
const BETWEEN_EVENTS = /<\?xml[^>]*\?>|<\/?Events(?:\s[^>]*)?>|<!--[\s\S]*?-->|\s+/g

/** Beyond this one event is given up as unterminated (real events are a few KB). */
const MAX_EVENT_CHARS = 4 * 1024 * 1024

function sniffXml(head: string): number {
  const text = head.replace(/^\uFEFF/, '').slice(0, 64 * 1024)
  if (new RegExp(`<Event\\s+xmlns\\s*=\\s*["']${EVENT_NAMESPACE.replaceAll('.', '\\.')}["']`).test(text)) return 95
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<Events>\s*)?<Event[\s>]/.test(text) && /<System>/.test(text) && /<EventID[\s>]/.test(text)) return 80
  return 0
}

export const wevtutilXmlFormat: FormatModule = {
  id: 'winevt_xml',
  description: 'Windows events as XML: wevtutil qe /f:xml or /f:RenderedXml, Event Viewer "Save as XML", evtx dumps',
  fileNamePatterns: ['*.xml'],
  samples: [
    `<Event xmlns='${EVENT_NAMESPACE}'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4625</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2010-11-18T00:00:31.5468750Z'/><EventRecordID>1201</EventRecordID><Correlation/><Execution ProcessID='500' ThreadID='1800'/><Channel>Security</Channel><Computer>EXCH01</Computer><Security/></System><EventData><Data Name='TargetUserName'>test</Data><Data Name='IpAddress'>203.0.113.7</Data></EventData></Event>\n`,
    `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n<Event xmlns="${EVENT_NAMESPACE}">\n  <System>\n    <Provider Name="MSExchangeTransport" />\n    <EventID Qualifiers="32772">1035</EventID>\n`,
  ],
  sniff: sniffXml,
  open(ctx: ParseContext): LineParser {
    let pending: string[] = []
    let pendingChars = 0
    let startLine = 0

    const emit = (text: string, line: number): void => {
      const parsed = parseEventXml(text)
      if (!parsed.ok) {
        ctx.problem({ line, code: 'bad_line', message: `<Event> not read: ${parsed.error}`, excerpt: excerpt(text) })
        return
      }
      if (parsed.event.timeCreated === undefined) {
        ctx.problem({ line, code: 'bad_date', message: 'the event has no readable TimeCreated/@SystemTime; kept without a timestamp', excerpt: excerpt(text) })
      }
      ctx.emit(windowsEventToDraft(parsed.event, line, ctx.hostHint))
    }

    const between = (text: string, line: number): void => {
      const rest = text.replace(BETWEEN_EVENTS, '')
      if (rest !== '') ctx.problem({ line, code: 'bad_line', message: 'text outside any <Event> element', excerpt: excerpt(text.trim()) })
    }

    const unterminated = (why: string): void => {
      ctx.problem({ line: startLine, code: 'bad_line', message: `<Event> not closed ${why}; its lines skipped`, excerpt: excerpt(pending[0]!) })
      pending = []
      pendingChars = 0
    }

    return {
      line(text, lineNo) {
        if (lineNo === 1) text = text.replace(/^\uFEFF/, '')
        let at = 0
        while (at <= text.length) {
          if (pending.length === 0) {
            EVENT_START.lastIndex = at
            const start = EVENT_START.exec(text)
            between(text.slice(at, start?.index ?? text.length), lineNo)
            if (start === null) return
            at = start.index
            startLine = lineNo
          } else {
            // A new <Event> before this one closed: the earlier one is cut short.
            EVENT_START.lastIndex = at
            const restart = EVENT_START.exec(text)
            EVENT_END.lastIndex = at
            const end = EVENT_END.exec(text)
            if (restart !== null && (end === null || restart.index < end.index)) {
              unterminated(`before the next <Event> at line ${lineNo}`)
              continue
            }
          }
          EVENT_END.lastIndex = at
          const end = EVENT_END.exec(text)
          if (end === null) {
            const piece = text.slice(at)
            pending.push(piece)
            pendingChars += piece.length + 1
            if (pendingChars > MAX_EVENT_CHARS) unterminated(`within ${MAX_EVENT_CHARS} characters`)
            return
          }
          pending.push(text.slice(at, end.index + end[0].length))
          emit(pending.join('\n'), startLine)
          pending = []
          pendingChars = 0
          at = end.index + end[0].length
        }
      },
      end() {
        if (pending.length > 0) {
          ctx.problem({ line: startLine, code: 'truncated', message: 'the file ends inside an <Event>; that event is incomplete', excerpt: excerpt(pending[0]!) })
        }
      },
    }
  },
}
