// Detection over a case: the built-in pack (the Sigma rules of src/detect/rules and the checks of
// src/detect/checks, which compare the records with the case context) and any Sigma rules the
// investigator gives. One result: findings most severe first, the rules that could not run and why,
// and how long each rule took.
import type { CaseContext } from '../context/case-context.js'
import type { Store } from '../store/store.js'
import { CHECKS } from './checks/registry.js'
import { SEVERITIES, type DetectionResult, type Finding } from './finding.js'
import { ruleEnvironment } from './placeholders.js'
import { BUILT_IN_RULES, runSigmaRules, type RuleTiming } from './sigma-pack.js'

export interface DetectOptions {
  /** Sigma rule folders or files in place of the built-in rules (src/detect/rules). */
  rules?: readonly string[]
  /** More Sigma rules, run besides the pack. */
  sigma?: readonly string[]
  /** Called as each rule or check finishes. */
  onRule?: (timing: RuleTiming) => void
}

export interface CaseDetection extends DetectionResult {
  /** Every rule and check that ran, with its time. */
  timings: RuleTiming[]
}

export async function detectCase(store: Store, context: CaseContext, options: DetectOptions = {}): Promise<CaseDetection> {
  const timings: RuleTiming[] = []
  const onRule = (timing: RuleTiming): void => {
    timings.push(timing)
    options.onRule?.(timing)
  }
  const environment = await ruleEnvironment(store, context)
  const sigma = await runSigmaRules(store, [...(options.rules ?? [BUILT_IN_RULES]), ...(options.sigma ?? [])], { onRule, environment })
  const findings: Finding[] = [...sigma.findings]
  for (const check of CHECKS) {
    const started = performance.now()
    const found = await check.run(store, context)
    findings.push(...found)
    onRule({ rule: check.id, title: check.title, logsource: 'check', ms: Math.round(performance.now() - started), matches: found.reduce((n, f) => n + f.count, 0) })
  }
  return { findings: findings.sort(bySeverity), problems: sigma.problems, rules_run: sigma.rules_run + CHECKS.length, timings }
}

/** Most severe first, then earliest. */
export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || (a.first_seen ?? '').localeCompare(b.first_seen ?? '') || a.title.localeCompare(b.title)
}
