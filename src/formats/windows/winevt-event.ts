// A WindowsEvent (from EVTX, wevtutil XML or Event Viewer CSV) as an exhunt event: dataset winevt,
// every EventData/UserData value in fields under its own name, the System values as System.*, and
// for the Security log's logon and account events (security-events.ts) the account, the client,
// the logon type and the status in words. What exhunt derives is in fields as exhunt.*.
import { assignAccount } from '../../model/account.js'
import type { EventDraft } from '../../model/event.js'
import { splitEndpoint } from '../exchange/endpoint.js'
import { isSmtpProvider, SMTP_RECEIVE_EVENTS } from './application-events.js'
import { canonicalStatus, failureReasonWords, kerberosResultReason, logonType, ntStatusReason } from './logon-status.js'
import {
  EVENTLOG_EVENTS,
  EVENTLOG_PROVIDER,
  LEGACY_SECURITY_EVENTS,
  LEGACY_SECURITY_PROVIDER,
  SECURITY_EVENTS,
  SECURITY_PROVIDER,
  type SecurityEventSpec,
} from './security-events.js'
import type { WindowsEvent } from './windows-event.js'

/** Reads a value by its modern name, whether the event names its data or (legacy) orders it. */
type Lookup = (name: string) => string | undefined

/** '-' and '' are how Windows writes "no value". */
function present(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  return v === '' || v === '-' ? undefined : v
}

/** All data under its own name; a repeated name gets #2, #3... so nothing is lost. */
function dataFields(event: WindowsEvent): Record<string, string> {
  const fields: Record<string, string> = {}
  const seen = new Map<string, number>()
  for (const [name, value] of event.data) {
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    fields[n === 1 ? name : `${name}#${n}`] = value
  }
  return fields
}

function systemFields(event: WindowsEvent, fields: Record<string, string>): void {
  const put = (name: string, value: string | number | undefined): void => {
    if (value !== undefined) fields[`System.${name}`] = String(value)
  }
  put('Provider', event.provider)
  put('ProviderGuid', event.providerGuid)
  put('EventID', event.eventId)
  put('Qualifiers', event.qualifiers)
  put('Version', event.version)
  put('Level', event.level)
  put('Task', event.task)
  put('Opcode', event.opcode)
  put('Keywords', event.keywords)
  put('EventRecordID', event.recordId)
  put('ActivityID', event.activityId)
  put('ProcessID', event.processId)
  put('ThreadID', event.threadId)
  put('Channel', event.channel)
  put('Computer', event.computer)
  put('UserID', event.userSid)
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*(%\w+)?$/i

/** An IP as Windows writes it, or undefined ('-', names, junk); IPv4-mapped IPv6 as plain IPv4. */
export function windowsIp(written: string | undefined): string | undefined {
  const value = present(written)
  if (value === undefined) return undefined
  const plain = /^::ffff:/i.test(value) && value.includes('.') ? value.slice(7) : value
  return IPV4.test(plain) || IPV6.test(plain) ? plain : undefined
}

function portOf(written: string | undefined): number | undefined {
  const value = present(written)
  if (value === undefined || !/^\d{1,5}$/.test(value)) return undefined
  const port = Number(value)
  return port <= 65535 ? port : undefined
}

/** DOMAIN\user from two values ('-' empty); a name already qualified (user@realm, D\u) is kept. */
function qualified(user: string | undefined, domain: string | undefined): string | undefined {
  const u = present(user)
  if (u === undefined) return undefined
  const d = present(domain)
  return d === undefined || u.includes('\\') || u.includes('@') ? u : `${d}\\${u}`
}

/** Audit success/failure from System/Keywords (0x8020... / 0x8010..., classic 0xa0.../0x90...). */
function auditOutcome(keywords: string | undefined): 'success' | 'failure' | undefined {
  if (keywords === undefined || !/^0x[0-9a-f]{1,16}$/i.test(keywords.trim())) return undefined
  const k = BigInt(keywords.trim())
  if ((k & 0x10000000000000n) !== 0n) return 'failure'
  if ((k & 0x20000000000000n) !== 0n) return 'success'
  return undefined
}

function securitySpec(event: WindowsEvent): { spec: SecurityEventSpec; lookup: Lookup } | undefined {
  const byName = new Map<string, string>()
  for (const [name, value] of event.data) if (!byName.has(name)) byName.set(name, value)
  const named: Lookup = (name) => byName.get(name)
  if (event.provider === SECURITY_PROVIDER || event.provider === EVENTLOG_PROVIDER) {
    const spec = (event.provider === SECURITY_PROVIDER ? SECURITY_EVENTS : EVENTLOG_EVENTS).get(event.eventId)
    return spec === undefined ? undefined : { spec, lookup: named }
  }
  if (event.provider === LEGACY_SECURITY_PROVIDER) {
    const legacy = LEGACY_SECURITY_EVENTS.get(event.eventId)
    if (legacy === undefined) return undefined
    const position = new Map(legacy.layout.map(([, name], i) => [name, `Data${i + 1}`]))
    return { spec: legacy.spec, lookup: (name) => byName.get(position.get(name) ?? name) }
  }
  return undefined
}

function applySecurity(draft: EventDraft, fields: Record<string, string>, spec: SecurityEventSpec, get: Lookup): void {
  draft.action = spec.action
  assignAccount(draft, qualified(get(spec.user), spec.domain === undefined ? undefined : get(spec.domain)))
  if (spec.other !== undefined) {
    const other = qualified(get(spec.other.user), spec.other.domain === undefined ? undefined : get(spec.other.domain))
    if (other !== undefined) fields[spec.other.field] = other
  }
  const ip = windowsIp(get('IpAddress'))
  if (ip !== undefined) draft.src_ip = ip
  const port = portOf(get('IpPort'))
  if (port !== undefined) draft.src_port = port
  const workstation = spec.workstation === undefined ? undefined : present(get(spec.workstation))
  if (workstation !== undefined) fields['exhunt.workstation'] = workstation.replace(/^\\\\/, '')
  const type = logonType(get('LogonType'))
  if (type !== undefined) {
    fields['exhunt.logon_type'] = type.number
    if (type.name !== undefined) fields['exhunt.logon_type_name'] = type.name
  }

  let outcome = spec.outcome
  let reason: string | undefined
  if (spec.status !== undefined) {
    const codes = spec.status.map((name) => canonicalStatus(get(name))).filter((c): c is string => c !== undefined)
    // The most specific code that says something: 4625's SubStatus is 0x0 when Status says it all.
    const code = codes.find((c) => c !== '0x0') ?? codes[0]
    if (code !== undefined) {
      fields['exhunt.status'] = code
      reason = spec.statusKind === 'kerberos' ? kerberosResultReason(code) : ntStatusReason(code)
      outcome ??= code === '0x0' ? 'success' : 'failure'
    }
  }
  // Without a code in words: 4625's FailureReason (%%2313), or what a legacy failure's id means.
  reason ??= (spec.failureReason === undefined ? undefined : failureReasonWords(get(spec.failureReason))) ?? spec.reason
  if (reason !== undefined) fields['exhunt.status_reason'] = reason
  if (outcome !== undefined) draft.outcome = outcome
}

function applyApplication(draft: EventDraft, fields: Record<string, string>, event: WindowsEvent): void {
  if (!isSmtpProvider(event.provider)) return
  draft.client_app = 'SMTP'
  if (/^smtpsvc$/i.test(event.provider)) return
  const spec = SMTP_RECEIVE_EVENTS.get(event.eventId)
  if (spec === undefined) return
  draft.action = spec.action
  if (spec.outcome !== undefined) draft.outcome = spec.outcome
  const get = (name: string | undefined): string | undefined => (name === undefined ? undefined : present(fields[name]))
  const client = splitEndpoint(get(spec.client)) // 203.0.113.7, [203.0.113.7] or 203.0.113.7:51234
  const ip = windowsIp(client.ip)
  if (ip !== undefined) draft.src_ip = ip
  if (ip !== undefined && client.port !== undefined) draft.src_port = client.port
  assignAccount(draft, get(spec.user))
  const status = get(spec.status)
  if (status !== undefined) fields['exhunt.status'] = status
}

/** The exhunt event of one Windows event; `line` is its evidence pointer (line or record number). */
export function windowsEventToDraft(event: WindowsEvent, line: number, hostHint?: string): EventDraft {
  const fields = dataFields(event)
  systemFields(event, fields)
  const draft: EventDraft = {
    dataset: 'winevt',
    line,
    event_code: String(event.eventId),
    action: `${event.provider}/${event.eventId}`,
    fields,
    raw: event.xml,
  }
  if (event.timeCreated !== undefined) draft.ts = event.timeCreated
  const host = present(event.computer) ?? hostHint
  if (host !== undefined) draft.host_name = host

  const security = securitySpec(event)
  if (security !== undefined) {
    applySecurity(draft, fields, security.spec, security.lookup)
  } else if (event.provider === SECURITY_PROVIDER) {
    // Other Security events: the subject is who acted (4688's creator, 4732's administrator).
    assignAccount(draft, qualified(fields['SubjectUserName'], fields['SubjectDomainName']))
    const ip = windowsIp(fields['IpAddress'])
    if (ip !== undefined) draft.src_ip = ip
  } else {
    applyApplication(draft, fields, event)
  }
  if (draft.outcome === undefined) {
    const audit = auditOutcome(event.keywords)
    if (audit !== undefined) draft.outcome = audit
  }
  return draft
}
