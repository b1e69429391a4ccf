// Test cases for detection: fixture files ingested into a fresh case (closed when the test ends),
// and the example cases with their context files.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { TestContext } from 'node:test'
import { emptyContext, parseCaseContext, type CaseContext } from '../../src/context/case-context.js'
import type { Finding } from '../../src/detect/finding.js'
import { ruleEnvironment } from '../../src/detect/placeholders.js'
import { BUILT_IN_RULES, runSigmaRules } from '../../src/detect/sigma-pack.js'
import type { Store } from '../../src/store/store.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { FORMATS } from '../../src/formats/registry.js'
import { dateOrderOfCulture } from '../../src/model/local-time.js'
import { openDuckDbStore, type DuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'

export const REPO = process.cwd()
export const FIXTURES = path.join(REPO, 'test', 'detect', 'fixtures')
export const GHOST_MAIL = path.join(REPO, 'examples', 'ghost-mail')
export const GHOST_MAIL_CONTEXT = path.join(REPO, 'examples', 'ghost-mail-context.yaml')
export const SMTP_RELAY = path.join(REPO, 'examples', 'smtp-relay')
export const SMTP_RELAY_CONTEXT = path.join(REPO, 'examples', 'smtp-relay-context.yaml')

/** A case of the given files or folders, ingested as `exhunt ingest` would, with the context's zone and culture. */
export async function caseOf(t: TestContext, paths: readonly string[], context: CaseContext = emptyContext()): Promise<DuckDbStore> {
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  t.after(() => store.close())
  const order = context.culture === undefined ? undefined : dateOrderOfCulture(context.culture)
  const localTime = {
    ...(context.timeZone === undefined ? {} : { timeZone: context.timeZone }),
    ...(order === undefined || order === 'unknown' ? {} : { order }),
  }
  const { files } = await ingestPaths(store, paths, { formats: FORMATS, localTime })
  for (const file of files) if (file.status === 'unreadable' || file.format === null) throw new Error(`${file.path} not ingested: ${JSON.stringify(file.problems.slice(0, 3))}`)
  return store
}

/** A context from YAML text (or the empty one). */
export function contextOf(yaml?: string): CaseContext {
  return yaml === undefined ? emptyContext() : parseCaseContext(yaml, 'context.yaml')
}

export function contextFile(file: string): CaseContext {
  return parseCaseContext(fs.readFileSync(file, 'utf8'), file)
}

/** A fixture of this folder written to a temporary file (for variants built in the test itself). */
export function writeFixture(t: TestContext, name: string, text: string): string {
  const file = path.join(tempDir(t), name)
  fs.writeFileSync(file, text)
  return file
}

/** The findings of the built-in pack over a case, with the context's placeholders and facts (as `exhunt detect`). */
export async function packFindings(store: Store, context: CaseContext = emptyContext()): Promise<Finding[]> {
  const result = await runSigmaRules(store, [BUILT_IN_RULES], { environment: await ruleEnvironment(store, context) })
  assert.deepEqual(result.problems, [], 'every rule of the pack compiles and runs')
  return result.findings
}

/** The findings of some rules (by id). */
export function findingsOf(findings: readonly Finding[], ...rules: string[]): Finding[] {
  return findings.filter((f) => rules.includes(f.rule))
}
