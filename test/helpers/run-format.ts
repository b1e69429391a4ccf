// Runs one format over text, through the front door (sniff, then parse), without files or a store.
import type { FormatModule, LocalTimeOptions, ProblemDraft } from '../../src/formats/format.js'
import type { EventDraft } from '../../src/model/event.js'

export interface FormatRun {
  events: EventDraft[]
  problems: ProblemDraft[]
}

export function runFormat(format: FormatModule, text: string, options: { fileName?: string; hostHint?: string; localTime?: LocalTimeOptions } = {}): FormatRun {
  const events: EventDraft[] = []
  const problems: ProblemDraft[] = []
  const parser = format.open({
    fileName: options.fileName ?? 'test.log',
    ...(options.hostHint === undefined ? {} : { hostHint: options.hostHint }),
    ...(options.localTime === undefined ? {} : { localTime: options.localTime }),
    emit: (e) => events.push(e),
    problem: (p) => problems.push(p),
  })
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  lines.forEach((line, i) => parser.line(line.endsWith('\r') ? line.slice(0, -1) : line, i + 1))
  parser.end()
  return { events, problems }
}
