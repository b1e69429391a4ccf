// The logsource `product: exhunt` (optionally `service: <dataset>`), for exhunt's rule pack: the
// records of exhunt's own datasets with the analysis field names (user_key, src_ip, client_app,
// ua.family, fields.<name>...), and fields derived from the case's facts: which published endpoint a
// record went through, whether it falls outside business hours, what its SMTP session holds. Values
// from the case reach SQL only as parameters.
import type { FieldContext, FieldMapping, LogsourceMapping, SourceVariant } from './logsources.js'
import { CompileError } from './sigma/value-matchers.js'
import { quoteLiteral } from '../store/sql-quote.js'


/**
 * What the exhunt logsource's derived fields are computed from: the organisation as the case context
 * describes it, or as its traffic shows it where the context is silent (src/detect/placeholders.ts).
 */
export interface CaseFacts {
  /** Published endpoints: the context's, else the ActiveSync publications learnt from the traffic. */
  endpoints: ReadonlyArray<{ name: string; hosts: readonly string[]; ips: readonly string[] }>
  /** Business hours in local time of `zone`: days 0 (Sunday) to 6, minutes after midnight. */
  hours: { zone: string; days: readonly number[]; start: number; end: number }
}

/** Without facts: no known endpoint, business hours mon-fri 08:00-18:00 UTC. */
export const NO_FACTS: CaseFacts = { endpoints: [], hours: { zone: 'UTC', days: [1, 2, 3, 4, 5], start: 8 * 60, end: 18 * 60 } }

/**
 * Fields of the exhunt logsource computed per record from the case's facts (their values are
 * parameters, never SQL text):
 *   exhunt.endpoint                 the published endpoint the record went through, by its host header,
 *                                   else its destination address, else its source address (a CAS behind
 *                                   the publication's reverse proxy sees the proxy's address); without
 *                                   one, the host header (lower case), else the server (host_name).
 *                                   Findings of exhunt rules name this endpoint.
 *   exhunt.outside_business_hours   true when the record's time, in the context's time zone, falls
 *                                   outside its business_hours (mon-fri 08:00-18:00 without them).
 *   exhunt.local_time               the record's local wall-clock time in that zone (text).
 */
function exhuntDerived(facts: CaseFacts): Record<string, FieldMapping> {
  const endpoint: FieldMapping = {
    sql: (ctx) => {
      const list = (values: readonly string[]): string => (values.length === 0 ? 'NULL' : values.map((v) => ctx.param(v)).join(', '))
      const name = (n: string): string => ctx.param(n)
      const byHost = facts.endpoints.filter((x) => x.hosts.length > 0).map((x) => `WHEN lower(e.dst_host) IN (${list(x.hosts)}) THEN ${name(x.name)}`)
      const byDst = facts.endpoints.filter((x) => x.ips.length > 0).map((x) => `WHEN e.dst_ip IN (${list(x.ips)}) THEN ${name(x.name)}`)
      const bySrc = facts.endpoints.filter((x) => x.ips.length > 0).map((x) => `WHEN e.src_ip IN (${list(x.ips)}) THEN ${name(x.name)}`)
      const fallback = 'coalesce(lower(e.dst_host), e.host_name)'
      const cases = [...byHost, ...byDst, ...bySrc]
      return cases.length === 0 ? fallback : `CASE ${cases.join(' ')} ELSE ${fallback} END`
    },
  }
  const local = (ctx: FieldContext): string => `timezone(${ctx.param(facts.hours.zone)}, e.ts AT TIME ZONE 'UTC')`
  const outside: FieldMapping = {
    sql: (ctx) => {
      const at = local(ctx)
      const minute = `(hour(${at}) * 60 + minute(${at}))`
      const days = facts.hours.days.map((d) => ctx.param(d)).join(', ')
      return `CASE WHEN e.ts IS NULL THEN NULL ELSE (dayofweek(${at}) NOT IN (${days}) OR ${minute} < ${ctx.param(facts.hours.start)} OR ${minute} >= ${ctx.param(facts.hours.end)}) END`
    },
  }
  return { 'exhunt.endpoint': endpoint, 'exhunt.outside_business_hours': outside, 'exhunt.local_time': { sql: (ctx) => `strftime(${local(ctx)}, '%Y-%m-%d %H:%M:%S')` } }
}

/** SMTP logs whose records belong to sessions (session_id): IIS SMTP and Exchange's SMTP Receive. */
const SMTP_SESSIONS = ['iis_smtp', 'smtp_receive']
const SESSION = 'OVER (PARTITION BY e.session_id)'
const SESSION_COLUMNS = [
  `CASE WHEN e.session_id IS NOT NULL THEN min(e.ts) ${SESSION} END AS "x:session_start"`,
  `CASE WHEN e.session_id IS NOT NULL THEN max(e.ts) ${SESSION} END AS "x:session_stop"`,
  `CASE WHEN e.session_id IS NOT NULL THEN bool_or(e.event_code = '235') ${SESSION} END AS "x:session_auth"`,
  `CASE WHEN e.session_id IS NOT NULL THEN max(e.user_key) FILTER (WHERE coalesce(e.outcome, '') <> 'failure') ${SESSION} END AS "x:session_user"`,
]
/** How far from an SMTP session a Windows logon from the client's address may be to name its account. */
const LOGON_SLACK = 'INTERVAL 2 MINUTE'
/**
 * The account of a record's SMTP session: the one it authenticated as, or, where the log does not
 * name it (the IIS SMTP service), the account of the Windows logons (Security log) from the client's
 * address while the session lasted.
 */
const SESSION_USER = `coalesce(e."x:session_user", (SELECT max(l.user_key) FROM events l WHERE l.dataset = 'winevt' AND l.action = 'logon' AND l.outcome = 'success' AND l.user_key IS NOT NULL AND l.src_ip = e.src_ip AND l.ts BETWEEN e."x:session_start" - ${LOGON_SLACK} AND e."x:session_stop" + ${LOGON_SLACK}))`

/**
 * Fields of the SMTP session a record belongs to (services iis_smtp and smtp_receive only):
 *   exhunt.session_authenticated   true when the session authenticated (a 235 reply)
 *   exhunt.session_user            its account (SESSION_USER); also who acted, for findings
 * Findings of these services name the server (host_name) as their endpoint: a relay is closed in the
 * server's SMTP settings, not by a URI filter on a publication.
 */
function sessionFields(service: string | undefined): Record<string, FieldMapping> {
  if (service !== undefined && SMTP_SESSIONS.includes(service)) {
    return { 'exhunt.session_authenticated': { sql: () => 'e."x:session_auth"' }, 'exhunt.session_user': { sql: () => SESSION_USER } }
  }
  const refuse = (name: string): FieldMapping => ({
    sql: () => {
      throw new CompileError(`${name} is a field of logsource product exhunt with service ${SMTP_SESSIONS.join(' or ')} only`)
    },
  })
  return { 'exhunt.session_authenticated': refuse('exhunt.session_authenticated'), 'exhunt.session_user': refuse('exhunt.session_user') }
}

export function exhuntMapping(service: string | undefined, facts: CaseFacts): LogsourceMapping {
  const filter = service === undefined ? 'true' : `e.dataset = ${quoteLiteral(service)}`
  const fields = { ...exhuntDerived(facts), ...sessionFields(service) }
  const smtp = service !== undefined && SMTP_SESSIONS.includes(service)
  const variant: SourceVariant = {
    label: service ?? 'every dataset',
    filter,
    fields,
    fallback: 'analysis',
    endpoint: smtp ? { sql: (ctx) => `coalesce(e.host_name, ${fields['exhunt.endpoint']!.sql(ctx)})` } : fields['exhunt.endpoint']!,
    ...(smtp ? { inner: SESSION_COLUMNS, user: { sql: () => `coalesce(e.user_key, ${SESSION_USER})` } } : {}),
  }
  return { key: service === undefined ? 'exhunt' : `exhunt/${service}`, rawIsXml: service === 'winevt', variants: [variant] }
}
