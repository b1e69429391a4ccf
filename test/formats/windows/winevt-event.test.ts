// Normalisation of Windows events, table-driven over every logon and account event exhunt reads
// by id. The EventData name sets are those of Microsoft's pages for each event ("4625(F): An
// account failed to log on." and so on); the Windows 2003 events carry ordered strings in the
// order of msaudite.h. Values are our own: the "test" account story of the second seed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseEventXml } from '../../../src/formats/windows/event-xml.js'
import { canonicalStatus, kerberosResultReason, ntStatusReason } from '../../../src/formats/windows/logon-status.js'
import type { WindowsEvent } from '../../../src/formats/windows/windows-event.js'
import { windowsEventToDraft } from '../../../src/formats/windows/winevt-event.js'
import type { EventDraft } from '../../../src/model/event.js'
import { eventXml, type TestEvent } from './event-builder.js'

const SUBJECT = ['SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId']
const ACCOUNT_TARGET = ['TargetUserName', 'TargetDomainName', 'TargetSid', ...SUBJECT]
const USER_ATTRIBUTES = [
  'PrivilegeList', 'SamAccountName', 'DisplayName', 'UserPrincipalName', 'HomeDirectory', 'HomePath', 'ScriptPath', 'ProfilePath',
  'UserWorkstations', 'PasswordLastSet', 'AccountExpires', 'PrimaryGroupId', 'AllowedToDelegateTo', 'OldUacValue', 'NewUacValue',
  'UserAccountControl', 'UserParameters', 'SidHistory', 'LogonHours',
]

/** EventData name sets, from Microsoft's event pages. */
const NAMES: Readonly<Record<number, readonly string[]>> = {
  4624: [
    ...SUBJECT, 'TargetUserSid', 'TargetUserName', 'TargetDomainName', 'TargetLogonId', 'LogonType', 'LogonProcessName',
    'AuthenticationPackageName', 'WorkstationName', 'LogonGuid', 'TransmittedServices', 'LmPackageName', 'KeyLength', 'ProcessId',
    'ProcessName', 'IpAddress', 'IpPort', 'ImpersonationLevel', 'RestrictedAdminMode', 'TargetOutboundUserName',
    'TargetOutboundDomainName', 'VirtualAccount', 'TargetLinkedLogonId', 'ElevatedToken',
  ],
  4625: [
    ...SUBJECT, 'TargetUserSid', 'TargetUserName', 'TargetDomainName', 'Status', 'FailureReason', 'SubStatus', 'LogonType',
    'LogonProcessName', 'AuthenticationPackageName', 'WorkstationName', 'TransmittedServices', 'LmPackageName', 'KeyLength',
    'ProcessId', 'ProcessName', 'IpAddress', 'IpPort',
  ],
  4634: ['TargetUserSid', 'TargetUserName', 'TargetDomainName', 'TargetLogonId', 'LogonType'],
  4647: ['TargetUserSid', 'TargetUserName', 'TargetDomainName', 'TargetLogonId'],
  4648: [...SUBJECT, 'LogonGuid', 'TargetUserName', 'TargetDomainName', 'TargetLogonGuid', 'TargetServerName', 'TargetInfo', 'ProcessId', 'ProcessName', 'IpAddress', 'IpPort'],
  4672: [...SUBJECT, 'PrivilegeList'],
  4720: [...ACCOUNT_TARGET, ...USER_ATTRIBUTES],
  4722: ACCOUNT_TARGET,
  4724: ACCOUNT_TARGET,
  4726: [...ACCOUNT_TARGET, 'PrivilegeList'],
  4738: ['Dummy', ...ACCOUNT_TARGET, ...USER_ATTRIBUTES],
  4740: ACCOUNT_TARGET,
  4767: ACCOUNT_TARGET,
  4768: ['TargetUserName', 'TargetDomainName', 'TargetSid', 'ServiceName', 'ServiceSid', 'TicketOptions', 'Status', 'TicketEncryptionType', 'PreAuthType', 'IpAddress', 'IpPort', 'CertIssuerName', 'CertSerialNumber', 'CertThumbprint'],
  4769: ['TargetUserName', 'TargetDomainName', 'ServiceName', 'ServiceSid', 'TicketOptions', 'TicketEncryptionType', 'IpAddress', 'IpPort', 'Status', 'LogonGuid', 'TransmittedServices'],
  4771: ['TargetUserName', 'TargetSid', 'ServiceName', 'TicketOptions', 'Status', 'PreAuthType', 'IpAddress', 'IpPort', 'CertIssuerName', 'CertSerialNumber', 'CertThumbprint'],
  4776: ['PackageName', 'TargetUserName', 'Workstation', 'Status'],
}

const ADMIN = { SubjectUserSid: 'S-1-5-21-1-2-3-500', SubjectUserName: 'Administrator', SubjectDomainName: 'ACME', SubjectLogonId: '0x3e7a1' }
const MACHINE = { SubjectUserSid: 'S-1-5-18', SubjectUserName: 'EXCH01$', SubjectDomainName: 'ACME', SubjectLogonId: '0x3e7' }
const TEST = { TargetUserName: 'test', TargetDomainName: 'EXCH01', TargetSid: 'S-1-5-21-9-8-7-1105' }

/** A full data set for an event id: every documented name, '-' unless given. */
function data(id: number, values: Record<string, string>): Array<[string, string]> {
  const names = NAMES[id]!
  for (const name of Object.keys(values)) assert.ok(names.includes(name), `${name} is a field of ${id}`)
  return names.map((name) => [name, values[name] ?? '-'])
}

function normalise(e: TestEvent): EventDraft {
  const parsed = parseEventXml(eventXml(e))
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error)
  return windowsEventToDraft(parsed.event, 7, 'hint-host')
}

interface Row {
  id: number
  values: Record<string, string>
  keywords?: string
  expect: Partial<Pick<EventDraft, 'action' | 'outcome' | 'user_name' | 'user_domain' | 'user_key' | 'src_ip' | 'src_port'>> & { fields?: Record<string, string> }
}

const FAILURE = '0x8010000000000000'

const ROWS: Row[] = [
  {
    id: 4624,
    values: { ...MACHINE, TargetUserSid: TEST.TargetSid, TargetUserName: 'test', TargetDomainName: 'EXCH01', LogonType: '3', WorkstationName: 'KALI', IpAddress: '::ffff:203.0.113.7', IpPort: '49160', AuthenticationPackageName: 'NTLM' },
    expect: {
      action: 'logon', outcome: 'success', user_name: 'EXCH01\\test', user_domain: 'EXCH01', user_key: 'test', src_ip: '203.0.113.7', src_port: 49160,
      fields: { 'exhunt.logon_type': '3', 'exhunt.logon_type_name': 'Network', 'exhunt.workstation': 'KALI', 'exhunt.subject_user': 'ACME\\EXCH01$' },
    },
  },
  {
    id: 4625,
    keywords: FAILURE,
    values: { ...MACHINE, TargetUserSid: 'S-1-0-0', TargetUserName: 'test', TargetDomainName: 'EXCH01', Status: '0xc000006d', FailureReason: '%%2313', SubStatus: '0xc000006a', LogonType: '8', WorkstationName: 'EXCH01', IpAddress: '-', IpPort: '-' },
    expect: {
      action: 'logon-failed', outcome: 'failure', user_key: 'test', src_ip: undefined, src_port: undefined,
      fields: { 'exhunt.status': '0xC000006A', 'exhunt.status_reason': 'bad password', 'exhunt.logon_type_name': 'NetworkCleartext', Status: '0xc000006d', IpAddress: '-' },
    },
  },
  {
    id: 4625,
    keywords: FAILURE,
    values: { TargetUserName: 'admin', TargetDomainName: 'EXCH01', Status: '0xc000006d', FailureReason: '%%2313', SubStatus: '0xc0000064', LogonType: '3', IpAddress: '203.0.113.7', IpPort: '50123' },
    expect: { action: 'logon-failed', user_key: 'admin', src_ip: '203.0.113.7', src_port: 50123, fields: { 'exhunt.status': '0xC0000064', 'exhunt.status_reason': 'no such user' } },
  },
  {
    id: 4625,
    keywords: FAILURE,
    values: { TargetUserName: 'test', TargetDomainName: 'EXCH01', Status: '0xc0000234', FailureReason: '%%2307', SubStatus: '0x0', LogonType: '2', IpAddress: '127.0.0.1', IpPort: '0' },
    expect: { src_ip: '127.0.0.1', src_port: 0, fields: { 'exhunt.status': '0xC0000234', 'exhunt.status_reason': 'account locked', 'exhunt.logon_type_name': 'Interactive' } },
  },
  { id: 4634, values: { TargetUserSid: TEST.TargetSid, TargetUserName: 'test', TargetDomainName: 'EXCH01', TargetLogonId: '0x1a2b3c', LogonType: '3' }, expect: { action: 'logoff', outcome: 'success', user_name: 'EXCH01\\test', fields: { 'exhunt.logon_type': '3' } } },
  { id: 4647, values: { TargetUserSid: TEST.TargetSid, TargetUserName: 'test', TargetDomainName: 'EXCH01', TargetLogonId: '0x1a2b3c' }, expect: { action: 'logoff', user_key: 'test' } },
  {
    id: 4648,
    values: { ...ADMIN, TargetUserName: 'test', TargetDomainName: 'EXCH01', TargetServerName: 'localhost', TargetInfo: 'localhost', IpAddress: '::1', IpPort: '0' },
    expect: { action: 'explicit-credentials', outcome: 'success', user_name: 'ACME\\Administrator', user_key: 'administrator', src_ip: '::1', fields: { 'exhunt.target_user': 'EXCH01\\test' } },
  },
  { id: 4672, values: { ...ADMIN, PrivilegeList: 'SeDebugPrivilege' }, expect: { action: 'special-privileges', user_name: 'ACME\\Administrator', user_key: 'administrator' } },
  { id: 4720, values: { ...TEST, ...ADMIN, SamAccountName: 'test' }, expect: { action: 'account-created', user_name: 'EXCH01\\test', user_key: 'test', fields: { 'exhunt.subject_user': 'ACME\\Administrator' } } },
  { id: 4722, values: { ...TEST, ...ADMIN }, expect: { action: 'account-enabled', user_key: 'test', outcome: 'success' } },
  { id: 4724, values: { ...TEST, ...ADMIN }, keywords: FAILURE, expect: { action: 'password-reset', user_key: 'test', outcome: 'failure' } },
  { id: 4726, values: { ...TEST, ...ADMIN }, expect: { action: 'account-deleted', user_key: 'test' } },
  { id: 4738, values: { ...TEST, ...ADMIN, NewUacValue: '0x10' }, expect: { action: 'account-changed', user_key: 'test', fields: { NewUacValue: '0x10', Dummy: '-' } } },
  {
    id: 4740,
    values: { TargetUserName: 'test', TargetDomainName: 'KALI', TargetSid: TEST.TargetSid, SubjectUserSid: 'S-1-5-18', SubjectUserName: 'DC01$', SubjectDomainName: 'ACME', SubjectLogonId: '0x3e7' },
    expect: { action: 'account-locked', user_name: 'test', user_domain: undefined, user_key: 'test', fields: { 'exhunt.workstation': 'KALI', 'exhunt.subject_user': 'ACME\\DC01$' } },
  },
  { id: 4767, values: { ...TEST, ...ADMIN }, expect: { action: 'account-unlocked', user_key: 'test' } },
  {
    id: 4768,
    values: { TargetUserName: 'test', TargetDomainName: 'ACME.EXAMPLE', TargetSid: TEST.TargetSid, ServiceName: 'krbtgt', Status: '0x0', IpAddress: '::ffff:10.0.0.12', IpPort: '49273' },
    expect: { action: 'kerberos-tgt', outcome: 'success', user_name: 'ACME.EXAMPLE\\test', user_domain: 'ACME.EXAMPLE', user_key: 'test', src_ip: '10.0.0.12', fields: { 'exhunt.status': '0x0', 'exhunt.status_reason': 'success' } },
  },
  {
    id: 4768,
    keywords: FAILURE,
    values: { TargetUserName: 'test', TargetDomainName: 'ACME', ServiceName: 'krbtgt/ACME', Status: '0x12', IpAddress: '::ffff:10.0.0.12' },
    expect: { outcome: 'failure', fields: { 'exhunt.status': '0x12', 'exhunt.status_reason': 'revoked or disabled' } },
  },
  {
    id: 4769,
    values: { TargetUserName: 'test@ACME.EXAMPLE', TargetDomainName: 'ACME.EXAMPLE', ServiceName: 'EXCH01$', Status: '0x0', IpAddress: '::ffff:10.0.0.12', IpPort: '49272' },
    expect: { action: 'kerberos-service-ticket', outcome: 'success', user_name: 'test@ACME.EXAMPLE', user_domain: 'ACME.EXAMPLE', user_key: 'test' },
  },
  {
    id: 4769,
    keywords: FAILURE,
    values: { TargetUserName: 'test@ACME.EXAMPLE', TargetDomainName: 'ACME.EXAMPLE', ServiceName: 'EXCH01$', Status: '0x25', IpAddress: '10.0.0.12' },
    expect: { outcome: 'failure', fields: { 'exhunt.status_reason': 'clock skew' } },
  },
  {
    id: 4771,
    keywords: FAILURE,
    values: { TargetUserName: 'test', TargetSid: TEST.TargetSid, ServiceName: 'krbtgt/ACME', Status: '0x18', PreAuthType: '2', IpAddress: '::ffff:203.0.113.7', IpPort: '53176' },
    expect: { action: 'kerberos-preauth-failed', outcome: 'failure', user_name: 'test', user_key: 'test', src_ip: '203.0.113.7', fields: { 'exhunt.status': '0x18', 'exhunt.status_reason': 'bad password' } },
  },
  {
    id: 4776,
    keywords: FAILURE,
    values: { PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', TargetUserName: 'test', Workstation: 'KALI', Status: '0xc000006a' },
    expect: { action: 'ntlm-validation', outcome: 'failure', user_name: 'test', user_key: 'test', fields: { 'exhunt.workstation': 'KALI', 'exhunt.status': '0xC000006A', 'exhunt.status_reason': 'bad password' } },
  },
  {
    id: 4776,
    values: { PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', TargetUserName: 'test', Workstation: '\\\\KALI', Status: '0x0' },
    expect: { outcome: 'success', fields: { 'exhunt.workstation': 'KALI', 'exhunt.status_reason': 'success' } },
  },
]

test('every modern logon and account event id: account, client, logon type, status and outcome', () => {
  const covered = new Set(ROWS.map((r) => r.id))
  assert.deepEqual([...covered].sort(), Object.keys(NAMES).map(Number).sort(), 'a row for every event id')
  for (const row of ROWS) {
    const e = normalise({ id: row.id, data: data(row.id, row.values), ...(row.keywords === undefined ? {} : { keywords: row.keywords }) })
    const label = `${row.id} ${JSON.stringify(row.values).slice(0, 80)}`
    assert.equal(e.dataset, 'winevt')
    assert.equal(e.event_code, String(row.id), label)
    assert.equal(e.host_name, 'EXCH01.acme.example', 'the Computer, not the hint')
    assert.equal(e.line, 7)
    assert.equal(e.ts, Date.UTC(2010, 10, 18, 0, 0, 31, 546))
    const { fields, ...columns } = row.expect
    for (const [key, value] of Object.entries(columns)) assert.equal(e[key as keyof EventDraft], value, `${label}: ${key}`)
    for (const [key, value] of Object.entries(fields ?? {})) assert.equal(e.fields[key], value, `${label}: fields.${key}`)
    for (const [name, value] of data(row.id, row.values)) assert.equal(e.fields[name], value, `${label}: every EventData value kept under its name`)
    assert.equal(e.fields['System.Provider'], 'Microsoft-Windows-Security-Auditing')
    assert.equal(e.fields['System.Channel'], 'Security')
    assert.equal(e.fields['System.EventRecordID'], '1')
    assert.equal(e.fields['System.Level'], '0')
    assert.match(e.raw, /^<Event xmlns=/)
  }
})

// Windows 2003: Provider "Security", EventData of unnamed strings in msaudite.h order.
const LEGACY: Array<{ id: number; strings: string[]; keywords: string; expect: Row['expect'] }> = [
  {
    id: 528,
    keywords: '0xa0000000000000',
    strings: ['test', 'EXCH01', '(0x0,0x1A2B3C)', '10', 'User32  ', 'Negotiate', 'EXCH01', '{00000000-0000-0000-0000-000000000000}', 'EXCH01$', 'ACME', '(0x0,0x3E7)', '1500', '-', '203.0.113.7', '3389'],
    expect: { action: 'logon', outcome: 'success', user_name: 'EXCH01\\test', user_key: 'test', src_ip: '203.0.113.7', src_port: 3389, fields: { 'exhunt.logon_type_name': 'RemoteInteractive', 'exhunt.subject_user': 'ACME\\EXCH01$', Data1: 'test' } },
  },
  {
    id: 529,
    keywords: '0x90000000000000',
    strings: ['test', 'EXCH01', '3', 'Advapi  ', 'Negotiate', 'EXCH01', 'EXCH01$', 'ACME', '(0x0,0x3E7)', '1234', '-', '203.0.113.7', '4567'],
    expect: { action: 'logon-failed', outcome: 'failure', user_name: 'EXCH01\\test', user_key: 'test', src_ip: '203.0.113.7', src_port: 4567, fields: { 'exhunt.status_reason': 'bad user name or password', 'exhunt.logon_type_name': 'Network', 'exhunt.workstation': 'EXCH01' } },
  },
  {
    id: 529,
    keywords: '0x90000000000000',
    strings: ['test', 'EXCH01', '3', 'Advapi  ', 'Negotiate', 'EXCH01'],
    expect: { action: 'logon-failed', user_key: 'test', src_ip: undefined, fields: { 'exhunt.logon_type': '3' } },
  },
  {
    id: 539,
    keywords: '0x90000000000000',
    strings: ['test', 'EXCH01', '3', 'Advapi  ', 'Negotiate', 'EXCH01', 'EXCH01$', 'ACME', '(0x0,0x3E7)', '1234', '-', '203.0.113.7', '4567'],
    expect: { action: 'logon-failed', fields: { 'exhunt.status_reason': 'account locked' } },
  },
  {
    id: 537,
    keywords: '0x90000000000000',
    strings: ['test', 'EXCH01', '3', 'NtLmSsp ', 'NTLM', 'KALI', '0xC000006D', '0xC0000133', '-', '-', '-', '-', '-', '203.0.113.7', '0'],
    expect: { action: 'logon-failed', fields: { 'exhunt.status': '0xC0000133', 'exhunt.status_reason': 'clock skew' }, src_ip: '203.0.113.7' },
  },
  {
    id: 540,
    keywords: '0xa0000000000000',
    strings: ['test', 'EXCH01', '(0x0,0x1A2B3D)', '3', 'Advapi  ', 'Negotiate', 'EXCH01', '{00000000-0000-0000-0000-000000000000}', 'EXCH01$', 'ACME', '(0x0,0x3E7)', '1234', '-', '203.0.113.7', '4571'],
    expect: { action: 'logon', outcome: 'success', user_key: 'test', src_ip: '203.0.113.7', fields: { 'exhunt.logon_type_name': 'Network' } },
  },
  { id: 538, keywords: '0xa0000000000000', strings: ['test', 'EXCH01', '(0x0,0x1A2B3D)', '3'], expect: { action: 'logoff', user_name: 'EXCH01\\test' } },
  {
    id: 552,
    keywords: '0xa0000000000000',
    strings: ['Administrator', 'ACME', '(0x0,0x3E7A1)', '-', 'test', 'EXCH01', '-', 'localhost', 'localhost', '1500', '127.0.0.1', '0'],
    expect: { action: 'explicit-credentials', user_key: 'administrator', src_ip: '127.0.0.1', fields: { 'exhunt.target_user': 'EXCH01\\test' } },
  },
  {
    id: 517,
    keywords: '0xa0000000000000',
    strings: ['SYSTEM', 'NT AUTHORITY', '(0x0,0x3E7)', 'test', 'EXCH01', '(0x0,0x1A2B3D)'],
    expect: { action: 'log-cleared', user_name: 'EXCH01\\test', user_key: 'test', fields: { 'exhunt.subject_user': 'NT AUTHORITY\\SYSTEM' } },
  },
  { id: 576, keywords: '0xa0000000000000', strings: ['Administrator', 'ACME', '(0x0,0x3E7A1)', 'SeDebugPrivilege'], expect: { action: 'special-privileges', user_key: 'administrator' } },
  {
    id: 680,
    keywords: '0x90000000000000',
    strings: ['MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', 'test', 'KALI', '0xC000006A'],
    expect: { action: 'ntlm-validation', outcome: 'failure', user_name: 'test', user_key: 'test', fields: { 'exhunt.workstation': 'KALI', 'exhunt.status_reason': 'bad password' } },
  },
  { id: 680, keywords: '0xa0000000000000', strings: ['MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', 'test', 'KALI', '0x0'], expect: { outcome: 'success', fields: { 'exhunt.status_reason': 'success' } } },
  {
    id: 681,
    keywords: '0x90000000000000',
    strings: ['MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', 'test', '\\\\KALI', '3221225572'],
    expect: { action: 'ntlm-validation', outcome: 'failure', user_key: 'test', fields: { 'exhunt.workstation': 'KALI', 'exhunt.status': '0xC0000064', 'exhunt.status_reason': 'no such user' } },
  },
]

test('Windows 2003 logon events: ordered strings read in msaudite.h order', () => {
  for (const row of LEGACY) {
    const e = normalise({ provider: 'Security', id: row.id, keywords: row.keywords, computer: 'EXCH01', data: row.strings.map((s) => [undefined, s] as const) })
    const { fields, ...columns } = row.expect
    for (const [key, value] of Object.entries(columns)) assert.equal(e[key as keyof EventDraft], value, `${row.id}: ${key}`)
    for (const [key, value] of Object.entries(fields ?? {})) assert.equal(e.fields[key], value, `${row.id}: fields.${key}`)
    row.strings.forEach((s, i) => assert.equal(e.fields[`Data${i + 1}`], s, `${row.id}: Data${i + 1} kept`))
  }
})

test("the 'test' brute force and its success meet on one user_key across every event that records them", () => {
  const failures: TestEvent[] = [
    { id: 4625, keywords: FAILURE, data: data(4625, { TargetUserName: 'test', TargetDomainName: 'EXCH01', Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: '8' }) },
    { id: 4776, keywords: FAILURE, data: data(4776, { TargetUserName: 'TEST', Workstation: 'EXCH01', Status: '0xc000006a' }) },
    { provider: 'Security', id: 529, keywords: '0x90000000000000', data: [[undefined, 'test'], [undefined, 'EXCH01'], [undefined, '3']] },
    { provider: 'Security', id: 680, keywords: '0x90000000000000', data: [[undefined, 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0'], [undefined, 'Test'], [undefined, 'EXCH01'], [undefined, '0xC000006A']] },
  ]
  const successes: TestEvent[] = [
    { id: 4624, data: data(4624, { TargetUserName: 'test', TargetDomainName: 'EXCH01', LogonType: '8' }) },
    { provider: 'Security', id: 540, keywords: '0xa0000000000000', data: ['test', 'EXCH01', '(0x0,0x1)', '3'].map((s) => [undefined, s] as const) },
  ]
  const keys = [...failures, ...successes].map((e) => normalise(e).user_key)
  assert.deepEqual(keys, ['test', 'test', 'test', 'test', 'test', 'test'])
  assert.deepEqual(failures.map((e) => normalise(e).outcome), ['failure', 'failure', 'failure', 'failure'])
  assert.deepEqual(successes.map((e) => normalise(e).outcome), ['success', 'success'])
})

test('Application log: SMTP providers get client_app SMTP, their parameters stay Data1..n, SmtpReceive 1035 names the client', () => {
  const e1035 = normalise({
    provider: 'MSExchangeFrontEndTransport',
    id: 1035,
    channel: 'Application',
    keywords: '0x80000000000000',
    data: [[undefined, 'LogonDenied'], [undefined, 'Default Frontend EXCH01'], [undefined, 'Login'], [undefined, '203.0.113.7']],
  })
  assert.deepEqual(
    [e1035.action, e1035.outcome, e1035.client_app, e1035.src_ip, e1035.fields['exhunt.status'], e1035.fields['Data2']],
    ['smtp-auth-failed', 'failure', 'SMTP', '203.0.113.7', 'LogonDenied', 'Default Frontend EXCH01'],
  )
  const e1012 = normalise({ provider: 'MSExchangeTransport', id: 1012, channel: 'Application', data: [[undefined, 'Default EXCH01'], [undefined, '3'], [undefined, '203.0.113.7:51234']] })
  assert.deepEqual([e1012.action, e1012.src_ip, e1012.src_port], ['smtp-auth-failures-exceeded', '203.0.113.7', 51234])
  const e1020 = normalise({ provider: 'MSExchangeTransport', id: 1020, channel: 'Application', data: [[undefined, 'ACME\\test']] })
  assert.deepEqual([e1020.action, e1020.user_key, e1020.user_domain], ['smtp-auth-not-authorized', 'test', 'ACME'])
  const smtpsvc = normalise({ provider: 'SMTPSVC', id: 1708, channel: 'Application', keywords: '0x80000000000000', data: [[undefined, 'test'], [undefined, 'mail.example']] })
  assert.deepEqual([smtpsvc.action, smtpsvc.client_app, smtpsvc.outcome, smtpsvc.fields['Data1']], ['SMTPSVC/1708', 'SMTP', undefined, 'test'])
  const other = normalise({ provider: 'MSExchangeIS', id: 9646, channel: 'Application', data: [[undefined, 'x']] })
  assert.deepEqual([other.action, other.client_app], ['MSExchangeIS/9646', undefined])
})

test('events exhunt has no table for: action provider/id, the subject of other Security events, host from the hint', () => {
  const base: WindowsEvent = { provider: 'Microsoft-Windows-Security-Auditing', eventId: 4732, data: [['MemberName', '-'], ['TargetUserName', 'Administrators'], ['TargetDomainName', 'Builtin'], ['SubjectUserName', 'Administrator'], ['SubjectDomainName', 'ACME']], xml: '<Event/>' }
  const e = windowsEventToDraft(base, 3, 'cas01')
  assert.deepEqual([e.action, e.user_name, e.host_name, e.ts, e.outcome], ['Microsoft-Windows-Security-Auditing/4732', 'ACME\\Administrator', 'cas01', undefined, undefined])
  const sysmon = windowsEventToDraft({ provider: 'Microsoft-Windows-Sysmon', eventId: 1, data: [['User', 'ACME\\test'], ['Image', 'C:\\x.exe'], ['Image', 'again']], xml: '' }, 1)
  assert.deepEqual([sysmon.user_key, sysmon.fields['Image'], sysmon.fields['Image#2'], sysmon.host_name], [undefined, 'C:\\x.exe', 'again', undefined])
})

test('status codes: every way Windows writes them, in words', () => {
  assert.equal(canonicalStatus('0xc000006a'), '0xC000006A')
  assert.equal(canonicalStatus('C000006A'), '0xC000006A')
  assert.equal(canonicalStatus('3221225578'), '0xC000006A')
  assert.equal(canonicalStatus('0x18'), '0x18')
  assert.equal(canonicalStatus('0'), '0x0')
  assert.equal(canonicalStatus('-'), undefined)
  assert.equal(canonicalStatus('%%2313'), undefined)
  const nt: Array<[string, string]> = [
    ['0xC000006A', 'bad password'], ['0xC0000064', 'no such user'], ['0xC000006D', 'bad user name or password'], ['0xC000006F', 'outside logon hours'],
    ['0xC0000070', 'workstation restriction'], ['0xC0000071', 'password expired'], ['0xC0000072', 'account disabled'], ['0xC0000193', 'account expired'],
    ['0xC0000224', 'must change password'], ['0xC0000234', 'account locked'], ['0xC000015B', 'logon type not granted'], ['0xC000005E', 'no logon servers'],
    ['0xC0000133', 'clock skew'], ['0xC0000413', 'authentication firewall'], ['0xc0000371', 'no secret in local account store'],
  ]
  for (const [code, words] of nt) assert.equal(ntStatusReason(code), words, code)
  const kerberos: Array<[string, string]> = [['0x6', 'unknown principal'], ['0x12', 'revoked or disabled'], ['0x17', 'password expired'], ['0x18', 'bad password'], ['0x25', 'clock skew'], ['0x0', 'success']]
  for (const [code, words] of kerberos) assert.equal(kerberosResultReason(code), words, code)
  assert.equal(kerberosResultReason('0x1E'), undefined)
})
