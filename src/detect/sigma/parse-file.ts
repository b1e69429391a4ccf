// A Sigma rule file (one or more YAML documents: a rule, a correlation and the rules it refers to,
// or a Sigma 1 collection with `action: global|reset|repeat`) read into typed documents. What is
// not valid Sigma becomes a RuleProblem naming the file and line; the other documents still load.
import path from 'node:path'
import { isMap, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml'
import type { RuleProblem } from '../finding.js'
import type { SigmaDocument } from './ast.js'
import { parseDocument } from './parse-rule.js'
import { lineOf, mergeMaps, optionalText, SigmaSyntaxError, type YamlContext } from './yaml-nodes.js'

/** Parsed rules and the documents that could not be read. */
export interface RuleSet {
  rules: SigmaDocument[]
  problems: RuleProblem[]
}

/** A rule's handle when it cannot be parsed: its id or title if readable, else the file name. */
function handleOf(ctx: YamlContext, node: unknown, file: string): string {
  if (isMap(node)) {
    try {
      const id = optionalText(ctx, node, 'id') ?? optionalText(ctx, node, 'name') ?? optionalText(ctx, node, 'title')
      if (id !== undefined) return id
    } catch {
      // the id itself is malformed: fall back to the file name
    }
  }
  return path.basename(file)
}

function problem(rule: string, file: string, message: string, line: number | undefined): RuleProblem {
  return { rule, path: file, reason: line === undefined ? message : `line ${line}: ${message}` }
}

export function parseSigmaText(text: string, file: string): RuleSet {
  const lines = new LineCounter()
  const documents = parseAllDocuments(text, { keepSourceTokens: true, lineCounter: lines, uniqueKeys: true })
  const result: RuleSet = { rules: [], problems: [] }
  if (!Array.isArray(documents)) return result // an empty stream: nothing to load
  let global: YAMLMap | undefined
  let previous: YAMLMap | undefined
  for (const doc of documents) {
    const ctx: YamlContext = { doc, lines, line: lineOf({ doc, lines, line: 1 }, doc.contents) ?? 1 }
    const yamlError = doc.errors[0]
    if (yamlError !== undefined) {
      result.problems.push(problem(path.basename(file), file, `YAML: ${yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, yamlError.linePos?.[0].line))
      continue
    }
    if (doc.contents === null) continue
    try {
      let node: unknown = doc.contents
      if (isMap(node)) {
        const action = optionalText(ctx, node, 'action')
        if (action === 'global') {
          global = node
          continue
        }
        if (action === 'reset') {
          global = undefined
          continue
        }
        if (action === 'repeat') {
          if (previous === undefined) throw new SigmaSyntaxError('"action: repeat" without a document before it', ctx.line)
          node = mergeMaps(ctx, previous, node)
        } else if (action !== undefined) {
          throw new SigmaSyntaxError(`unknown collection action "${action}" (global, reset, repeat)`, ctx.line)
        } else if (global !== undefined) {
          node = mergeMaps(ctx, global, node)
        }
        previous = node as YAMLMap
      }
      result.rules.push(parseDocument(ctx, node, file))
    } catch (error) {
      if (!(error instanceof SigmaSyntaxError)) throw error
      result.problems.push(problem(handleOf(ctx, doc.contents, file), file, error.message, error.line))
    }
  }
  return result
}
