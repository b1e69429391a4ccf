// What the Security log's logon and account events say, as data: for each event id, its short
// action name and which EventData values are the account, the workstation and the status.
// Modern events (Windows Vista/2008 and later, provider Microsoft-Windows-Security-Auditing) name
// their data (Microsoft's pages "4624(S): An account was successfully logged on" and so on).
// Windows 2000/2003 events (provider Security) carry ordered strings only: their order is the
// %1..%n of each message in msaudite.dll (the Windows Research Kernel's msaudite.h), given here
// with the label the message shows and the modern name of the same value.

export type StatusKind = 'ntstatus' | 'kerberos'

export interface SecurityEventSpec {
  readonly action: string
  /** Fixed outcome; absent: read from the status code, then from the audit keywords. */
  readonly outcome?: 'success' | 'failure'
  /** Data names of the account the record is about (user_name/user_domain/user_key). */
  readonly user: string
  readonly domain?: string
  /** The other account of the event, kept in fields as DOMAIN\user. */
  readonly other?: { readonly user: string; readonly domain?: string; readonly field: 'exhunt.subject_user' | 'exhunt.target_user' }
  readonly workstation?: string
  /** Data names of status codes, the most specific first (SubStatus before Status). */
  readonly status?: readonly string[]
  readonly statusKind?: StatusKind
  /** Data name of 4625's FailureReason (%%2313). */
  readonly failureReason?: string
  /** The reason a legacy failure event's id itself gives (529: unknown user name or bad password). */
  readonly reason?: string
}

const SUBJECT = { user: 'SubjectUserName', domain: 'SubjectDomainName', field: 'exhunt.subject_user' } as const
const TARGET = { user: 'TargetUserName', domain: 'TargetDomainName', field: 'exhunt.target_user' } as const

const target = (action: string, extra: Partial<SecurityEventSpec> = {}): SecurityEventSpec => ({
  action,
  user: 'TargetUserName',
  domain: 'TargetDomainName',
  other: SUBJECT,
  ...extra,
})
const subject = (action: string, extra: Partial<SecurityEventSpec> = {}): SecurityEventSpec => ({
  action,
  user: 'SubjectUserName',
  domain: 'SubjectDomainName',
  ...extra,
})

const NTLM: Partial<SecurityEventSpec> = { workstation: 'Workstation', status: ['Status'], statusKind: 'ntstatus' }

/** Provider Microsoft-Windows-Security-Auditing. */
export const SECURITY_EVENTS: ReadonlyMap<number, SecurityEventSpec> = new Map([
  [4624, target('logon', { outcome: 'success', workstation: 'WorkstationName' })],
  [4625, target('logon-failed', { outcome: 'failure', workstation: 'WorkstationName', status: ['SubStatus', 'Status'], statusKind: 'ntstatus', failureReason: 'FailureReason' })],
  [4634, target('logoff', { outcome: 'success', other: undefined })],
  [4647, target('logoff', { outcome: 'success', other: undefined })],
  [4648, subject('explicit-credentials', { outcome: 'success', other: TARGET })],
  [4672, subject('special-privileges', { outcome: 'success' })],
  [4720, target('account-created', { outcome: 'success' })],
  [4722, target('account-enabled', { outcome: 'success' })],
  [4723, target('password-change', {})],
  [4724, target('password-reset', {})],
  [4725, target('account-disabled', { outcome: 'success' })],
  [4726, target('account-deleted', { outcome: 'success' })],
  [4738, target('account-changed', { outcome: 'success' })],
  // 4740's TargetDomainName is the caller computer the bad logons came from, not a domain.
  [4740, { action: 'account-locked', outcome: 'success', user: 'TargetUserName', other: SUBJECT, workstation: 'TargetDomainName' }],
  [4767, target('account-unlocked', { outcome: 'success' })],
  [4768, { action: 'kerberos-tgt', user: 'TargetUserName', domain: 'TargetDomainName', status: ['Status'], statusKind: 'kerberos' }],
  [4769, { action: 'kerberos-service-ticket', user: 'TargetUserName', domain: 'TargetDomainName', status: ['Status'], statusKind: 'kerberos' }],
  [4771, { action: 'kerberos-preauth-failed', outcome: 'failure', user: 'TargetUserName', status: ['Status'], statusKind: 'kerberos' }],
  [4776, { action: 'ntlm-validation', user: 'TargetUserName', ...NTLM }],
])

/** Provider Microsoft-Windows-Eventlog, whose 1102 is written into the Security log (UserData). */
export const EVENTLOG_EVENTS: ReadonlyMap<number, SecurityEventSpec> = new Map([[1102, subject('log-cleared', { outcome: 'success' })]])

// Windows 2003 message parameters, in %1..%n order: [label in the message, modern name].
type Layout = ReadonlyArray<readonly [string, string]>

const CALLER: Layout = [
  ['Caller User Name', 'SubjectUserName'],
  ['Caller Domain', 'SubjectDomainName'],
  ['Caller Logon ID', 'SubjectLogonId'],
  ['Caller Process ID', 'ProcessId'],
  ['Transited Services', 'TransmittedServices'],
  ['Source Network Address', 'IpAddress'],
  ['Source Port', 'IpPort'],
]
const LOGON_HEAD: Layout = [
  ['Logon Type', 'LogonType'],
  ['Logon Process', 'LogonProcessName'],
  ['Authentication Package', 'AuthenticationPackageName'],
  ['Workstation Name', 'WorkstationName'],
]
const USER: Layout = [
  ['User Name', 'TargetUserName'],
  ['Domain', 'TargetDomainName'],
]
/** 528 Successful Logon, 540 Successful Network Logon. */
const SUCCESSFUL_LOGON: Layout = [...USER, ['Logon ID', 'TargetLogonId'], ...LOGON_HEAD, ['Logon GUID', 'LogonGuid'], ...CALLER]
/** 529-536, 539 Logon Failure: the reason is the event id. */
const LOGON_FAILURE: Layout = [...USER, ...LOGON_HEAD, ...CALLER]
/** 537 Logon Failure: An error occurred during logon (with status codes). */
const LOGON_ERROR: Layout = [...USER, ...LOGON_HEAD, ['Status code', 'Status'], ['Substatus code', 'SubStatus'], ...CALLER]
const LOGOFF: Layout = [...USER, ['Logon ID', 'TargetLogonId'], ['Logon Type', 'LogonType']]
const EXPLICIT_CREDENTIALS: Layout = [
  ['User Name', 'SubjectUserName'],
  ['Domain', 'SubjectDomainName'],
  ['Logon ID', 'SubjectLogonId'],
  ['Logon GUID', 'LogonGuid'],
  ['Target User Name', 'TargetUserName'],
  ['Target Domain', 'TargetDomainName'],
  ['Target Logon GUID', 'TargetLogonGuid'],
  ['Target Server Name', 'TargetServerName'],
  ['Target Server Info', 'TargetInfo'],
  ['Caller Process ID', 'ProcessId'],
  ['Source Network Address', 'IpAddress'],
  ['Source Port', 'IpPort'],
]
const SPECIAL_PRIVILEGES: Layout = [
  ['User Name', 'SubjectUserName'],
  ['Domain', 'SubjectDomainName'],
  ['Logon ID', 'SubjectLogonId'],
  ['Privileges', 'PrivilegeList'],
]
/** 680 (Windows 2003/XP): "Logon attempt by: %1 Logon account: %2 Source Workstation: %3 Error Code: %4". */
const ACCOUNT_LOGON: Layout = [
  ['Logon attempt by', 'PackageName'],
  ['Logon account', 'TargetUserName'],
  ['Source Workstation', 'Workstation'],
  ['Error Code', 'Status'],
]
/** 681 (Windows 2000): "The logon to account: %2 by: %1 from workstation: %3 failed. The error code was: %4" (decimal). */
const ACCOUNT_LOGON_FAILURE: Layout = [
  ['by', 'PackageName'],
  ['The logon to account', 'TargetUserName'],
  ['from workstation', 'Workstation'],
  ['failed. The error code was', 'Status'],
]

/** 517 The audit log was cleared: the client is who cleared it (the primary user is SYSTEM). */
const LOG_CLEARED: Layout = [
  ['Primary User Name', 'SubjectUserName'],
  ['Primary Domain', 'SubjectDomainName'],
  ['Primary Logon ID', 'SubjectLogonId'],
  ['Client User Name', 'ClientUserName'],
  ['Client Domain', 'ClientDomainName'],
  ['Client Logon ID', 'ClientLogonId'],
]

export interface LegacySecurityEvent {
  readonly spec: SecurityEventSpec
  readonly layout: Layout
}

const failure = (reason: string): LegacySecurityEvent => ({
  spec: target('logon-failed', { outcome: 'failure', workstation: 'WorkstationName', reason }),
  layout: LOGON_FAILURE,
})

/** Provider Security (Windows 2000/2003 logs, and their .evt files read on later Windows). */
export const LEGACY_SECURITY_EVENTS: ReadonlyMap<number, LegacySecurityEvent> = new Map([
  [517, { spec: { action: 'log-cleared', outcome: 'success', user: 'ClientUserName', domain: 'ClientDomainName', other: SUBJECT }, layout: LOG_CLEARED }],
  [528, { spec: target('logon', { outcome: 'success', workstation: 'WorkstationName' }), layout: SUCCESSFUL_LOGON }],
  [529, failure('bad user name or password')],
  [530, failure('outside logon hours')],
  [531, failure('account disabled')],
  [532, failure('account expired')],
  [533, failure('workstation restriction')],
  [534, failure('logon type not granted')],
  [535, failure('password expired')],
  [536, failure('netlogon not active')],
  [537, { spec: target('logon-failed', { outcome: 'failure', workstation: 'WorkstationName', status: ['SubStatus', 'Status'], statusKind: 'ntstatus' }), layout: LOGON_ERROR }],
  [538, { spec: target('logoff', { outcome: 'success', other: undefined }), layout: LOGOFF }],
  [539, failure('account locked')],
  [540, { spec: target('logon', { outcome: 'success', workstation: 'WorkstationName' }), layout: SUCCESSFUL_LOGON }],
  [551, { spec: target('logoff', { outcome: 'success', other: undefined }), layout: LOGOFF.slice(0, 3) }],
  [552, { spec: subject('explicit-credentials', { outcome: 'success', other: TARGET }), layout: EXPLICIT_CREDENTIALS }],
  [576, { spec: subject('special-privileges', { outcome: 'success' }), layout: SPECIAL_PRIVILEGES }],
  [680, { spec: { action: 'ntlm-validation', user: 'TargetUserName', ...NTLM }, layout: ACCOUNT_LOGON }],
  [681, { spec: { action: 'ntlm-validation', outcome: 'failure', user: 'TargetUserName', ...NTLM }, layout: ACCOUNT_LOGON_FAILURE }],
])

export const SECURITY_PROVIDER = 'Microsoft-Windows-Security-Auditing'
export const LEGACY_SECURITY_PROVIDER = 'Security'
export const EVENTLOG_PROVIDER = 'Microsoft-Windows-Eventlog'
