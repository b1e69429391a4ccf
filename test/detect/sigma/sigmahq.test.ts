// SigmaHQ's rule set (../shared/realdata/sigma): every rule parses; how many compile for exhunt's
// logsources and why the others do not; and its regression data: each rule whose folder holds an
// EVTX fires on that file's events, as many times as its info.yml says.
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { compileSigmaRule, loadSigmaRules, runRules, type RuleSet } from '../../../src/detect/sigma/index.js'
import { FORMATS } from '../../../src/formats/registry.js'
import { ingestPaths } from '../../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../../src/store/duckdb.js'
import { realdata } from '../../helpers/realdata.js'
import { tempDir } from '../../helpers/temp-dir.js'

const RULE_FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting']

/** Documents of SigmaHQ that are not valid Sigma, with the reason (none at the pinned commit). */
const INVALID: Record<string, string> = {}

/** Regression folders whose rule is not expected to fire, with the reason. */
const NOT_EXPECTED_TO_FIRE: Record<string, string> = {
  'rules/cisco/aaa/cisco_cli_dot1x_disabled': 'its event is Cisco AAA text (.raw), not an EVTX: exhunt has no reader for Cisco logs',
}

/**
 * Regression folders whose EVTX holds more matching events than info.yml's match_count: each event
 * was checked with evtx_dump.py against the rule as written.
 */
const MATCH_COUNT_DIFFERS: Record<string, { matches: number; reason: string }> = {
  'rules/windows/file/file_event/file_event_win_anydesk_artefact': {
    matches: 3,
    reason: 'info.yml says 1, but user.conf.new is written twice and user.conf~RF2d9c20d.TMP once: all three contain \\AppData\\Roaming\\AnyDesk\\user.conf',
  },
  'rules/windows/registry/registry_set/registry_set_change_security_zones': {
    matches: 3,
    reason: 'info.yml says 1, but the file holds three Sysmon 13 events (http, https, * under ZoneMap\\Domains\\bad-domain.com) set to DWORD 2, each matching',
  },
}

/** The summary key of a reason: the product (with the category for operating systems), or the reason without its line. */
function reasonGroup(reason: string): string {
  const logsource = /^logsource (.*?):/.exec(reason)
  if (logsource === null) return reason.replace(/^line \d+: /, '').replace(/%[^%]+%/g, '%…%')
  const parts = Object.fromEntries(logsource[1]!.split(' ').map((p) => p.split('=') as [string, string]))
  if (parts.product === undefined) return parts.category === undefined ? `logsource service=${parts.service}` : `logsource category=${parts.category}`
  return /^(linux|macos|windows)$/.test(parts.product) && parts.category !== undefined ? `logsource product=${parts.product} category=${parts.category}` : `logsource product=${parts.product}`
}

async function loadSigmaHq(t: TestContext): Promise<{ base: string; rules: RuleSet } | undefined> {
  const base = realdata(t, 'sigma')
  if (base === undefined) return undefined
  return { base, rules: await loadSigmaRules(RULE_FOLDERS.map((f) => path.join(base, f))) }
}

test('SigmaHQ: every rule parses, and what compiles for exhunt', async (t) => {
  const loaded = await loadSigmaHq(t)
  if (loaded === undefined) return
  const { base, rules } = loaded
  const invalid = Object.fromEntries(rules.problems.map((p) => [path.relative(base, p.path), p.reason]))
  assert.deepEqual(invalid, INVALID, 'parse failures beyond the documents known to be invalid')
  const detectionRules = rules.rules.filter((r) => r.kind === 'rule')
  let compiled = 0
  const reasons = new Map<string, number>()
  for (const rule of detectionRules) {
    const result = compileSigmaRule(rule)
    if (result.ok) compiled++
    else reasons.set(reasonGroup(result.problem.reason), (reasons.get(reasonGroup(result.problem.reason)) ?? 0) + 1)
  }
  t.diagnostic(`SigmaHQ: ${rules.rules.length} documents parsed (${detectionRules.length} detection rules), ${compiled} compile for exhunt's logsources`)
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) t.diagnostic(`  ${String(count).padStart(5)}  ${reason}`)
  const notLogsource = [...reasons.keys()].filter((r) => !r.startsWith('logsource '))
  assert.deepEqual(notLogsource, ['expand: the placeholder %…% has no values: exhunt fills only the placeholders of its own pack (src/detect/placeholders.ts)'], 'every other rule fails for its logsource')
  assert.ok(compiled >= 2927, `${compiled} rules compile`)
})

interface RegressionInfo {
  rule_metadata?: Array<{ id: string; title?: string }>
  regression_tests_info?: Array<{ type?: string; match_count?: number; path?: string }>
}

test('SigmaHQ regression data: each rule fires on its own EVTX, as often as its info.yml says', async (t) => {
  const loaded = await loadSigmaHq(t)
  if (loaded === undefined) return
  const { base, rules } = loaded
  const regression = path.join(base, 'regression_data')
  const folders = fs
    .readdirSync(regression, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'info.yml')
    .map((e) => e.parentPath)
    .sort()
  const evtx = folders.flatMap((folder) => fs.readdirSync(folder).filter((f) => f.endsWith('.evtx')).map((f) => path.join(folder, f)))
  // One case for all of them: ingest once, run every rule once.
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  t.after(() => store.close())
  const ingested = await ingestPaths(store, evtx, { formats: FORMATS })
  assert.deepEqual(
    ingested.files.filter((f) => f.status !== 'ingested' && f.status !== 'already_in_case').map((f) => [f.path, f.status]),
    [],
  )
  const result = await runRules(store, rules, { evidenceLimit: 100_000 })
  assert.deepEqual(
    result.problems.filter((p) => p.reason.startsWith("the rule's query failed")),
    [],
    'every compiled rule runs',
  )
  const pathBySha = new Map((await store.query('SELECT sha256, path FROM files')).map((r) => [String(r.sha256), String(r.path)]))
  const failures: string[] = []
  let fired = 0
  for (const folder of folders) {
    const name = path.relative(regression, folder)
    const info = parseYaml(fs.readFileSync(path.join(folder, 'info.yml'), 'utf8')) as RegressionInfo
    const ruleId = info.rule_metadata?.[0]?.id
    const tests = (info.regression_tests_info ?? []).filter((x) => x.type === 'evtx')
    if (NOT_EXPECTED_TO_FIRE[name] !== undefined) {
      assert.equal(tests.length, 0, `${name} is listed as not expected to fire, yet has an EVTX test`)
      continue
    }
    for (const entry of tests) {
      const file = path.join(folder, path.basename(entry.path ?? ''))
      const inCase = pathBySha.get(createHash('sha256').update(fs.readFileSync(file)).digest('hex'))
      const findings = result.findings.filter((f) => f.rule === ruleId)
      const matched = findings.flatMap((f) => f.evidence).filter((e) => e.path === inCase).length
      const problem = result.problems.find((p) => p.rule === ruleId)
      if (matched === 0) failures.push(`${name}: no match${problem === undefined ? '' : ` (${problem.reason})`}`)
      else if (entry.match_count !== undefined && matched !== (MATCH_COUNT_DIFFERS[name]?.matches ?? entry.match_count)) {
        failures.push(`${name}: ${matched} matches, info.yml says ${entry.match_count}`)
      }
      else fired++
    }
  }
  t.diagnostic(`SigmaHQ regression data: ${fired} of ${evtx.length} EVTX fire their rule; ${Object.keys(NOT_EXPECTED_TO_FIRE).length} folder(s) without an EVTX`)
  assert.deepEqual(failures, [])
  const slowest = [...result.timings].sort((a, b) => b.ms - a.ms).slice(0, 3)
  t.diagnostic(`${result.rules_run} rules ran; slowest: ${slowest.map((s) => `${s.title} ${s.ms} ms`).join(', ')}`)
})
