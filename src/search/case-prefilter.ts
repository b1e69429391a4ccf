// Which stored records could hold the pattern, asked of DuckDB so that only those travel to
// TypeScript, where the matcher grep uses has the last word. The filter may let through records the
// matcher then rejects, but must never hold back one it would accept:
// - a record of several lines is compared with every separator and line break removed, from the
//   record and the pattern alike (RE2's \s, dashes and colons): more than the joining rule removes
//   (line breaks, indentation) and more than --ignore-separators removes;
// - a record of one line cannot hold a wrap: without --ignore-separators it is compared as it is,
//   which spares DuckDB the flattening of every IIS line (five times faster);
// - under -i only the pattern's ASCII runs are compared, in order, with ILIKE: JavaScript's
//   case-insensitive matching (without the `u` flag) never folds a non-ASCII character onto an ASCII
//   one, and folds ASCII letters as DuckDB does (non-ASCII folding differs: final sigma);
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
  const { literal, options: { ignoreCase, ignoreSeparators } } = pattern
  if (literal === undefined) return undefined
  const flatNeedle = likeNeedle(literal.replace(FLATTENED_CHARS, ''), ignoreCase)
  if (flatNeedle === undefined) return undefined
  const like = ignoreCase ? 'ILIKE' : 'LIKE'
  const flat = `${FLATTENED_RAW} ${like} ? ESCAPE '\\'`
  if (ignoreSeparators) return { sql: flat, params: [flatNeedle] }
  // Defined whenever flatNeedle is: the pattern holds every character of its flattened form.
  const plainNeedle = likeNeedle(literal, ignoreCase)!
  return { sql: `CASE WHEN contains(raw, chr(10)) THEN ${flat} ELSE raw ${like} ? ESCAPE '\\' END`, params: [flatNeedle, plainNeedle] }
}

/** A LIKE pattern for text containing `needle` (under -i: its ASCII runs, in order), if there is one. */
function likeNeedle(needle: string, ignoreCase: boolean): string | undefined {
  const pieces = (ignoreCase ? needle.split(/[^\x00-\x7f]+/) : [needle]).filter((piece) => piece !== '')
  return pieces.length === 0 ? undefined : `%${pieces.map(escapeLike).join('%')}%`
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&')
}
