// The derived fields exhunt.outside_business_hours and exhunt.local_time of the exhunt logsource
// (src/detect/exhunt-logsource.ts), computed from the context's business_hours and time_zone
// (src/context/case-context.ts) as the pack gets them (src/detect/placeholders.ts ruleEnvironment),
// read by tiny Sigma rules through runRules. The convention tested: a record is inside when its
// local day is one of the business days and its local hh:mm is at or after the start and before the
// end (start inclusive, end exclusive, to the minute: 09:00 and 17:59:59 are inside, 08:59 and
// 18:00 outside).
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { ruleEnvironment } from '../../src/detect/placeholders.js'
import { runRules } from '../../src/detect/sigma/index.js'
import type { DuckDbStore } from '../../src/store/duckdb.js'
import type { TestEvent } from '../analysis/synthetic-case.js'
import { ruleOf, sigmaCase } from './sigma/sigma-case.js'
import { contextOf } from './detect-case.js'

/** An IIS record at a UTC instant (ISO text without the Z). */
const record = (utc: string): TestEvent => ({ dataset: 'iis', ts: Date.parse(`${utc}Z`), src_ip: '203.0.113.5', url_path: '/owa/', http_status: 200 })

const exhuntRule = (id: string, selection: string): string =>
  `title: ${id}\nid: ${id}\nlevel: low\nlogsource:\n    product: exhunt\ndetection:\n    selection:\n        ${selection}\n    condition: selection\n`

/** The lines each rule (id → selection) matches over the case, with the context's facts as the pack passes them. */
async function matched(store: DuckDbStore, contextYaml: string, rules: Record<string, string>): Promise<Record<string, number[]>> {
  const environment = await ruleEnvironment(store, contextOf(contextYaml))
  const run = await runRules(
    store,
    { rules: Object.entries(rules).map(([id, selection]) => ruleOf(exhuntRule(id, selection))), problems: [] },
    { evidenceLimit: 1000, placeholders: environment.placeholders, facts: environment.facts },
  )
  assert.deepEqual(run.problems, [])
  const out: Record<string, number[]> = {}
  for (const id of Object.keys(rules)) {
    out[id] = run.findings
      .filter((f) => f.rule === id)
      .flatMap((f) => f.evidence.map((e) => e.line))
      .sort((a, b) => a - b)
  }
  return out
}

const HOURS = { outside: 'exhunt.outside_business_hours: true', inside: 'exhunt.outside_business_hours: false', quoted: "exhunt.outside_business_hours: 'true'" }

test('mon-fri 09:00-18:00 in UTC: start inclusive, end exclusive, weekends outside', async (t: TestContext) => {
  const store = await sigmaCase(t, [
    record('2026-03-09T08:59:00'), // 1 Monday 08:59: outside
    record('2026-03-09T09:00:00'), // 2 Monday 09:00: inside
    record('2026-03-09T17:59:00'), // 3 Monday 17:59: inside
    record('2026-03-09T18:00:00'), // 4 Monday 18:00: outside
    record('2026-03-14T12:00:00'), // 5 Saturday noon: outside
    record('2026-03-15T12:00:00'), // 6 Sunday noon: outside
    record('2026-03-13T17:59:59'), // 7 Friday 17:59:59: inside (to the minute)
    record('2026-03-09T08:59:59'), // 8 Monday 08:59:59: outside
    record('2026-03-11T12:00:00'), // 9 Wednesday noon: inside
  ])
  const lines = await matched(store, 'time_zone: UTC\nbusiness_hours: "mon-fri 09:00-18:00"\n', HOURS)
  assert.deepEqual(lines.outside, [1, 4, 5, 6, 8])
  assert.deepEqual(lines.inside, [2, 3, 7, 9])
  assert.deepEqual(lines.quoted, lines.outside, "'true' (as the pack writes it) and true select the same records")
})

test('the time zone shifts the UTC instant: Europe/Madrid in winter (UTC+1) and in summer (UTC+2)', async (t: TestContext) => {
  const store = await sigmaCase(t, [
    record('2026-03-09T07:30:00'), // 1 Monday 08:30 CET: outside (in UTC 07:30, also outside)
    record('2026-03-09T08:30:00'), // 2 Monday 09:30 CET: inside
    record('2026-03-09T08:15:00'), // 3 Monday 09:15 CET: inside, though 08:15 UTC is before 09:00
    record('2026-03-09T17:30:00'), // 4 Monday 18:30 CET: outside, though 17:30 UTC is before 18:00
    record('2026-07-06T07:30:00'), // 5 Monday 09:30 CEST: inside
    record('2026-07-06T06:30:00'), // 6 Monday 08:30 CEST: outside
    record('2026-07-06T16:00:00'), // 7 Monday 18:00 CEST: outside
  ])
  const lines = await matched(store, 'time_zone: Europe/Madrid\nbusiness_hours: "mon-fri 09:00-18:00"\n', HOURS)
  assert.deepEqual(lines.outside, [1, 4, 6, 7])
  assert.deepEqual(lines.inside, [2, 3, 5])
})

test('the business day is the local one: Monday 10:00 in Auckland is Sunday 21:00 UTC', async (t: TestContext) => {
  const store = await sigmaCase(t, [
    record('2026-03-08T21:00:00'), // 1 Monday 9 March 10:00 NZDT (UTC+13): inside
    record('2026-03-13T23:00:00'), // 2 Saturday 14 March 12:00 NZDT: outside
  ])
  const lines = await matched(store, 'time_zone: Pacific/Auckland\nbusiness_hours: "mon-fri 09:00-18:00"\n', HOURS)
  assert.deepEqual(lines.outside, [2])
  assert.deepEqual(lines.inside, [1])
})

test('without business_hours: mon-fri 08:00-18:00, in the context time zone', async (t: TestContext) => {
  const store = await sigmaCase(t, [
    record('2026-03-09T07:59:00'), // 1 Monday 07:59 UTC: outside
    record('2026-03-09T08:00:00'), // 2 Monday 08:00 UTC: inside
    record('2026-03-09T18:00:00'), // 3 Monday 18:00 UTC: outside
  ])
  assert.deepEqual(await matched(store, 'networks: { vpn: [10.8.0.0/16] }\n', HOURS), { outside: [1, 3], inside: [2], quoted: [1, 3] })
  // Europe/Madrid: 07:00 UTC is 08:00 local (inside), 17:00 UTC is 18:00 local (outside).
  const madrid = await matched(store, 'time_zone: Europe/Madrid\n', HOURS)
  assert.deepEqual(madrid.outside, [3])
  assert.deepEqual(madrid.inside, [1, 2])
})

test('exhunt.local_time: the wall-clock time in the context time zone', async (t: TestContext) => {
  const store = await sigmaCase(t, [
    record('2026-03-09T07:30:00'), // 1 08:30:00 CET
    record('2026-07-06T07:30:05'), // 2 09:30:05 CEST
    record('2026-03-08T23:30:00'), // 3 Monday 9 March 00:30:00 CET (the day changes too)
  ])
  const lines = await matched(store, 'time_zone: Europe/Madrid\n', {
    winter: "exhunt.local_time: '2026-03-09 08:30:00'",
    summer: "exhunt.local_time: '2026-07-06 09:30:05'",
    midnight: "exhunt.local_time|startswith: '2026-03-09 00:'",
    utc: "exhunt.local_time: '2026-03-09 07:30:00'",
  })
  assert.deepEqual(lines, { winter: [1], summer: [2], midnight: [3], utc: [] })
  const utc = await matched(store, 'networks: { vpn: [10.8.0.0/16] }\n', { utc: "exhunt.local_time: '2026-03-09 07:30:00'" })
  assert.deepEqual(utc.utc, [1], 'without a time zone, local time is UTC')
})
