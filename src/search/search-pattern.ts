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

/** The characters --ignore-separators drops from pattern and text alike. */
export const SEPARATOR_CHARS = ['-', ' ', ':', '\t'] as const
const SEPARATORS = /[- :\t]/g

export class InvalidPatternError extends Error {}

export interface SearchPattern {
  readonly source: string
  readonly options: PatternOptions
  /** The first match in `text`, with offsets into `text` itself (separators included). */
  find(text: string): TextMatch | undefined
}

export function compilePattern(source: string, options: PatternOptions): SearchPattern {
  if (source === '') throw new InvalidPatternError('the pattern is empty')
  let body = options.regex ? source : escapeRegex(source)
  if (options.ignoreSeparators) {
    body = options.regex ? removeSeparatorsFromRegex(body) : escapeRegex(source.replace(SEPARATORS, ''))
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
  return { source, options, find }
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
