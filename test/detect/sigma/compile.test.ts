// What cannot be compiled is a RuleProblem with the reason and the line, never a silent skip; what
// fails when it runs is one too. Rule values reach SQL only as parameters.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileSigmaRule, runRules } from '../../../src/detect/sigma/index.js'
import { matchedLines, PROCESS_CREATION, rule, ruleOf, sigmaCase, sysmon } from './sigma-case.js'

const detection = (item: string): string => `    sel:\n        ${item}\n    condition: sel`

const PROBLEMS: Array<[string, string, string]> = [
  ['expand', detection("User|expand: '%Administrators%'"), 'line 9: expand: the placeholder %Administrators% has no values: exhunt fills only the placeholders of its own pack (src/detect/placeholders.ts)'],
  ['lookahead', detection("CommandLine|re: 'a(?=b)'"), "line 9: regular expression uses a lookaround, which DuckDB's RE2 engine does not support: a(?=b)"],
  ['backreference', detection("CommandLine|re: '(a)\\1'"), "line 9: regular expression uses a backreference, which DuckDB's RE2 engine does not support: (a)\\1"],
  ['base64 of a wildcard', detection("CommandLine|base64: 'a*'"), 'line 9: base64 cannot encode a value with wildcards'],
  ['exists needs a boolean', detection('User|exists: yes'), 'line 9: exists takes true or false and no other modifier'],
  ['gt needs a number', detection('ProcessId|gt: many'), 'line 9: gt needs a number, not "many"'],
  ['null takes no modifier', detection('User|contains: null'), 'line 9: a null value cannot take modifiers (contains)'],
  ['a keyword is not a network', "    sel:\n        '|cidr': 10.0.0.0/8\n    condition: sel", 'line 9: a keyword search cannot use cidr (only text and re)'],
  ['re must come first', detection("CommandLine|contains|re: 'a'"), 'line 9: re must be the first modifier of a value'],
  ['re takes no encoding', detection("CommandLine|re|base64: 'a'"), 'line 9: re cannot be followed by base64'],
  ['not a network', detection("DestinationIp|cidr: '10.0.0.300/8'"), 'line 9: "10.0.0.300/8" is not an IPv4 or IPv6 network'],
  ['cidr alone', detection("DestinationIp|cidr|contains: '10.0.0.0/8'"), 'line 9: cidr takes no other modifier'],
]

test('rules that cannot be compiled: the exact reason at the line', () => {
  for (const [name, body, reason] of PROBLEMS) {
    const result = compileSigmaRule(ruleOf(rule(PROCESS_CREATION, body)))
    assert.ok(!result.ok, name)
    assert.deepEqual(result.problem, { rule: 'rule-under-test', path: 'test.yml', reason }, name)
  }
})

test('a logsource exhunt does not read is a problem that names it', () => {
  const result = compileSigmaRule(ruleOf(rule('    product: linux\n    category: process_creation', detection('Image: x'))))
  assert.ok(!result.ok)
  assert.equal(result.problem.reason, 'logsource product=linux category=process_creation: product linux: exhunt reads Windows event logs and web server logs')
})

test('runRules reports what it could not compile and the queries that failed, and runs the rest', async (t) => {
  const store = await sigmaCase(t, [sysmon(1, '01:00', { Image: 'C:\\x.exe', CommandLine: 'zzz' })])
  const text = [
    rule(PROCESS_CREATION, detection("CommandLine|re: '[z-a]'")).replace('rule-under-test', 'bad-range'),
    rule(PROCESS_CREATION, detection("User|expand: '%Admins%'")).replace('rule-under-test', 'placeholder'),
    rule(PROCESS_CREATION, detection("Image|endswith: '\\x.exe'")).replace('rule-under-test', 'fine'),
  ]
  const result = await runRules(store, { rules: text.map(ruleOf), problems: [{ rule: 'broken.yml', path: 'broken.yml', reason: 'line 1: YAML: bad' }] })
  assert.deepEqual(
    result.problems.map((p) => [p.rule, p.reason.replace(/: Invalid Input Error.*/, ': …')]),
    [
      ['broken.yml', 'line 1: YAML: bad'],
      ['placeholder', 'line 9: expand: the placeholder %Admins% has no values: exhunt fills only the placeholders of its own pack (src/detect/placeholders.ts)'],
      ['bad-range', "the rule's query failed: …"],
    ],
  )
  assert.deepEqual(result.findings.map((f) => [f.rule, f.count, f.evidence]), [['fine', 1, [{ path: 'C:\\evidence\\case.log', line: 1 }]]])
  assert.equal(result.rules_run, 1)
  assert.deepEqual(result.timings.map((r) => [r.rule, r.logsource, r.matches]), [
    ['bad-range', 'windows/process_creation', 0],
    ['fine', 'windows/process_creation', 1],
  ])
})

test('rule values and field names never reach the SQL text except as parameters and quoted names', async (t) => {
  const value = "x'); DROP TABLE events; --"
  const field = `Odd "field' name`
  const store = await sigmaCase(t, [sysmon(1, '01:00', { [field]: value, Image: 'a' }), sysmon(1, '01:01', { [field]: 'other', Image: 'b' })])
  const text = rule(PROCESS_CREATION, `    sel:\n        '${field.replaceAll("'", "''")}': "${value}"\n    condition: sel`)
  const compiled = compileSigmaRule(ruleOf(text))
  assert.ok(compiled.ok)
  assert.ok(!compiled.compiled.sql.includes('DROP TABLE'), 'the value is a parameter')
  assert.ok(compiled.compiled.sql.includes(`"f:Odd ""field' name"`), 'the field is a quoted identifier')
  assert.ok(compiled.compiled.params.includes(value.toLowerCase()))
  assert.deepEqual(await matchedLines(store, text), [1])
})

test('expand: placeholders take the values given; none given is a problem; an empty list matches nothing, and under not everything', async (t) => {
  const store = await sigmaCase(t, [
    sysmon(1, '01:00', { Image: 'C:\\a.exe', User: 'ACME\\admin', SourceIp: '10.1.2.3' }),
    sysmon(1, '01:01', { Image: 'C:\\b.exe', User: 'ACME\\backup', SourceIp: '192.0.2.7' }),
    sysmon(1, '01:02', { Image: 'C:\\c.exe', User: 'ACME\\carol', SourceIp: '198.51.100.1' }),
  ])
  const values = new Map<string, string[]>([
    ['admins', ['ACME\\admin', 'acme\\back*']],
    ['inside', ['10.0.0.0/8', '192.0.2.0/24']],
    ['nobody', []],
    ['names', ['a', 'c']],
  ])
  const lines = (item: string, condition = 'sel'): Promise<number[]> =>
    matchedLines(store, rule(PROCESS_CREATION, `    sel:\n        ${item}\n    condition: ${condition}`), undefined, values)
  // Each value is a Sigma string again (wildcards stay wildcards, case-insensitive), alternatives of one another.
  assert.deepEqual(await lines("User|expand: '%admins%'"), [1, 2])
  // Other modifiers apply to the expanded values, whichever side of expand they are written.
  assert.deepEqual(await lines("SourceIp|expand|cidr: '%inside%'"), [1, 2])
  assert.deepEqual(await lines("SourceIp|cidr|expand: '%inside%'"), [1, 2])
  assert.deepEqual(await lines("Image|expand|endswith: '%nobody%.exe'"), [])
  // Text around the placeholder stays.
  assert.deepEqual(await lines("Image|expand: 'C:\\%names%.exe'"), [1, 3])
  // An empty list: nothing matches; negated, everything does.
  assert.deepEqual(await lines("User|expand: '%nobody%'"), [])
  assert.deepEqual(await lines("User|expand: '%nobody%'", 'not sel'), [1, 2, 3])
  assert.deepEqual(await lines("User|expand|neq: '%nobody%'"), [1, 2, 3])
  assert.deepEqual(await lines("SourceIp|expand|cidr: '%nobody%'", 'not sel'), [1, 2, 3])
  // Values given for other placeholders do not help a placeholder nobody defined.
  const unknown = compileSigmaRule(ruleOf(rule(PROCESS_CREATION, detection("User|expand: '%admins%%other%'"))), { placeholders: values })
  assert.ok(!unknown.ok)
  assert.equal(unknown.problem.reason, 'line 9: expand: the placeholder %other% has no values: exhunt fills only the placeholders of its own pack (src/detect/placeholders.ts)')
})
