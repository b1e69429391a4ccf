// Sigma documents read into typed rules: metadata, logsource, the shapes of a detection, values
// kept as written, conditions, multi-document files, collections; and what is not valid Sigma
// reported with its line while the rest of the file still loads.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseSigmaText } from '../../../src/detect/sigma/index.js'
import type { ConditionNode, SigmaRule } from '../../../src/detect/sigma/ast.js'

const RULE = `title: Whoami Execution
id: 929a690e-bef0-4204-a928-ef5e620d6fcc
status: test
description: Detects a whoami.exe execution
references:
    - https://example.org/whoami
author: someone
date: 2019-10-23
tags:
    - attack.discovery
    - attack.t1033
logsource:
    category: Process_Creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
        TicketOptions: 0x40810000
        Count: 0017
        Flag: true
        Empty: ''
        Absent: null
    keywords:
        - 'whoami /all'
        - 42
    maps:
        - CommandLine|contains|all: [a, b]
        - User: x
          Other: y
    condition: selection and not (keywords or 1 of maps*)
falsepositives:
    - Admins
level: HIGH
`

function only(text: string): SigmaRule {
  const parsed = parseSigmaText(text, 'rules/whoami.yml')
  assert.deepEqual(parsed.problems, [])
  assert.equal(parsed.rules.length, 1)
  const rule = parsed.rules[0]!
  assert.equal(rule.kind, 'rule')
  return rule as SigmaRule
}

test('metadata, logsource and the shapes of a detection', () => {
  const rule = only(RULE)
  assert.deepEqual(
    [rule.title, rule.id, rule.status, rule.level, rule.references, rule.tags, rule.falsepositives, rule.author, rule.date],
    ['Whoami Execution', '929a690e-bef0-4204-a928-ef5e620d6fcc', 'test', 'high', ['https://example.org/whoami'], ['attack.discovery', 'attack.t1033'], ['Admins'], 'someone', '2019-10-23'],
  )
  assert.deepEqual(rule.logsource, { category: 'process_creation', product: 'windows' })
  assert.deepEqual(rule.source, { path: 'rules/whoami.yml', line: 1 })
  const selection = rule.detection.identifiers.get('selection')!
  assert.equal(selection.alternatives.length, 1)
  assert.deepEqual(
    selection.alternatives[0]!.items.map((i) => [i.field, i.modifiers, i.values, i.line]),
    [
      ['Image', ['endswith'], [{ kind: 'string', text: '\\whoami.exe' }], 17],
      ['TicketOptions', [], [{ kind: 'number', text: '0x40810000' }], 18],
      ['Count', [], [{ kind: 'number', text: '0017' }], 19],
      ['Flag', [], [{ kind: 'boolean', value: true }], 20],
      ['Empty', [], [{ kind: 'string', text: '' }], 21],
      ['Absent', [], [{ kind: 'null' }], 22],
    ],
  )
  const keywords = rule.detection.identifiers.get('keywords')!
  assert.deepEqual(keywords.alternatives.map((g) => g.items.map((i) => [i.field, i.values])), [[[null, [{ kind: 'string', text: 'whoami /all' }, { kind: 'number', text: '42' }]]]])
  const maps = rule.detection.identifiers.get('maps')!
  assert.deepEqual(
    maps.alternatives.map((g) => g.items.map((i) => i.field)),
    [['CommandLine'], ['User', 'Other']],
    'a list of maps: each map one alternative',
  )
})

function condition(text: string, names = ['a', 'b', 'c', 'sel_1', 'sel_2', '_hidden']): ConditionNode {
  const identifiers = names.map((n) => `    ${n}:\n        F: x`).join('\n')
  return only(`title: t\nlogsource:\n    product: windows\ndetection:\n${identifiers}\n    condition: ${text}\n`).detection.condition
}

test('conditions: precedence, not, parentheses, x of patterns, them', () => {
  const ref = (name: string): ConditionNode => ({ kind: 'ref', name })
  assert.deepEqual(condition('a or b and not c'), { kind: 'or', parts: [ref('a'), { kind: 'and', parts: [ref('b'), { kind: 'not', part: ref('c') }] }] })
  assert.deepEqual(condition('(a or b) and c'), { kind: 'and', parts: [{ kind: 'or', parts: [ref('a'), ref('b')] }, ref('c')] })
  assert.deepEqual(condition('not not a'), { kind: 'not', part: { kind: 'not', part: ref('a') } })
  assert.deepEqual(condition('1 of sel_*'), { kind: 'of', quantifier: 1, names: ['sel_1', 'sel_2'], pattern: 'sel_*' })
  assert.deepEqual(condition('ALL OF them'), { kind: 'of', quantifier: 'all', names: ['a', 'b', 'c', 'sel_1', 'sel_2'], pattern: 'them' })
  assert.deepEqual(condition('any of _*'), { kind: 'of', quantifier: 1, names: ['_hidden'], pattern: '_*' })
  assert.deepEqual(condition('2 of *'), { kind: 'of', quantifier: 2, names: ['a', 'b', 'c', 'sel_1', 'sel_2', '_hidden'], pattern: '*' })
  assert.deepEqual(condition('a and 1 of sel_* and not b'), {
    kind: 'and',
    parts: [ref('a'), { kind: 'of', quantifier: 1, names: ['sel_1', 'sel_2'], pattern: 'sel_*' }, { kind: 'not', part: ref('b') }],
  })
})

test('a correlation file: the rules and the correlation, each a document', () => {
  const parsed = parseSigmaText(
    'title: base\nname: base_rule\nlogsource:\n    product: windows\n    service: security\ndetection:\n    s:\n        EventID: 4625\n    condition: s\n---\n' +
      'title: burst\nid: c1\ncorrelation:\n    type: value_count\n    rules:\n        - base_rule\n    group-by:\n        - TargetUserName\n    timespan: 90m\n    condition:\n        field: IpAddress\n        gt: 3\n' +
      '    aliases:\n        who:\n            base_rule: TargetUserName\nlevel: critical\n',
    'mr.yml',
  )
  assert.deepEqual(parsed.problems, [])
  const [base, correlation] = parsed.rules
  assert.equal(base?.kind, 'rule')
  assert.ok(correlation?.kind === 'correlation')
  assert.deepEqual(
    [correlation.type, correlation.rules, correlation.groupBy, correlation.timespanMs, correlation.condition, correlation.field, correlation.generate, correlation.level, correlation.source.line],
    ['value_count', ['base_rule'], ['TargetUserName'], 90 * 60_000, [{ op: 'gt', value: 3 }], 'IpAddress', false, 'critical', 11],
  )
  assert.deepEqual([...correlation.aliases.get('who')!], [['base_rule', 'TargetUserName']])
})

test('Sigma 1 collections: action global, reset and repeat', () => {
  const parsed = parseSigmaText(
    'action: global\ntitle: shared\nlogsource:\n    product: windows\ndetection:\n    condition: sel\nlevel: low\n---\n' +
      'logsource:\n    service: security\ndetection:\n    sel:\n        EventID: 1\n---\naction: repeat\ndetection:\n    sel:\n        EventID: 2\n---\naction: reset\n---\n' +
      'title: alone\nlogsource:\n    product: windows\ndetection:\n    sel:\n        EventID: 3\n    condition: sel\n',
    'collection.yml',
  )
  assert.deepEqual(parsed.problems, [])
  assert.deepEqual(
    parsed.rules.map((r) => (r.kind === 'rule' ? [r.title, r.level, r.logsource, r.detection.identifiers.get('sel')!.alternatives[0]!.items[0]!.values] : [])),
    [
      ['shared', 'low', { product: 'windows', service: 'security' }, [{ kind: 'number', text: '1' }]],
      ['shared', 'low', { product: 'windows', service: 'security' }, [{ kind: 'number', text: '2' }]],
      ['alone', undefined, { product: 'windows' }, [{ kind: 'number', text: '3' }]],
    ],
  )
})

test('what is not valid Sigma is a problem with its line; the other documents load', () => {
  const good = 'title: good\nid: good\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: s\n'
  const bad: Array<[string, string]> = [
    ['title: m\nid: m1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F|contain: x\n    condition: s\n', 'line 7: "F|contain": unknown modifier "contain"'],
    ['title: c\nid: c1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: s and t\n', 'line 8: condition "s and t": "t" is not a search identifier of the detection'],
    ['title: a\nid: a1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: s | count() by F > 3\n', 'line 8: condition "s | count() by F > 3": the aggregation syntax (| count() ...) was retired in Sigma 2; write a correlation rule'],
    ['title: p\nid: p1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: (s\n', 'line 8: condition "(s": ends too early'],
    ['title: o\nid: o1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: 1 of nothing*\n', 'line 8: condition "1 of nothing*": "1 of nothing*" names no search identifier'],
    ['title: l\nid: l1\nlevel: severe\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: s\n', 'line 3: level "severe": expected one of informational, low, medium, high, critical'],
    ['id: n1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: x\n    condition: s\n', 'line 1: the rule has no title'],
    ['title: e\nid: e1\nlogsource:\n    product: windows\ndetection:\n    s: []\n    condition: s\n', 'line 6: search identifier "s" is an empty list'],
    ['title: v\nid: v1\nlogsource:\n    product: windows\ndetection:\n    s:\n        F:\n            a: b\n    condition: s\n', 'line 7: "F": the value must be a single value or a list'],
    ['title: t\nid: t1\ncorrelation:\n    type: value_sum\n    rules: [x]\n    timespan: 1h\n', 'line 4: correlation type "value_sum" is not supported (supported: event_count, value_count, temporal, temporal_ordered)'],
    ['title: s\nid: s1\ncorrelation:\n    type: event_count\n    rules: [x]\n    timespan: 1 hour\n    condition:\n        gte: 1\n', 'line 6: timespan "1 hour": expected a number and s, m, h, d or w (e.g. 90m)'],
    ['title: y\nid: y1\ndetection: [unclosed\n', 'line 4: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ]
  for (const [text, reason] of bad) {
    const parsed = parseSigmaText(`${good}---\n${text}---\n${good.replace('id: good', 'id: good2')}`, 'mixed.yml')
    assert.deepEqual(parsed.rules.map((r) => r.id), ['good', 'good2'], reason)
    assert.equal(parsed.problems.length, 1, reason)
    // Lines are counted in the whole file: the bad document starts on line 10.
    const expected = reason.replace(/^line (\d+)/, (_, n: string) => `line ${Number(n) + 9}`)
    assert.equal(parsed.problems[0]!.reason, expected)
    assert.equal(parsed.problems[0]!.path, 'mixed.yml')
  }
})
