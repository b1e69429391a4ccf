// Options the analysis commands share: the case, the context file, --where conditions.
import type { Command } from 'commander'
import { loadCaseContext, type CaseContext } from '../context/case-context.js'
import { parseCondition, type Condition } from '../analysis/where.js'
import { DEFAULT_CASE_DIR } from './ingest.js'

export interface AnalysisFlags {
  case: string
  context?: string
  where?: string[]
  dataset?: string
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

export function addAnalysisOptions(command: Command): Command {
  return command
    .option('--case <dir>', 'case folder', DEFAULT_CASE_DIR)
    .option('--context <file>', 'case context file (default: context.yaml in the case folder, if present)')
    .option('--dataset <name>', 'only events of this dataset (iis, msgtrk, db_event, winevt, ...)')
    .option('--where <condition>', 'FIELD OP VALUE, repeatable: user_agent~firefox, src_ip=198.51.100.0/24, ts>=2026-03-11, user_key!=svc-backup', collect)
}

export function conditionsOf(flags: AnalysisFlags): Condition[] {
  return (flags.where ?? []).map(parseCondition)
}

export function contextOf(flags: AnalysisFlags): CaseContext {
  return loadCaseContext(flags.case, flags.context)
}
