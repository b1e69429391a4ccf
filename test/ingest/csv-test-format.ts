// A tiny format for pipeline tests, so they exercise encodings, archives and hostile input without
// depending on a real log format: each line `YYYY-MM-DDTHH:MM:SSZ,user,ip` is a record; `#` lines are comments.
import type { FormatModule } from '../../src/formats/format.js'
import { excerpt } from '../../src/formats/format.js'

export const csvTestFormat: FormatModule = {
  id: 'exchange_log',
  description: 'test-only: time,user,ip',
  fileNamePatterns: ['*.test'],
  samples: ['#test\n2026-03-11T22:32:15Z,jdoe,10.0.0.1\n'],
  sniff: (head) => (head.startsWith('#test') ? 90 : 0),
  open: (ctx) => ({
    line(text, lineNo) {
      if (text === '' || text.startsWith('#')) return
      const parts = text.split(',')
      const ts = Date.parse(parts[0] ?? '')
      if (parts.length !== 3) {
        ctx.problem({ line: lineNo, code: 'bad_line', message: `expected 3 fields, found ${parts.length}`, excerpt: excerpt(text) })
        return
      }
      ctx.emit({
        dataset: 'exchange_log',
        line: lineNo,
        ...(Number.isNaN(ts) ? {} : { ts }),
        user_name: parts[1]!,
        user_key: parts[1]!.toLowerCase(),
        src_ip: parts[2]!,
        fields: { time: parts[0]!, user: parts[1]!, ip: parts[2]! },
        raw: text,
      })
    },
    end() {},
  }),
}
