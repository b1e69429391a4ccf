// `exhunt strip`: every field's values, with the known ones taken away; what is left is printed.
import fs from 'node:fs'
import type { Command } from 'commander'
import { parse as parseYaml } from 'yaml'
import type { Baseline } from '../analysis/known-values.js'
import { knowsAnything } from '../analysis/known-values.js'
import { strip, STRIP_FIELDS, type StrippedField } from '../analysis/strip.js'
import { openDuckDbStore } from '../store/duckdb.js'
import { addAnalysisOptions, conditionsOf, contextOf, type AnalysisFlags } from './analysis-options.js'
import { addOutputOptions, checkOutputFlags, writeRows, type OutputFlags } from './output.js'
import { printable } from './table.js'
import { UsageError } from './usage-error.js'

interface StripFlags extends AnalysisFlags, OutputFlags {
  baseline?: string
  top: string
  all?: boolean
  fields?: string
}

export function registerStrip(program: Command): void {
  const command = program
    .command('strip')
    .description('strip the known: per field, its values, the top ones, and how many records are left once known values are removed')
  addAnalysisOptions(command)
  addOutputOptions(command)
    .option('--baseline <file>', 'YAML/JSON of values known to be normal, per field: {user_agent: ["Mozilla/5.0 (Windows NT 10.0*"], src_ip: [...]}')
    .option('--top <n>', 'values shown per field (unknown ones first)', '5')
    .option('--fields <list>', `comma-separated fields (default: ${STRIP_FIELDS.join(',')})`)
    .option('--all', 'also show the fields stripping hides (one value, or only known values)')
    .addHelpText('after', '\nKnown values come from the case context (context.yaml: networks, endpoints, deployed_browsers,\ndeployed_clients, ignore) and --baseline. Health probes are always known.')
    .action(async (flags: StripFlags) => {
      checkOutputFlags(flags)
      const top = Number(flags.top)
      if (!Number.isInteger(top) || top <= 0) throw new UsageError(`--top must be a positive integer, not "${flags.top}"`)
      const context = contextOf(flags)
      const baseline = flags.baseline === undefined ? {} : readBaseline(flags.baseline)
      const conditions = conditionsOf(flags)
      const store = await openDuckDbStore(flags.case, { readOnly: true })
      try {
        const fields = await strip(store, {
          context,
          baseline,
          conditions,
          top,
          ...(flags.dataset === undefined ? {} : { dataset: flags.dataset }),
          ...(flags.fields === undefined ? {} : { fields: flags.fields.split(',').map((f) => f.trim()) }),
          ...(flags.all === true ? { all: true } : {}),
        })
        if (flags.json === true || flags.csv === true || flags.ndjson === true) {
          await writeRows(flags.csv === true ? fields.map(flatten) : fields.map((f) => ({ ...f })), flags)
        } else {
          process.stdout.write(renderStrip(fields))
          if (!knowsAnything(context, baseline)) {
            process.stderr.write('exhunt: no context.yaml or --baseline: nothing is known, so only single-valued fields are stripped; name the networks, endpoints and deployed browsers to strip the normal\n')
          }
        }
      } finally {
        await store.close()
      }
    })
}

function readBaseline(file: string): Baseline {
  let parsed: unknown
  try {
    parsed = parseYaml(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`--baseline ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--baseline ${file}: expected a mapping of field: [values]`)
  const baseline: Record<string, string[]> = {}
  for (const [field, values] of Object.entries(parsed)) {
    if (!Array.isArray(values)) throw new UsageError(`--baseline ${file}: "${field}" must list values`)
    baseline[field] = values.map(String)
  }
  return baseline
}

function flatten(f: StrippedField): Record<string, unknown> {
  return { ...f, top: f.top.map((t) => `${t.value} (${t.count}${t.known ? ', known' : ''})`).join('; ') }
}

function renderStrip(fields: readonly StrippedField[]): string {
  if (fields.length === 0) return 'every field is stripped (one value or only known values); --all shows them\n'
  const lines: string[] = []
  for (const f of fields) {
    const hidden = f.hidden === undefined ? '' : ` [hidden: ${f.hidden}]`
    lines.push(`${f.field}: ${f.values} values, ${f.records} records, ${f.known_records} known, ${f.remaining} left${hidden}`)
    const width = Math.max(...f.top.map((t) => String(t.count).length))
    for (const t of f.top) lines.push(`  ${String(t.count).padStart(width)}  ${printable(t.value ?? '')}${t.known ? '  (known)' : ''}`)
  }
  return `${lines.join('\n')}\n`
}
