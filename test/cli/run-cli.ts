// Runs the built exhunt command line as a person would, with output piped.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

export const REPO_ROOT = process.cwd()
const MAIN = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js')

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

export function runCli(args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}
