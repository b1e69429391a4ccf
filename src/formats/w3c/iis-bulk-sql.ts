// The bulk path of IIS W3C logs: the same normalisation as the TypeScript parser, written as DuckDB SQL
// over `f` (the line split on spaces, 1-based) so that well-formed lines never become JS objects.
// test/formats/w3c/iis-bulk-contract.test.ts runs every fixture through both paths and compares.
import type { BulkColumns, BulkSelect } from '../format.js'
import { CLIENT_APP_PREFIXES, PROBE_USER_AGENT_PATTERN } from '../../model/client-app.js'
import { activeSyncParameterSql, isActiveSyncLowerPathSql } from './activesync-query.js'

/** SQL of an original field, '-' as NULL; undefined when the layout lacks it. */
function field(names: readonly string[], name: string): string | undefined {
  const index = names.findIndex((n) => n.toLowerCase() === name.toLowerCase())
  return index === -1 ? undefined : `nullif(f[${index + 1}], '-')`
}

function integer(sql: string | undefined, type: 'BIGINT' | 'INTEGER' = 'BIGINT'): string | undefined {
  return sql === undefined ? undefined : `TRY_CAST(${sql} AS ${type})`
}

// Mirrors classifyClientApp (src/model/client-app.ts): health probes, the first matching prefix, else 'Other'.
function clientApp(userAgent: string): string {
  // One regular expression; its alternatives are tried in the list's order, as classifyClientApp does.
  const apps = CLIENT_APP_PREFIXES.map(([prefix, app]) => `WHEN '${prefix}' THEN '${app}'`).join(' ')
  return `CASE WHEN x_path IS NULL THEN NULL
    WHEN ends_with(x_path_lower, '/healthcheck.htm') OR regexp_matches(coalesce(${userAgent}, ''), '${PROBE_USER_AGENT_PATTERN}', 'i') THEN 'HealthProbe'
    ELSE CASE x_app_prefix ${apps} ELSE 'Other' END END`
}

/**
 * The client-app prefix of the path, as a stage of its own: DuckDB rewrites `CASE x WHEN a ... WHEN b`
 * into `CASE WHEN x = a ... WHEN x = b`, which would run the regular expression once per branch.
 */
function appPrefix(): string {
  const alternatives = CLIENT_APP_PREFIXES.map(([prefix]) => prefix.replaceAll('-', '\\-')).join('|')
  return `regexp_extract(x_path_lower, '^(${alternatives})(?:[/.]|$)', 1)`
}

/**
 * The account as written, then split like parseAccount (src/model/account.ts): DOMAIN\user, UPN or
 * a bare name; ActiveSync requests without cs-username name the user in their `User=` parameter.
 */
function accountColumns(): BulkColumns {
  const hasDomain = `(x_backslash > 1 AND x_backslash < length(x_name))`
  const hasUpn = `(x_at > 1 AND x_at < length(x_name))`
  return {
    user_name: 'x_name',
    user_domain: `CASE WHEN ${hasDomain} THEN left(x_name, x_backslash - 1) WHEN ${hasUpn} THEN substr(x_name, x_at + 1) END`,
    user_key: `lower(CASE WHEN ${hasDomain} THEN substr(x_name, x_backslash + 1) WHEN ${hasUpn} THEN left(x_name, x_at - 1) ELSE x_name END)`,
  }
}

export function iisBulkSelect(names: readonly string[]): BulkSelect | undefined {
  const date = field(names, 'date')
  const time = field(names, 'time')
  // Time-only logs take their date from #Date: the parser handles those.
  if (date === undefined || time === undefined) return undefined
  const path = field(names, 'cs-uri-stem') ?? field(names, 'cs-uri')
  const query = field(names, 'cs-uri-query')
  const method = field(names, 'cs-method')
  const status = integer(field(names, 'sc-status'), 'INTEGER')
  const rawAgent = field(names, 'cs(User-Agent)')
  const userAgent = rawAgent === undefined ? undefined : 'x_agent'
  const computer = field(names, 's-computername')
  const written = field(names, 'cs-username')
  const hasEas = path !== undefined && query !== undefined

  const stages: Array<Record<string, string>> = [
    {
      x_path: path ?? 'NULL',
      x_query: query ?? 'NULL',
      x_status: status ?? 'NULL',
      x_agent: rawAgent === undefined ? 'NULL' : `replace(${rawAgent}, '+', ' ')`, // stored, and read for the client app
    },
    { x_path_lower: 'lower(x_path)' }, // for the client app and the ActiveSync test
    { x_app_prefix: path === undefined ? 'NULL' : appPrefix() },
    { x_eas_user: hasEas ? `CASE WHEN ${isActiveSyncLowerPathSql('x_path_lower')} THEN ${activeSyncParameterSql('x_query', 'User')} END` : 'NULL' },
    { x_name: written === undefined ? 'x_eas_user' : `coalesce(nullif(trim(${written}), ''), x_eas_user)` },
    {
      x_backslash: `strpos(x_name, '\\')`,
      x_at: `CASE WHEN strpos(x_name, '@') > 0 THEN length(x_name) - strpos(reverse(x_name), '@') + 1 ELSE 0 END`,
    },
  ]
  const columns: BulkColumns = {
    // As strict as parseW3cDate/parseW3cTime: DuckDB alone would also take '2026-3-1 1:2:3'.
    ts: `CASE WHEN length(${date}) = 10 AND ${date} >= '1970' AND length(${time}) BETWEEN 8 AND 16
      THEN try_cast(${date} || ' ' || ${time} AS TIMESTAMP) END`,
    host_name: computer === undefined ? 'host_hint' : `coalesce(${computer}, host_hint)`,
    src_ip: field(names, 'c-ip'),
    src_port: integer(field(names, 'c-port'), 'INTEGER'),
    dst_ip: field(names, 's-ip'),
    dst_port: integer(field(names, 's-port'), 'INTEGER'),
    dst_host: field(names, 'cs-host'),
    http_method: method,
    url_path: path === undefined ? undefined : 'x_path',
    url_query: query === undefined ? undefined : 'x_query',
    http_status: status === undefined ? undefined : 'x_status',
    bytes_out: integer(field(names, 'sc-bytes')),
    bytes_in: integer(field(names, 'cs-bytes')),
    duration_ms: integer(field(names, 'time-taken')),
    user_agent: userAgent,
  }
  if (written !== undefined || hasEas) Object.assign(columns, accountColumns())
  if (path !== undefined) columns.client_app = clientApp(userAgent ?? 'NULL')
  if (method !== undefined || path !== undefined) columns.action = `concat_ws(' ', ${method ?? 'NULL'}, x_path)`
  if (status !== undefined) columns.outcome = `CASE WHEN x_status IS NULL THEN NULL WHEN x_status < 400 THEN 'success' ELSE 'failure' END`
  return { stages, columns }
}
