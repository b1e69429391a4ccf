// Correlation rules over a small case: failed logons of two accounts, a successful logon after
// them, and OWA logons in the IIS log. One finding per group where the correlation holds.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { parseSigmaText, runRules } from '../../../src/detect/sigma/index.js'
import type { TestEvent } from '../../analysis/synthetic-case.js'
import { iis, security, sigmaCase } from './sigma-case.js'

const failed = (time: string, user: string, ip: string): TestEvent => security(4625, time, { TargetUserName: user, IpAddress: ip }, user)
const success = (time: string, user: string): TestEvent => security(4624, time, { TargetUserName: user, IpAddress: '203.0.113.9' }, user)

const EVENTS: TestEvent[] = [
  // admin: six failures in eight minutes from three addresses, then a success
  failed('01:00', 'admin', '203.0.113.9'),
  failed('01:02', 'admin', '203.0.113.9'),
  failed('01:03', 'admin', '203.0.113.10'),
  failed('01:05', 'admin', '203.0.113.11'),
  failed('01:07', 'admin', '203.0.113.9'),
  failed('01:08', 'admin', '203.0.113.9'),
  success('01:09', 'admin'),
  // bob: a success, then two failures an hour apart
  success('02:00', 'bob'),
  failed('02:10', 'bob', '10.0.0.5'),
  failed('03:20', 'bob', '10.0.0.5'),
  // OWA logons: admin shortly after the burst, carol alone
  iis('01:12', { ip: '203.0.113.9', method: 'POST', path: '/owa/auth.owa', user: 'admin', status: 302 }),
  iis('04:00', { ip: '198.51.100.7', method: 'POST', path: '/owa/auth.owa', user: 'carol', status: 302 }),
]

const BASE_RULES = `
title: Failed logon
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    sel:
        EventID: 4625
    condition: sel
---
title: Successful logon
name: successful_logon
logsource:
    product: windows
    service: security
detection:
    sel:
        EventID: 4624
    condition: sel
---
title: OWA logon
name: owa_logon
logsource:
    category: webserver
detection:
    sel:
        cs-method: POST
        cs-uri-stem: /owa/auth.owa
    condition: sel
`

async function findings(t: TestContext, correlation: string) {
  const store = await sigmaCase(t, EVENTS)
  const rules = parseSigmaText(`${BASE_RULES}---\n${correlation}`, 'correlation.yml')
  assert.deepEqual(rules.problems, [])
  const result = await runRules(store, rules)
  return { result, mine: result.findings.filter((f) => f.rule === 'corr') }
}

test('event_count: a group with enough records inside one window', async (t) => {
  const { result, mine } = await findings(t, 'title: Failed logon burst\nid: corr\nlevel: high\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 10m\n    condition:\n        gte: 5\n')
  assert.deepEqual(
    mine.map((f) => [f.title, f.severity, f.count, f.users, f.first_seen, f.last_seen, f.evidence.map((e) => e.line)]),
    [['Failed logon burst (TargetUserName=admin)', 'high', 6, ['admin'], '2026-03-11T01:00:00.000Z', '2026-03-11T01:08:00.000Z', [1, 2, 3, 4, 5, 6]]],
  )
  assert.ok(!result.findings.some((f) => f.rule === 'failed_logon'), 'the rules a correlation refers to do not run on their own')
  assert.deepEqual(mine[0]!.ips, ['203.0.113.10', '203.0.113.11', '203.0.113.9'])
})

test('event_count: a range (gt and lte) counts in fixed windows; a window too short', async (t) => {
  const range = await findings(t, 'title: few\nid: corr\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 2h\n    condition:\n        gt: 1\n        lte: 2\n')
  assert.deepEqual(range.mine.map((f) => [f.title, f.count]), [['few (TargetUserName=bob)', 2]])
  const short = await findings(t, 'title: few\nid: corr\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 1h\n    condition:\n        gte: 2\n')
  assert.deepEqual(short.mine.map((f) => f.title), ['few (TargetUserName=admin)'], "bob's failures are 70 minutes apart")
})

test('value_count: distinct values of a field per group', async (t) => {
  const { mine } = await findings(t, 'title: spread\nid: corr\ncorrelation:\n    type: value_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 30m\n    condition:\n        field: IpAddress\n        gte: 3\n')
  assert.deepEqual(mine.map((f) => [f.title, f.count]), [['spread (TargetUserName=admin)', 6]])
})

test('temporal: all rules within the window, in any order', async (t) => {
  const { mine } = await findings(t, 'title: fail and success\nid: corr\ncorrelation:\n    type: temporal\n    rules: [failed_logon, successful_logon]\n    group-by: [TargetUserName]\n    timespan: 15m\n')
  assert.deepEqual(mine.map((f) => [f.title, f.count]), [['fail and success (TargetUserName=admin)', 7], ['fail and success (TargetUserName=bob)', 2]])
})

test('temporal_ordered: the rules in the order listed', async (t) => {
  const { mine } = await findings(t, 'title: fail then success\nid: corr\ncorrelation:\n    type: temporal_ordered\n    rules: [failed_logon, successful_logon]\n    group-by: [TargetUserName]\n    timespan: 15m\n')
  assert.deepEqual(mine.map((f) => [f.title, f.evidence.map((e) => e.line)]), [['fail then success (TargetUserName=admin)', [1, 2, 3, 4, 5, 6, 7]]])
})

test('aliases: one group across logsources with their own field names', async (t) => {
  const correlation =
    'title: burst then OWA\nid: corr\ncorrelation:\n    type: temporal_ordered\n    rules: [failed_logon, owa_logon]\n    group-by: [account]\n    timespan: 30m\n' +
    '    aliases:\n        account:\n            failed_logon: TargetUserName\n            owa_logon: cs-username\n'
  const { mine } = await findings(t, correlation)
  assert.deepEqual(mine.map((f) => [f.title, f.count, f.ips]), [['burst then OWA (account=admin)', 7, ['203.0.113.10', '203.0.113.11', '203.0.113.9']]])
})

test('generate: the referred rules also run on their own', async (t) => {
  const { result } = await findings(t, 'title: burst\nid: corr\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    generate: true\n    group-by: [TargetUserName]\n    timespan: 10m\n    condition:\n        gte: 5\n')
  assert.deepEqual(result.findings.map((f) => f.rule).sort(), ['corr', 'failed_logon', 'owa_logon', 'successful_logon'])
})

test('a correlation that cannot be compiled is a problem with the reason', async (t) => {
  const unknown = await findings(t, 'title: x\nid: corr\ncorrelation:\n    type: event_count\n    rules: [no_such_rule]\n    group-by: [TargetUserName]\n    timespan: 10m\n    condition:\n        gte: 5\n')
  assert.deepEqual(unknown.result.problems.map((p) => [p.rule, p.reason]), [['corr', 'the correlation refers to "no_such_rule", which is not among the rules loaded']])
  const loop = await findings(
    t,
    'title: a\nname: a\ncorrelation:\n    type: temporal\n    rules: [b, owa_logon]\n    timespan: 10m\n---\ntitle: b\nname: b\ncorrelation:\n    type: temporal\n    rules: [a, owa_logon]\n    timespan: 10m\n---\n' +
      'title: c\nid: corr\ncorrelation:\n    type: temporal\n    rules: [a, owa_logon]\n    timespan: 10m\n',
  )
  assert.match(loop.result.problems.map((p) => p.reason).join('\n'), /refers back to it \(a loop\)/)
  // Two correlations referring to each other, and nothing else: each would hide the other; both are reported.
  const bare = await findings(
    t,
    'title: a\nname: a\ncorrelation:\n    type: temporal\n    rules: [b, owa_logon]\n    timespan: 10m\n---\ntitle: b\nname: b\ncorrelation:\n    type: temporal\n    rules: [a, owa_logon]\n    timespan: 10m\n',
  )
  assert.deepEqual(bare.result.problems.map((p) => p.rule).sort(), ['a', 'b'])
  assert.ok(bare.result.problems.every((p) => /refers back to it \(a loop\)/.test(p.reason)))
  const notGrouped = await findings(
    t,
    'title: inner\nname: inner\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 10m\n    condition:\n        gte: 1\n---\ntitle: outer\nid: corr\ncorrelation:\n    type: temporal\n    rules: [inner, successful_logon]\n    group-by: [IpAddress]\n    timespan: 10m\n',
  )
  assert.deepEqual(notGrouped.result.problems.map((p) => p.reason), ['the referred correlation "inner" passes on only its group-by fields (TargetUserName), not IpAddress'])
  const linux = await findings(
    t,
    'title: linux\nname: linux_rule\nlogsource:\n    product: linux\ndetection:\n    s:\n        F: x\n    condition: s\n---\ntitle: c\nid: corr\ncorrelation:\n    type: temporal\n    rules: [linux_rule, owa_logon]\n    timespan: 10m\n',
  )
  assert.deepEqual(
    linux.result.problems.map((p) => p.reason),
    ['the referred rule "linux_rule" cannot be compiled: logsource product=linux: product linux: exhunt reads Windows event logs and web server logs'],
  )
})

test('chained: temporal_ordered over an event_count burst and a success; only the group-by fields go on', async (t) => {
  const correlation =
    'title: burst\nname: burst\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 10m\n    condition:\n        gte: 5\n---\n' +
    'title: burst then success\nid: corr\nlevel: high\ncorrelation:\n    type: temporal_ordered\n    rules: [burst, successful_logon]\n    group-by: [TargetUserName]\n    timespan: 15m\n'
  const { result, mine } = await findings(t, correlation)
  // admin's six failures (the burst) and the success; bob's two failures are no burst.
  assert.deepEqual(mine.map((f) => [f.title, f.severity, f.count, f.users, f.ips, f.evidence.map((e) => e.line)]), [
    ['burst then success (TargetUserName=admin)', 'high', 7, ['admin'], ['203.0.113.9'], [1, 2, 3, 4, 5, 6, 7]],
  ])
  assert.ok(!result.findings.some((f) => f.rule === 'burst'), 'a referred correlation does not run on its own')
  // A burst after the success is not "then".
  const late = await findings(t, correlation.replace('[burst, successful_logon]', '[successful_logon, burst]'))
  assert.deepEqual(late.mine, [])
  // value_count over a chained correlation counts the values of its group-by field (admin and bob failed within a day); the accounts stay, being the group values
  const spread = await findings(
    t,
    'title: any failure\nname: anyfail\ncorrelation:\n    type: event_count\n    rules: [failed_logon]\n    group-by: [TargetUserName]\n    timespan: 1m\n    condition:\n        gte: 1\n---\n' +
      'title: accounts failing\nid: corr\ncorrelation:\n    type: value_count\n    rules: [anyfail]\n    timespan: 1d\n    condition:\n        field: TargetUserName\n        gte: 2\n',
  )
  assert.deepEqual(spread.mine.map((f) => [f.title, f.count, f.users]), [['accounts failing', 8, ['admin', 'bob']]])
})
