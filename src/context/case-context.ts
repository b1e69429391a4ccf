// The case context file (`context.yaml` in the case folder, or --context FILE): what the
// investigator knows about the organisation. Read here so far: how the collecting machines wrote
// their times (`time_zone`, `culture`). A bad entry is reported with its line, never ignored.
import fs from 'node:fs'
import path from 'node:path'
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import { checkTimeZone, dateOrderOfCulture } from '../model/local-time.js'

export const CONTEXT_FILE = 'context.yaml'

export interface CaseContext {
  /** Where it was read from; undefined when there is none. */
  file?: string
  timeZone?: string
  culture?: string
}

export class ContextError extends Error {}

/** The context of a case: `--context FILE` when given, else `<case>/context.yaml` when it exists. */
export function loadCaseContext(caseDir: string, explicit?: string): CaseContext {
  const file = explicit ?? path.join(caseDir, CONTEXT_FILE)
  if (explicit === undefined && !fs.existsSync(file)) return {}
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new ContextError(`cannot read the context file ${file}: ${(error as Error).message}`)
  }
  return parseCaseContext(text, file)
}

export function parseCaseContext(text: string, file: string): CaseContext {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return file
    const { line, col } = lines.linePos(offset)
    return `${file}:${line}:${col}`
  }
  const first = doc.errors[0]
  if (first !== undefined) throw new ContextError(`${at(first.pos[0])}: ${first.message.split('\n')[0]}`)
  const context: CaseContext = { file }
  if (doc.contents === null) return context
  if (!isMap(doc.contents)) throw new ContextError(`${at(doc.contents.range?.[0])}: the context file must be a mapping of keys (time_zone:, culture:, ...)`)
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined
    const node = pair.value
    const where = at(isScalar(node) ? node.range?.[0] : isScalar(pair.key) ? pair.key.range?.[0] : undefined)
    const value = isScalar(node) ? node.value : undefined
    if (key === 'time_zone') {
      if (typeof value !== 'string') throw new ContextError(`${where}: time_zone must be an IANA zone name such as Europe/Madrid`)
      try {
        checkTimeZone(value)
      } catch {
        throw new ContextError(`${where}: unknown time zone "${value}" (use an IANA name such as Europe/Madrid or UTC)`)
      }
      context.timeZone = value
    } else if (key === 'culture') {
      if (typeof value !== 'string' || dateOrderOfCulture(value) === 'unknown') {
        throw new ContextError(`${where}: culture must be a culture name such as en-US or en-GB (or mdy / dmy)`)
      }
      context.culture = value
    }
    // Other keys belong to later readers of the context (networks, endpoints, ...).
  }
  return context
}
