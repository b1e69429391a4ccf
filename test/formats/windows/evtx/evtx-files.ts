// The real EVTX files under ../shared/realdata, and exhunt's reading of one of them.
import fs from 'node:fs'
import path from 'node:path'
import { readEvtx } from '../../../../src/formats/windows/evtx/index.js'
import type { EvtxProblem, EvtxRecord } from '../../../../src/formats/windows/evtx/index.js'

/** Every .evtx below `root`, as paths relative to it, sorted. */
export function evtxFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (entry.name.toLowerCase().endsWith('.evtx')) out.push(path.relative(root, p))
    }
  }
  walk(root)
  return out.sort()
}

export interface EvtxReading {
  records: EvtxRecord[]
  problems: EvtxProblem[]
}

export async function readEvtxFile(file: string): Promise<EvtxReading> {
  const records: EvtxRecord[] = []
  const problems: EvtxProblem[] = []
  for await (const record of readEvtx(fs.createReadStream(file), (p) => problems.push(p))) records.push(record)
  return { records, problems }
}
