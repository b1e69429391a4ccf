// Which stored records could hold the pattern, asked of DuckDB so that only those travel to
// TypeScript, where the matcher grep uses has the last word. The filter may let through records the
// matcher then rejects, but must never hold back one it would accept:
// - it compares the record and the pattern with every separator and line break removed (the
//   characters of RE2's \s, dashes and colons), a superset of both what the joining rule removes
//   (line breaks, indentation) and what --ignore-separators removes;
// - under -i it compares only the pattern's ASCII runs, in order, with ILIKE: JavaScript's
//   case-insensitive matching (without the `u` flag) never folds a non-ASCII character onto an ASCII
//   one, and folds ASCII letters exactly as DuckDB does;
// - a regular expression has no such translation (JavaScript and RE2 differ): every record is read.

import type { SearchPattern } from './search-pattern.js'

export interface SqlCondition {
  /** A condition on `raw` of the events table, with `?` placeholders. */
  sql: string
  params: string[]
}

const FLATTENED_RAW = String.raw`regexp_replace(raw, '[-\s:]', '', 'g')`
/** What FLATTENED_RAW removes, applied to the pattern: RE2's \s ([\t\n\f\r ]), '-' and ':'. */
const FLATTENED_CHARS = /[-\t\n\f\r :]/g

export function casePrefilter(pattern: SearchPattern): SqlCondition | undefined {
  if (pattern.options.regex) return undefined
  const needle = pattern.source.replace(FLATTENED_CHARS, '')
  if (!pattern.options.ignoreCase) {
    return needle === '' ? undefined : { sql: `${FLATTENED_RAW} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(needle)}%`] }
  }
  const asciiRuns = needle.split(/[^\x00-\x7f]+/).filter((run) => run !== '')
  if (asciiRuns.length === 0) return undefined
  return { sql: `${FLATTENED_RAW} ILIKE ? ESCAPE '\\'`, params: [`%${asciiRuns.map(escapeLike).join('%')}%`] }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&')
}
