// PowerShell Export-Csv output (and the Microsoft 365 audit log export, which is one): an optional
// `#TYPE` line, a header row, then one record per row, every field usually quoted, quotes doubled,
// newlines kept inside quoted values (so one record may span several lines).
import { splitCsvLine } from '../exchange/exchange-csv.js'
import { excerpt, type FormatModule, type LineParser, type ParseContext } from '../format.js'
import { psRecordSink } from './ps-record.js'
import { looksLikeKnownCmdlet } from './sniff-names.js'

/** Lines one quoted value may span before the row is given up as unterminated. */
const MAX_ROW_LINES = 10_000

/** The header's delimiter: `,`, or `;` as Export-Csv -UseCulture writes it in many locales. */
function delimiterOf(header: string): ',' | ';' {
  const commas = header.split(',').length
  const semicolons = header.split(';').length
  return semicolons > commas ? ';' : ','
}

function headerOf(head: string): { names: string[]; typed: boolean } | undefined {
  const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/, 3)
  const typed = lines[0]?.startsWith('#TYPE ') === true
  const header = typed ? lines[1] : lines[0]
  if (header === undefined || header.trim() === '') return undefined
  const names = splitCsvLine(header, delimiterOf(header))
  if (names === undefined || names.length < 2 || names.some((n) => n.trim() === '')) return undefined
  return { names, typed }
}

export const exportCsvFormat: FormatModule = {
  id: 'ps_csv',
  description: 'PowerShell Export-Csv output (with or without #TYPE) and the Microsoft 365 unified audit log CSV export',
  fileNamePatterns: ['*.csv'],
  samples: [
    '#TYPE Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent\n"Timestamp","EventId","Source","MessageId"\n"3/11/2026 10:32:15 PM","SUBMIT","STOREDRIVER","<a@b>"\n',
    'CreationDate,UserIds,Operations,AuditData\n2026-03-11T22:32:15.0000000Z,mgarcia@acme.example,Send,"{""Operation"":""Send""}"\n',
  ],
  sniff(head) {
    const header = headerOf(head)
    if (header === undefined) return 0
    const known = looksLikeKnownCmdlet(header.names)
    if (header.typed) return known ? 85 : 70
    const quoted = /^\uFEFF?"[^"]+"[,;]"/.test(head)
    if (known) return 70
    return quoted ? 40 : 0
  },
  open(ctx: ParseContext): LineParser {
    const sink = psRecordSink(ctx)
    let names: string[] | undefined
    let delimiter: ',' | ';' = ','
    let pending: string[] = []
    let firstLine = 0

    const row = (text: string, lineNo: number, lastLine: number): void => {
      const values = splitCsvLine(text, delimiter)
      if (values === undefined) return
      if (names === undefined) {
        names = values.map((n) => n.trim())
        return
      }
      if (values.length !== names.length) {
        ctx.problem({
          line: lineNo,
          code: 'bad_line',
          message: `${values.length} values for ${names.length} columns; kept by position`,
          excerpt: excerpt(text),
        })
      }
      const properties = names.map((name, i) => [name, values[i] ?? ''] as const)
      sink.record({ line: lineNo, lastLine, properties, text })
    }

    return {
      line(text, lineNo) {
        if (pending.length === 0) {
          if (lineNo === 1) text = text.replace(/^\uFEFF/, '')
          if (names === undefined && text.startsWith('#TYPE ')) return
          if (text.trim() === '') return
          if (names === undefined) delimiter = delimiterOf(text)
          firstLine = lineNo
        }
        pending.push(text)
        const joined = pending.join('\n')
        if (splitCsvLine(joined, delimiter) !== undefined) {
          pending = []
          row(joined, firstLine, lineNo)
        } else if (pending.length >= MAX_ROW_LINES) {
          ctx.problem({ line: firstLine, code: 'bad_line', message: `quoted value not closed within ${MAX_ROW_LINES} lines; those lines skipped`, excerpt: excerpt(pending[0]!) })
          pending = []
        }
      },
      end() {
        if (pending.length > 0) {
          ctx.problem({ line: firstLine, code: 'truncated', message: 'the file ends inside a quoted value; the last row is incomplete', excerpt: excerpt(pending[0]!) })
        }
        sink.end()
      },
    }
  },
}
