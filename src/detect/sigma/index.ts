// exhunt's Sigma engine: Sigma rules (SigmaHQ specification 2.x, correlation rules included) read
// into typed documents and compiled to SQL over the case, one query per rule.
//
//   import { loadSigmaRules, runRules } from '../detect/sigma/index.js'
//
//   const rules = await loadSigmaRules(['src/detect/rules', 'my-sigma/'])   // files or folders
//   const result = await runRules(store, rules, { evidenceLimit: 50, placeholders, facts })
//   result.findings   // Finding[]: one per rule that matched (per group for a correlation)
//   result.problems   // RuleProblem[]: unparsable documents, rules that cannot compile, failed queries
//   result.rules_run  // rules that compiled and ran
//   result.timings    // per rule: ms and records matched, in the order they ran
//
//   const one = compileSigmaRule(rule, { placeholders })   // explain: one.compiled.sql with one.compiled.params
//
// `placeholders` (Map name → values, name without %) fills `|expand` values, as pySigma's placeholder
// transformations do: each %name% by each of its values, every result a Sigma string again, the
// other modifiers applied to them. A placeholder given no values at all leaves its rule a problem
// with the reason; one given an empty list matches nothing (under `not`, everything). `facts`
// (exhunt-logsource.ts CaseFacts) are what the exhunt logsource's derived fields are computed from; the
// built-in pack's placeholders and facts come from the case context (src/detect/placeholders.ts).
//
// What a logsource means in a case, and its field names, is src/detect/logsources.ts: Windows
// event logs by category (Sysmon, Security 4688 for process_creation, PowerShell) and by service
// (channel), web server logs (IIS, HttpProxy, W3C) for category webserver, and exhunt's own
// datasets for `logsource: {product: exhunt, service: <dataset>}` (exhunt-logsource.ts) with the
// analysis field names (user_key, src_ip, client_app, ua.family, fields.<name>...) and derived ones
// (exhunt.endpoint, exhunt.outside_business_hours, exhunt.session_user...), for exhunt's rule pack.
//
// Matching follows Sigma: case-insensitive strings with * and ? wildcards; modifiers contains,
// startswith, endswith, all, cased, exists, neq, windash, re (with i, m, s), base64, base64offset,
// utf16le/utf16be/utf16/wide, lt/lte/gt/gte, minute..year, cidr (IPv4 and IPv6), fieldref;
// keyword searches over the record's text; conditions with and/or/not, parentheses,
// `1 of`/`all of`/`N of` patterns and `them`; expand, with the placeholders given (above).
// Correlations: event_count, value_count, temporal, temporal_ordered, with group-by, aliases and a
// sliding timespan; the rules they refer to run on their own only with `generate: true`. A
// correlation may refer to another (chaining): the referred one's records in the windows where it
// holds, with only its group-by fields (a record's address and account stay where they are one of
// its group values).
export type { SigmaCorrelation, SigmaDocument, SigmaLogsource, SigmaRule } from './ast.js'
export { ruleHandle } from './ast.js'
export type { RuleSet } from './parse-file.js'
export { parseSigmaText } from './parse-file.js'
export { loadSigmaRules } from './load-rules.js'
export type { CompiledRule, CompileOptions, CompileResult } from './compile-rule.js'
export { compileSigmaRule } from './compile-rule.js'
export type { CompiledCorrelation, CorrelationResult } from './compile-correlation.js'
export { compileSigmaCorrelation } from './compile-correlation.js'
export type { RuleTiming, RunRulesOptions, SigmaDetectionResult } from '../run-rules.js'
export { runRules } from '../run-rules.js'
