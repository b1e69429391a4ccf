// Sigma rules from files and folders (every *.yml / *.yaml below a folder, in path order).
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseSigmaText, type RuleSet } from './parse-file.js'

async function ruleFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target)
  if (!stat.isDirectory()) return [target]
  const entries = await fs.readdir(target, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
}

/** Reads every rule under the given files and folders; unreadable files are problems, not errors. */
export async function loadSigmaRules(paths: readonly string[]): Promise<RuleSet> {
  const result: RuleSet = { rules: [], problems: [] }
  for (const target of paths) {
    let files: string[]
    try {
      files = await ruleFiles(target)
    } catch (error) {
      result.problems.push({ rule: path.basename(target), path: target, reason: `cannot read: ${(error as Error).message}` })
      continue
    }
    for (const file of files) {
      let text: string
      try {
        text = await fs.readFile(file, 'utf8')
      } catch (error) {
        result.problems.push({ rule: path.basename(file), path: file, reason: `cannot read: ${(error as Error).message}` })
        continue
      }
      const parsed = parseSigmaText(text, file)
      result.rules.push(...parsed.rules)
      result.problems.push(...parsed.problems)
    }
  }
  return result
}
