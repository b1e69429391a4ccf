// A check: a detection that needs what the investigator knows about the organisation (the case
// context: what each endpoint publishes, the deployed browsers, the VPN and internal networks,
// business hours), or has to learn it from the traffic when there is no context. Sigma rules match
// records one by one or count them; a check compares them with the organisation. Each one is a small
// module of this folder, listed in registry.ts, and yields ordinary findings with evidence.
import type { CaseContext } from '../../context/case-context.js'
import type { Store } from '../../store/store.js'
import type { Finding, Severity } from '../finding.js'

export interface Check {
  /** The `rule` of its findings: exhunt-<name>. */
  readonly id: string
  readonly title: string
  /** What it finds, how, and what it leaves alone (the decoys). */
  readonly description: string
  readonly references: readonly string[]
  /** The highest severity its findings can have. */
  readonly level: Severity
  run(store: Store, context: CaseContext): Promise<Finding[]>
}
