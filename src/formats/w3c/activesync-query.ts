// The query string of an Exchange ActiveSync request (/Microsoft-Server-ActiveSync/default.eas?
// User=jdoe&DeviceId=...&DeviceType=iPhone&Cmd=Sync): who, from which device, doing what.

export const EAS_PARAMETERS = ['User', 'DeviceId', 'DeviceType', 'Cmd'] as const
export type EasParameter = (typeof EAS_PARAMETERS)[number]

export function isActiveSyncPath(path: string | undefined): boolean {
  return path !== undefined && path.toLowerCase().startsWith('/microsoft-server-activesync')
}

/** The four parameters that matter, URL-decoded; absent ones are left out. */
export function parseActiveSyncQuery(query: string | undefined): Partial<Record<EasParameter, string>> {
  const found: Partial<Record<EasParameter, string>> = {}
  if (query === undefined) return found
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const key = pair.slice(0, eq)
    if ((EAS_PARAMETERS as readonly string[]).includes(key) && found[key as EasParameter] === undefined) {
      const value = urlDecode(pair.slice(eq + 1))
      if (value !== '') found[key as EasParameter] = value
    }
  }
  return found
}

/**
 * parseActiveSyncQuery in DuckDB SQL, for one parameter of the query string `query` (SQL): the first
 * `Name=` value, URL-decoded, empty as NULL. split_part, not a regular expression: this runs on
 * every ActiveSync line of a bulk load.
 */
export function activeSyncParameterSql(query: string, name: EasParameter): string {
  return `nullif(url_decode(split_part(split_part('&' || ${query}, '&${name}=', 2), '&', 1)), '')`
}

/** isActiveSyncPath in DuckDB SQL. */
export function isActiveSyncPathSql(path: string): string {
  return isActiveSyncLowerPathSql(`lower(${path})`)
}

/** isActiveSyncPath in DuckDB SQL, for a path already in lower case. */
export function isActiveSyncLowerPathSql(lowerPath: string): string {
  return `starts_with(${lowerPath}, '/microsoft-server-activesync')`
}

// Like DuckDB's url_decode, which the bulk path uses: '%XX' sequences only ('+' stays '+').
export function urlDecode(text: string): string {
  if (text.indexOf('%') === -1) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
