// A Sigma condition (`selection and not 1 of filter_*`) as a tree, with `x of pattern` resolved to
// the search identifiers it names. Precedence, least binding first: or, and, not, x of, ( ).
import type { ConditionNode } from './ast.js'
import { SigmaSyntaxError } from './yaml-nodes.js'

function tokenize(text: string, line: number | undefined): string[] {
  const tokens: string[] = []
  for (const match of text.matchAll(/\(|\)|[^\s()]+/g)) tokens.push(match[0])
  if (tokens.includes('|') || tokens.some((t) => t.startsWith('|'))) {
    throw new SigmaSyntaxError(`condition "${text}": the aggregation syntax (| count() ...) was retired in Sigma 2; write a correlation rule`, line)
  }
  if (tokens.length === 0) throw new SigmaSyntaxError('the condition is empty', line)
  return tokens
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${body}$`)
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', '(', ')'])

class ConditionParser {
  #i = 0
  constructor(
    readonly tokens: string[],
    readonly names: readonly string[],
    readonly text: string,
    readonly line: number | undefined,
  ) {}

  fail(message: string): never {
    throw new SigmaSyntaxError(`condition "${this.text}": ${message}`, this.line)
  }

  peek(): string | undefined {
    return this.tokens[this.#i]
  }

  peekLower(offset = 0): string | undefined {
    return this.tokens[this.#i + offset]?.toLowerCase()
  }

  next(): string {
    const token = this.tokens[this.#i++]
    if (token === undefined) this.fail('ends too early')
    return token
  }

  parse(): ConditionNode {
    const node = this.or()
    if (this.peek() !== undefined) this.fail(`unexpected "${this.peek()}"`)
    return node
  }

  or(): ConditionNode {
    const parts = [this.and()]
    while (this.peekLower() === 'or') {
      this.next()
      parts.push(this.and())
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts }
  }

  and(): ConditionNode {
    const parts = [this.not()]
    while (this.peekLower() === 'and') {
      this.next()
      parts.push(this.not())
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts }
  }

  not(): ConditionNode {
    if (this.peekLower() === 'not') {
      this.next()
      return { kind: 'not', part: this.not() }
    }
    return this.primary()
  }

  primary(): ConditionNode {
    const token = this.next()
    if (token === '(') {
      const inner = this.or()
      if (this.next() !== ')') this.fail('a "(" is not closed')
      return inner
    }
    if (this.peekLower() === 'of') return this.quantified(token)
    if (KEYWORDS.has(token.toLowerCase())) this.fail(`unexpected "${token}"`)
    if (!this.names.includes(token)) this.fail(`"${token}" is not a search identifier of the detection`)
    return { kind: 'ref', name: token }
  }

  quantified(quantifierText: string): ConditionNode {
    this.next() // of
    const lower = quantifierText.toLowerCase()
    let quantifier: 'all' | number
    if (lower === 'all') quantifier = 'all'
    else if (lower === 'any') quantifier = 1
    else if (/^[1-9]\d*$/.test(lower)) quantifier = Number(lower)
    else this.fail(`"${quantifierText} of": expected 1, all or a count before "of"`)
    const pattern = this.next()
    const names =
      pattern.toLowerCase() === 'them' ? this.names.filter((n) => !n.startsWith('_')) : this.names.filter((n) => globToRegExp(pattern).test(n))
    if (names.length === 0) this.fail(`"${quantifierText} of ${pattern}" names no search identifier`)
    return { kind: 'of', quantifier, names, pattern }
  }
}

/** Parses one condition; `names` are the detection's search identifiers. */
export function parseCondition(text: string, names: readonly string[], line?: number): ConditionNode {
  return new ConditionParser(tokenize(text, line), names, text, line).parse()
}
