// Real logs written by others, used in place from ../shared/realdata (see its MANIFEST.md).
// Absent folder: the test is skipped with a message; under CI=true that is a failure instead.
import fs from 'node:fs'
import path from 'node:path'
import type { TestContext } from 'node:test'

export const REALDATA = path.resolve(process.cwd(), '..', 'shared', 'realdata')

/** The path of a real-data file or folder, or undefined after skipping the test (failing under CI). */
export function realdata(t: TestContext, ...parts: string[]): string | undefined {
  const p = path.join(REALDATA, ...parts)
  if (fs.existsSync(p)) return p
  if (process.env.CI === 'true') throw new Error(`real data missing under CI: ${p}`)
  t.skip(`real data not found: ${p} (../shared/realdata is absent)`)
  return undefined
}

/** Several real-data folders, or undefined after skipping the test when one is missing (failing under CI). */
export function realdataFolders(t: TestContext, folders: ReadonlyArray<readonly string[]>): string[] | undefined {
  const found: string[] = []
  for (const parts of folders) {
    const folder = realdata(t, ...parts)
    if (folder === undefined) return undefined
    found.push(folder)
  }
  return found
}
