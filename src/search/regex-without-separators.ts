// With --ignore-separators the text is searched without its separators, so a regular expression that
// spells them (`5A-3B`, `([0-9A-F]{2}-)+`) must lose them too, or it could never match. Only literal
// separators go: a class keeps its range dash (`[0-9A-F]`), a group keeps its syntax (`(?:`, `(?<id>`),
// and a quantifier that applied to a removed separator (`-?`, ` *`) goes with it.

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/

export function removeSeparatorsFromRegex(source: string): string {
  let out = ''
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (c === '[') {
      const end = classEnd(source, i)
      out += source.slice(i, end)
      i = end
    } else if (c === '(' && source[i + 1] === '?') {
      const end = groupPrefixEnd(source, i)
      out += source.slice(i, end)
      i = end
    } else if (c === '\\') {
      const escaped = source[i + 1]
      if (escaped !== undefined && (isSeparator(escaped) || escaped === 't')) {
        i = afterQuantifier(source, i + 2)
      } else {
        out += source.slice(i, i + 2)
        i += 2
      }
    } else if (isSeparator(c)) {
      i = afterQuantifier(source, i + 1)
    } else {
      out += c
      i++
    }
  }
  return out
}

function isSeparator(c: string): boolean {
  return c === '-' || c === ' ' || c === ':' || c === '\t'
}

function afterQuantifier(source: string, i: number): number {
  const quantifier = QUANTIFIER.exec(source.slice(i, i + 24))
  return quantifier === null ? i : i + quantifier[0].length
}

/** The offset just past the `]` closing the class that opens at `start`. */
function classEnd(source: string, start: number): number {
  let j = start + 1
  while (j < source.length) {
    if (source[j] === '\\') j += 2
    else if (source[j] === ']') return j + 1
    else j++
  }
  return source.length
}

/** The offset just past a group's opening syntax: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`. */
function groupPrefixEnd(source: string, start: number): number {
  const kind = source[start + 2]
  if (kind === ':' || kind === '=' || kind === '!') return start + 3
  if (kind === '<') {
    const next = source[start + 3]
    if (next === '=' || next === '!') return start + 4
    const close = source.indexOf('>', start + 3)
    return close === -1 ? source.length : close + 1
  }
  return start + 2
}
