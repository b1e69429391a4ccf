// A small case for the Sigma tests: Windows events as the EVTX reader normalises them (dataset
// winevt, EventData under its names, System.* values, the event as XML in raw) and IIS requests;
// and helpers that run a rule's own query and runRules over it.
import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import type { DuckDbStore } from '../../../src/store/duckdb.js'
import { compileSigmaRule, parseSigmaText, runRules, type SigmaRule } from '../../../src/detect/sigma/index.js'
import type { FieldCatalog } from '../../../src/detect/sigma/source-sql.js'
import { at, syntheticCase, type TestEvent } from '../../analysis/synthetic-case.js'

const xmlText = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;')

/** A Windows event: provider, event id, channel and EventData (named, or Data1.. for unnamed values). */
export function windowsEvent(options: { provider: string; id: number; channel: string; time: string; data: Record<string, string>; unnamed?: boolean }): TestEvent {
  const { provider, id, channel, data } = options
  const eventData = Object.entries(data)
    .map(([name, value]) => (options.unnamed === true ? `<Data>${xmlText(value)}</Data>` : `<Data Name="${name}">${xmlText(value)}</Data>`))
    .join('')
  const raw = `<Event><System><Provider Name="${provider}"/><EventID>${id}</EventID><Channel>${channel}</Channel><Computer>ws1.acme.example</Computer></System><EventData>${eventData}</EventData></Event>`
  return {
    dataset: 'winevt',
    ts: at(options.time),
    event_code: String(id),
    action: `${provider}/${id}`,
    host_name: 'ws1.acme.example',
    fields: { ...data, 'System.Provider': provider, 'System.EventID': String(id), 'System.Channel': channel, 'System.Computer': 'ws1.acme.example' },
    raw,
  }
}

export const sysmon = (id: number, time: string, data: Record<string, string>): TestEvent =>
  windowsEvent({ provider: 'Microsoft-Windows-Sysmon', id, channel: 'Microsoft-Windows-Sysmon/Operational', time, data })

/** A Security event; like the reader, the account in the user columns and IpAddress as src_ip. */
export const security = (id: number, time: string, data: Record<string, string>, user?: string): TestEvent => ({
  ...windowsEvent({ provider: 'Microsoft-Windows-Security-Auditing', id, channel: 'Security', time, data }),
  ...(user === undefined ? {} : { user_name: user, user_key: user.toLowerCase() }),
  ...(data.IpAddress === undefined ? {} : { src_ip: data.IpAddress }),
})

/** An IIS request as the IIS reader stores it (raw is the W3C line, + for spaces in the agent). */
export function iis(time: string, request: { ip: string; method?: string; path: string; query?: string; status?: number; user?: string; agent?: string }): TestEvent {
  const agent = request.agent ?? 'Mozilla/5.0 (Windows NT 10.0)'
  const fields = {
    'cs-method': request.method ?? 'GET',
    'cs-uri-stem': request.path,
    'cs-uri-query': request.query ?? '-',
    'cs-username': request.user ?? '-',
    'c-ip': request.ip,
    'cs(User-Agent)': agent.replaceAll(' ', '+'),
    'sc-status': String(request.status ?? 200),
    's-sitename': 'W3SVC1',
  }
  const event: TestEvent = {
    dataset: 'iis',
    ts: at(time),
    src_ip: request.ip,
    http_method: fields['cs-method'],
    url_path: request.path,
    http_status: request.status ?? 200,
    user_agent: agent,
    dst_host: 'mail.acme.example',
    fields,
    raw: `2026-03-11 ${time} ${Object.values(fields).join(' ')}`,
  }
  if (request.query !== undefined) event.url_query = request.query
  if (request.user !== undefined) Object.assign(event, { user_name: request.user, user_key: request.user.toLowerCase() })
  return event
}

export async function sigmaCase(t: TestContext, events: readonly TestEvent[]): Promise<DuckDbStore> {
  return syntheticCase(t, { 'C:\\evidence\\case.log': events })
}

export function ruleOf(text: string): SigmaRule {
  const parsed = parseSigmaText(text, 'test.yml')
  assert.deepEqual(parsed.problems, [], 'the rule parses')
  const rule = parsed.rules[0]
  assert.ok(rule !== undefined && rule.kind === 'rule')
  return rule
}

/** The lines a rule matches, by its own query and by runRules: both must agree. */
export async function matchedLines(store: DuckDbStore, text: string, catalog?: FieldCatalog, placeholders?: ReadonlyMap<string, readonly string[]>): Promise<number[]> {
  const rule = ruleOf(text)
  const result = compileSigmaRule(rule, { ...(catalog === undefined ? {} : { catalog }), ...(placeholders === undefined ? {} : { placeholders }) })
  if (!result.ok) assert.fail(`does not compile: ${result.problem.reason}`)
  const rows = await store.query(result.compiled.sql, result.compiled.params)
  const lines = rows.map((r) => Number(r.line)).sort((a, b) => a - b)
  // A second rule of the same logsource makes runRules use its shared table.
  const companion = `${text.replace(/^id: .*$/m, '')}\nid: companion\n`
  const run = await runRules(store, { rules: [rule, ruleOf(companion)], problems: [] }, { evidenceLimit: 1000, ...(placeholders === undefined ? {} : { placeholders }) })
  assert.deepEqual(run.problems, [])
  const viaRun = run.findings.filter((f) => f.rule !== 'companion').flatMap((f) => f.evidence.map((e) => e.line))
  assert.deepEqual([...viaRun].sort((a, b) => a - b), lines, 'runRules finds what the rule query finds')
  return lines
}

/** A detection rule around a detection section (indented 4 spaces) and a logsource. */
export function rule(logsource: string, detection: string): string {
  return `title: test rule\nid: rule-under-test\nlevel: high\nlogsource:\n${logsource}\ndetection:\n${detection}\n`
}

export const PROCESS_CREATION = '    product: windows\n    category: process_creation'
export const WEBSERVER = '    category: webserver'
