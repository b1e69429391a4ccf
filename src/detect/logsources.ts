// Which records a Sigma logsource means in an exhunt case, and what its field names are there: one
// mapping table per logsource. A logsource may have several variants (process_creation is Sysmon 1
// or Security 4688), each a filter over `events e` and a table Sigma field → SQL. Fields a table
// does not name fall back to the record's original field of that name (fields.<name>, which for
// Windows events holds every EventData/UserData value), so most Windows rules need no table entry.
// Filters and SQL here are exhunt's own constants; rule text only ever reaches SQL as parameters.
import { DATASETS } from '../model/event.js'
import { exhuntMapping, NO_FACTS, type CaseFacts } from './exhunt-logsource.js'
import type { SigmaLogsource } from './sigma/ast.js'
import { quoteLiteral } from '../store/sql-quote.js'

export type { CaseFacts }

/** What a field's SQL may use besides the columns of `events e`. */
export interface FieldContext {
  /** Binds a value (facts of the case); returns its placeholder. */
  param(value: unknown): string
  /** The value of an original field of the record (`fields` JSON key), extracted once per record. */
  json(key: string): string
  /** A field as the analysis commands name it (field-sql.ts: columns, fields.<name>, ua.*). */
  analysis(name: string): string
}

export interface FieldMapping {
  sql(ctx: FieldContext): string
  /** A list of values (any of them may match): the `Data` of Windows events. */
  list?: boolean
}

export interface SourceVariant {
  label: string
  /** Which events: SQL over `events e`. */
  filter: string
  fields: Readonly<Record<string, FieldMapping>>
  /**
   * Unmapped fields: a key of the record's `fields` JSON (json), the log's original field of that
   * name (original: fields.<name>), or a field as the analysis commands name it (analysis: columns,
   * ua.*, fields.<name>; any other name is an original field).
   */
  fallback: 'json' | 'original' | 'analysis'
  /** Who acted, for findings (default: the user_key column). */
  user?: FieldMapping
  /** The endpoint the record went through, for findings (default: its dst_host and host_name). */
  endpoint?: FieldMapping
  /**
   * Columns computed over the variant's records before its fields (window functions: what a
   * record's SMTP session holds), as `expression AS "x:name"`; fields and `user` read them as e."x:name".
   */
  inner?: readonly string[]
}

export interface LogsourceMapping {
  /** 'windows/process_creation', 'webserver', 'windows/service/security', 'exhunt/iis'... */
  key: string
  variants: readonly SourceVariant[]
  /** Whether `raw` is XML (Windows events): keyword searches also try the XML-escaped text. */
  rawIsXml: boolean
}

const column = (name: string): FieldMapping => ({ sql: () => `e.${name}` })
const text = (name: string): FieldMapping => ({ sql: () => `CAST(e.${name} AS VARCHAR)` })
const json = (key: string): FieldMapping => ({ sql: (ctx) => ctx.json(key) })
const original = (name: string): FieldMapping => ({ sql: (ctx) => ctx.analysis(`fields.${name}`) })

// ---- Windows event logs (dataset winevt) ----------------------------------------------------------

const SYSMON_PROVIDER = 'Microsoft-Windows-Sysmon'
const SECURITY_PROVIDER = 'Microsoft-Windows-Security-Auditing'
const POWERSHELL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational']

/** Sigma's names of the System part of a Windows event (attributes joined with _). */
const WINDOWS_SYSTEM: Record<string, FieldMapping> = {
  EventID: column('event_code'),
  Provider_Name: json('System.Provider'),
  Provider_Guid: json('System.ProviderGuid'),
  Channel: json('System.Channel'),
  Computer: json('System.Computer'),
  Level: json('System.Level'),
  Task: json('System.Task'),
  Opcode: json('System.Opcode'),
  Keywords: json('System.Keywords'),
  Version: json('System.Version'),
  EventRecordID: json('System.EventRecordID'),
  Execution_ProcessID: json('System.ProcessID'),
  Execution_ThreadID: json('System.ThreadID'),
  Security_UserID: json('System.UserID'),
  Correlation_ActivityID: json('System.ActivityID'),
  // The event data as a whole (classic events' unnamed <Data> values): any of its values.
  Data: {
    list: true,
    sql: () => `list_filter(json_extract_string(e.fields, '$.*'), (v, i) -> NOT regexp_matches(json_keys(e.fields)[i], '^(System|exhunt)\\.'))`,
  },
}

const WINDOWS_USER: FieldMapping = {
  sql: (ctx) => `coalesce(e.user_key, lower(regexp_replace(${ctx.json('User')}, '^.*\\\\', '')))`,
}

function windows(label: string, filter: string, fields: Record<string, FieldMapping> = {}): SourceVariant {
  return { label, filter: `e.dataset = 'winevt' AND ${filter}`, fields: { ...WINDOWS_SYSTEM, ...fields }, fallback: 'json', user: WINDOWS_USER }
}

const inList = (values: readonly (string | number)[]): string => values.map((v) => quoteLiteral(String(v))).join(', ')

function sysmon(ids: readonly number[]): SourceVariant {
  const actions = ids.map((id) => `${SYSMON_PROVIDER}/${id}`)
  return windows(`Sysmon ${ids.join('/')}`, `e.event_code IN (${inList(ids)}) AND e.action IN (${inList(actions)})`)
}

const CHANNEL = `lower(json_extract_string(e.fields, '$."System.Channel"'))`
const PROVIDER = `json_extract_string(e.fields, '$."System.Provider"')`

/** Events of these channels; without a channel (Event Viewer CSV), of these providers. */
function channels(channelNames: readonly string[], providers: readonly string[] = []): string {
  const byChannel = `${CHANNEL} IN (${inList(channelNames.map((c) => c.toLowerCase()))})`
  return providers.length === 0 ? byChannel : `(${byChannel} OR (${CHANNEL} IS NULL AND ${PROVIDER} IN (${inList(providers)})))`
}

/** Sysmon's IntegrityLevel names from 4688's MandatoryLabel SIDs (MS-DTYP 2.4.2.4). */
const INTEGRITY_LEVEL: FieldMapping = {
  sql: (ctx) =>
    `CASE upper(${ctx.json('MandatoryLabel')}) WHEN 'S-1-16-0' THEN 'Untrusted' WHEN 'S-1-16-4096' THEN 'Low' WHEN 'S-1-16-8192' THEN 'Medium' ` +
    `WHEN 'S-1-16-8448' THEN 'MediumPlus' WHEN 'S-1-16-12288' THEN 'High' WHEN 'S-1-16-16384' THEN 'System' WHEN 'S-1-16-20480' THEN 'Protected' END`,
}
/** 4688 writes process ids in hexadecimal, Sysmon in decimal. */
const decimal = (key: string): FieldMapping => ({ sql: (ctx) => `CAST(TRY_CAST(${ctx.json(key)} AS BIGINT) AS VARCHAR)` })

/** Security 4688 as process_creation: the names of pySigma's windows_audit_pipeline, values made alike. */
const SECURITY_PROCESS_CREATION = windows('Security 4688', `e.event_code = '4688' AND e.action = '${SECURITY_PROVIDER}/4688'`, {
  Image: json('NewProcessName'),
  ParentImage: json('ParentProcessName'),
  ProcessId: decimal('NewProcessId'),
  ParentProcessId: decimal('ProcessId'),
  LogonId: json('SubjectLogonId'),
  IntegrityLevel: INTEGRITY_LEVEL,
  User: { sql: (ctx) => `${ctx.json('SubjectDomainName')} || '\\' || ${ctx.json('SubjectUserName')}` },
})

const CATEGORIES: Record<string, readonly SourceVariant[]> = {
  process_creation: [sysmon([1]), SECURITY_PROCESS_CREATION],
  file_change: [sysmon([2])],
  network_connection: [sysmon([3])],
  sysmon_status: [sysmon([4, 16])],
  process_termination: [sysmon([5])],
  driver_load: [sysmon([6])],
  image_load: [sysmon([7])],
  create_remote_thread: [sysmon([8])],
  raw_access_thread: [sysmon([9])],
  process_access: [sysmon([10])],
  file_event: [sysmon([11])],
  registry_add: [sysmon([12])],
  registry_delete: [sysmon([12])],
  registry_set: [sysmon([13])],
  registry_rename: [sysmon([14])],
  registry_event: [sysmon([12, 13, 14])],
  create_stream_hash: [sysmon([15])],
  pipe_created: [sysmon([17, 18])],
  wmi_event: [sysmon([19, 20, 21])],
  dns_query: [sysmon([22])],
  file_delete: [sysmon([23, 26])],
  clipboard_capture: [sysmon([24])],
  process_tampering: [sysmon([25])],
  file_block_executable: [sysmon([27])],
  file_block_shredding: [sysmon([28])],
  file_executable_detected: [sysmon([29])],
  sysmon_error: [sysmon([255])],
  ps_module: [windows('PowerShell 4103', `e.event_code = '4103' AND ${channels(POWERSHELL)}`)],
  ps_script: [windows('PowerShell 4104', `e.event_code = '4104' AND ${channels(POWERSHELL)}`)],
  ps_classic_start: [windows('Windows PowerShell 400', `e.event_code = '400' AND ${channels(['Windows PowerShell'])}`)],
  ps_classic_provider_start: [windows('Windows PowerShell 600', `e.event_code = '600' AND ${channels(['Windows PowerShell'])}`)],
  ps_classic_script: [windows('Windows PowerShell 800', `e.event_code = '800' AND ${channels(['Windows PowerShell'])}`)],
}

/** Sigma service → event log channels (pySigma's windows_logsource_mapping and SigmaHQ's services). */
const SERVICES: Record<string, { channels: readonly string[]; providers?: readonly string[] }> = {
  security: { channels: ['Security'], providers: [SECURITY_PROVIDER, 'Security', 'Microsoft-Windows-Eventlog'] },
  system: { channels: ['System'] },
  application: { channels: ['Application'] },
  sysmon: { channels: ['Microsoft-Windows-Sysmon/Operational'], providers: [SYSMON_PROVIDER] },
  powershell: { channels: POWERSHELL },
  'powershell-classic': { channels: ['Windows PowerShell'] },
  taskscheduler: { channels: ['Microsoft-Windows-TaskScheduler/Operational'] },
  wmi: { channels: ['Microsoft-Windows-WMI-Activity/Operational'] },
  'dns-server': { channels: ['DNS Server'] },
  'dns-server-audit': { channels: ['Microsoft-Windows-DNS-Server/Audit', 'Microsoft-Windows-DNSServer/Audit'] },
  'dns-server-analytic': { channels: ['Microsoft-Windows-DNS-Server/Analytical', 'Microsoft-Windows-DNSServer/Analytical'] },
  'dns-client': { channels: ['Microsoft-Windows-DNS Client Events/Operational'] },
  'driver-framework': { channels: ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'] },
  ntlm: { channels: ['Microsoft-Windows-NTLM/Operational'] },
  dhcp: { channels: ['Microsoft-Windows-DHCP-Server/Operational'] },
  'msexchange-management': { channels: ['MSExchange Management'] },
  applocker: {
    channels: [
      'Microsoft-Windows-AppLocker/MSI and Script',
      'Microsoft-Windows-AppLocker/EXE and DLL',
      'Microsoft-Windows-AppLocker/Packaged app-Deployment',
      'Microsoft-Windows-AppLocker/Packaged app-Execution',
    ],
  },
  'printservice-admin': { channels: ['Microsoft-Windows-PrintService/Admin'] },
  'printservice-operational': { channels: ['Microsoft-Windows-PrintService/Operational'] },
  'codeintegrity-operational': { channels: ['Microsoft-Windows-CodeIntegrity/Operational'] },
  'smbclient-security': { channels: ['Microsoft-Windows-SmbClient/Security'] },
  'smbclient-connectivity': { channels: ['Microsoft-Windows-SmbClient/Connectivity'] },
  'smbserver-connectivity': { channels: ['Microsoft-Windows-SMBServer/Connectivity'] },
  'firewall-as': { channels: ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'] },
  'bits-client': { channels: ['Microsoft-Windows-Bits-Client/Operational'] },
  windefend: { channels: ['Microsoft-Windows-Windows Defender/Operational'] },
  'terminalservices-localsessionmanager': { channels: ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'] },
  'microsoft-servicebus-client': { channels: ['Microsoft-ServiceBus-Client'] },
  ldap: { channels: ['Microsoft-Windows-LDAP-Client/Debug'] },
  ldap_debug: { channels: ['Microsoft-Windows-LDAP-Client/Debug'] },
  'security-mitigations': { channels: ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'] },
  'diagnosis-scripted': { channels: ['Microsoft-Windows-Diagnosis-Scripted/Operational'] },
  'shell-core': { channels: ['Microsoft-Windows-Shell-Core/Operational'] },
  openssh: { channels: ['OpenSSH/Operational'] },
  bitlocker: { channels: ['Microsoft-Windows-BitLocker/BitLocker Management'] },
  'appxdeployment-server': { channels: ['Microsoft-Windows-AppXDeploymentServer/Operational'] },
  'appxpackaging-om': { channels: ['Microsoft-Windows-AppxPackaging/Operational'] },
  'appmodel-runtime': { channels: ['Microsoft-Windows-AppModel-Runtime/Admin'] },
  capi2: { channels: ['Microsoft-Windows-CAPI2/Operational'] },
  'certificateservicesclient-lifecycle-system': { channels: ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'] },
  'lsa-server': { channels: ['Microsoft-Windows-LSA/Operational'] },
  'iis-configuration': { channels: ['Microsoft-IIS-Configuration/Operational'] },
  'dfsn-server': { channels: ['Microsoft-Windows-DFSN-Server/Admin'] },
  ntfs: { channels: ['Microsoft-Windows-Ntfs/Operational'] },
  vhdmp: { channels: ['Microsoft-Windows-VHDMP-Operational'] },
}

// ---- Web server logs: IIS, Exchange HttpProxy, other W3C logs --------------------------------------

/** Sigma's webserver taxonomy (W3C names) on exhunt's columns; other names are the log's own fields. */
const WEBSERVER_FIELDS: Record<string, FieldMapping> = {
  'c-ip': column('src_ip'),
  'c-port': text('src_port'),
  's-ip': column('dst_ip'),
  's-port': text('dst_port'),
  'cs-host': column('dst_host'),
  's-computername': column('host_name'),
  'cs-method': column('http_method'),
  'cs-uri-stem': column('url_path'),
  'cs-uri-query': column('url_query'),
  'cs-uri': { sql: () => `e.url_path || coalesce('?' || e.url_query, '')` },
  'sc-status': text('http_status'),
  'cs-username': column('user_name'),
  'cs-user-agent': column('user_agent'),
  'c-useragent': column('user_agent'),
  'cs(User-Agent)': column('user_agent'),
  'cs-referer': original('cs(Referer)'),
  'cs-referrer': original('cs(Referer)'),
  'cs-cookie': original('cs(Cookie)'),
  'sc-bytes': text('bytes_out'),
  'cs-bytes': text('bytes_in'),
  'time-taken': text('duration_ms'),
}

const WEBSERVER: LogsourceMapping = {
  key: 'webserver',
  rawIsXml: false,
  variants: [{ label: 'IIS, HttpProxy and W3C web logs', filter: `e.dataset IN ('iis', 'httpproxy', 'w3c')`, fields: WEBSERVER_FIELDS, fallback: 'original' }],
}

// ---- exhunt's own datasets, for exhunt's rule pack: exhunt-logsource.ts -----------------------------

// ---- Resolution ------------------------------------------------------------------------------------

export type LogsourceResolution = { ok: true; mapping: LogsourceMapping } | { ok: false; reason: string }

function describe(ls: SigmaLogsource): string {
  return (['product', 'category', 'service'] as const)
    .filter((k) => ls[k] !== undefined)
    .map((k) => `${k}=${ls[k]}`)
    .join(' ')
}

/** The records a rule's logsource means in an exhunt case, or why there are none. */
export function resolveLogsource(ls: SigmaLogsource, facts: CaseFacts = NO_FACTS): LogsourceResolution {
  const { product, category, service } = ls
  const unknown = (why: string): LogsourceResolution => ({ ok: false, reason: `logsource ${describe(ls) || '(empty)'}: ${why}` })
  if (product === 'exhunt') {
    if (category !== undefined) return unknown('exhunt logsources name a dataset as service, not a category')
    if (service !== undefined && !(DATASETS as readonly string[]).includes(service)) return unknown(`exhunt has no dataset "${service}" (${DATASETS.join(', ')})`)
    return { ok: true, mapping: exhuntMapping(service, facts) }
  }
  if (category === 'webserver' && (product === undefined || product === 'windows' || product === 'iis')) {
    return service === undefined ? { ok: true, mapping: WEBSERVER } : unknown('a webserver service other than the access log')
  }
  if (product !== 'windows') return unknown(product === undefined ? 'no product, and not a category exhunt reads' : `product ${product}: exhunt reads Windows event logs and web server logs`)
  const byCategory = category === undefined ? undefined : CATEGORIES[category]
  const byService = service === undefined ? undefined : SERVICES[service]
  if (category !== undefined && byCategory === undefined) return unknown(`Windows category "${category}" is not mapped to event logs`)
  if (service !== undefined && byService === undefined) return unknown(`Windows service "${service}" is not mapped to an event log channel`)
  if (byCategory !== undefined) {
    const variants = byService === undefined ? byCategory : byCategory.map((v) => ({ ...v, filter: `${v.filter} AND ${channels(byService.channels, byService.providers)}` }))
    return { ok: true, mapping: { key: `windows/${category}${service === undefined ? '' : `/${service}`}`, rawIsXml: true, variants } }
  }
  if (byService !== undefined) {
    const variant = windows(`channel ${byService.channels.join(' | ')}`, channels(byService.channels, byService.providers))
    return { ok: true, mapping: { key: `windows/service/${service}`, rawIsXml: true, variants: [variant] } }
  }
  return { ok: true, mapping: { key: 'windows', rawIsXml: true, variants: [windows('every Windows event', 'true')] } }
}

/** Every logsource key exhunt maps, for documentation and tests. */
export function mappedLogsources(): { categories: string[]; services: string[] } {
  return { categories: Object.keys(CATEGORIES), services: Object.keys(SERVICES) }
}
