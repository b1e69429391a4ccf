// The pattern alone: literal by default, regex on request, -i, and --ignore-separators mapping a
// match back onto the text as written.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compilePattern, InvalidPatternError, type PatternOptions } from '../../src/search/search-pattern.js'
import { LITERAL } from './search-defaults.js'

function found(source: string, text: string, options: Partial<PatternOptions> = {}): string | undefined {
  const match = compilePattern(source, { ...LITERAL, ...options }).find(text)
  return match === undefined ? undefined : text.slice(match.start, match.end)
}

test('a literal pattern is taken as written: regex characters mean themselves', () => {
  assert.equal(found('a.b(c)', 'xa.b(c)y'), 'a.b(c)')
  assert.equal(found('a.b', 'axb'), undefined)
  assert.equal(found('[0-9]+', 'id [0-9]+ here'), '[0-9]+')
})

test('-i matches upper and lower case alike; without it case matters', () => {
  assert.equal(found('5a-3b', 'ID 5A-3B'), undefined)
  assert.equal(found('5a-3b', 'ID 5A-3B', { ignoreCase: true }), '5A-3B')
})

test('--regex takes a JavaScript regular expression', () => {
  assert.equal(found('5A(-[0-9A-F]{2}){2}', 'x 00-5A-3B-6C-4E', { regex: true }), '5A-3B-6C')
  assert.equal(found('^Item\\w+', 'ItemEntryId : 00', { regex: true }), 'ItemEntryId')
})

test('--ignore-separators finds a dash-less id in the dashed text and reports the text as written', () => {
  assert.equal(found('000000005A3B', 'ItemEntryId : 00-00-00-00-5A-3B-6C', { ignoreSeparators: true }), '00-00-00-00-5A-3B')
  assert.equal(found('00-00-5a 3b', 'x 00:00:5A:3B y', { ignoreSeparators: true, ignoreCase: true }), '00:00:5A:3B')
  assert.equal(found('000000005A3B', '00-00-00-00-5A-3B'), undefined, 'without the option the dashes count')
  assert.equal(found('5A-3B', 'x5A3By', { ignoreSeparators: true, regex: true }), '5A3B', 'separators spelled in a regex are dropped too')
})

test('a literal pasted from wrapped output loses its line breaks and the indentation after them', () => {
  const pasted = '00-00-00-00-5A-3B-6C-4E-69-59-0A-BC-58-29-8B-A9-D5-BF-12-8E-2\r\n                   9-DF-37'
  assert.equal(found(pasted, 'x 00-00-00-00-5A-3B-6C-4E-69-59-0A-BC-58-29-8B-A9-D5-BF-12-8E-29-DF-37-3B'), pasted.replace(/\r\n +/, ''))
  assert.equal(compilePattern(pasted, LITERAL).literal, '00-00-00-00-5A-3B-6C-4E-69-59-0A-BC-58-29-8B-A9-D5-BF-12-8E-29-DF-37')
  assert.equal(compilePattern('a\nb', { ...LITERAL, regex: true }).literal, undefined)
})

test('bad patterns are refused with a reason', () => {
  assert.throws(() => compilePattern('(unclosed', { ...LITERAL, regex: true }), (e: unknown) => e instanceof InvalidPatternError && /invalid regular expression "\(unclosed"/.test(e.message))
  assert.throws(() => compilePattern('', LITERAL), InvalidPatternError)
  assert.throws(() => compilePattern('\n   ', LITERAL), /the pattern is empty/)
  assert.throws(() => compilePattern('- : -', { ...LITERAL, ignoreSeparators: true }), /nothing but separators/)
})
