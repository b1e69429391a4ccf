// Separators spelled in a regular expression go (they are gone from the text under
// --ignore-separators); the regular expression's own syntax stays.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { removeSeparatorsFromRegex } from '../../src/search/regex-without-separators.js'

test('literal separators go, with any quantifier that applied to them', () => {
  assert.equal(removeSeparatorsFromRegex('5A-3B:6C 4E\t7F'), '5A3B6C4E7F')
  assert.equal(removeSeparatorsFromRegex('5A\\-3B\\ 6C\\:4E\\t7F'), '5A3B6C4E7F')
  assert.equal(removeSeparatorsFromRegex('5A -?3B-*6C-{1,2}4E- +?7F'), '5A3B6C4E7F')
})

test('classes, group syntax, escapes and quantifiers of other atoms stay', () => {
  assert.equal(removeSeparatorsFromRegex('[0-9A-F]{2}(-[0-9A-F]{2})+'), '[0-9A-F]{2}([0-9A-F]{2})+')
  assert.equal(removeSeparatorsFromRegex('(?:a-b)(?=c)(?!d)(?<=e)(?<!f)(?<id>g)\\k<id>'), '(?:ab)(?=c)(?!d)(?<=e)(?<!f)(?<id>g)\\k<id>')
  assert.equal(removeSeparatorsFromRegex('[\\]- ]x\\d+\\s?'), '[\\]- ]x\\d+\\s?')
})
