// The one place detection calls the Sigma engine (its API: src/detect/sigma/index.ts): the built-in
// rule pack (src/detect/rules/*.yml, read from the source tree beside the build) and the user's rules.
import { fileURLToPath } from 'node:url'
import type { Store } from '../store/store.js'
import type { RuleEnvironment } from './placeholders.js'
import { loadSigmaRules, runRules, type RuleTiming, type SigmaDetectionResult } from './sigma/index.js'

/** src/detect/rules of the installed exhunt (this file runs from dist/src/detect). */
export const BUILT_IN_RULES = fileURLToPath(new URL('../../../src/detect/rules/', import.meta.url))

export type { RuleTiming }

export interface SigmaPackOptions {
  onRule?: (timing: RuleTiming) => void
  /** The case's placeholders and facts (placeholders.ts); without them, rules that use them are problems. */
  environment?: RuleEnvironment
}

/** Loads the rules under the given files and folders and runs them; unreadable and uncompilable rules are problems. */
export async function runSigmaRules(store: Store, paths: readonly string[], options: SigmaPackOptions = {}): Promise<SigmaDetectionResult> {
  const rules = await loadSigmaRules(paths)
  const { onRule, environment } = options
  return runRules(store, rules, { ...(onRule === undefined ? {} : { onRule }), ...(environment === undefined ? {} : { placeholders: environment.placeholders, facts: environment.facts }) })
}
