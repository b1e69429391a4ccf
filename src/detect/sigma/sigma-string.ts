// Sigma strings: text with the wildcards * and ? (escaped with \), and the transformations of the
// encoding modifiers (windash, base64, base64offset, utf16*) applied to them.

export type PatternPart = { text: string } | { wildcard: '*' | '?' }

/**
 * A string value as parts. `binary` marks text whose characters stand for bytes (after utf16*),
 * so that base64 encodes those bytes rather than their UTF-8 form.
 */
export interface Pattern {
  parts: PatternPart[]
  binary: boolean
}

function pushText(parts: PatternPart[], text: string): void {
  if (text === '') return
  const last = parts[parts.length - 1]
  if (last !== undefined && 'text' in last) last.text += text
  else parts.push({ text })
}

/** `\*` and `\?` are the characters themselves, `\\` one backslash, any other `\` stays as it is. */
export function parseSigmaString(value: string): Pattern {
  const parts: PatternPart[] = []
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    if (c === '\\') {
      const next = value[i + 1]
      if (next === '*' || next === '?' || next === '\\') {
        pushText(parts, next)
        i++
      } else pushText(parts, c)
    } else if (c === '*' || c === '?') parts.push({ wildcard: c })
    else pushText(parts, c)
  }
  return { parts, binary: false }
}

export function plainPattern(text: string): Pattern {
  return { parts: text === '' ? [] : [{ text }], binary: false }
}

export function hasWildcards(pattern: Pattern): boolean {
  return pattern.parts.some((p) => 'wildcard' in p)
}

/** The text of a pattern without wildcards (undefined when it has some). */
export function plainText(pattern: Pattern): string | undefined {
  if (hasWildcards(pattern)) return undefined
  return pattern.parts.map((p) => ('text' in p ? p.text : '')).join('')
}

export function withWildcards(pattern: Pattern, before: boolean, after: boolean): Pattern {
  const parts = [...pattern.parts]
  const isStar = (p: PatternPart | undefined): boolean => p !== undefined && 'wildcard' in p && p.wildcard === '*'
  if (before && !isStar(parts[0])) parts.unshift({ wildcard: '*' })
  if (after && !isStar(parts[parts.length - 1])) parts.push({ wildcard: '*' })
  return { parts, binary: pattern.binary }
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'] as const

/**
 * windash: every `-` or `/` that starts a word after a non-word character (pySigma's `\B[-/]\b`)
 * in each of its forms: -, /, en dash, em dash, horizontal bar; all combinations.
 */
export function windashVariants(pattern: Pattern): Pattern[] {
  let variants: PatternPart[][] = [[]]
  for (const part of pattern.parts) {
    if ('wildcard' in part) {
      variants = variants.map((v) => [...v, part])
      continue
    }
    // Split the text at the dashes to vary, then multiply the variants by each dash form.
    const pieces = part.text.split(/\B[-/]\b/)
    let texts = [pieces[0]!]
    for (const piece of pieces.slice(1)) texts = texts.flatMap((t) => DASHES.map((d) => t + d + piece))
    variants = variants.flatMap((v) => texts.map((t) => [...v, { text: t }]))
  }
  return variants.map((parts) => ({ parts, binary: pattern.binary }))
}

function bytesOf(text: string, binary: boolean): Buffer {
  return Buffer.from(text, binary ? 'latin1' : 'utf8')
}

export function base64Of(text: string, binary: boolean): string {
  return bytesOf(text, binary).toString('base64')
}

/**
 * base64offset: the value encoded at the three byte offsets it can have inside a longer base64
 * text, each cut to the characters that do not depend on its neighbours (pySigma's algorithm).
 */
export function base64OffsetVariants(text: string, binary: boolean): string[] {
  const data = bytesOf(text, binary)
  const starts = [0, 2, 3]
  const ends = [undefined, -3, -2]
  return [0, 1, 2].map((i) => {
    const encoded = Buffer.concat([Buffer.alloc(i, 0x20), data]).toString('base64')
    return encoded.slice(starts[i], ends[(data.length + i) % 3])
  })
}

/** utf16le / wide, utf16be, utf16 (little-endian with a byte order mark): text parts as byte strings. */
export function utf16Pattern(pattern: Pattern, encoding: 'utf16le' | 'utf16be' | 'utf16'): Pattern {
  const encode = (text: string): string => {
    const le = Buffer.from(text, 'utf16le')
    if (encoding === 'utf16be') le.swap16()
    return le.toString('latin1')
  }
  const parts: PatternPart[] = pattern.parts.map((p) => ('text' in p ? { text: encode(p.text) } : p))
  if (encoding === 'utf16') parts.unshift({ text: '\xff\xfe' })
  const merged: PatternPart[] = []
  for (const p of parts) {
    if ('text' in p) pushText(merged, p.text)
    else merged.push(p)
  }
  return { parts: merged, binary: true }
}
