// Detection over a case: the built-in pack (the Sigma rules of src/detect/rules, which compare the
// records with the case context through their placeholders and the exhunt logsource's derived
// fields, placeholders.ts) and any Sigma rules the investigator gives. One result: findings most
// severe first, the rules that could not run and why, and how long each rule took.
import type { CaseContext } from '../context/case-context.js'
import type { Store } from '../store/store.js'
import { addAccountEvidence } from './account-evidence.js'
import { SEVERITIES, type DetectionResult, type Finding } from './finding.js'
import { ruleEnvironment } from './placeholders.js'
import { BUILT_IN_RULES, runSigmaRules, type RuleTiming } from './sigma-pack.js'

export interface DetectOptions {
  /** Sigma rule folders or files in place of the built-in rules (src/detect/rules). */
  rules?: readonly string[]
  /** More Sigma rules, run besides the pack. */
  sigma?: readonly string[]
  /** Called as each rule finishes. */
  onRule?: (timing: RuleTiming) => void
}

export interface CaseDetection extends DetectionResult {
  /** Every rule that ran, with its time. */
  timings: RuleTiming[]
}

export async function detectCase(store: Store, context: CaseContext, options: DetectOptions = {}): Promise<CaseDetection> {
  const timings: RuleTiming[] = []
  const onRule = (timing: RuleTiming): void => {
    timings.push(timing)
    options.onRule?.(timing)
  }
  const started = performance.now()
  const environment = await ruleEnvironment(store, context)
  onRule({ rule: 'placeholders', title: "The pack's placeholders and facts, from the context and the traffic", logsource: 'environment', ms: Math.round(performance.now() - started), matches: 0 })
  const sigma = await runSigmaRules(store, [...(options.rules ?? [BUILT_IN_RULES]), ...(options.sigma ?? [])], { onRule, environment })
  const findings = await addAccountEvidence(store, sigma.findings)
  return { findings: findings.sort(bySeverity), problems: sigma.problems, rules_run: sigma.rules_run, timings }
}

/** Most severe first, then earliest. */
export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || (a.first_seen ?? '').localeCompare(b.first_seen ?? '') || a.title.localeCompare(b.title)
}
