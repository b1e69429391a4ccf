// Sigma strings and the encoding modifiers, against the specification's escaping rules and the
// values pySigma computes for the same inputs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { base64OffsetVariants, parseSigmaString, utf16Pattern, windashVariants, withWildcards } from '../../../src/detect/sigma/sigma-string.js'

const shape = (value: string): string =>
  parseSigmaString(value)
    .parts.map((p) => ('text' in p ? `[${p.text}]` : p.wildcard))
    .join('')

test('wildcards and the escaping rules of the specification', () => {
  const cases: Array<[string, string]> = [
    ['C:\\Windows\\x.exe', '[C:\\Windows\\x.exe]'], // a plain backslash stays
    ['C:\\\\Windows', '[C:\\Windows]'], // \\ is one backslash
    ['a\\*b', '[a*b]'], // an escaped wildcard is the character
    ['a\\?b', '[a?b]'],
    ['a\\\\*b', '[a\\]*[b]'], // an escaped backslash, then a wildcard
    ['a\\\\\\*b', '[a\\*b]'], // three: a backslash and a star
    ['\\\\\\\\server', '[\\\\server]'], // four: two backslashes
    ['*.exe', '*[.exe]'],
    ['prog?.exe', '[prog]?[.exe]'],
    ['', ''],
  ]
  for (const [value, expected] of cases) assert.equal(shape(value), expected, value)
})

test('contains/startswith/endswith add one star where there is none', () => {
  const show = (value: string, before: boolean, after: boolean): string =>
    withWildcards(parseSigmaString(value), before, after)
      .parts.map((p) => ('text' in p ? p.text : p.wildcard))
      .join('')
  assert.deepEqual([show('a', true, true), show('*a*', true, true), show('a*', false, true), show('a', true, false)], ['*a*', '*a*', 'a*', '*a'])
})

test('windash: every dash or slash starting a word in five forms, all combinations', () => {
  const texts = (value: string): string[] => windashVariants(parseSigmaString(value)).map((p) => p.parts.map((x) => ('text' in x ? x.text : x.wildcard)).join(''))
  assert.deepEqual(texts(' -enc '), [' -enc ', ' /enc ', ' \u2013enc ', ' \u2014enc ', ' \u2015enc '])
  assert.equal(texts('-a -b').length, 25)
  assert.deepEqual(texts('re-name'), ['re-name'], 'a dash inside a word is left alone')
  assert.deepEqual(texts('*-x*').slice(0, 2), ['*-x*', '*/x*'], 'wildcards are kept')
})

test('base64offset: the three shifts, cut as pySigma cuts them', () => {
  assert.deepEqual(base64OffsetVariants('foobar', false), ['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX'])
  assert.deepEqual(base64OffsetVariants('Invoke-', false), ['SW52b2tlL', 'ludm9rZS', 'JbnZva2Ut'])
})

test('utf16 encodings: bytes of the text, with a byte order mark for utf16', () => {
  const bytes = (encoding: 'utf16le' | 'utf16be' | 'utf16'): number[] => {
    const part = utf16Pattern(parseSigmaString('ab'), encoding).parts[0]!
    return 'text' in part ? [...Buffer.from(part.text, 'latin1')] : []
  }
  assert.deepEqual(bytes('utf16le'), [0x61, 0, 0x62, 0])
  assert.deepEqual(bytes('utf16be'), [0, 0x61, 0, 0x62])
  assert.deepEqual(bytes('utf16'), [0xff, 0xfe, 0x61, 0, 0x62, 0])
})
