// An event's rendered message (Event Viewer's CSV and text exports keep only this) read back into
// named values, so that a CSV row normalises like the same event read from XML or EVTX:
//   - Security events of Vista and later: `Section:` headers and `\tLabel:\t\tvalue` lines, mapped
//     to their EventData names (Subject / Account Name -> SubjectUserName, Failure Reason ->
//     FailureReason ...); labels without a known name keep `Section.Label`.
//   - Windows 2003 Security events: the message labels of security-events.ts, found in order, give
//     the ordered strings back as Data1..n (on one line or many, as 2003's exports write them).
//   - Exchange SmtpReceive events whose message names the client: the parameters as Data1..n.
// Other messages give nothing but themselves (fields.Message).
import { EVENTLOG_PROVIDER, LEGACY_SECURITY_EVENTS, LEGACY_SECURITY_PROVIDER, SECURITY_PROVIDER } from './security-events.js'

type Pairs = Array<readonly [string, string]>

/** Sections whose account block is the event's target (the account logged on, created, locked...). */
const TARGET_SECTIONS = new Set([
  'new logon',
  'account for which logon failed',
  'account whose credentials were used',
  'target account',
  'new account',
  'account that was locked out',
  'account information',
])

/** Events whose only account section, `Subject:`, is the account logged off (its data says Target*). */
const SUBJECT_IS_TARGET = new Set([4634, 4647])
/** Events whose target SID is TargetSid rather than TargetUserSid. */
const TARGET_SID = new Set([4720, 4722, 4723, 4724, 4725, 4726, 4738, 4740, 4767, 4768, 4771])

const LABELS: Readonly<Record<string, string>> = {
  'logon type': 'LogonType',
  'restricted admin mode': 'RestrictedAdminMode',
  'virtual account': 'VirtualAccount',
  'elevated token': 'ElevatedToken',
  'impersonation level': 'ImpersonationLevel',
  'linked logon id': 'TargetLinkedLogonId',
  'network account name': 'TargetOutboundUserName',
  'network account domain': 'TargetOutboundDomainName',
  'failure reason': 'FailureReason',
  status: 'Status',
  'sub status': 'SubStatus',
  'error code': 'Status',
  'result code': 'Status',
  'failure code': 'Status',
  'workstation name': 'WorkstationName',
  'source workstation': 'Workstation',
  'caller computer name': 'TargetDomainName',
  'logon account': 'TargetUserName',
  'supplied realm name': 'TargetDomainName',
  'user id': 'TargetSid',
  'source network address': 'IpAddress',
  'network address': 'IpAddress',
  'client address': 'IpAddress',
  'source port': 'IpPort',
  port: 'IpPort',
  'client port': 'IpPort',
  'logon process': 'LogonProcessName',
  'authentication package': 'AuthenticationPackageName',
  'transited services': 'TransmittedServices',
  'package name (ntlm only)': 'LmPackageName',
  'key length': 'KeyLength',
  'process id': 'ProcessId',
  'caller process id': 'ProcessId',
  'process name': 'ProcessName',
  'caller process name': 'ProcessName',
  privileges: 'PrivilegeList',
  'target server name': 'TargetServerName',
  'additional information': 'TargetInfo',
  'service name': 'ServiceName',
  'service id': 'ServiceSid',
  'ticket options': 'TicketOptions',
  'ticket encryption type': 'TicketEncryptionType',
  'pre-authentication type': 'PreAuthType',
  'certificate issuer name': 'CertIssuerName',
  'certificate serial number': 'CertSerialNumber',
  'certificate thumbprint': 'CertThumbprint',
  'sam account name': 'SamAccountName',
  'display name': 'DisplayName',
  'user principal name': 'UserPrincipalName',
  'home directory': 'HomeDirectory',
  'home drive': 'HomePath',
  'script path': 'ScriptPath',
  'profile path': 'ProfilePath',
  'user workstations': 'UserWorkstations',
  'password last set': 'PasswordLastSet',
  'account expires': 'AccountExpires',
  'primary group id': 'PrimaryGroupId',
  'allowed to delegate to': 'AllowedToDelegateTo',
  'old uac value': 'OldUacValue',
  'new uac value': 'NewUacValue',
  'user account control': 'UserAccountControl',
  'user parameters': 'UserParameters',
  'sid history': 'SidHistory',
  'logon hours': 'LogonHours',
}

const LINE = /^(\s*)([^:\t]{1,60}?)\s*:\s*(.*?)\s*$/

function accountName(eventId: number, role: 'Subject' | 'Target', label: string): string | undefined {
  switch (label) {
    case 'security id':
      return role === 'Subject' ? 'SubjectUserSid' : TARGET_SID.has(eventId) ? 'TargetSid' : 'TargetUserSid'
    case 'account name':
      return `${role}UserName`
    case 'account domain':
    case 'domain name': // 1102 The audit log was cleared
      return `${role}DomainName`
    case 'logon id':
      return `${role}LogonId`
    case 'logon guid':
      return role === 'Target' && eventId === 4648 ? 'TargetLogonGuid' : 'LogonGuid'
    default:
      return undefined
  }
}

/** A Vista+ Security message: sections and labelled values to EventData names. */
function modernSecurityData(eventId: number, message: string): Pairs {
  const pairs: Pairs = []
  let section = ''
  let seenLabel = false
  for (const line of message.split(/\r?\n/)) {
    if (line.trim() === '') continue
    const m = LINE.exec(line)
    if (m === null) {
      if (seenLabel) break // the explanation after the values
      continue
    }
    const [, indent, rawLabel, value] = m as unknown as [string, string, string, string]
    const label = rawLabel.trim().toLowerCase()
    if (indent === '' && value === '') {
      section = rawLabel.trim()
      continue
    }
    seenLabel = true
    const lowerSection = section.toLowerCase()
    const role = lowerSection === 'subject' ? (SUBJECT_IS_TARGET.has(eventId) ? 'Target' : 'Subject') : TARGET_SECTIONS.has(lowerSection) ? 'Target' : undefined
    const name =
      (role === undefined ? undefined : accountName(eventId, role, label)) ??
      (label === 'authentication package' && eventId === 4776 ? 'PackageName' : LABELS[label]) ??
      (section === '' ? rawLabel.trim() : `${section}.${rawLabel.trim()}`)
    pairs.push([name, value])
    if (indent === '') section = ''
  }
  return pairs
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A Windows 2003 Security message: its labels found in order give Data1..n back. */
function legacySecurityData(layout: ReadonlyArray<readonly [string, string]>, message: string): Pairs {
  const labels = [...new Set(layout.map(([label]) => label))].sort((a, b) => b.length - a.length)
  const found = [...message.matchAll(new RegExp(`(?:^|(?<=\\s))(${labels.map(escape).join('|')})\\s*:`, 'g'))]
  const values = new Map<number, string>()
  found.forEach((m, k) => {
    const end = k + 1 < found.length ? found[k + 1]!.index : message.length
    let value = message.slice(m.index + m[0].length, end)
    const newline = value.search(/\r?\n/)
    if (newline !== -1 && value.slice(0, newline).trim() !== '') value = value.slice(0, newline)
    value = value.replace(/\s*For more information, see Help and Support Center at\s.*$/s, '').trim()
    const slot = layout.findIndex(([label], i) => label === m[1] && !values.has(i))
    if (slot !== -1) values.set(slot, value)
  })
  // Data1..DataN up to the last value found (Windows 2000 wrote fewer strings than 2003).
  const count = Math.max(0, ...[...values.keys()].map((slot) => slot + 1))
  return Array.from({ length: count }, (_, i) => [`Data${i + 1}`, values.get(i) ?? ''] as const)
}

/** Exchange SmtpReceive messages that name the client or the account, back to their parameters. */
const SMTP_MESSAGES: ReadonlyMap<number, RegExp> = new Map([
  [1035, /^Inbound authentication failed with error (.*?) for Receive connector (.*?)\. The authentication mechanism is (.*?)\. The source IP address of the client who tried to authenticate to Microsoft Exchange is \[(.*?)\]\./s],
  [1012, /^Receive connector (.*?): Authentication failures have exceeded the maximum of (.*?) for the connection from (.*?)\. Disconnecting\./s],
  [1020, /^The account '(.*?)' provided valid credentials, but is not authorized to use the server; failing authentication\./s],
  [1036, /^Inbound direct trust authentication failed for certificate (.*?)\. The source IP address of the server that tried to authenticate to Microsoft Exchange is \[(.*?)\]\./s],
])

/** The named (or positional) values a rendered message holds, for the event it belongs to. */
export function messageData(provider: string, eventId: number, message: string): Pairs {
  if (provider === SECURITY_PROVIDER || provider === EVENTLOG_PROVIDER) return modernSecurityData(eventId, message)
  if (provider === LEGACY_SECURITY_PROVIDER) {
    const legacy = LEGACY_SECURITY_EVENTS.get(eventId)
    return legacy === undefined ? modernSecurityData(eventId, message) : legacySecurityData(legacy.layout, message)
  }
  if (/^msexchange ?(front ?end ?)?transport$/i.test(provider)) {
    const m = SMTP_MESSAGES.get(eventId)?.exec(message.trim())
    if (m != null) return m.slice(1).map((value, i) => [`Data${i + 1}`, value] as const)
  }
  return []
}
