// What the investigator looks for, compiled once: literal text (the default) or a JavaScript regular
// expression, optionally case-insensitive, optionally blind to the separators ids are written with
// (`00-00-5A-3B` in Get-DatabaseEvent, `00005A3B` in message tracking).
import { removeSeparatorsFromRegex } from './regex-without-separators.js'

export interface PatternOptions {
  regex: boolean
  ignoreCase: boolean
  ignoreSeparators: boolean
}

export interface TextMatch {
  /** Offsets into the searched text, end exclusive. */
  start: number
  end: number
}

/** What --ignore-separators drops from pattern and text alike (isSeparator below is the same set). */
const SEPARATORS = /[- :\t]/g
const PASTED_LINE_BREAK = /\r?\n[ \t]*/g

export class InvalidPatternError extends Error {}

export interface SearchPattern {
  readonly source: string
  /** The text a literal pattern looks for (line breaks pasted with it removed); undefined for a regex. */
  readonly literal: string | undefined
  readonly options: PatternOptions
  /** The first match in `text`, with offsets into `text` itself (separators included). */
  find(text: string): TextMatch | undefined
}

export function compilePattern(source: string, options: PatternOptions): SearchPattern {
  // An id copied from wrapped output comes with its line breaks: they are joined as in the text.
  const literal = options.regex ? undefined : source.replace(PASTED_LINE_BREAK, '')
  if (source === '' || literal === '') throw new InvalidPatternError('the pattern is empty')
  let body = literal === undefined ? source : escapeRegex(literal)
  if (options.ignoreSeparators) {
    body = literal === undefined ? removeSeparatorsFromRegex(body) : escapeRegex(literal.replace(SEPARATORS, ''))
    if (body === '') throw new InvalidPatternError(`the pattern "${source}" is nothing but separators (- : space tab), which --ignore-separators ignores`)
  }
  let regex: RegExp
  try {
    // No `u` flag: a literal stays a literal whatever it holds, and case folding never maps a
    // non-ASCII character onto an ASCII one (the case prefilter relies on that).
    regex = new RegExp(body, options.ignoreCase ? 'i' : '')
  } catch (error) {
    throw new InvalidPatternError(`invalid regular expression "${source}": ${(error as Error).message}`)
  }
  const find = options.ignoreSeparators ? (text: string) => findIgnoringSeparators(regex, text) : (text: string) => toMatch(regex.exec(text))
  return { source, literal, options, find }
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
}

function toMatch(found: RegExpExecArray | null): TextMatch | undefined {
  return found === null ? undefined : { start: found.index, end: found.index + found[0].length }
}

// Searches the text with its separators removed, then maps the match back onto the original text;
// the map is only built for a text that matched.
function findIgnoringSeparators(regex: RegExp, text: string): TextMatch | undefined {
  const found = toMatch(regex.exec(text.replace(SEPARATORS, '')))
  if (found === undefined) return undefined
  const start = originalOffset(text, found.start)
  const end = found.end === found.start ? start : originalOffset(text, found.end - 1) + 1
  return { start, end }
}

/** Where the `kept`-th character that is not a separator stands in `text` (text.length past the end). */
function originalOffset(text: string, kept: number): number {
  let seen = 0
  for (let i = 0; i < text.length; i++) {
    if (isSeparator(text.charCodeAt(i))) continue
    if (seen === kept) return i
    seen++
  }
  return text.length
}

function isSeparator(code: number): boolean {
  return code === 0x2d || code === 0x20 || code === 0x3a || code === 0x09
}
