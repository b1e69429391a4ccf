// The Exchange log excerpts of artefacts.help (../shared/realdata/artefacts-help): the files cut out of
// the page, and the page's code blocks that have no file of their own (ECP Activity, CosmosQueue audit,
// Ecp/Owa/PowerShell HttpProxy, Rps_Cmdlet, RECV), read in place from microsoft_exchange.md.
import fs from 'node:fs'
import path from 'node:path'
import type { TestContext } from 'node:test'
import { realdata } from '../../helpers/realdata.js'

export interface Excerpt {
  /** The page's example file name with '\' as '__' (the names of the cut-out files). */
  name: string
  text: string
}

/** Every code block that follows an "Example log filename: `...`" line, keyed by that file name. */
export function artefactsHelpBlocks(t: TestContext): Map<string, Excerpt> | undefined {
  const page = realdata(t, 'artefacts-help', 'microsoft_exchange.md')
  if (page === undefined) return undefined
  const blocks = new Map<string, Excerpt>()
  const markdown = fs.readFileSync(page, 'utf8')
  for (const m of markdown.matchAll(/Example log filename: `([^`]+)`\.\s*\n\s*```\n([\s\S]*?)```/g)) {
    const name = m[1]!.replaceAll('\\', '__')
    blocks.set(name, { name, text: m[2]! })
  }
  return blocks
}

/** The cut-out files of artefacts-help/exchange-log-examples. */
export function artefactsHelpFiles(t: TestContext): Map<string, Excerpt> | undefined {
  const dir = realdata(t, 'artefacts-help', 'exchange-log-examples')
  if (dir === undefined) return undefined
  const files = new Map<string, Excerpt>()
  for (const name of fs.readdirSync(dir).sort()) files.set(name, { name, text: fs.readFileSync(path.join(dir, name), 'utf8') })
  return files
}
