// The bulk path of IIS W3C logs: the same normalisation as the TypeScript parser, written as DuckDB SQL
// over `f` (the line split on spaces, 1-based) so that well-formed lines never become JS objects.
// test/formats/w3c/iis-bulk-contract.test.ts runs every fixture through both paths and compares.
import type { BulkSelect } from '../format.js'
import { CLIENT_APP_PREFIXES, PROBE_USER_AGENT_PATTERN } from '../../model/client-app.js'
import { EAS_PARAMETERS, type EasParameter } from './activesync-query.js'

/** SQL of an original field, '-' as NULL; undefined when the layout lacks it. */
function field(names: readonly string[], name: string): string | undefined {
  const index = names.findIndex((n) => n.toLowerCase() === name.toLowerCase())
  return index === -1 ? undefined : `nullif(f[${index + 1}], '-')`
}

function integer(sql: string | undefined, type: 'BIGINT' | 'INTEGER' = 'BIGINT'): string | undefined {
  return sql === undefined ? undefined : `TRY_CAST(${sql} AS ${type})`
}

// Mirrors classifyClientApp (src/model/client-app.ts): health probes, the first matching prefix, else 'Other'.
function clientApp(path: string, userAgent: string): string {
  const lower = `lower(${path})`
  // One regular expression; its alternatives are tried in the list's order, as classifyClientApp does.
  const alternatives = CLIENT_APP_PREFIXES.map(([prefix]) => prefix.replaceAll('-', '\\-')).join('|')
  const matched = `regexp_extract(${lower}, '^(${alternatives})(?:[/.]|$)', 1)`
  const apps = CLIENT_APP_PREFIXES.map(([prefix, app]) => `WHEN '${prefix}' THEN '${app}'`).join(' ')
  return `CASE WHEN ${path} IS NULL THEN NULL
    WHEN ends_with(${lower}, '/healthcheck.htm') OR regexp_matches(coalesce(${userAgent}, ''), '${PROBE_USER_AGENT_PATTERN}', 'i') THEN 'HealthProbe'
    ELSE CASE ${matched} ${apps} ELSE 'Other' END END`
}

/**
 * The account as written, then split like parseAccount (src/model/account.ts): DOMAIN\user, UPN or
 * a bare name; ActiveSync requests without cs-username name the user in their `User=` parameter.
 */
function account(names: readonly string[], path: string | undefined, query: string | undefined) {
  const written = field(names, 'cs-username')
  const easUser = path === undefined || query === undefined ? undefined : activeSync(path, easParameter(query, 'User'))
  const name = written === undefined ? easUser : easUser === undefined ? `nullif(trim(${written}), '')` : `coalesce(nullif(trim(${written}), ''), ${easUser})`
  if (name === undefined) return {}
  const backslash = `strpos(${name}, '\\')`
  const at = `CASE WHEN strpos(${name}, '@') > 0 THEN length(${name}) - strpos(reverse(${name}), '@') + 1 ELSE 0 END`
  const hasDomain = `(${backslash} > 1 AND ${backslash} < length(${name}))`
  const hasUpn = `(${at} > 1 AND ${at} < length(${name}))`
  return {
    user_name: name,
    user_domain: `CASE WHEN ${hasDomain} THEN left(${name}, ${backslash} - 1) WHEN ${hasUpn} THEN substr(${name}, ${at} + 1) END`,
    user_key: `lower(CASE WHEN ${hasDomain} THEN substr(${name}, ${backslash} + 1) WHEN ${hasUpn} THEN left(${name}, ${at} - 1) ELSE ${name} END)`,
  }
}

function activeSync(path: string, then: string): string {
  return `CASE WHEN starts_with(lower(${path}), '/microsoft-server-activesync') THEN ${then} END`
}

// Mirrors parseActiveSyncQuery: the first `Name=` parameter, URL-decoded, empty as NULL.
// (split_part, not a regular expression: this runs on every ActiveSync line.)
function easParameter(query: string, name: EasParameter): string {
  return `nullif(url_decode(split_part(split_part('&' || ${query}, '&${name}=', 2), '&', 1)), '')`
}

/** The eas.* entries the parser adds to `fields`, as a JSON object without the absent ones. */
function easFields(path: string, query: string): string {
  const entries = EAS_PARAMETERS.map((name) => {
    const value = easParameter(query, name)
    return `CASE WHEN ${value} IS NOT NULL THEN '"eas.${name}":' || to_json(${value}) END`
  }).join(', ')
  return activeSync(path, `nullif('{' || concat_ws(',', ${entries}) || '}', '{}')`)
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
  const userAgent = rawAgent === undefined ? undefined : `replace(${rawAgent}, '+', ' ')`
  const computer = field(names, 's-computername')
  const select: BulkSelect = {
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
    url_path: path,
    url_query: query,
    http_status: status,
    bytes_out: integer(field(names, 'sc-bytes')),
    bytes_in: integer(field(names, 'cs-bytes')),
    duration_ms: integer(field(names, 'time-taken')),
    user_agent: userAgent,
    ...account(names, path, query),
  }
  if (path !== undefined) select.client_app = clientApp(path, userAgent ?? 'NULL')
  if (path !== undefined && query !== undefined) select.fields = easFields(path, query)
  if (method !== undefined || path !== undefined) select.action = `concat_ws(' ', ${method ?? 'NULL'}, ${path ?? 'NULL'})`
  if (status !== undefined) select.outcome = `CASE WHEN ${status} IS NULL THEN NULL WHEN ${status} < 400 THEN 'success' ELSE 'failure' END`
  return select
}
