// The case's table of user agents and their classification: one row per distinct user agent,
// filled after each ingest for the ones not seen before (a few thousand at most, however many
// million requests), and joined by analysis on demand (field-sql.ts: ua.family, ua.client ...).
import { classifyUserAgent } from '../model/user-agent.js'
import type { Store } from '../store/store.js'

const BATCH = 500

export async function refreshUserAgents(store: Store): Promise<number> {
  const fresh = await store.query(`
    SELECT DISTINCT e.user_agent FROM events e
    WHERE e.user_agent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM user_agents u WHERE u.user_agent = e.user_agent)`)
  for (let i = 0; i < fresh.length; i += BATCH) {
    const params: unknown[] = []
    const values = fresh.slice(i, i + BATCH).map((row) => {
      const agent = String(row.user_agent)
      const c = classifyUserAgent(agent)
      params.push(agent, c.family, c.version ?? null, c.os ?? null, c.device ?? null, c.client)
      const n = params.length
      return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`
    })
    await store.query(`INSERT INTO user_agents VALUES ${values.join(', ')}`, params)
  }
  return fresh.length
}
