// Cases made of events written for a test (no log file is parsed): each file's events go through
// the store's own writer, so the analysis reads them exactly as it reads an ingested case.
import path from 'node:path'
import type { TestContext } from 'node:test'
import type { EventDraft } from '../../src/model/event.js'
import { openDuckDbStore, type DuckDbStore } from '../../src/store/duckdb.js'
import { refreshUserAgents } from '../../src/analysis/user-agent-table.js'
import { tempDir } from '../helpers/temp-dir.js'

export type TestEvent = Partial<EventDraft> & { ts?: number }

/** An instant of 11 March 2026 (UTC), `HH:MM[:SS]`. */
export function at(time: string): number {
  return Date.parse(`2026-03-11T${time.length === 5 ? `${time}:00` : time}Z`)
}

/** A case holding these files (path → events, lines numbered from 1), open for reading. */
export async function syntheticCase(t: TestContext, files: Record<string, readonly TestEvent[]>): Promise<DuckDbStore> {
  const caseDir = path.join(tempDir(t), 'case')
  const writer = await openDuckDbStore(caseDir)
  try {
    let n = 0
    for (const [filePath, events] of Object.entries(files)) {
      const file = await writer.beginFile()
      file.setFormat('test')
      events.forEach((e, i) => file.addEvent({ dataset: 'iis', line: i + 1, raw: `record ${i + 1}`, fields: {}, ...e }, 'test'))
      await file.commit({ path: filePath, size: 0, sha256: String(++n).padStart(64, '0'), format: 'test', encoding: 'utf-8', records: events.length, problems: 0, problemCounts: {}, durationMs: 0 })
    }
    await refreshUserAgents(writer)
  } finally {
    await writer.close()
  }
  const store = await openDuckDbStore(caseDir, { readOnly: true })
  t.after(() => store.close())
  return store
}
